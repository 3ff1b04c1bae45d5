"""Reading a member's expenses per budget row (consortia.models.DeliveryExpense, issue 17).

Which cost rows of the joint offer's budget belong to a member's part of the split, how much of the grant the split
plans for each of them, how much the member has spent so far (from its reports that the office did not return),
the consortium's sums per row, and the lines that fill the contract report (commissioning's expenses per row and
list of documents) from the reports the office accepted.

The plan per row: the split gives a member an amount per part of the contract (an allocation); that amount is
spread over the member's cost rows of that part in proportion to the grant each row asks for in the offer (the
award may be lower than the offer). A member the offer did not name in that part (a departure the resolution
justified) is planned over all the part's rows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from .enums import ReportStatus
from .models import Allocation, AllocationPlan, ConsortiumMember, DeliveryExpense

ZERO = Decimal("0.00")


@dataclass
class RowLine:
    """One cost row of the offer as the split plans it and the reports spend it."""

    row: Any  # commissioning.BudgetRow
    planned: Decimal = ZERO
    spent_grant: Decimal = ZERO
    spent_own: Decimal = ZERO
    members: list[str] = field(default_factory=list)

    @property
    def left(self) -> Decimal:
        return self.planned - self.spent_grant

    @property
    def percent(self) -> int:
        return int(self.spent_grant * 100 / self.planned) if self.planned > 0 else 0

    @property
    def label(self) -> str:
        return str(self.row.name)

    @property
    def part(self) -> int | None:
        """The number of the contract part (lot) the row belongs to, if any."""
        return self.row.lot.number if self.row.lot_id and self.row.lot else None


def _scaled(weights: list[Decimal], total: Decimal) -> list[Decimal]:
    from .selectors import _scaled as scaled

    return scaled(weights, total)


def _offer_rows(contract: Any) -> list[Any]:
    return list(contract.offer.budget_rows.select_related("partner", "lot").order_by("order", "id"))


def _rows_of_allocation(allocation: Allocation, rows: list[Any], lead_id: int) -> list[Any]:
    """The offer rows of the allocation's part that the offer gives the member (all of the part's rows if none)."""
    lot_id = allocation.contract_lot.lot_id if allocation.contract_lot_id and allocation.contract_lot else None
    in_part = [r for r in rows if lot_id is None or r.lot_id == lot_id]
    org_id = allocation.member.organisation_id
    own = [r for r in in_part if (r.partner.organisation_id if r.partner_id else lead_id) == org_id]
    return own or in_part


def plan_by_row(plan: AllocationPlan, member: ConsortiumMember | None = None) -> dict[tuple[int, int], Decimal]:
    """{(member id, budget row id): planned grant} for the plan's allocations (of one member when given)."""
    contract = plan.contract
    rows = _offer_rows(contract)
    lead_id = contract.offer.lead_organisation_id
    allocations = plan.allocations.select_related("member", "contract_lot")
    if member is not None:
        allocations = allocations.filter(member=member)
    out: dict[tuple[int, int], Decimal] = defaultdict(lambda: ZERO)
    for a in allocations:
        mine = _rows_of_allocation(a, rows, lead_id)
        for row, part in zip(mine, _scaled([r.from_grant for r in mine], a.amount), strict=True):
            out[(a.member_id, row.pk)] += part
    return dict(out)


def _valid_expenses(plan: AllocationPlan) -> QuerySet[DeliveryExpense]:
    """The expenses of the contract's member reports that the office did not return (any version of the split)."""
    return DeliveryExpense.objects.filter(report__allocation__plan__contract_id=plan.contract_id).exclude(
        report__status=ReportStatus.RETURNED
    )


def spent_by_row(
    plan: AllocationPlan, member: ConsortiumMember | None = None, *, exclude_report: int | None = None
) -> dict[tuple[int, int], tuple[Decimal, Decimal]]:
    """{(member id, budget row id): (grant spent, own share spent)} so far."""
    qs = _valid_expenses(plan)
    if member is not None:
        qs = qs.filter(report__allocation__member=member)
    if exclude_report is not None:
        qs = qs.exclude(report_id=exclude_report)
    out: dict[tuple[int, int], tuple[Decimal, Decimal]] = {}
    for member_id, row_id, grant, own in qs.values_list(
        "report__allocation__member_id", "budget_row_id", "from_grant", "own_share"
    ):
        g, o = out.get((member_id, row_id), (ZERO, ZERO))
        out[(member_id, row_id)] = (g + grant, o + own)
    return out


def member_rows(plan: AllocationPlan, member: ConsortiumMember) -> list[RowLine]:
    """The member's cost rows: planned grant, spent so far, share spent (the member's report page)."""
    planned = plan_by_row(plan, member)
    spent = spent_by_row(plan, member)
    rows = {r.pk: r for r in _offer_rows(plan.contract)}
    lines = []
    for (_m, row_id), amount in planned.items():
        grant, own = spent.get((member.pk, row_id), (ZERO, ZERO))
        lines.append(RowLine(row=rows[row_id], planned=amount, spent_grant=grant, spent_own=own))
    return sorted(lines, key=lambda line: (line.row.order, line.row.pk))


def consortium_rows(plan: AllocationPlan) -> list[RowLine]:
    """Every cost row of the split summed over the members: planned grant, spent, who delivers it (the office)."""
    planned = plan_by_row(plan)
    spent = spent_by_row(plan)
    rows = {r.pk: r for r in _offer_rows(plan.contract)}
    names = dict(plan.allocations.values_list("member_id", "member__organisation__name"))
    lines: dict[int, RowLine] = {}
    for key in set(planned) | set(spent):
        member_id, row_id = key
        if row_id not in rows:
            continue
        line = lines.setdefault(row_id, RowLine(row=rows[row_id]))
        line.planned += planned.get(key, ZERO)
        grant, own = spent.get(key, (ZERO, ZERO))
        line.spent_grant += grant
        line.spent_own += own
        name = names.get(member_id, "")
        if name and name not in line.members:
            line.members.append(name)
    return sorted(lines.values(), key=lambda line: (line.row.order, line.row.pk))


def rows_for_allocation(allocation: Allocation) -> list[Any]:
    """The cost rows a member may charge in a report on this allocation (the form's choices)."""
    contract = allocation.plan.contract
    return _rows_of_allocation(allocation, _offer_rows(contract), contract.offer.lead_organisation_id)


@dataclass
class ContractLines:
    """What the accepted member reports give the contract report for its period."""

    per_row: dict[int, tuple[Decimal, Decimal]]  # budget row id -> (grant, own share)
    documents: list[DeliveryExpense]


def accepted_for_period(plan: AllocationPlan, start: dt.date, end: dt.date) -> ContractLines:
    """The accepted members' documents dated within the report's period, summed per cost row (a document counts in
    the one period its date falls in, so two reports never count it twice)."""
    docs = list(
        DeliveryExpense.objects.filter(
            report__allocation__plan__contract_id=plan.contract_id,
            report__status=ReportStatus.ACCEPTED,
            document_date__gte=start,
            document_date__lte=end,
        )
        .select_related("report__allocation__member__organisation", "budget_row")
        .order_by("document_date", "pk")
    )
    per_row: dict[int, tuple[Decimal, Decimal]] = {}
    for d in docs:
        g, o = per_row.get(d.budget_row_id, (ZERO, ZERO))
        per_row[d.budget_row_id] = (g + d.from_grant, o + d.own_share)
    return ContractLines(per_row=per_row, documents=docs)
