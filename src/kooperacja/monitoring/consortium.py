"""Consortium management for the effects of a package: allocation vs delivery per member, member reports on
time, support requests and their handling time, participation in votes, incubation, the small members' share.

"Small members": members other than the consortium's lead that are social-economy entities (PES)."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count

from kooperacja.commissioning.models import Contract
from kooperacja.consortia.enums import PlanStatus, ResolutionStatus, SupportStatus
from kooperacja.consortia.models import (
    Allocation,
    AllocationPlan,
    ConsortiumMember,
    DeliveryReport,
    IncubationPath,
    Resolution,
    SupportRequest,
    Vote,
)

from .formatting import percent

ZERO = Decimal("0.00")


@dataclass
class MemberRow:
    member: ConsortiumMember
    small: bool
    allocated: Decimal = ZERO
    delivered: Decimal = ZERO
    reports: int = 0
    reports_on_time: int = 0
    eligible_votes: int = 0
    votes_cast: int = 0

    @property
    def delivered_percent(self) -> Decimal | None:
        return percent(self.delivered, self.allocated)

    @property
    def vote_participation(self) -> Decimal | None:
        return percent(self.votes_cast, self.eligible_votes)


@dataclass
class ConsortiumEffects:
    consortium: Any
    members: list[MemberRow]
    support_total: int = 0
    support_resolved: int = 0
    support_median_days: Decimal | None = None
    incubations: list[tuple[Any, int, int]] = field(default_factory=list)  # (path, done, total)

    @property
    def allocated(self) -> Decimal:
        return sum((m.allocated for m in self.members), ZERO)

    @property
    def small_share(self) -> Decimal | None:
        return percent(sum((m.allocated for m in self.members if m.small), ZERO), self.allocated)

    @property
    def small_delivered_share(self) -> Decimal | None:
        total = sum((m.delivered for m in self.members), ZERO)
        return percent(sum((m.delivered for m in self.members if m.small), ZERO), total)


def consortium_effects(contracts: list[Contract]) -> list[ConsortiumEffects]:
    plans = list(
        AllocationPlan.objects.filter(contract__in=contracts, status=PlanStatus.APPROVED)
        .select_related("consortium", "consortium__lead")
        .order_by("consortium_id", "-version")
    )
    latest: dict[int, AllocationPlan] = {}
    for p in plans:
        latest.setdefault(p.consortium_id, p)
    out = []
    for consortium_id, plan in latest.items():
        consortium = plan.consortium
        members = {
            m.pk: MemberRow(m, small=m.organisation_id != consortium.lead_id and m.organisation.is_pes)
            for m in ConsortiumMember.objects.filter(consortium_id=consortium_id).select_related("organisation")
        }
        allocations = list(Allocation.objects.filter(plan__consortium_id=consortium_id, plan=plan))
        for a in allocations:
            if a.member_id in members:
                members[a.member_id].allocated += a.amount
        due = {a.pk: a.report_due for a in allocations}
        for r in DeliveryReport.objects.filter(allocation__in=allocations).select_related("allocation"):
            row = members.get(r.allocation.member_id)
            if row is None:
                continue
            row.delivered += r.costs
            row.reports += 1
            row.reports_on_time += r.created_at.date() <= due[r.allocation_id]
        eligible: dict[int, int] = defaultdict(int)
        for ids in Resolution.objects.filter(
            consortium_id=consortium_id,
            status__in=[ResolutionStatus.VOTING, ResolutionStatus.ADOPTED, ResolutionStatus.REJECTED],
        ).values_list("eligible_member_ids", flat=True):
            for mid in ids or []:
                eligible[int(mid)] += 1
        for mid, row in members.items():
            row.eligible_votes = eligible.get(mid, 0)
        for mid, n in (
            Vote.objects.filter(resolution__consortium_id=consortium_id)
            .values_list("member_id")
            .annotate(n=Count("id"))
            .order_by()
        ):
            if mid in members:
                members[mid].votes_cast = n
        requests = list(
            SupportRequest.objects.filter(consortium_id=consortium_id).values_list(
                "status", "created_at", "resolved_at"
            )
        )
        days = [(res - cr).total_seconds() / 86400 for st, cr, res in requests if st == SupportStatus.RESOLVED and res]
        incubations = []
        for path in (
            IncubationPath.objects.filter(consortium_id=consortium_id)
            .select_related("organisation")
            .prefetch_related("items")
        ):
            items = list(path.items.all())
            incubations.append((path, sum(1 for i in items if i.done_on), len(items)))
        out.append(
            ConsortiumEffects(
                consortium=consortium,
                members=sorted(members.values(), key=lambda m: -m.allocated),
                support_total=len(requests),
                support_resolved=sum(1 for st, _c, _r in requests if st == SupportStatus.RESOLVED),
                support_median_days=Decimal(str(round(statistics.median(days), 1))) if days else None,
                incubations=incubations,
            )
        )
    return out
