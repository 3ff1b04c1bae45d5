from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kooperacja.core import bounds
from kooperacja.core.models import TimeStampedModel
from kooperacja.core.workflow import StateField, WorkflowModel

from ..enums import ContractState, ReportKind, ReportState

MONEY = {"max_digits": 12, "decimal_places": 2}
ZERO = Decimal("0.00")


class Contract(TimeStampedModel, WorkflowModel):
    """The grant contract (umowa) concluded with the selected offer's offerors; the lead is the contractor."""

    offer = models.OneToOneField("commissioning.Offer", on_delete=models.PROTECT, related_name="contract")
    call = models.ForeignKey("commissioning.Call", on_delete=models.PROTECT, related_name="contracts")
    authority = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("zleceniodawca"),
        on_delete=models.PROTECT,
        related_name="contracts_as_authority",
    )
    contractor = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("zleceniobiorca (lider)"),
        on_delete=models.PROTECT,
        related_name="contracts",
    )
    number = models.CharField(_("numer umowy"), max_length=60)
    title = models.CharField(_("tytuł zadania"), max_length=250)
    amount = models.DecimalField(_("kwota dotacji (zł)"), validators=bounds.MONEY_NOT_NEGATIVE, **MONEY)
    own_contribution = models.DecimalField(
        _("wkład własny (zł)"), default=ZERO, validators=bounds.MONEY_NOT_NEGATIVE, **MONEY
    )
    start_date = models.DateField(_("początek realizacji"), validators=bounds.DATE)
    end_date = models.DateField(_("koniec realizacji"), validators=bounds.DATE)
    state = StateField(  # changes only through workflows
        _("stan"), max_length=16, choices=ContractState.choices, default=ContractState.DRAFT, db_index=False
    )
    signed_on = models.DateField(_("data zawarcia"), null=True, blank=True, validators=bounds.DATE)
    settled_at = models.DateTimeField(_("rozliczono"), null=True, blank=True)
    return_amount = models.DecimalField(
        _("kwota do zwrotu (zł)"), default=ZERO, validators=bounds.MONEY_NOT_NEGATIVE, **MONEY
    )
    # § 4 ust. 1 of the model contract (Dz.U. 2018 poz. 2057): a cost row financed from the grant may grow by
    # up to this share of it without a change of the contract; a larger shift needs an annex
    shift_limit_percent = models.DecimalField(
        _("dopuszczalne zwiększenie pozycji kosztorysu bez aneksu (%)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("10.00"),
        validators=bounds.PERCENT,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords(bases=[WorkflowModel])  # the historical copy keeps the guarded StateField

    class Meta:
        verbose_name = _("umowa")
        verbose_name_plural = _("umowy")
        ordering: ClassVar = ["-start_date", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["authority", "number"],
                name="contract_unique_number",
                violation_error_message=_(
                    "Umowa o tym numerze (pole „numer umowy”) już istnieje u tego zleceniodawcy."
                ),
                violation_error_code="contract_unique_number",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0),
                name="contract_amount_non_negative",
                violation_error_message=_("Kwota dotacji (pole „kwota dotacji”) nie może być ujemna."),
                violation_error_code="contract_amount_non_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(start_date__lte=models.F("end_date")),
                name="contract_dates_ordered",
                violation_error_message=_(
                    "Koniec realizacji (pole „koniec realizacji”) nie może być wcześniejszy niż początek realizacji "
                    "(pole „początek realizacji”)."
                ),
                violation_error_code="contract_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} – {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("commissioning:contract_detail", kwargs={"pk": self.pk})


class ContractLot(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="contract_lots")
    lot = models.ForeignKey("commissioning.Lot", on_delete=models.PROTECT, related_name="contract_lots")
    amount = models.DecimalField(_("kwota dotacji na część (zł)"), validators=bounds.MONEY_NOT_NEGATIVE, **MONEY)

    class Meta:
        verbose_name = _("część umowy")
        verbose_name_plural = _("części umowy")
        ordering: ClassVar = ["contract", "lot__number"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["contract", "lot"],
                name="contract_lot_unique",
                violation_error_message=_("Ta część (pole „część”) jest już objęta tą umową."),
                violation_error_code="contract_lot_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=0),
                name="contract_lot_non_negative",
                violation_error_message=_(
                    "Kwota dotacji na część (pole „kwota dotacji na część”) nie może być ujemna."
                ),
                violation_error_code="contract_lot_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.lot}: {self.amount}"


class Tranche(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="tranches")
    number = models.PositiveSmallIntegerField(_("numer transzy"))
    due_date = models.DateField(_("termin przekazania"), validators=bounds.DATE)
    amount = models.DecimalField(_("kwota (zł)"), validators=bounds.MONEY_POSITIVE, **MONEY)
    paid_on = models.DateField(_("przekazano"), null=True, blank=True, validators=bounds.DATE)

    class Meta:
        verbose_name = _("transza")
        verbose_name_plural = _("transze")
        ordering: ClassVar = ["contract", "number"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["contract", "number"],
                name="tranche_unique_number",
                violation_error_message=_("Transza o tym numerze (pole „numer transzy”) już istnieje w tej umowie."),
                violation_error_code="tranche_unique_number",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gt=0),
                name="tranche_positive",
                violation_error_message=_("Kwota transzy (pole „kwota”) musi być większa od zera."),
                violation_error_code="tranche_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}: {self.amount}"


class Annex(TimeStampedModel):
    """An amendment to the contract; keeps the values before and after (history)."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="annexes")
    number = models.PositiveSmallIntegerField(_("numer aneksu"))
    signed_on = models.DateField(_("data zawarcia"), validators=bounds.DATE)
    summary = models.TextField(_("zakres zmian"))
    previous_amount = models.DecimalField(_("kwota przed zmianą (zł)"), **MONEY)
    new_amount = models.DecimalField(_("kwota po zmianie (zł)"), validators=bounds.MONEY_NOT_NEGATIVE, **MONEY)
    previous_end_date = models.DateField(_("koniec realizacji przed zmianą"))
    new_end_date = models.DateField(_("koniec realizacji po zmianie"), validators=bounds.DATE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("aneks")
        verbose_name_plural = _("aneksy")
        ordering: ClassVar = ["contract", "number"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["contract", "number"],
                name="annex_unique_number",
                violation_error_message=_("Aneks o tym numerze (pole „numer aneksu”) już istnieje w tej umowie."),
                violation_error_code="annex_unique_number",
            )
        ]

    def __str__(self) -> str:
        return f"Aneks nr {self.number}"


class Report(TimeStampedModel, WorkflowModel):
    """Partial or final report (art. 18 OPP); the final one is due 30 days after the task ends."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="reports")
    kind = models.CharField(_("rodzaj"), max_length=8, choices=ReportKind.choices)
    period_start = models.DateField(_("okres od"), validators=bounds.DATE)
    period_end = models.DateField(_("okres do"), validators=bounds.DATE)
    due_date = models.DateField(_("termin złożenia"), validators=bounds.DATE)
    state = StateField(  # changes only through workflows
        _("stan"), max_length=24, choices=ReportState.choices, default=ReportState.DRAFT, db_index=False
    )
    actions_done = models.TextField(_("opis wykonanych działań"), blank=True)
    other_info = models.TextField(_("dodatkowe informacje"), blank=True)
    submitted_at = models.DateTimeField(_("złożono"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("oceniono"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_note = models.TextField(_("uwagi organu"), blank=True)
    corrections_due = models.DateField(_("termin poprawek"), null=True, blank=True)
    return_amount = models.DecimalField(
        _("kwota do zwrotu (zł)"), default=ZERO, validators=bounds.MONEY_NOT_NEGATIVE, **MONEY
    )

    history = HistoricalRecords(bases=[WorkflowModel])  # the historical copy keeps the guarded StateField

    class Meta:
        verbose_name = _("sprawozdanie")
        verbose_name_plural = _("sprawozdania")
        ordering: ClassVar = ["contract", "period_start", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(period_start__lte=models.F("period_end")),
                name="report_period_ordered",
                violation_error_message=_(
                    "Koniec okresu (pole „okres do”) nie może być wcześniejszy niż jego początek (pole „okres od”)."
                ),
                violation_error_code="report_period_ordered",
            ),
            models.UniqueConstraint(
                fields=["contract"],
                condition=models.Q(kind="final"),
                name="report_single_final",
                violation_error_message=_("Ta umowa ma już sprawozdanie końcowe (pole „rodzaj”)."),
                violation_error_code="report_single_final",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_start:%d.%m.%Y}–{self.period_end:%d.%m.%Y}"

    def get_absolute_url(self) -> str:
        return reverse("commissioning:report_detail", kwargs={"pk": self.pk})


class ReportIndicator(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="indicator_values")
    indicator = models.ForeignKey("commissioning.OfferIndicator", on_delete=models.PROTECT, related_name="+")
    achieved = models.DecimalField(
        _("osiągnięty poziom"), max_digits=12, decimal_places=2, validators=bounds.MONEY_NOT_NEGATIVE
    )
    note = models.CharField(_("uwagi"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("osiągnięty rezultat")
        verbose_name_plural = _("osiągnięte rezultaty")
        ordering: ClassVar = ["report", "indicator_id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["report", "indicator"],
                name="report_indicator_unique",
                violation_error_message=_(
                    "Rezultat dla tego wskaźnika (pole „wskaźnik”) jest już wpisany w tym sprawozdaniu."
                ),
                violation_error_code="report_indicator_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.achieved}"


class ReportExpense(models.Model):
    """Expenditure in the period per cost row and source (running totals add the periods up)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="expenses")
    budget_row = models.ForeignKey("commissioning.BudgetRow", on_delete=models.PROTECT, related_name="+")
    from_grant = models.DecimalField(_("z dotacji (zł)"), default=ZERO, validators=bounds.MONEY_NOT_NEGATIVE, **MONEY)
    from_other = models.DecimalField(
        _("z innych środków (zł)"), default=ZERO, validators=bounds.MONEY_NOT_NEGATIVE, **MONEY
    )
    own_financial = models.DecimalField(
        _("wkład własny finansowy (zł)"), default=ZERO, validators=bounds.MONEY_NOT_NEGATIVE, **MONEY
    )
    personal = models.DecimalField(_("wkład osobowy (zł)"), default=ZERO, validators=bounds.MONEY_NOT_NEGATIVE, **MONEY)
    in_kind = models.DecimalField(_("wkład rzeczowy (zł)"), default=ZERO, validators=bounds.MONEY_NOT_NEGATIVE, **MONEY)

    class Meta:
        verbose_name = _("wydatek w okresie")
        verbose_name_plural = _("wydatki w okresie")
        ordering: ClassVar = ["report", "budget_row__order"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["report", "budget_row"],
                name="report_expense_unique",
                violation_error_message=_(
                    "Wydatek dla tej pozycji kosztorysu (pole „pozycja kosztorysu”) jest już wpisany w tym "
                    "sprawozdaniu."
                ),
                violation_error_code="report_expense_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    from_grant__gte=0, from_other__gte=0, own_financial__gte=0, personal__gte=0, in_kind__gte=0
                ),
                name="report_expense_non_negative",
                violation_error_message=_(
                    "Kwoty wydatku (pola „z dotacji”, „z innych środków”, „wkład własny finansowy”, „wkład osobowy”, "
                    "„wkład rzeczowy”) nie mogą być ujemne."
                ),
                violation_error_code="report_expense_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return str(self.budget_row)


class Invoice(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="invoices")
    budget_row = models.ForeignKey("commissioning.BudgetRow", on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("numer dokumentu"), max_length=60)
    issuer = models.CharField(_("wystawca"), max_length=200)
    issue_date = models.DateField(_("data wystawienia"), validators=bounds.DATE)
    amount = models.DecimalField(_("kwota dokumentu (zł)"), validators=bounds.MONEY_NOT_NEGATIVE, **MONEY)
    from_grant = models.DecimalField(
        _("w tym z dotacji (zł)"), default=ZERO, validators=bounds.MONEY_NOT_NEGATIVE, **MONEY
    )

    class Meta:
        verbose_name = _("dokument księgowy")
        verbose_name_plural = _("zestawienie faktur")
        ordering: ClassVar = ["report", "issue_date", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(from_grant__gte=0, from_grant__lte=models.F("amount")),
                name="invoice_grant_within_amount",
                violation_error_message=_(
                    "Kwota z dotacji (pole „w tym z dotacji”) musi mieścić się między zerem a kwotą dokumentu (pole "
                    "„kwota dokumentu”)."
                ),
                violation_error_code="invoice_grant_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return self.number
