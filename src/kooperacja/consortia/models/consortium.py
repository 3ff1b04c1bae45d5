"""The consortium, its agreement terms, its members (with history) and its document library."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kooperacja.core import bounds
from kooperacja.core.models import TimeStampedModel

from ..enums import AllocationTransparency, ConsortiumStatus, DocumentKind, Majority, MembershipChangeKind, MemberStatus


def _upload_to(instance: models.Model, filename: str) -> str:
    consortium_id = getattr(instance, "consortium_id", None) or getattr(instance, "pk", None) or "new"
    return f"konsorcja/{consortium_id}/{filename}"


class Consortium(TimeStampedModel):
    """A consortium of organisations with its agreement: the structured terms drive voting and visibility."""

    name = models.CharField(_("nazwa"), max_length=200, unique=True)
    short_name = models.CharField(_("nazwa skrócona"), max_length=80, blank=True)
    purpose = models.TextField(_("cel konsorcjum"))
    lead = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("lider (organizacja prowadząca biuro)"),
        on_delete=models.PROTECT,
        related_name="led_consortia",
    )
    start_date = models.DateField(_("data rozpoczęcia działania"), validators=bounds.DATE)
    status = models.CharField(_("status"), max_length=12, choices=ConsortiumStatus.choices, default="active")
    # The agreement (umowa konsorcjum): document and structured terms.
    agreement_file = models.FileField(_("umowa konsorcjum (plik)"), upload_to=_upload_to, blank=True)
    agreement_signed_on = models.DateField(_("data zawarcia umowy"), validators=bounds.DATE)
    representation = models.TextField(
        _("reprezentacja wobec zamawiających"),
        help_text=_("Kto i w jakim zakresie reprezentuje konsorcjum wobec JST (art. 58 Pzp, art. 14 ust. 2 OPP)."),
    )
    decision_rules = models.TextField(_("zasady podejmowania decyzji"), blank=True)
    quorum_percent = models.PositiveSmallIntegerField(
        _("kworum (% uprawnionych członków)"),
        default=50,
        help_text=_("Uchwała jest ważna, gdy głos odda co najmniej tyle procent uprawnionych członków."),
        validators=bounds.PERCENT,
    )
    ordinary_majority = models.CharField(
        _("większość dla uchwał zwykłych"), max_length=12, choices=Majority.choices, default=Majority.SIMPLE
    )
    membership_majority = models.CharField(
        _("większość dla spraw członkowskich"),
        max_length=12,
        choices=Majority.choices,
        default=Majority.TWO_THIRDS,
        help_text=_("Przyjęcie, zawieszenie, przywrócenie, wystąpienie i wykluczenie członka."),
    )
    admission_rules = models.TextField(_("zasady przyjmowania członków"), blank=True)
    exit_rules = models.TextField(_("zasady wystąpienia i wykluczenia"), blank=True)
    office_cost_share_percent = models.DecimalField(
        _("udział w kosztach biura (% przydziału członka)"),
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=bounds.PERCENT,
    )
    office_cost_rules = models.TextField(_("zasady podziału kosztów biura"), blank=True)
    allocation_transparency = models.CharField(
        _("jawność podziału między członkami"),
        max_length=8,
        choices=AllocationTransparency.choices,
        default=AllocationTransparency.OWN,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("konsorcjum")
        verbose_name_plural = _("konsorcja")
        ordering: ClassVar = ["name"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(quorum_percent__gte=0, quorum_percent__lte=100),
                name="consortium_quorum_range",
                violation_error_message=_("Kworum (pole „kworum”) to procent od 0 do 100."),
                violation_error_code="consortium_quorum_range",
            ),
            models.CheckConstraint(
                condition=models.Q(office_cost_share_percent__gte=0, office_cost_share_percent__lte=100),
                name="consortium_office_share_range",
                violation_error_message=_(
                    "Udział w kosztach biura (pole „udział w kosztach biura”) to procent od 0 do 100."
                ),
                violation_error_code="consortium_office_share_range",
            ),
        ]

    def __str__(self) -> str:
        return self.short_name or self.name


class ConsortiumMember(TimeStampedModel):
    """An organisation's membership of a consortium. Changes only through adopted resolutions (see services)."""

    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organizacja"),
        on_delete=models.PROTECT,
        related_name="consortium_memberships",
    )
    status = models.CharField(_("status"), max_length=10, choices=MemberStatus.choices, default=MemberStatus.ACTIVE)
    joined_on = models.DateField(_("data przystąpienia"), validators=bounds.DATE)
    left_on = models.DateField(_("data ustania członkostwa"), null=True, blank=True, validators=bounds.DATE)
    is_founding = models.BooleanField(_("członek założyciel"), default=False)
    representatives = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("przedstawiciele uprawnieni do głosowania"),
        blank=True,
        related_name="consortium_representations",
        help_text=_("Gdy pusto – głosować może każdy aktywny pracownik PES lub koordynator tej organizacji."),
    )

    history = HistoricalRecords(m2m_fields=[representatives])

    class Meta:
        verbose_name = _("członek konsorcjum")
        verbose_name_plural = _("członkowie konsorcjum")
        ordering: ClassVar = ["consortium", "organisation__name"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["consortium", "organisation"],
                name="consortium_member_unique",
                violation_error_message=_("Ta organizacja (pole „organizacja”) jest już członkiem konsorcjum."),
                violation_error_code="consortium_member_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=["active", "suspended"], left_on__isnull=True)
                | models.Q(status__in=["left", "excluded"], left_on__isnull=False),
                name="consortium_member_left_on_matches_status",
                violation_error_message=_(
                    "Data ustania członkostwa (pole „data ustania członkostwa”) jest podana wtedy i tylko wtedy, gdy "
                    "członek wystąpił albo został wykluczony (pole „status”)."
                ),
                violation_error_code="consortium_member_left_on_matches_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.consortium})"

    @property
    def is_current(self) -> bool:
        return self.status in (MemberStatus.ACTIVE, MemberStatus.SUSPENDED)


class MembershipChange(models.Model):
    """The membership history: founding, then every change with the resolution that made it."""

    member = models.ForeignKey(ConsortiumMember, on_delete=models.CASCADE, related_name="changes")
    kind = models.CharField(_("zmiana"), max_length=12, choices=MembershipChangeKind.choices)
    effective_on = models.DateField(_("od dnia"), validators=bounds.DATE)
    resolution = models.ForeignKey(
        "consortia.Resolution", null=True, blank=True, on_delete=models.PROTECT, related_name="membership_changes"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("zmiana członkostwa")
        verbose_name_plural = _("historia członkostwa")
        ordering: ClassVar = ["effective_on", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(kind="founding") | models.Q(resolution__isnull=False),
                name="membership_change_needs_resolution",
                violation_error_message=_("Zmiana członkostwa inna niż założycielska wymaga uchwały (pole „uchwała”)."),
                violation_error_code="membership_change_needs_resolution",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.get_kind_display()} {self.effective_on:%d.%m.%Y}"


class ConsortiumDocument(TimeStampedModel):
    """The document library of a consortium (uploaded files; generated PDFs are listed beside them)."""

    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("tytuł"), max_length=200)
    kind = models.CharField(_("rodzaj"), max_length=12, choices=DocumentKind.choices, default=DocumentKind.OTHER)
    file = models.FileField(_("plik"), upload_to=_upload_to)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveIntegerField(default=0, validators=bounds.COUNT_NOT_NEGATIVE)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("dokument konsorcjum")
        verbose_name_plural = _("dokumenty konsorcjum")
        ordering: ClassVar = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title
