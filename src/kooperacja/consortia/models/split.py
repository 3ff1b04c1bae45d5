"""The split of a won contract among members (versions approved by resolution) and members' delivery reports."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kooperacja.core import bounds
from kooperacja.core.models import TimeStampedModel
from kooperacja.core.workflow import StateField, WorkflowModel

from ..enums import PlanStatus, ReportStatus
from .consortium import Consortium, ConsortiumMember

MONEY = {"max_digits": 12, "decimal_places": 2}


class AllocationPlan(WorkflowModel, TimeStampedModel):
    """One version of the split of a contract. Every version sums exactly to the contract (checked in services)."""

    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="plans")
    contract = models.ForeignKey(
        "commissioning.Contract", verbose_name=_("umowa"), on_delete=models.PROTECT, related_name="consortium_plans"
    )
    version = models.PositiveSmallIntegerField(_("wersja"), validators=bounds.COUNT_POSITIVE)
    status = StateField(_("status"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    note = models.TextField(_("uzasadnienie zmian"), blank=True)
    # The split starts from the joint offer's who-does-what and budget; where it departs from the offer, the
    # departures (one sentence each, frozen when the version is saved) and the reason go into the resolution.
    offer_deviations = models.JSONField(_("odstępstwa od oferty"), default=list, blank=True)
    deviation_reason = models.TextField(_("uzasadnienie odstępstw od oferty"), blank=True)
    total = models.DecimalField(_("suma podziału (zł)"), **MONEY, validators=bounds.MONEY_NOT_NEGATIVE)
    approved_by = models.ForeignKey(
        "consortia.Resolution",
        verbose_name=_("zatwierdzony uchwałą"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="approved_plans",
    )
    approved_at = models.DateTimeField(null=True, blank=True, validators=bounds.DATE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("wersja podziału zadań i budżetu")
        verbose_name_plural = _("wersje podziału zadań i budżetu")
        ordering: ClassVar = ["contract", "-version"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["contract", "version"],
                name="plan_unique_version",
                violation_error_message=_("Wersja podziału o tym numerze (pole „wersja”) już istnieje dla tej umowy."),
                violation_error_code="plan_unique_version",
            ),
            models.UniqueConstraint(
                fields=["contract"],
                condition=models.Q(status="approved"),
                name="plan_single_approved",
                violation_error_message=_("Ta umowa (pole „umowa”) ma już zatwierdzoną wersję podziału."),
                violation_error_code="plan_single_approved",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["approved", "superseded"]) | models.Q(approved_by__isnull=False),
                name="plan_approved_by_resolution",
                violation_error_message=_(
                    "Zatwierdzona wersja podziału wskazuje uchwałę (pole „zatwierdzony uchwałą”)."
                ),
                violation_error_code="plan_approved_by_resolution",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.contract.number} – wersja {self.version}"

    @property
    def authority_id(self) -> int:
        return self.contract.authority_id


class Allocation(models.Model):
    """Who delivers what, for how much and when (one row of a plan version)."""

    plan = models.ForeignKey(AllocationPlan, on_delete=models.CASCADE, related_name="allocations")
    member = models.ForeignKey(
        ConsortiumMember, verbose_name=_("członek"), on_delete=models.PROTECT, related_name="allocations"
    )
    contract_lot = models.ForeignKey(
        "commissioning.ContractLot",
        verbose_name=_("część umowy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="consortium_allocations",
    )
    task = models.CharField(_("zadanie / działanie"), max_length=250)
    amount = models.DecimalField(_("kwota (zł)"), **MONEY, validators=bounds.MONEY_NOT_NEGATIVE)
    starts_on = models.DateField(_("od"), validators=bounds.DATE)
    ends_on = models.DateField(_("do"), validators=bounds.DATE)
    report_due = models.DateField(_("termin sprawozdania dla biura"), validators=bounds.DATE)

    class Meta:
        verbose_name = _("przydział")
        verbose_name_plural = _("przydziały")
        ordering: ClassVar = ["plan", "member__organisation__name", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0),
                name="allocation_non_negative",
                violation_error_message=_("Kwota przydziału (pole „kwota”) nie może być ujemna."),
                violation_error_code="allocation_non_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(starts_on__lte=models.F("ends_on")),
                name="allocation_dates",
                violation_error_message=_(
                    "Data początkowa (pole „od”) nie może być późniejsza niż data końcowa (pole „do”)."
                ),
                violation_error_code="allocation_dates",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member.organisation}: {self.task}"

    @property
    def authority_id(self) -> int:
        return self.plan.contract.authority_id


class DeliveryReport(WorkflowModel, TimeStampedModel):
    """A member's report to the office: what was delivered and what it cost in the period."""

    allocation = models.ForeignKey(Allocation, on_delete=models.PROTECT, related_name="reports")
    period_start = models.DateField(_("okres od"), validators=bounds.DATE)
    period_end = models.DateField(_("okres do"), validators=bounds.DATE)
    delivered = models.TextField(_("co zrealizowano"))
    people_reached = models.PositiveIntegerField(
        _("liczba uczestników"), default=0, validators=bounds.COUNT_NOT_NEGATIVE
    )
    progress_percent = models.PositiveSmallIntegerField(
        _("stopień realizacji zadania (%)"), default=0, validators=bounds.PERCENT
    )
    costs = models.DecimalField(_("poniesione koszty w okresie (zł)"), **MONEY, validators=bounds.MONEY_NOT_NEGATIVE)
    status = StateField(_("status"), max_length=10, choices=ReportStatus.choices, default="submitted")
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_note = models.TextField(_("uwagi biura"), blank=True)

    class Meta:
        verbose_name = _("sprawozdanie członka")
        verbose_name_plural = _("sprawozdania członków")
        ordering: ClassVar = ["allocation", "period_start", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(costs__gte=Decimal("0")),
                name="delivery_costs_non_negative",
                violation_error_message=_(
                    "Poniesione koszty (pole „poniesione koszty w okresie”) nie mogą być ujemne."
                ),
                violation_error_code="delivery_costs_non_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(period_start__lte=models.F("period_end")),
                name="delivery_period_ordered",
                violation_error_message=_(
                    "Początek okresu (pole „okres od”) nie może być późniejszy niż jego koniec (pole „okres do”)."
                ),
                violation_error_code="delivery_period_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(progress_percent__lte=100),
                name="delivery_progress_range",
                violation_error_message=_(
                    "Stopień realizacji zadania (pole „stopień realizacji zadania”) to procent od 0 do 100."
                ),
                violation_error_code="delivery_progress_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.allocation} {self.period_start:%d.%m.%Y}–{self.period_end:%d.%m.%Y}"
