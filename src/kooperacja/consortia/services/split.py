"""Writes of the split of a won contract among members: plan versions, approval by resolution, delivery reports,
feeding the contract report (the reads are in consortia.selectors).

Invariant: every plan version sums EXACTLY (to the grosz) to the contract amount and, when the contract has lots,
every lot's allocations sum exactly to that lot's amount. A version takes effect only when an adopted resolution
approves it; a change is a new version approved the same way (the previous one becomes superseded).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.commissioning.models import Contract, ContractLot
from kooperacja.core.actors import Actor, require
from kooperacja.core.pdf import format_pln

from .. import workflows
from ..access import person_of
from ..enums import MemberStatus, PlanStatus
from ..events import SplitEvent, event
from ..models import Allocation, AllocationPlan, Consortium, ConsortiumMember, DeliveryReport, Resolution
from ..selectors import approved_plan, assembled_actions, contract_reports_to_feed, offer_deviations, plan_status
from .expenses import ExpenseEntry, contract_report_lines, expenses_total, write_expenses

GROSZ = Decimal("0.01")
ZERO = Decimal("0.00")


@dataclass
class AllocationRow:
    member: ConsortiumMember
    task: str
    amount: Decimal
    starts_on: dt.date
    ends_on: dt.date
    report_due: dt.date
    contract_lot: ContractLot | None = None


def money(value: Any) -> Decimal:
    amount = Decimal(value)
    if amount != amount.quantize(GROSZ):
        raise ValidationError(_("Kwoty podaje się z dokładnością do grosza."))
    return amount.quantize(GROSZ)


def check_contract_for(consortium: Consortium, contract: Contract) -> None:
    """The contract was won by the consortium: its contractor is the consortium's lead."""
    if contract.contractor_id != consortium.lead_id:
        raise ValidationError(_("Umowę zawarł inny zleceniobiorca niż lider konsorcjum."))


def validate_rows(consortium: Consortium, contract: Contract, rows: list[AllocationRow]) -> None:
    """Raise ValidationError (with every problem) unless the rows split the contract exactly."""
    problems: list[str] = []
    if not rows:
        raise ValidationError(_("Podział musi mieć co najmniej jeden przydział."))
    lots = {cl.pk: cl for cl in ContractLot.objects.filter(contract=contract).select_related("lot")}
    for i, row in enumerate(rows, start=1):
        try:
            row.amount = money(row.amount)
        except (ArithmeticError, ValueError, TypeError):
            problems.append(_("Wiersz %(n)s: nieprawidłowa kwota.") % {"n": i})
            continue
        except ValidationError as exc:
            problems.extend(f"{_('Wiersz')} {i}: {m}" for m in exc.messages)
            continue
        if row.amount < 0:
            problems.append(_("Wiersz %(n)s: kwota nie może być ujemna.") % {"n": i})
        if row.member.consortium_id != consortium.pk or row.member.status != MemberStatus.ACTIVE:
            problems.append(_("Wiersz %(n)s: %(m)s nie jest aktywnym członkiem.") % {"n": i, "m": row.member})
        if row.starts_on > row.ends_on:
            problems.append(_("Wiersz %(n)s: początek po końcu.") % {"n": i})
        if row.starts_on < contract.start_date or row.ends_on > contract.end_date:
            problems.append(_("Wiersz %(n)s: terminy poza okresem realizacji umowy.") % {"n": i})
        if not row.task.strip():
            problems.append(_("Wiersz %(n)s: opisz zadanie.") % {"n": i})
        if lots and (row.contract_lot is None or row.contract_lot.pk not in lots):
            problems.append(_("Wiersz %(n)s: wskaż część umowy.") % {"n": i})
    if problems:
        raise ValidationError(problems)
    total = sum((r.amount for r in rows), ZERO)
    if total != contract.amount:
        problems.append(
            _("Suma podziału %(sum)s różni się od kwoty umowy %(amount)s o %(diff)s.")
            % {
                "sum": format_pln(total),
                "amount": format_pln(contract.amount),
                "diff": format_pln(contract.amount - total),
            }
        )
    if lots:
        per_lot: dict[int, Decimal] = defaultdict(lambda: ZERO)
        for r in rows:
            assert r.contract_lot is not None
            per_lot[r.contract_lot.pk] += r.amount
        for pk, cl in lots.items():
            if per_lot[pk] != cl.amount:
                problems.append(
                    _("Część „%(lot)s”: podzielono %(sum)s z %(amount)s.")
                    % {"lot": cl.lot, "sum": format_pln(per_lot[pk]), "amount": format_pln(cl.amount)}
                )
    if problems:
        raise ValidationError(problems)


def deviations_from_offer(contract: Contract, rows: list[AllocationRow]) -> list[str]:
    """The sentences saying where the rows depart from the offer's who-does-what and budget (empty: they follow it)."""
    return offer_deviations(
        contract,
        [
            (
                r.member.organisation_id,
                r.member.organisation.name,
                r.contract_lot.pk if r.contract_lot else None,
                r.amount,
            )
            for r in rows
        ],
    )


def plan_create(
    *,
    actor: Actor,
    consortium: Consortium,
    contract: Contract,
    rows: Iterable[AllocationRow],
    note: str = "",
    deviation_reason: str = "",
) -> AllocationPlan:
    """A new version of the split (a draft); it takes effect only after a resolution approves it.

    The split follows the contract's offer (who does what, for how much: `selectors.offer_shares`); a version that
    departs from it needs `deviation_reason`. The departures and the reason are kept with the version and shown in
    the approving resolution and its PDF."""
    require(actor, "consortia.manage_consortium", consortium)
    rows = list(rows)
    check_contract_for(consortium, contract)
    validate_rows(consortium, contract, rows)
    deviations = deviations_from_offer(contract, rows)
    deviation_reason = deviation_reason.strip()
    if deviations and not deviation_reason:
        raise ValidationError(
            {
                "deviation_reason": _(
                    "Podział odbiega od oferty wspólnej (%(list)s) – podaj uzasadnienie odstępstw; zostanie ono "
                    "zapisane w uchwale zatwierdzającej podział."
                )
                % {"list": " ".join(deviations)}
            }
        )
    if not deviations:
        deviation_reason = ""
    with transaction.atomic():
        Contract.objects.select_for_update().get(pk=contract.pk)
        last = AllocationPlan.objects.filter(contract=contract).order_by("-version").first()
        if AllocationPlan.objects.filter(contract=contract, status=PlanStatus.PROPOSED).exists():
            raise ValidationError(_("Poprzednia wersja czeka na uchwałę – rozstrzygnij ją najpierw."))
        plan = AllocationPlan.objects.create(
            consortium=consortium,
            contract=contract,
            version=(last.version + 1) if last else 1,
            note=note,
            offer_deviations=deviations,
            deviation_reason=deviation_reason,
            total=sum((r.amount for r in rows), ZERO),
            created_by=person_of(actor),
        )
        Allocation.objects.bulk_create(
            Allocation(
                plan=plan,
                member=r.member,
                contract_lot=r.contract_lot,
                task=r.task.strip(),
                amount=r.amount,
                starts_on=r.starts_on,
                ends_on=r.ends_on,
                report_due=r.report_due,
            )
            for r in rows
        )
        event(
            actor=actor,
            verb=SplitEvent.VERSION_CREATED,
            target=plan,
            data={
                "contract": contract.pk,
                "version": plan.version,
                "total": str(plan.total),
                "follows_offer": not deviations,
            },
        )
    return plan


def plan_propose_for_vote(*, plan: AllocationPlan) -> AllocationPlan:
    """Called when the approving resolution's vote opens (inside its transaction)."""
    plan = AllocationPlan.objects.select_for_update().get(pk=plan.pk)
    workflows.PLAN.transition(plan.status, "propose")
    _recheck_sum(plan)
    workflows.PLAN.apply(plan, "propose")
    plan.save(update_fields=["status", "updated_at"])
    return plan


def _recheck_sum(plan: AllocationPlan) -> None:
    total = plan.allocations.aggregate(s=Sum("amount"))["s"] or ZERO
    if total != plan.contract.amount or total != plan.total:
        raise ValidationError(_("Podział nie sumuje się do kwoty umowy (umowa mogła zostać zmieniona aneksem)."))


def plan_approve(*, plan: AllocationPlan, resolution: Resolution) -> AllocationPlan:
    """Called only by resolution_close for an adopted resolution."""
    plan = AllocationPlan.objects.select_for_update().select_related("contract").get(pk=plan.pk)
    workflows.PLAN.transition(plan.status, "approve")
    _recheck_sum(plan)
    for previous in AllocationPlan.objects.select_for_update().filter(
        contract=plan.contract, status=PlanStatus.APPROVED
    ):
        workflows.PLAN.apply(previous, "supersede")
        previous.save(update_fields=["status", "updated_at"])
    workflows.PLAN.apply(plan, "approve")
    plan.approved_by = resolution
    plan.approved_at = timezone.now()
    plan.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    return plan


def plan_reject(*, plan: AllocationPlan) -> AllocationPlan:
    plan = AllocationPlan.objects.select_for_update().get(pk=plan.pk)
    workflows.PLAN.apply(plan, "reject")
    plan.save(update_fields=["status", "updated_at"])
    return plan


# ------------------------------------------------------------------ delivery reports


def delivery_report_submit(
    *,
    actor: Actor,
    allocation: Allocation,
    period_start: dt.date,
    period_end: dt.date,
    delivered: str,
    costs: Decimal,
    people_reached: int = 0,
    progress_percent: int = 0,
    expenses: Sequence[ExpenseEntry] | None = None,
) -> DeliveryReport:
    """A member reports delivery and costs for one of its allocations (of the approved version).

    `expenses`: the accounting documents per cost row of the member's part (`services.expenses.write_expenses`
    checks them against the split per row); given, the report's costs are their sum."""
    require(actor, "consortia.report_delivery", allocation)
    if allocation.plan.status != PlanStatus.APPROVED:
        raise ValidationError(_("Sprawozdanie składa się do zatwierdzonego podziału."))
    if period_start > period_end:
        raise ValidationError(_("Początek okresu jest po jego końcu."))
    if not delivered.strip():
        raise ValidationError(_("Opisz, co zrealizowano."))
    if expenses:
        costs = expenses_total(expenses)
    costs = money(costs)
    with transaction.atomic():
        report = DeliveryReport(
            allocation=allocation,
            period_start=period_start,
            period_end=period_end,
            delivered=delivered,
            costs=costs,
            people_reached=people_reached,
            progress_percent=progress_percent,
            submitted_by=person_of(actor),
        )
        report.full_clean()
        report.save()
        if expenses:
            write_expenses(report, expenses)
        event(
            actor=actor,
            verb=SplitEvent.DELIVERY_REPORTED,
            target=allocation.plan,
            data={
                "allocation": allocation.pk,
                "report": report.pk,
                "costs": str(costs),
                "documents": len(expenses or []),
            },
        )
    return report


def delivery_report_review(*, actor: Actor, report: DeliveryReport, accept: bool, note: str = "") -> DeliveryReport:
    consortium = report.allocation.plan.consortium
    require(actor, "consortia.manage_consortium", consortium)
    with transaction.atomic():
        report = DeliveryReport.objects.select_for_update().get(pk=report.pk)
        workflows.REPORT.transition(report.status, "accept" if accept else "return")
        if not accept and not note.strip():
            raise ValidationError(_("Napisz, co trzeba poprawić."))
        workflows.REPORT.apply(report, "accept" if accept else "return", actor=actor, reason=note)
        report.reviewed_by = person_of(actor)
        report.review_note = note
        report.save(update_fields=["status", "reviewed_by", "review_note", "updated_at"])
        event(
            actor=actor,
            verb=SplitEvent.DELIVERY_REVIEWED,
            target=report.allocation.plan,
            data={"report": report.pk, "accepted": accept},
        )
    return report


def delivery_report_resubmit(
    *,
    actor: Actor,
    report: DeliveryReport,
    delivered: str,
    costs: Decimal,
    people_reached: int,
    progress_percent: int,
    expenses: Sequence[ExpenseEntry] | None = None,
) -> DeliveryReport:
    """The corrected report; `expenses` given replace its documents (and give its costs), else they stay."""
    require(actor, "consortia.report_delivery", report.allocation)
    if expenses:
        costs = expenses_total(expenses)
    with transaction.atomic():
        report = DeliveryReport.objects.select_for_update().get(pk=report.pk)
        workflows.REPORT.transition(report.status, "resubmit")
        report.delivered, report.costs = delivered, money(costs)
        report.people_reached, report.progress_percent = people_reached, progress_percent
        workflows.REPORT.apply(report, "resubmit", actor=actor)
        report.full_clean()
        report.save()
        if expenses:
            write_expenses(report, expenses)
        event(
            actor=actor, verb=SplitEvent.DELIVERY_RESUBMITTED, target=report.allocation.plan, data={"report": report.pk}
        )
    return report


# ------------------------------------------------------------------ feeding the contract report (commissioning)


def consortium_report_feed(*, actor: Actor, consortium: Consortium, contract: Contract, report: Any) -> Any:
    """Write the assembled members' input into the contract's report through commissioning's own service."""
    from kooperacja.commissioning import services as commissioning_services

    require(actor, "consortia.manage_consortium", consortium)
    check_contract_for(consortium, contract)
    if report.contract_id != contract.pk or not contract_reports_to_feed(contract).filter(pk=report.pk).exists():
        raise ValidationError(_("To sprawozdanie nie czeka na uzupełnienie."))
    plan = approved_plan(contract)
    if plan is None:
        raise ValidationError(_("Brak zatwierdzonego podziału umowy."))
    actions, costs = assembled_actions(plan_status(plan), report.period_start, report.period_end)
    if not actions:
        raise ValidationError(_("Członkowie nie złożyli sprawozdań za ten okres."))
    # The accepted members' documents dated in the period give the report's expenses per cost row and its list of
    # documents; without any, the lines the contractor may have typed stay as they are.
    expense_lines, invoice_lines = contract_report_lines(plan, report.period_start, report.period_end)
    with transaction.atomic():
        report = commissioning_services.report_save(
            actor=actor,
            report=report,
            actions_done=actions,
            other_info=costs,
            expenses=expense_lines or None,
            invoices=invoice_lines or None,
        )
        event(
            actor=actor,
            verb=SplitEvent.CONTRACT_REPORT_FED,
            target=plan,
            data={"report": report.pk, "rows": len(expense_lines), "documents": len(invoice_lines)},
        )
    return report
