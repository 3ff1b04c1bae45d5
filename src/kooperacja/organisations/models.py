"""The organisation registry: JST offices, public institutions and social-economy entities (PES)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kooperacja.accounts.enums import MembershipStatus, Role
from kooperacja.core import bounds
from kooperacja.core.identifiers import validate_krs, validate_nip, validate_regon
from kooperacja.core.models import TimeStampedModel
from kooperacja.core.workflow import StateField, WorkflowModel

from .enums import ActivityArea, LegalForm


class Organisation(TimeStampedModel):
    name = models.CharField(_("nazwa"), max_length=250)
    short_name = models.CharField(_("nazwa skrócona"), max_length=80, blank=True)
    legal_form = models.CharField(_("forma prawna"), max_length=32, choices=LegalForm.choices)
    territory = models.ForeignKey(
        "core.Territory", verbose_name=_("gmina siedziby"), on_delete=models.PROTECT, related_name="organisations"
    )
    street = models.CharField(_("ulica i numer"), max_length=150, blank=True)
    postal_code = models.CharField(_("kod pocztowy"), max_length=6, blank=True)
    city = models.CharField(_("miejscowość"), max_length=100, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    website = models.URLField(_("strona internetowa"), blank=True)
    nip = models.CharField(_("NIP"), max_length=10, blank=True, validators=[validate_nip])
    regon = models.CharField(_("REGON"), max_length=14, blank=True, validators=[validate_regon])
    krs = models.CharField(_("KRS"), max_length=10, blank=True, validators=[validate_krs])
    description = models.TextField(_("opis działalności"), blank=True)
    areas = models.JSONField(_("obszary działalności"), default=list, blank=True)
    is_pes = models.BooleanField(_("podmiot ekonomii społecznej (PES)"), default=False)
    is_social_enterprise = models.BooleanField(_("status przedsiębiorstwa społecznego"), default=False)
    social_enterprise_since = models.DateField(_("status przedsiębiorstwa społecznego od"), null=True, blank=True)
    is_verified = models.BooleanField(_("zweryfikowana"), default=False)
    verified_at = models.DateTimeField(_("data weryfikacji"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("osoba weryfikująca"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organizacja")
        verbose_name_plural = _("organizacje")
        ordering: ClassVar = ["name", "id"]
        indexes: ClassVar = [
            models.Index(fields=["is_verified", "name"]),
            models.Index(fields=["nip"]),
            models.Index(fields=["krs"]),
        ]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["nip"],
                condition=~models.Q(nip=""),
                name="organisation_unique_nip",
                violation_error_message=_("Organizacja o tym numerze NIP (pole „NIP”) jest już zarejestrowana."),
                violation_error_code="organisation_unique_nip",
            ),
            models.UniqueConstraint(
                fields=["krs"],
                condition=~models.Q(krs=""),
                name="organisation_unique_krs",
                violation_error_message=_("Organizacja o tym numerze KRS (pole „KRS”) jest już zarejestrowana."),
                violation_error_code="organisation_unique_krs",
            ),
            models.UniqueConstraint(
                Lower("name"),
                "territory",
                name="organisation_unique_name_in_gmina",
                violation_error_message=_(
                    "Organizacja o tej nazwie (pole „nazwa”) jest już zarejestrowana w tej gminie (pole „gmina”)."
                ),
                violation_error_code="organisation_unique_name_in_gmina",
            ),
            models.CheckConstraint(
                condition=models.Q(is_social_enterprise=False) | models.Q(social_enterprise_since__isnull=False),
                name="social_enterprise_has_date",
                violation_error_message=_(
                    "Podaj, od kiedy organizacja ma status przedsiębiorstwa społecznego (pole „status "
                    "przedsiębiorstwa społecznego od”)."
                ),
                violation_error_code="social_enterprise_has_date",
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def area_labels(self) -> list[str]:
        labels = dict(ActivityArea.choices)
        return [str(labels.get(a, a)) for a in self.areas]


class Membership(WorkflowModel, TimeStampedModel):
    """A person's role in an organisation. A join request is a pending membership."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rola"), max_length=32, choices=Role.choices)
    is_admin = models.BooleanField(
        _("administrator organizacji"),
        default=False,
        help_text=_("Przyjmuje wnioski o dołączenie i zarządza danymi organizacji."),
    )
    status = StateField(  # changes only through workflows.MEMBERSHIP
        _("status"), max_length=10, choices=MembershipStatus.choices, default=MembershipStatus.PENDING, db_index=False
    )
    job_title = models.CharField(_("stanowisko"), max_length=120, blank=True)
    message = models.CharField(_("uzasadnienie wniosku"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(bases=[WorkflowModel])  # the historical copy keeps the guarded StateField

    class Meta:
        verbose_name = _("członkostwo w organizacji")
        verbose_name_plural = _("członkostwa w organizacjach")
        ordering: ClassVar = ["organisation__name", "user__full_name"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                name="membership_unique_role",
                violation_error_message=_(
                    "Ta osoba (pole „użytkownik”) ma już tę rolę (pole „rola”) w tej organizacji."
                ),
                violation_error_code="membership_unique_role",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


class EmploymentShare(TimeStampedModel):
    """The share of an organisation's employees who belong to the groups of art. 94 ust. 1 Pzp, as of a date and
    with its source (the contractor's statement, a list of persons without personal data, a PFRON certificate):
    a reserved contract (art. 94 ust. 2 Pzp: at least 30 %) is checked against the latest record."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="employment_shares")
    share = models.DecimalField(
        _("udział zatrudnionych z grup art. 94 Pzp (%)"), max_digits=5, decimal_places=2, validators=bounds.PERCENT
    )
    employees = models.PositiveIntegerField(
        _("liczba zatrudnionych ogółem"), null=True, blank=True, validators=bounds.COUNT_POSITIVE
    )
    as_of = models.DateField(_("stan na dzień"), validators=bounds.DATE)
    source = models.CharField(_("źródło danych"), max_length=300)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("udział zatrudnionych z grup art. 94 Pzp")
        verbose_name_plural = _("udziały zatrudnionych z grup art. 94 Pzp")
        ordering: ClassVar = ["organisation", "-as_of", "-id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(share__gte=0) & models.Q(share__lte=100),
                name="employment_share_percent",
                violation_error_message=_(
                    "Udział zatrudnionych (pole „udział zatrudnionych z grup art. 94 Pzp”) musi mieścić się "
                    "w przedziale od 0 do 100%."
                ),
                violation_error_code="employment_share_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.share}% ({self.as_of:%d.%m.%Y})"
