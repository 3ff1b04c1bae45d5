"""The ONE protected personal record of a beneficiary, who serves them, and their consents."""

from __future__ import annotations

import secrets
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kooperacja.core import bounds
from kooperacja.core.identifiers import validate_pesel
from kooperacja.core.models import TimeStampedModel
from kooperacja.core.workflow import StateField, WorkflowModel

from ..enums import ConsentScope, DuplicateStatus, Sex

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: readable over the phone


def new_person_code() -> str:
    return "U-" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))


class Person(TimeStampedModel):
    """A beneficiary. Personal fields live only here; reach them through `selectors.person_for` (logs access)."""

    code = models.CharField(_("kod uczestnika"), max_length=12, unique=True, default=new_person_code, editable=False)
    first_name = models.CharField(_("imię"), max_length=80, blank=True)
    last_name = models.CharField(_("nazwisko"), max_length=120, blank=True)
    pesel = models.CharField(_("PESEL"), max_length=11, blank=True, validators=[validate_pesel])
    birth_date = models.DateField(_("data urodzenia"), null=True, blank=True, validators=bounds.DATE)
    sex = models.CharField(_("płeć"), max_length=1, choices=Sex.choices, blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    street = models.CharField(_("ulica i numer"), max_length=150, blank=True)
    postal_code = models.CharField(_("kod pocztowy"), max_length=6, blank=True)
    city = models.CharField(_("miejscowość"), max_length=100, blank=True)
    territory = models.ForeignKey(
        "core.Territory", verbose_name=_("gmina zamieszkania"), on_delete=models.PROTECT, related_name="+"
    )
    reasons = models.JSONField(_("przesłanki pomocy (art. 7)"), default=list, blank=True)
    registered_by = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("zarejestrowane przez"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    anonymised_at = models.DateTimeField(_("zanonimizowano"), null=True, blank=True, validators=bounds.DATE)

    class Meta:
        verbose_name = _("uczestnik (dane osobowe)")
        verbose_name_plural = _("uczestnicy (dane osobowe)")
        ordering: ClassVar = ["code"]
        default_permissions = ()  # access only through the rules "delivery.see_person" etc.
        # PESEL is NOT unique on the platform: an organisation that registers a PESEL held in a record it does not
        # serve gets its own record, flagged as a suspected duplicate (`PersonDuplicateFlag`), never a link to the
        # other organisation's record. The service keeps one record per PESEL within an organisation's register.
        indexes: ClassVar = [
            models.Index(fields=["pesel"], name="person_pesel_idx"),
            # the participants list's order (keyset pages, delivery.views.people): a provider serving thousands
            # reads its page from the index instead of sorting all its people (docs/performance.md §5 p. 6)
            models.Index(fields=["last_name", "first_name", "code"], name="person_list_order_idx"),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(anonymised_at__isnull=True) | (models.Q(pesel="") & models.Q(last_name="")),
                name="person_anonymised_has_no_identity",
                violation_error_message=_(
                    "Zanonimizowany uczestnik nie ma numeru PESEL (pole „PESEL”) ani nazwiska (pole „nazwisko”)."
                ),
                violation_error_code="person_anonymised_has_no_identity",
            ),
        ]

    def __str__(self) -> str:
        return self.code  # never the name: str() ends up in logs, events and admin lists

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None


class PersonOrganisation(models.Model):
    """An organisation serving the person: its staff may see the person's record (everyone else gets 404)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="served_by")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    since = models.DateField(_("od"), validators=bounds.DATE)
    reason = models.CharField(_("podstawa"), max_length=200)

    class Meta:
        verbose_name = _("organizacja obsługująca uczestnika")
        verbose_name_plural = _("organizacje obsługujące uczestników")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["person", "organisation"],
                name="person_organisation_unique",
                violation_error_message=_("Ta organizacja (pole „organizacja”) już obsługuje tego uczestnika."),
                violation_error_code="person_organisation_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.person.code} – {self.organisation}"


class PersonDuplicateFlag(WorkflowModel, TimeStampedModel):
    """Two records that may be the same person: `duplicate` was registered (or given its PESEL) by `organisation`,
    which does not serve `existing`. Shown only to the staff of organisations serving `existing` (its data
    controllers), who decide whether a merge has a legal basis or the person's consent; the registering
    organisation is never told that the other record exists."""

    existing = models.ForeignKey(
        Person, verbose_name=_("rekord istniejący"), on_delete=models.CASCADE, related_name="duplicate_flags"
    )
    duplicate = models.ForeignKey(Person, verbose_name=_("nowy rekord"), on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organizacja rejestrująca"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    names_match = models.BooleanField(_("imię i nazwisko zgodne"))
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("zgłoszone przez"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = StateField(  # workflows.DUPLICATE
        _("stan"), max_length=10, choices=DuplicateStatus.choices, default=DuplicateStatus.OPEN, db_index=False
    )
    resolved_at = models.DateTimeField(_("wyjaśniono"), null=True, blank=True, validators=bounds.DATE)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("wyjaśnione przez"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolution_note = models.CharField(_("uzasadnienie"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("możliwy duplikat uczestnika")
        verbose_name_plural = _("możliwe duplikaty uczestników")
        ordering: ClassVar = ["-created_at", "-id"]
        default_permissions = ()
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["existing", "duplicate"],
                name="person_duplicate_flag_unique",
                violation_error_code="person_duplicate_flag_unique",
                violation_error_message=_("Ta para rekordów jest już zgłoszona jako możliwy duplikat."),
            ),
            models.CheckConstraint(
                condition=~models.Q(existing=models.F("duplicate")),
                name="person_duplicate_flag_two_records",
                violation_error_code="person_duplicate_flag_two_records",
                violation_error_message=_("Rekord nie może być duplikatem samego siebie."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.existing.code} ~ {self.duplicate.code}"


class Consent(TimeStampedModel):
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("administrator danych"), on_delete=models.PROTECT, related_name="+"
    )
    scope = models.CharField(_("zakres"), max_length=16, choices=ConsentScope.choices)
    purpose = models.CharField(_("cel"), max_length=300)
    shared_with = models.CharField(_("komu udostępniane"), max_length=300, blank=True)
    given_on = models.DateField(_("data wyrażenia zgody"), validators=bounds.DATE)
    expires_on = models.DateField(_("ważna do"), null=True, blank=True, validators=bounds.DATE)
    withdrawn_on = models.DateField(_("data wycofania"), null=True, blank=True, validators=bounds.DATE)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("zgoda")
        verbose_name_plural = _("zgody")
        ordering: ClassVar = ["-given_on", "-id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(expires_on__isnull=True) | models.Q(expires_on__gte=models.F("given_on")),
                name="consent_expiry_after_given",
                violation_error_message=_(
                    "Data ważności zgody (pole „ważna do”) nie może być wcześniejsza niż data jej wyrażenia (pole "
                    "„data wyrażenia zgody”)."
                ),
                violation_error_code="consent_expiry_after_given",
            ),
            models.CheckConstraint(
                condition=models.Q(withdrawn_on__isnull=True) | models.Q(withdrawn_on__gte=models.F("given_on")),
                name="consent_withdrawn_after_given",
                violation_error_message=_(
                    "Data wycofania zgody (pole „data wycofania”) nie może być wcześniejsza niż data jej wyrażenia "
                    "(pole „data wyrażenia zgody”)."
                ),
                violation_error_code="consent_withdrawn_after_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.code}: {self.get_scope_display()}"

    def is_valid_on(self, day: object) -> bool:
        return (
            self.given_on <= day  # type: ignore[operator]
            and (self.expires_on is None or self.expires_on >= day)  # type: ignore[operator]
            and (self.withdrawn_on is None or self.withdrawn_on > day)  # type: ignore[operator]
        )
