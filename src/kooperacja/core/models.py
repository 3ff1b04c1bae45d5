"""Core records: the territorial register (TERYT TERC), the audit timeline and the personal-data access log."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .bounds import LATITUDE_PL, LONGITUDE_PL
from .enums import AccessAction, GminaType, ImportJobStatus, TerritoryKind


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("utworzono"), auto_now_add=True)
    updated_at = models.DateTimeField(_("zmieniono"), auto_now=True)

    class Meta:
        abstract = True


class Territory(models.Model):
    """A unit of the TERC register: voivodeship (WW), powiat (WWPP) or gmina (WWPPGGR)."""

    code = models.CharField(_("kod TERC"), max_length=7, unique=True)
    name = models.CharField(_("nazwa"), max_length=120)
    kind = models.CharField(_("rodzaj"), max_length=16, choices=TerritoryKind.choices)
    gmina_type = models.CharField(_("typ gminy"), max_length=1, choices=GminaType.choices, blank=True)
    description = models.CharField(_("opis w rejestrze"), max_length=120, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("jednostka nadrzędna"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_on = models.DateField(_("stan na"), null=True, blank=True)
    # The centre (the seat of the gmina's or powiat's office): the basket planner's distance where a case or a
    # service location has no coordinates of its own. Not in TERC: loaded from data/centres.csv by import_teryt.
    latitude = models.DecimalField(
        _("szerokość geogr. środka"), max_digits=9, decimal_places=6, null=True, blank=True, validators=LATITUDE_PL
    )
    longitude = models.DecimalField(
        _("długość geogr. środka"), max_digits=9, decimal_places=6, null=True, blank=True, validators=LONGITUDE_PL
    )

    class Meta:
        verbose_name = _("jednostka terytorialna")
        verbose_name_plural = _("jednostki terytorialne")
        ordering: ClassVar = ["code"]
        indexes: ClassVar = [models.Index(fields=["kind", "name"])]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=(models.Q(kind="voivodeship") & models.Q(gmina_type=""))
                | (models.Q(kind="powiat") & models.Q(gmina_type=""))
                | (models.Q(kind="gmina") & models.Q(gmina_type__in=["1", "2", "3"]))
                | (models.Q(kind="gmina_part") & models.Q(gmina_type__in=["4", "5", "8", "9"])),
                name="territory_kind_matches_type",
                violation_error_message=_(
                    "Typ gminy (pole „typ gminy”) musi odpowiadać rodzajowi jednostki (pole „rodzaj”): województwo i "
                    "powiat nie mają typu gminy, gmina ma typ 1–3, część gminy 4, 5, 8 albo 9."
                ),
                violation_error_code="territory_kind_matches_type",
            )
        ]

    def __str__(self) -> str:
        if self.kind == TerritoryKind.GMINA:
            return f"{self.name} ({self.gmina_type_label})"
        if self.kind == TerritoryKind.POWIAT:
            return _("powiat %(name)s") % {"name": self.name}
        return self.name

    @property
    def gmina_type_label(self) -> str:
        """What `get_gmina_type_display()` says, at a fraction of its cost: Django's display method hashes every
        choice on each call, which made the 2,477 options of a select of gminas cost ~80 ms a page."""
        try:
            return str(GminaType(self.gmina_type).label)
        except ValueError:
            return self.gmina_type

    @property
    def voivodeship_code(self) -> str:
        return self.code[:2]

    @property
    def powiat_code(self) -> str:
        return self.code[:4]


class AppendOnlyError(Exception):
    pass


class AppendOnlyQuerySet(models.QuerySet[Any]):
    """Refuses bulk changes through the ORM. The database refuses them too (triggers of migration 0003), also
    through `_base_manager` and raw SQL; this only turns the mistake into a clear error earlier."""

    message = "Ten rejestr jest tylko do dopisywania."

    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError(self.message)

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError(self.message)


class AuditEventQuerySet(AppendOnlyQuerySet):
    message = "Dziennik zdarzeń jest tylko do dopisywania."


class AccessLogQuerySet(AppendOnlyQuerySet):
    message = "Rejestr dostępu jest tylko do dopisywania."


class AuditCheckpointQuerySet(AppendOnlyQuerySet):
    message = "Punkty kontrolne dziennika są tylko do dopisywania."


class AppendOnlyModel(models.Model):
    append_only_message: ClassVar[str] = "Ten rejestr jest tylko do dopisywania."

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError(self.append_only_message)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError(self.append_only_message)


# The user who acted is kept as a plain id (no database constraint, DO_NOTHING): deleting a user account must
# neither delete nor rewrite the audit rows (SET_NULL would UPDATE them, which the triggers refuse); the label
# columns keep who it was after the account is gone.
def _who() -> models.ForeignKey[Any, Any]:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("kto"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )


class AuditEvent(AppendOnlyModel):
    """The business timeline: who did what to which record (services write one row per change of state).

    Append-only in the database (see docs/audit.md); sealed by `AuditCheckpoint` hash chains."""

    occurred_at = models.DateTimeField(_("kiedy"), auto_now_add=True, db_index=True)
    actor = _who()
    actor_label = models.CharField(_("kto (w chwili zdarzenia)"), max_length=254, blank=True, default="")
    verb = models.CharField(_("czynność"), max_length=80)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.CharField(max_length=64)
    data = models.JSONField(_("szczegóły"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()
    append_only_message: ClassVar[str] = AuditEventQuerySet.message

    class Meta:
        verbose_name = _("zdarzenie")
        verbose_name_plural = _("zdarzenia")
        ordering: ClassVar = ["-occurred_at", "-id"]
        indexes: ClassVar = [models.Index(fields=["target_type", "target_id", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.verb}"


class AccessLog(AppendOnlyModel):
    """Append-only record of every display or export of personal data (who, which records, when, purpose).

    One row per request and kind of record (issue 15 §4): a list showing 50 people writes one row naming the
    50 ids in `target_ids` (",12,15,40,"), not 50 rows; a row about a single record keeps its id in `target_id`
    (indexed, as every row before issue 15). Read the rows of one record with
    `core.audit.access_log_for`; `record_ids` gives the ids of a row."""

    occurred_at = models.DateTimeField(_("kiedy"), auto_now_add=True, db_index=True)
    user = _who()
    user_label = models.CharField(_("użytkownik (w chwili dostępu)"), max_length=254)
    action = models.CharField(_("czynność"), max_length=10, choices=AccessAction.choices, default=AccessAction.VIEW)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.CharField(_("identyfikator rekordu"), max_length=64, blank=True)
    target_ids = models.TextField(_("identyfikatory rekordów"), blank=True, default="")
    record_count = models.PositiveIntegerField(_("liczba rekordów"), default=1)
    part = models.CharField(_("część rekordu"), max_length=80, blank=True)
    purpose = models.CharField(_("cel"), max_length=200)
    path = models.CharField(_("adres"), max_length=300, blank=True)

    objects = AccessLogQuerySet.as_manager()
    append_only_message: ClassVar[str] = AccessLogQuerySet.message

    class Meta:
        verbose_name = _("wpis rejestru dostępu")
        verbose_name_plural = _("rejestr dostępu do danych osobowych")
        ordering: ClassVar = ["-occurred_at", "-id"]
        indexes: ClassVar = [models.Index(fields=["target_type", "target_id", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.user_label} {self.action} {self.part}"

    @property
    def record_ids(self) -> list[str]:
        """The ids of the records this row covers (one or many), in the order they were shown."""
        if self.target_ids:
            return [i for i in self.target_ids.split(",") if i]
        return [self.target_id] if self.target_id else []


class AuditCheckpoint(AppendOnlyModel):
    """A sealed batch of one audit table, like a certificate-transparency tree head.

    `digest` = SHA-256 of `previous_digest` + newline + one canonical JSON line per row with
    `after_id < id <= last_id` (ascending id, `columns` in that order), each followed by a newline.
    `fingerprints` ("id:first 8 hex of the line's SHA-256", comma-separated) only helps `audit_verify` name
    the first differing row; the proof is `digest`. See core/audit_chain.py and docs/audit.md."""

    table_name = models.CharField(_("tabela"), max_length=63)
    after_id = models.BigIntegerField(_("po wierszu"))
    last_id = models.BigIntegerField(_("do wiersza"))
    row_count = models.PositiveIntegerField(_("liczba wierszy"))
    columns = models.CharField(_("kolumny"), max_length=300)
    previous_digest = models.CharField(_("skrót poprzedniego punktu"), max_length=64)
    digest = models.CharField(_("skrót SHA-256"), max_length=64)
    fingerprints = models.TextField(_("odciski wierszy"))
    created_at = models.DateTimeField(_("utworzono"), auto_now_add=True)

    objects = AuditCheckpointQuerySet.as_manager()
    append_only_message: ClassVar[str] = AuditCheckpointQuerySet.message

    class Meta:
        verbose_name = _("punkt kontrolny dziennika")
        verbose_name_plural = _("punkty kontrolne dziennika")
        ordering: ClassVar = ["table_name", "last_id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["table_name", "after_id"],
                name="auditcheckpoint_one_per_range",
                violation_error_code="auditcheckpoint_one_per_range",
                violation_error_message=_("Ten zakres tabeli ma już punkt kontrolny (tabela, po wierszu)."),
            ),
            models.CheckConstraint(
                condition=models.Q(last_id__gt=models.F("after_id")) & models.Q(row_count__gte=1),
                name="auditcheckpoint_range_not_empty",
                violation_error_code="auditcheckpoint_range_not_empty",
                violation_error_message=_(
                    "Punkt kontrolny obejmuje co najmniej jeden wiersz (do wiersza > po wierszu)."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.table_name} {self.after_id}..{self.last_id} {self.digest[:12]}"


class ImportJob(models.Model):
    """A large import handed to the task worker: the uploaded file until it is processed, progress counters and
    the row-by-row report. Only the person who started it sees it (core.importjobs.job_for)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("rodzaj importu"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("kto"), on_delete=models.CASCADE, related_name="+"
    )
    target_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    target_id = models.CharField(max_length=64, blank=True)
    filename = models.CharField(_("plik"), max_length=255)
    size = models.PositiveIntegerField(_("rozmiar (bajty)"), default=0)
    content = models.BinaryField(_("zawartość pliku"), blank=True, editable=False)  # emptied once processed
    options = models.JSONField(_("opcje"), default=dict, blank=True)
    status = models.CharField(_("stan"), max_length=10, choices=ImportJobStatus.choices, default=ImportJobStatus.QUEUED)
    total_rows = models.PositiveIntegerField(_("wiersze w pliku"), default=0)
    processed_rows = models.PositiveIntegerField(_("wiersze przetworzone"), default=0)
    committed = models.BooleanField(_("zapisano"), default=False)
    report = models.JSONField(_("raport"), default=dict, blank=True)
    error = models.TextField(_("błąd"), blank=True)
    back_url = models.CharField(_("powrót"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("utworzono"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("rozpoczęto"), null=True, blank=True)
    finished_at = models.DateTimeField(_("zakończono"), null=True, blank=True)

    class Meta:
        verbose_name = _("import w tle")
        verbose_name_plural = _("importy w tle")
        ordering: ClassVar = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} {self.filename} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportJobStatus.DONE, ImportJobStatus.FAILED)


class Notification(models.Model):
    """One item in a person's in-platform inbox (the bell in the header), beside the e-mail.

    The message is stored as its Polish msgid with its parameters and translated when shown, so a person who reads
    the platform in English sees it in English. Like the e-mails, a message names a record by its number and
    never carries personal data: the link leads to the record, where the permission layer decides what is shown.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("odbiorca"), on_delete=models.CASCADE, related_name="notifications"
    )
    verb = models.CharField(_("zdarzenie"), max_length=80, blank=True)
    message = models.CharField(_("treść (msgid)"), max_length=300)
    params = models.JSONField(_("parametry treści"), default=dict, blank=True)
    url = models.CharField(_("odnośnik"), max_length=300)
    created_at = models.DateTimeField(_("utworzono"), auto_now_add=True)
    read_at = models.DateTimeField(_("przeczytano"), null=True, blank=True)

    class Meta:
        verbose_name = _("powiadomienie")
        verbose_name_plural = _("powiadomienia")
        ordering: ClassVar = ["-created_at", "-pk"]
        indexes: ClassVar = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        from django.utils.translation import gettext

        try:
            return gettext(self.message) % self.params if self.params else gettext(self.message)
        except (KeyError, TypeError, ValueError):
            return gettext(self.message)
