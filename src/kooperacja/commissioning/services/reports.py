"""Reports on a contract: demanded, saved, submitted and reviewed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core.actors import Actor, require

from .. import legal, selectors
from ..enums import (
    ContractState,
    ReportKind,
)
from ..events import CommissioningEvent as E
from ..events import event
from ..models import (
    Contract,
    Invoice,
    Offer,
    Report,
    ReportExpense,
    ReportIndicator,
)
from ..workflows import CONTRACT, CONTRACT_IN_FORCE_STATES, REPORT
from .calculations import ZERO, money
from .common import _lock, _person


def report_demand(*, actor: Actor, contract: Contract, period_start: date, period_end: date, due_date: date) -> Report:
    """The authority demands a partial report, due at least 30 days after the demand (art. 18 ust. 2 OPP)."""
    require(actor, "commissioning.manage_contract", contract)
    minimum = timezone.localdate() + timedelta(days=legal.PARTIAL_REPORT_MIN_DAYS.value)
    if due_date < minimum:
        raise ValidationError(f"{legal.PARTIAL_REPORT_MIN_DAYS.text} ({legal.PARTIAL_REPORT_MIN_DAYS.basis})")
    contract = Contract.objects.get(pk=contract.pk)
    if contract.state not in CONTRACT_IN_FORCE_STATES:
        raise ValidationError(_("Sprawozdanie częściowe dotyczy umowy w realizacji."))
    with transaction.atomic():
        report = Report(
            contract=contract,
            kind=ReportKind.PARTIAL,
            period_start=period_start,
            period_end=period_end,
            due_date=due_date,
        )
        report.full_clean()
        report.save()
        event(actor=actor, verb=E.REPORT_DEMANDED, target=contract, data={"report": report.pk})
    return report


@dataclass
class ExpenseLine:
    budget_row_id: int
    from_grant: Decimal = ZERO
    from_other: Decimal = ZERO
    own_financial: Decimal = ZERO
    personal: Decimal = ZERO
    in_kind: Decimal = ZERO


@dataclass
class InvoiceLine:
    budget_row_id: int
    number: str
    issuer: str
    issue_date: date
    amount: Decimal
    from_grant: Decimal


def _write_indicators(report: Report, offer: Offer, indicators: dict[int, Decimal]) -> None:
    valid = set(offer.indicators.values_list("pk", flat=True))
    report.indicator_values.all().delete()
    for ind_id, achieved in indicators.items():
        if ind_id not in valid:
            raise ValidationError(_("Nieznany rezultat."))
        ReportIndicator.objects.create(report=report, indicator_id=ind_id, achieved=achieved)


def _write_expenses(report: Report, offer: Offer, expenses: Sequence[ExpenseLine]) -> None:
    """The expenses per cost row; the grant part may not exceed the row's plan, counted up to this report."""
    rows = {r.pk: r for r in offer.budget_rows.all()}
    report.expenses.all().delete()
    for e in expenses:
        if e.budget_row_id not in rows:
            raise ValidationError(_("Nieznana pozycja kosztorysu."))
        ReportExpense.objects.create(
            report=report,
            budget_row_id=e.budget_row_id,
            from_grant=money(e.from_grant),
            from_other=money(e.from_other),
            own_financial=money(e.own_financial),
            personal=money(e.personal),
            in_kind=money(e.in_kind),
        )
    over = [t for t in selectors.running_totals(report.contract, upto=report) if t["grant_left"] < 0]
    if over:
        raise ValidationError(
            _("Wydatki z dotacji przekraczają kosztorys w pozycji: %(rows)s.")
            % {"rows": ", ".join(t["row"].name for t in over)}
        )


def _write_invoices(report: Report, invoices: Sequence[InvoiceLine]) -> None:
    report.invoices.all().delete()
    for inv in invoices:
        if inv.from_grant > inv.amount:
            raise ValidationError(_("Część z dotacji nie może przekraczać kwoty dokumentu %(n)s.") % {"n": inv.number})
        Invoice.objects.create(
            report=report,
            budget_row_id=inv.budget_row_id,
            number=inv.number,
            issuer=inv.issuer,
            issue_date=inv.issue_date,
            amount=money(inv.amount),
            from_grant=money(inv.from_grant),
        )


def report_save(
    *,
    actor: Actor,
    report: Report,
    actions_done: str,
    indicators: dict[int, Decimal] | None = None,
    expenses: Sequence[ExpenseLine] | None = None,
    invoices: Sequence[InvoiceLine] | None = None,
    other_info: str = "",
) -> Report:
    """The contractor's draft (or corrected) report; the lines given replace the saved ones, all or nothing."""
    require(actor, "commissioning.report_contract", report.contract)
    with transaction.atomic():
        report = _lock(Report, report.pk)
        if not REPORT.can(report, "submit"):
            raise ValidationError(_("Złożonego sprawozdania nie można zmieniać."))
        offer = report.contract.offer
        report.actions_done = actions_done
        report.other_info = other_info
        report.save()
        if indicators is not None:
            _write_indicators(report, offer, indicators)
        if expenses is not None:
            _write_expenses(report, offer, expenses)
        if invoices is not None:
            _write_invoices(report, invoices)
        event(actor=actor, verb=E.REPORT_SAVED, target=report.contract, data={"report": report.pk})
    return report


def report_submit(*, actor: Actor, report: Report) -> Report:
    require(actor, "commissioning.report_contract", report.contract)
    with transaction.atomic():
        report = _lock(Report, report.pk)
        if not report.actions_done.strip():
            raise ValidationError(_("Opisz wykonane działania."))
        REPORT.apply(report, "submit")
        report.submitted_at = timezone.now()
        report.save()
        contract = _lock(Contract, report.contract_id)
        if report.kind == ReportKind.FINAL and contract.state == ContractState.IN_DELIVERY:
            CONTRACT.apply(contract, "start_reporting", actor=actor)
            contract.save()
        event(actor=actor, verb=E.REPORT_SUBMITTED, target=contract, data={"report": report.pk})
    return report


def report_review(
    *,
    actor: Actor,
    report: Report,
    decision: str,
    note: str = "",
    corrections_due: date | None = None,
    return_amount: Decimal | None = None,
) -> Report:
    """Accept / request corrections / demand return of the grant (art. 18 and art. 251 ufp)."""
    require(actor, "commissioning.manage_contract", report.contract)
    with transaction.atomic():
        report = _lock(Report, report.pk)
        contract = _lock(Contract, report.contract_id)
        if decision == "accept":
            REPORT.apply(report, "accept")
        elif decision == "corrections":
            if corrections_due is None or corrections_due <= timezone.localdate():
                raise ValidationError(_("Podaj przyszły termin poprawek."))
            REPORT.apply(report, "request_corrections")
            report.corrections_due = corrections_due
        elif decision == "return":
            if not return_amount or return_amount <= 0:
                raise ValidationError(_("Podaj kwotę dotacji do zwrotu."))
            REPORT.apply(report, "demand_return")
            report.return_amount = money(return_amount)
            if contract.state == ContractState.REPORTING:
                CONTRACT.apply(contract, "demand_return", actor=actor)
                contract.return_amount = report.return_amount
                contract.save()
        else:
            raise ValidationError(_("Nieznana decyzja."))
        report.review_note = note
        report.reviewed_at = timezone.now()
        report.reviewed_by = _person(actor)
        report.save()
        event(
            actor=actor,
            verb=E.REPORT_REVIEWED,
            target=contract,
            data={"report": report.pk, "decision": decision},
        )
    return report
