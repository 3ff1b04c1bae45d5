"""Core records: the territorial register (TERYT TERC), the audit timeline and the personal-data access log."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

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
            )
        ]

    def __str__(self) -> str:
        if self.kind == TerritoryKind.GMINA:
            return f"{self.name} ({self.get_gmina_type_display()})"
        if self.kind == TerritoryKind.POWIAT:
            return _("powiat %(name)s") % {"name": self.name}
        return self.name

    @property
    def voivodeship_code(self) -> str:
        return self.code[:2]

    @property
    def powiat_code(self) -> str:
        return self.code[:4]


class AuditEvent(models.Model):
    """The business timeline: who did what to which record (services write one row per change of state)."""

    occurred_at = models.DateTimeField(_("kiedy"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("kto"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verb = models.CharField(_("czynność"), max_length=80)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.CharField(max_length=64)
    data = models.JSONField(_("szczegóły"), default=dict, blank=True)

    class Meta:
        verbose_name = _("zdarzenie")
        verbose_name_plural = _("zdarzenia")
        ordering: ClassVar = ["-occurred_at", "-id"]
        indexes: ClassVar = [models.Index(fields=["target_type", "target_id", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.verb}"


class AppendOnlyError(Exception):
    pass


class AccessLogQuerySet(models.QuerySet["AccessLog"]):
    def update(self, **kwargs: Any) -> int:
        raise AppendOnlyError("Rejestr dostępu jest tylko do dopisywania.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("Rejestr dostępu jest tylko do dopisywania.")


class AccessLog(models.Model):
    """Append-only record of every display or export of personal data (who, which record, when, purpose)."""

    occurred_at = models.DateTimeField(_("kiedy"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("kto"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    user_label = models.CharField(_("użytkownik (w chwili dostępu)"), max_length=254)
    action = models.CharField(_("czynność"), max_length=10, choices=AccessAction.choices, default=AccessAction.VIEW)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.CharField(_("identyfikator rekordu"), max_length=64)
    part = models.CharField(_("część rekordu"), max_length=80, blank=True)
    purpose = models.CharField(_("cel"), max_length=200)
    path = models.CharField(_("adres"), max_length=300, blank=True)

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        verbose_name = _("wpis rejestru dostępu")
        verbose_name_plural = _("rejestr dostępu do danych osobowych")
        ordering: ClassVar = ["-occurred_at", "-id"]
        indexes: ClassVar = [models.Index(fields=["target_type", "target_id", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.user_label} {self.action} {self.part}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise AppendOnlyError("Rejestr dostępu jest tylko do dopisywania.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError("Rejestr dostępu jest tylko do dopisywania.")


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
