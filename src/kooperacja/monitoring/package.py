"""The officer's package dashboard and the effects of a package: read from commissioning, delivery and catalog.

Money per lot: planned = the lot's budget; awarded = the lot's amounts in signed contracts; paid = tranches
paid, split over the contract's lots in proportion to their amounts (tranches are per contract); accounted =
grant expenditure of accepted reports booked on cost rows of that lot.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.catalog.models import ComplianceCheck
from kooperacja.commissioning import legal
from kooperacja.commissioning.enums import ContractState, ReportState
from kooperacja.commissioning.models import (
    Call,
    Contract,
    Lot,
    OfferIndicator,
    Report,
    ReportExpense,
    ReportIndicator,
    ServicePackage,
)
from kooperacja.core.charts import Moment
from kooperacja.delivery import selectors as delivery_selectors

from . import esf
from . import suppression as sup
from .formatting import percent

ZERO = Decimal("0.00")
SIGNED = (
    ContractState.SIGNED,
    ContractState.IN_DELIVERY,
    ContractState.REPORTING,
    ContractState.SETTLED,
    ContractState.RETURN_DEMANDED,
)


@dataclass
class Measure:
    """One indicator of a lot: target and achieved in the SAME unit."""

    name: str
    unit: str
    target: Decimal | int | None
    achieved: Decimal | int | None
    source: str
    people: bool = False
    cell: sup.Cell | None = None  # the suppressed cell of the lot's column (set by the dashboard)

    @property
    def percent(self) -> Decimal | None:
        if self.target in (None, 0) or self.achieved is None:
            return None
        return percent(self.achieved, self.target)

    @property
    def achieved_cell(self) -> sup.Cell:
        if self.cell is not None:
            return self.cell
        if self.people and self.achieved is not None:
            return sup.people(int(self.achieved))
        return sup.Cell(self.achieved)


@dataclass
class LotView:
    lot: Lot
    planned: Decimal
    awarded: Decimal = ZERO
    paid: Decimal = ZERO
    accounted: Decimal = ZERO
    measures: list[Measure] = field(default_factory=list)
    participants: int = 0
    service_hours: Decimal = ZERO
    person_hours: Decimal = ZERO
    attendance_rate: Decimal = ZERO
    sessions: int = 0
    compliance_met: int = 0
    compliance_total: int = 0
    compliance_failed: list[str] = field(default_factory=list)
    services: list[Any] = field(default_factory=list)
    participants_cell: sup.Cell = field(default_factory=lambda: sup.Cell(None, suppressed=True))

    @property
    def cost_per_participant(self) -> Decimal | None:
        if self.participants_cell.suppressed or not self.awarded:
            return None  # not shown for suppressed counts (it would give the count back)
        return (self.awarded / self.participants).quantize(Decimal("0.01"))

    @property
    def cost_per_hour(self) -> Decimal | None:
        if not self.service_hours or not self.awarded:
            return None
        return (self.awarded / self.service_hours).quantize(Decimal("0.01"))

    def share(self, value: Decimal) -> int:
        return int(value * 100 / self.planned) if self.planned else 0


@dataclass
class ReportRow:
    report: Report
    contract: Contract
    late: bool
    due: bool


@dataclass
class PackageDashboard:
    package: ServicePackage
    today: date
    calls: list[Call]
    contracts: list[Contract]
    lots: list[LotView]
    moments: list[Moment]
    reports: list[ReportRow]
    totals: dict[str, Decimal]
    esf_report: esf.EsfReport | None = None  # ESF+ participant indicators of the package (Annex I)

    @property
    def reports_late(self) -> list[ReportRow]:
        return [r for r in self.reports if r.late]

    @property
    def reports_due(self) -> list[ReportRow]:
        return [r for r in self.reports if r.due]

    @property
    def participants_total(self) -> sup.Cell:
        return sup.total([lv.participants for lv in self.lots], [lv.participants_cell for lv in self.lots])


def _report_state(report: Report, today: date) -> tuple[bool, bool]:
    submitted = report.submitted_at and timezone.localtime(report.submitted_at).date()
    late = (submitted and submitted > report.due_date) or (not submitted and report.due_date < today)
    due = not submitted and report.due_date >= today
    return bool(late), bool(due)


def package_dashboard(package: ServicePackage, *, today: date | None = None) -> PackageDashboard:
    today = today or timezone.localdate()
    lots = list(Lot.objects.filter(package=package).prefetch_related("services__provider").order_by("number"))
    calls = list(
        Call.objects.filter(package=package).select_related("authority").prefetch_related("publications").order_by("id")
    )
    contracts = list(
        Contract.objects.filter(call__package=package)
        .select_related("contractor", "call")
        .prefetch_related(
            "tranches", Prefetch("reports", queryset=Report.objects.order_by("due_date")), "contract_lots"
        )
        .order_by("start_date", "id")
    )
    views = {lot.pk: LotView(lot=lot, planned=lot.budget) for lot in lots}
    moments: list[Moment] = []
    reports: list[ReportRow] = []
    for call in calls:
        pubs = sorted(p.published_on for p in call.publications.all())
        if call.published_at:
            moments.append(
                Moment(timezone.localtime(call.published_at).date(), _("Ogłoszenie: %s") % call.title, "call")
            )
        elif pubs:
            moments.append(Moment(pubs[0], _("Ogłoszenie: %s") % call.title, "call"))
        if call.offer_deadline:
            day = timezone.localtime(call.offer_deadline).date()
            moments.append(Moment(day, _("Termin składania ofert"), "call", future=day > today))
        if call.decided_at:
            moments.append(
                Moment(timezone.localtime(call.decided_at).date(), _("Rozstrzygnięcie konkursu"), "decision")
            )
        if call.results_published_at:
            moments.append(
                Moment(timezone.localtime(call.results_published_at).date(), _("Publikacja wyników"), "decision")
            )
    for contract in contracts:
        signed = contract.state in SIGNED
        if contract.signed_on:
            moments.append(
                Moment(contract.signed_on, _("Umowa %s z: %s") % (contract.number, contract.contractor), "contract")
            )
        paid_total = ZERO
        for t in contract.tranches.all():
            if t.paid_on:
                paid_total += t.amount
            moments.append(
                Moment(
                    t.paid_on or t.due_date,
                    (_("Transza %(n)d przekazana") if t.paid_on else _("Transza %(n)d – termin")) % {"n": t.number},
                    "tranche",
                    late=not t.paid_on and t.due_date < today,
                    future=not t.paid_on and t.due_date >= today,
                )
            )
        for r in contract.reports.all():
            late, due = _report_state(r, today)
            reports.append(ReportRow(r, contract, late, due))
            day = timezone.localtime(r.submitted_at).date() if r.submitted_at else r.due_date
            label = (_("Złożono: %s") if r.submitted_at else _("Termin: %s")) % r.get_kind_display()
            moments.append(Moment(day, label, "report", late=late, future=due))
        if contract.settled_at:
            moments.append(Moment(timezone.localtime(contract.settled_at).date(), _("Rozliczenie umowy"), "settlement"))
        elif signed:
            final_due = contract.end_date + timedelta(days=legal.FINAL_REPORT_DAYS.value)
            moments.append(
                Moment(
                    final_due, _("Sprawozdanie końcowe – termin (art. 18 OPP)"), "settlement", future=final_due >= today
                )
            )
        if signed:
            for cl in contract.contract_lots.all():
                if cl.lot_id in views:
                    views[cl.lot_id].awarded += cl.amount
                    if contract.amount:
                        views[cl.lot_id].paid += (paid_total * cl.amount / contract.amount).quantize(Decimal("0.01"))
    for lot_id, amount in (
        ReportExpense.objects.filter(
            report__contract__call__package=package, report__state=ReportState.ACCEPTED, budget_row__lot__isnull=False
        )
        .values_list("budget_row__lot_id")
        .annotate(s=Sum("from_grant"))
        .order_by()
    ):
        if lot_id in views:
            views[lot_id].accounted = amount or ZERO
    _measures(package, views, contracts, today)
    # small numbers: the same suppressed cell everywhere the lot's participants appear (primary + secondary)
    raw = [v.participants for v in views.values()]
    for v, cell in zip(views.values(), sup.secondary([sup.people(n) for n in raw], raw), strict=True):
        v.participants_cell = cell
        for m in v.measures:
            if m.people:
                m.cell = cell
    moments.sort(key=lambda m: (m.day, m.kind))
    lv = list(views.values())
    totals = {k: sum((getattr(v, k) for v in lv), ZERO) for k in ("planned", "awarded", "paid", "accounted")}
    start, end = period_of(package, today)
    return PackageDashboard(
        package,
        today,
        calls,
        contracts,
        lv,
        moments,
        reports,
        totals,
        esf.package_participants(package, start=start, end=end),
    )


def period_of(package: ServicePackage, today: date) -> tuple[date, date]:
    """The period the dashboard measures delivery in: the package's year, up to today."""
    return date(package.year, 1, 1), min(date(package.year, 12, 31), today)


def _measures(package: ServicePackage, views: dict[int, LotView], contracts: list[Contract], today: date) -> None:
    start, end = period_of(package, today)
    # the latest reported value of every contract indicator of the lots (accepted or submitted reports)
    achieved: dict[int, Decimal] = {}
    for ri in (
        ReportIndicator.objects.filter(
            report__contract__in=contracts, report__state__in=[ReportState.ACCEPTED, ReportState.SUBMITTED]
        )
        .order_by("report__period_end", "id")
        .values_list("indicator_id", "achieved")
    ):
        achieved[ri[0]] = ri[1]
    offer_ids = [c.offer_id for c in contracts if c.state in SIGNED]
    indicators = defaultdict(list)
    for ind in OfferIndicator.objects.filter(offer_id__in=offer_ids, lot__isnull=False).order_by("id"):
        indicators[ind.lot_id].append(ind)
    checks = defaultdict(list)
    for check in ComplianceCheck.objects.filter(service__commissioning_lots__package=package).select_related(
        "requirement"
    ):
        checks[check.service_id].append(check)
    for view in views.values():
        lot = view.lot
        outcome = delivery_selectors.lot_outcomes(lot, start, end)
        view.services = outcome.services
        view.participants = outcome.participants
        view.service_hours = outcome.service_hours
        view.person_hours = outcome.hours
        view.sessions = outcome.sessions
        view.attendance_rate = outcome.attendance_rate
        view.measures.append(
            Measure(
                _("Uczestnicy"),
                _("osób"),
                lot.planned_participants,
                outcome.participants,
                _("zapisy na usługi części"),
                people=True,
            )
        )
        view.measures.append(
            Measure(
                _("Godziny usługi (zajęć)"),
                _("godz."),
                lot.planned_hours,
                outcome.service_hours,
                _("czas trwania odbytych zajęć"),
            )
        )
        reported_names = set()
        for ind in indicators.get(lot.pk, []):
            reported_names.add(ind.name)
            view.measures.append(
                Measure(ind.name, ind.unit, ind.planned_level, achieved.get(ind.pk), _("sprawozdanie z umowy"))
            )
        for item in lot.indicators or []:
            if item.get("name") in reported_names:
                continue
            view.measures.append(
                Measure(
                    str(item.get("name", "")),
                    str(item.get("unit", "")),
                    item.get("target"),
                    None,
                    _("plan części (brak sprawozdania)"),
                )
            )
        for svc in view.services:
            for check in checks.get(svc.pk, []):
                view.compliance_total += 1
                if check.is_met:
                    view.compliance_met += 1
                else:
                    view.compliance_failed.append(f"{svc.name}: {check.requirement}")
