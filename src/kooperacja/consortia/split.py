"""The split of a won contract among members: plan versions, approval by resolution, delivery reports, assembly.

Invariant: every plan version sums EXACTLY (to the grosz) to the contract amount and, when the contract has lots,
every lot's allocations sum exactly to that lot's amount. A version takes effect only when an adopted resolution
approves it; a change is a new version approved the same way (the previous one becomes superseded).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.commissioning.models import Contract, ContractLot
from kooperacja.core.audit import record_event

from . import workflows
from .enums import MemberStatus, PlanStatus, ReportStatus
from .models import Allocation, AllocationPlan, Consortium, ConsortiumMember, DeliveryReport

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
            _("Suma podziału %(sum)s zł różni się od kwoty umowy %(amount)s zł o %(diff)s zł.")
            % {"sum": total, "amount": contract.amount, "diff": contract.amount - total}
        )
    if lots:
        per_lot: dict[int, Decimal] = defaultdict(lambda: ZERO)
        for r in rows:
            assert r.contract_lot is not None
            per_lot[r.contract_lot.pk] += r.amount
        for pk, cl in lots.items():
            if per_lot[pk] != cl.amount:
                problems.append(
                    _("Część „%(lot)s”: podzielono %(sum)s zł z %(amount)s zł.")
                    % {"lot": cl.lot, "sum": per_lot[pk], "amount": cl.amount}
                )
    if problems:
        raise ValidationError(problems)


def plan_create(
    *, actor: Any, consortium: Consortium, contract: Contract, rows: Iterable[AllocationRow], note: str = ""
) -> AllocationPlan:
    """A new version of the split (a draft); it takes effect only after a resolution approves it."""
    if not actor.has_perm("consortia.manage_consortium", consortium):
        raise PermissionDenied
    rows = list(rows)
    check_contract_for(consortium, contract)
    validate_rows(consortium, contract, rows)
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
            total=sum((r.amount for r in rows), ZERO),
            created_by=actor,
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
        record_event(
            actor=actor,
            verb="split.version_created",
            target=plan,
            data={"contract": contract.pk, "version": plan.version, "total": str(plan.total)},
        )
    return plan


def plan_propose_for_vote(*, plan: AllocationPlan) -> AllocationPlan:
    """Called when the approving resolution's vote opens (inside its transaction)."""
    plan = AllocationPlan.objects.select_for_update().get(pk=plan.pk)
    workflows.check(workflows.PLAN, plan.status, PlanStatus.PROPOSED)
    _recheck_sum(plan)
    plan.status = PlanStatus.PROPOSED
    plan.save(update_fields=["status", "updated_at"])
    return plan


def _recheck_sum(plan: AllocationPlan) -> None:
    total = plan.allocations.aggregate(s=Sum("amount"))["s"] or ZERO
    if total != plan.contract.amount or total != plan.total:
        raise ValidationError(_("Podział nie sumuje się do kwoty umowy (umowa mogła zostać zmieniona aneksem)."))


def plan_approve(*, plan: AllocationPlan, resolution: Any) -> AllocationPlan:
    """Called only by resolution_close for an adopted resolution."""
    plan = AllocationPlan.objects.select_for_update().select_related("contract").get(pk=plan.pk)
    workflows.check(workflows.PLAN, plan.status, PlanStatus.APPROVED)
    _recheck_sum(plan)
    AllocationPlan.objects.filter(contract=plan.contract, status=PlanStatus.APPROVED).update(
        status=PlanStatus.SUPERSEDED
    )
    plan.status = PlanStatus.APPROVED
    plan.approved_by = resolution
    plan.approved_at = timezone.now()
    plan.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
    return plan


def plan_reject(*, plan: AllocationPlan) -> AllocationPlan:
    plan = AllocationPlan.objects.select_for_update().get(pk=plan.pk)
    workflows.check(workflows.PLAN, plan.status, PlanStatus.REJECTED)
    plan.status = PlanStatus.REJECTED
    plan.save(update_fields=["status", "updated_at"])
    return plan


# ------------------------------------------------------------------ delivery reports


def delivery_report_submit(
    *,
    actor: Any,
    allocation: Allocation,
    period_start: dt.date,
    period_end: dt.date,
    delivered: str,
    costs: Decimal,
    people_reached: int = 0,
    progress_percent: int = 0,
) -> DeliveryReport:
    """A member reports delivery and costs for one of its allocations (of the approved version)."""
    if not actor.has_perm("consortia.report_delivery", allocation):
        raise PermissionDenied
    if allocation.plan.status != PlanStatus.APPROVED:
        raise ValidationError(_("Sprawozdanie składa się do zatwierdzonego podziału."))
    if period_start > period_end:
        raise ValidationError(_("Początek okresu jest po jego końcu."))
    if not delivered.strip():
        raise ValidationError(_("Opisz, co zrealizowano."))
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
            submitted_by=actor,
        )
        report.full_clean()
        report.save()
        record_event(
            actor=actor,
            verb="split.delivery_reported",
            target=allocation.plan,
            data={"allocation": allocation.pk, "report": report.pk, "costs": str(costs)},
        )
    return report


def delivery_report_review(*, actor: Any, report: DeliveryReport, accept: bool, note: str = "") -> DeliveryReport:
    consortium = report.allocation.plan.consortium
    if not actor.has_perm("consortia.manage_consortium", consortium):
        raise PermissionDenied
    target = ReportStatus.ACCEPTED if accept else ReportStatus.RETURNED
    with transaction.atomic():
        report = DeliveryReport.objects.select_for_update().get(pk=report.pk)
        workflows.check(workflows.REPORT, report.status, target)
        if not accept and not note.strip():
            raise ValidationError(_("Napisz, co trzeba poprawić."))
        report.status = target
        report.reviewed_by = actor
        report.review_note = note
        report.save(update_fields=["status", "reviewed_by", "review_note", "updated_at"])
        record_event(
            actor=actor,
            verb="split.delivery_reviewed",
            target=report.allocation.plan,
            data={"report": report.pk, "accepted": accept},
        )
    return report


def delivery_report_resubmit(
    *, actor: Any, report: DeliveryReport, delivered: str, costs: Decimal, people_reached: int, progress_percent: int
) -> DeliveryReport:
    if not actor.has_perm("consortia.report_delivery", report.allocation):
        raise PermissionDenied
    with transaction.atomic():
        report = DeliveryReport.objects.select_for_update().get(pk=report.pk)
        workflows.check(workflows.REPORT, report.status, ReportStatus.SUBMITTED)
        report.delivered, report.costs = delivered, money(costs)
        report.people_reached, report.progress_percent = people_reached, progress_percent
        report.status = ReportStatus.SUBMITTED
        report.full_clean()
        report.save()
        record_event(
            actor=actor, verb="split.delivery_resubmitted", target=report.allocation.plan, data={"report": report.pk}
        )
    return report


# ------------------------------------------------------------------ reads


def contracts_of(consortium: Consortium) -> QuerySet[Contract]:
    """Contracts won by the consortium (contractor = its lead)."""
    return (
        Contract.objects.filter(contractor_id=consortium.lead_id)
        .select_related("authority")
        .order_by("-start_date", "-id")
    )


def draft_plans_of(consortium: Consortium) -> QuerySet[AllocationPlan]:
    return AllocationPlan.objects.filter(consortium=consortium, status=PlanStatus.DRAFT).select_related("contract")


def approved_plan(contract: Contract) -> AllocationPlan | None:
    return (
        AllocationPlan.objects.filter(contract=contract, status=PlanStatus.APPROVED)
        .select_related("contract", "approved_by", "consortium")
        .first()
    )


def plan_allocations(plan: AllocationPlan) -> QuerySet[Allocation]:
    return plan.allocations.select_related("member__organisation", "contract_lot__lot").order_by(
        "member__organisation__name", "id"
    )


@dataclass
class AllocationStatus:
    allocation: Allocation
    reports: list[DeliveryReport] = field(default_factory=list)

    @property
    def spent(self) -> Decimal:
        return sum((r.costs for r in self.reports if r.status != ReportStatus.RETURNED), ZERO)

    @property
    def progress(self) -> int:
        valid = [r for r in self.reports if r.status != ReportStatus.RETURNED]
        return max((r.progress_percent for r in valid), default=0)

    @property
    def people(self) -> int:
        return sum(r.people_reached for r in self.reports if r.status != ReportStatus.RETURNED)

    def is_late(self, today: dt.date) -> bool:
        """The report to the office is overdue: the due date passed and nothing (valid) covers the allocation."""
        valid = [r for r in self.reports if r.status != ReportStatus.RETURNED]
        return self.allocation.report_due < today and not valid


@dataclass
class MemberSummary:
    member: ConsortiumMember
    allocated: Decimal = ZERO
    spent: Decimal = ZERO
    late: int = 0
    rows: list[AllocationStatus] = field(default_factory=list)

    @property
    def spent_percent(self) -> int:
        return int(self.spent * 100 / self.allocated) if self.allocated else 0


def plan_status(plan: AllocationPlan, today: dt.date | None = None) -> list[MemberSummary]:
    """Allocation vs delivery and spend per member, in a fixed number of queries."""
    today = today or timezone.localdate()
    allocations = list(plan_allocations(plan))
    reports = (
        DeliveryReport.objects.filter(allocation__plan__contract_id=plan.contract_id)
        .select_related("submitted_by")
        .order_by("period_start", "id")
    )
    by_key: dict[tuple[int, int | None, str], list[DeliveryReport]] = defaultdict(list)
    by_alloc: dict[int, list[DeliveryReport]] = defaultdict(list)
    for r in reports:
        by_alloc[r.allocation_id].append(r)
    # Reports given against an earlier version's allocation carry over to the same member, lot and task.
    earlier = {
        a.pk: (a.member_id, a.contract_lot_id, a.task)
        for a in Allocation.objects.filter(plan__contract_id=plan.contract_id).exclude(plan=plan)
    }
    for alloc_id, rs in by_alloc.items():
        if alloc_id in earlier:
            by_key[earlier[alloc_id]].extend(rs)
    summaries: dict[int, MemberSummary] = {}
    for a in allocations:
        s = summaries.setdefault(a.member_id, MemberSummary(member=a.member))
        st = AllocationStatus(a, by_alloc.get(a.pk, []) + by_key.get((a.member_id, a.contract_lot_id, a.task), []))
        s.rows.append(st)
        s.allocated += a.amount
        s.spent += st.spent
        s.late += int(st.is_late(today))
    return sorted(summaries.values(), key=lambda s: s.member.organisation.name)


def plans_visible_to(user: Any) -> QuerySet[AllocationPlan]:
    from kooperacja.accounts import roles
    from kooperacja.accounts.enums import Role

    from .selectors import insider_ids

    qs = AllocationPlan.objects.select_related("contract", "contract__authority", "consortium", "approved_by")
    ids = insider_ids(user)
    officer = roles.organisation_ids(user, Role.MUNICIPAL_OFFICER, verified_only=True)
    from django.db.models import Q

    return qs.filter(
        Q(consortium_id__in=ids) | Q(contract__authority_id__in=officer, status__in=["approved", "superseded"])
    )


def allocations_visible_to(user: Any) -> QuerySet[Allocation]:
    """Allocation detail: the office and the contract's authority see all; a member sees all allocations of
    its consortia when the agreement makes the split transparent, otherwise only its own (not the platform admin)."""
    from django.db.models import Q

    from kooperacja.accounts import roles
    from kooperacja.accounts.enums import Role

    from .access import access_of

    qs = Allocation.objects.select_related(
        "plan__contract", "plan__consortium", "member__organisation", "contract_lot__lot"
    )
    acc = access_of(user)
    officer = roles.organisation_ids(user, Role.MUNICIPAL_OFFICER, verified_only=True)
    own_members = [m.member_id for m in acc.members]
    cond = (
        Q(plan__consortium_id__in=acc.office)
        | Q(member_id__in=own_members)
        | Q(plan__consortium_id__in=acc.member_consortia, plan__consortium__allocation_transparency="all")
        | Q(plan__contract__authority_id__in=officer, plan__status__in=["approved", "superseded"])
    )
    return qs.filter(cond)


def sees_all_detail(user: Any, consortium: Consortium) -> bool:
    """Whether the user sees every member's allocation detail in this consortium (else only its own)."""
    from .access import access_of

    if consortium.pk in access_of(user).office:
        return True
    return consortium.allocation_transparency == "all" and consortium.pk in access_of(user).member_consortia


# ------------------------------------------------------------------ feeding the contract report (commissioning)


def assembled_actions(summaries: list[MemberSummary], start: dt.date, end: dt.date) -> tuple[str, str]:
    """The text of "what was done" and a cost summary for a period, built from members' reports (no retyping)."""
    from kooperacja.core.pdf import format_date, format_pln

    lines: list[str] = []
    costs: list[str] = []
    for s in summaries:
        spent = ZERO
        for row in s.rows:
            for r in row.reports:
                if r.status == ReportStatus.RETURNED or r.period_end < start or r.period_start > end:
                    continue
                spent += r.costs
                lines.append(
                    f"{s.member.organisation.name} – {row.allocation.task} "
                    f"({format_date(r.period_start)}–{format_date(r.period_end)}): {r.delivered.strip()} "
                    f"[{_('uczestnicy')}: {r.people_reached}]"
                )
        costs.append(f"{s.member.organisation.name}: {format_pln(spent)} / {format_pln(s.allocated)}")
    return "\n".join(lines), _("Koszty zgłoszone przez członków konsorcjum w okresie:") + "\n" + "\n".join(costs)


def contract_reports_to_feed(contract: Contract) -> QuerySet[Any]:
    """Commissioning's reports of the contract that the contractor may still edit."""
    from kooperacja.commissioning.enums import ReportState

    return contract.reports.filter(state__in=[ReportState.DRAFT, ReportState.CORRECTIONS_REQUESTED]).order_by(
        "period_start", "pk"
    )


def consortium_report_feed(*, actor: Any, consortium: Consortium, contract: Contract, report: Any) -> Any:
    """Write the assembled members' input into the contract's report through commissioning's own service."""
    from kooperacja.commissioning import services as commissioning_services

    if not actor.has_perm("consortia.manage_consortium", consortium):
        raise PermissionDenied
    check_contract_for(consortium, contract)
    if report.contract_id != contract.pk or not contract_reports_to_feed(contract).filter(pk=report.pk).exists():
        raise ValidationError(_("To sprawozdanie nie czeka na uzupełnienie."))
    plan = approved_plan(contract)
    if plan is None:
        raise ValidationError(_("Brak zatwierdzonego podziału umowy."))
    actions, costs = assembled_actions(plan_status(plan), report.period_start, report.period_end)
    if not actions:
        raise ValidationError(_("Członkowie nie złożyli sprawozdań za ten okres."))
    with transaction.atomic():
        report = commissioning_services.report_save(actor=actor, report=report, actions_done=actions, other_info=costs)
        record_event(actor=actor, verb="split.contract_report_fed", target=plan, data={"report": report.pk})
    return report
