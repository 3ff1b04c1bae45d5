"""Reads of the consortium app, scoped like its rules: hidden records answer 404."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypeAlias

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.commissioning.enums import ReportState
from kooperacja.commissioning.models import Contract

from . import policies
from .access import access_of
from .enums import OPEN_SUPPORT, MemberStatus, PlanStatus, ReportStatus, ResolutionStatus
from .models import (
    Allocation,
    AllocationPlan,
    Body,
    BodySeat,
    Consortium,
    ConsortiumDocument,
    ConsortiumMember,
    DeliveryExpense,
    DeliveryReport,
    IncubationPath,
    Meeting,
    MembershipChange,
    Resolution,
    SupportRequest,
    Vote,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kooperacja.accounts.models import User

Viewer: TypeAlias = "User | AnonymousUser"  # who reads: a signed-in person or an anonymous visitor

CURRENT = (MemberStatus.ACTIVE, MemberStatus.SUSPENDED)
ZERO = Decimal("0.00")


def insider_ids(user: Viewer) -> set[int]:
    """Consortia whose internals the user may see: those where the user sits in the office or represents a member.
    The platform administrator gets no blanket access (docs/architecture.md)."""
    return set(access_of(user).insider)


# ------------------------------------------------------------------ consortia (public profile)


def consortia_visible_to(user: Viewer) -> QuerySet[Consortium]:
    """Public profiles: name, purpose, lead and current members are public (they bid for public contracts)."""
    return (
        Consortium.objects.select_related("lead")
        .annotate(member_count=Count("members", filter=Q(members__status__in=CURRENT), distinct=True))
        .order_by("name")
    )


def consortium_for(user: Viewer, pk: int) -> Consortium:
    return get_object_or_404(consortia_visible_to(user), pk=pk)


def internal_consortia_for(user: Viewer) -> QuerySet[Consortium]:
    return policies.consortia.visible(user, "view_internal", consortia_visible_to(user))


def internal_consortium_for(user: Viewer, pk: int) -> Consortium:
    return get_object_or_404(internal_consortia_for(user), pk=pk)


def current_members(consortium: Consortium) -> QuerySet[ConsortiumMember]:
    return (
        ConsortiumMember.objects.filter(consortium=consortium, status__in=CURRENT)
        .select_related("organisation")
        .prefetch_related("representatives")
        .order_by("organisation__name")
    )


def all_members(consortium: Consortium) -> QuerySet[ConsortiumMember]:
    return (
        ConsortiumMember.objects.filter(consortium=consortium)
        .select_related("organisation")
        .prefetch_related(
            "representatives",
            Prefetch("changes", queryset=MembershipChange.objects.select_related("resolution")),
        )
        .order_by("organisation__name")
    )


def membership_history(consortium: Consortium) -> QuerySet[MembershipChange]:
    return (
        MembershipChange.objects.filter(member__consortium=consortium)
        .select_related("member__organisation", "resolution")
        .order_by("-effective_on", "-id")
    )


def bodies_of(consortium: Consortium) -> QuerySet[Body]:
    return Body.objects.filter(consortium=consortium).prefetch_related(
        Prefetch(
            "seats",
            queryset=BodySeat.objects.filter(until__isnull=True).select_related("person", "member__organisation"),
            to_attr="open_seats",
        )
    )


# ------------------------------------------------------------------ governance


def meetings_visible_to(user: Viewer) -> QuerySet[Meeting]:
    return policies.meetings.visible(user).select_related("body", "consortium")


def meeting_for(user: Viewer, pk: int) -> Meeting:
    return get_object_or_404(meetings_visible_to(user), pk=pk)


def resolutions_visible_to(user: Viewer) -> QuerySet[Resolution]:
    return policies.resolutions.visible(user).select_related("body", "consortium", "target_organisation", "meeting")


def resolution_for(user: Viewer, pk: int) -> Resolution:
    return get_object_or_404(resolutions_visible_to(user), pk=pk)


def votes_of(resolution: Resolution) -> QuerySet[Vote]:
    return resolution.votes.select_related("member__organisation", "cast_by").order_by("cast_at", "id")


def resolution_turnout(res: Resolution) -> dict[str, int] | None:
    """Votes cast out of the members eligible (counted from the register, as the PDF does), once voting opened."""
    if res.voting_opened_at is None:
        return None
    return {"cast": res.votes.count(), "eligible": res.eligible_count}


def open_votes_for(user: Viewer) -> list[dict[str, Any]]:
    """Resolutions in voting for which one of the user's members has not voted yet."""
    acc = access_of(user)
    voting_members = {m.member_id: m for m in acc.members if m.can_vote}
    if not voting_members:
        return []
    consortia = {m.consortium_id for m in voting_members.values()}
    open_res = list(
        Resolution.objects.filter(consortium_id__in=consortia, status=ResolutionStatus.VOTING)
        .select_related("consortium")
        .order_by("voting_closes_on", "id")
    )
    voted = set(
        Vote.objects.filter(resolution__in=open_res, member_id__in=voting_members).values_list(
            "resolution_id", "member_id"
        )
    )
    result = []
    for res in open_res:
        for member_id in res.eligible_member_ids or []:
            if member_id in voting_members and (res.pk, member_id) not in voted:
                result.append({"resolution": res, "member_id": member_id})
                break
    return result


def documents_of(consortium: Consortium) -> QuerySet[ConsortiumDocument]:
    return consortium.documents.select_related("uploaded_by")


def document_for(user: Viewer, pk: int) -> ConsortiumDocument:
    return get_object_or_404(policies.documents.visible(user), pk=pk)


# ------------------------------------------------------------------ support and incubation


def support_requests_visible_to(user: Viewer) -> QuerySet[SupportRequest]:
    return policies.support_requests.visible(user).select_related(
        "consortium", "organisation", "assignee", "requested_by"
    )


def support_request_for(user: Viewer, pk: int) -> SupportRequest:
    return get_object_or_404(support_requests_visible_to(user), pk=pk)


def open_support_requests(consortium: Consortium) -> QuerySet[SupportRequest]:
    return consortium.support_requests.filter(status__in=OPEN_SUPPORT).select_related("organisation", "assignee")


def incubations_visible_to(user: Viewer) -> QuerySet[IncubationPath]:
    return (
        policies.incubations.visible(user)
        .select_related("consortium", "organisation", "mentor")
        .prefetch_related("items")
    )


def incubation_for(user: Viewer, pk: int) -> IncubationPath:
    return get_object_or_404(incubations_visible_to(user), pk=pk)


def support_consortia_for(user: Viewer) -> QuerySet[Consortium]:
    """Consortia to which a person may send a support request: those it belongs to, else any active one."""
    acc = access_of(user)
    qs = Consortium.objects.filter(status="active").order_by("name")
    if acc.insider:
        return qs.filter(pk__in=acc.insider)
    return qs


# ------------------------------------------------------------------ the split (versions, allocations, delivery)


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
        .prefetch_related(Prefetch("expenses", queryset=DeliveryExpense.objects.select_related("budget_row")))
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


def plans_visible_to(user: Viewer) -> QuerySet[AllocationPlan]:
    return policies.plans.visible(user).select_related("contract", "contract__authority", "consortium", "approved_by")


def allocations_visible_to(user: Viewer) -> QuerySet[Allocation]:
    """Allocation detail: the office and the contract's authority see all; a member sees all allocations of
    its consortia when the agreement makes the split transparent, otherwise only its own (not the platform admin)."""
    return policies.allocations.visible(user).select_related(
        "plan__contract", "plan__consortium", "member__organisation", "contract_lot__lot"
    )


def sees_all_detail(user: Viewer, consortium: Consortium) -> bool:
    """Whether the user sees every member's allocation detail in this consortium (else only its own)."""
    if consortium.pk in access_of(user).office:
        return True
    return consortium.allocation_transparency == "all" and consortium.pk in access_of(user).member_consortia


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
    return contract.reports.filter(state__in=[ReportState.DRAFT, ReportState.CORRECTIONS_REQUESTED]).order_by(
        "period_start", "pk"
    )


# ------------------------------------------------------------------ pages' reads (what the views used to compute)


def own_member_ids(user: Viewer, consortium: Consortium) -> set[int]:
    return {m.member_id for m in access_of(user).members_in(consortium.pk)}


def consortium_overview(user: Viewer, consortium: Consortium, *, internal: bool) -> dict[str, Any]:
    """The consortium page: each won contract with its approved split (and, for insiders, the status per member),
    open support, open votes, meetings, report deadlines and incubations."""
    today = timezone.localdate()
    contracts = list(contracts_of(consortium))
    approved = {
        p.contract_id: p for p in plans_visible_to(user).filter(consortium=consortium, status=PlanStatus.APPROVED)
    }
    if not internal:
        return {
            "contract_rows": [
                {"contract": c, "plan": approved.get(c.pk), "summaries": []} for c in contracts if c.pk in approved
            ]
        }
    rows = []
    for contract in contracts:
        plan = approved.get(contract.pk)
        rows.append({"contract": contract, "plan": plan, "summaries": plan_status(plan, today) if plan else []})
    horizon = today + dt.timedelta(days=60)
    return {
        "contract_rows": rows,
        "sees_all": sees_all_detail(user, consortium),
        "own_member_ids": own_member_ids(user, consortium),
        "open_support": open_support_requests(consortium)[:10],
        "open_votes": resolutions_visible_to(user).filter(consortium=consortium, status=ResolutionStatus.VOTING),
        "upcoming_meetings": consortium.meetings.filter(starts_at__date__gte=today).select_related("body")[:5],
        "deadlines": allocations_visible_to(user)
        .filter(plan__consortium=consortium, plan__status=PlanStatus.APPROVED, report_due__lte=horizon)
        .annotate(n_reports=Count("reports", filter=~Q(reports__status=ReportStatus.RETURNED)))
        .order_by("report_due")[:10],
        "today": today,
        "incubations": incubations_visible_to(user).filter(consortium=consortium),
    }


def obligations_of(user: Viewer) -> dict[str, Any]:
    """A member's own obligations: its allocations in approved splits, its reports, the votes waiting for it."""
    member_ids = [m.member_id for m in access_of(user).members]
    allocations = list(
        allocations_visible_to(user)
        .filter(member_id__in=member_ids, plan__status=PlanStatus.APPROVED)
        .annotate(n_reports=Count("reports", filter=~Q(reports__status=ReportStatus.RETURNED)))
        .order_by("report_due", "id")
    )
    reports = (
        DeliveryReport.objects.filter(allocation__member_id__in=member_ids)
        .select_related("allocation__plan__contract", "allocation__member__organisation")
        .order_by("-period_end", "-id")[:20]
    )
    return {
        "allocations": allocations,
        "reports": reports,
        "open_votes": open_votes_for(user),
        "today": timezone.localdate(),
    }


def split_overview(
    user: Viewer, consortium: Consortium, contract: Contract, *, internal: bool
) -> dict[str, Any] | None:
    """The split page of a contract; None when the user may see no version of it."""
    plans = list(plans_visible_to(user).filter(consortium=consortium, contract=contract))
    if not plans and not internal:
        return None
    approved = next((p for p in plans if p.status == PlanStatus.APPROVED), None)
    # The office, members of a transparent consortium, and the contract's authority (an approved version) see every
    # member's rows; other members see the summary and their own rows.
    sees_all = sees_all_detail(user, consortium) or (
        approved is not None and not internal and policies.plans.can(user, "view", approved)
    )
    return {
        "plans": plans,
        "approved": approved,
        "summaries": plan_status(approved) if approved else [],
        "sees_all": sees_all,
        "own": own_member_ids(user, consortium),
        "today": timezone.localdate(),
    }


def plan_overview(user: Viewer, plan: AllocationPlan, *, internal: bool) -> dict[str, Any]:
    """One version of the split: its rows, the total per member, and the resolutions about it (insiders)."""
    allocations = plan_allocations(plan)
    per_member: dict[Any, Decimal] = {}
    for a in allocations:
        per_member[a.member.organisation] = per_member.get(a.member.organisation, ZERO) + a.amount
    return {
        "allocations": allocations,
        "sees_all": sees_all_detail(user, plan.consortium) or not internal,
        "own": own_member_ids(user, plan.consortium),
        "per_member": sorted(per_member.items(), key=lambda kv: kv[0].name),
        "resolutions": plan.resolutions.all() if internal else [],
    }


@dataclass
class OfferShare:
    """What the joint offer gives one offeror in one part of the contract: its actions and its grant-funded costs,
    scaled to the contract (the award may be lower than the request)."""

    organisation_id: int
    organisation: str
    contract_lot_id: int | None
    lot: str
    task: str
    amount: Decimal
    starts_on: dt.date
    ends_on: dt.date


def _scaled(weights: list[Decimal], total: Decimal) -> list[Decimal]:
    """`total` split in proportion to `weights`, to the grosz; the rounding remainder goes to the largest share."""
    if not weights:
        return []
    base = sum(weights, ZERO)
    if base <= 0:
        parts = [ZERO for _w in weights]
        parts[0] = total
        return parts
    parts = [(total * w / base).quantize(Decimal("0.01")) for w in weights]
    parts[max(range(len(parts)), key=lambda i: weights[i])] += total - sum(parts, ZERO)
    return parts


def offer_shares(contract: Contract) -> list[OfferShare]:
    """Who does what in the contract's offer, for how much: one share per offeror and contract part, from the offer's
    budget rows (the grant-funded part; a row without an offeror is the lead's) and its actions (the task text and
    dates). Amounts are scaled per part to the contract, so the shares sum exactly to the contract amount."""
    from kooperacja.commissioning.models import ContractLot

    offer = contract.offer
    lead_id = offer.lead_organisation_id
    names = {p.organisation_id: p.organisation.name for p in offer.partners.select_related("organisation")}
    names.setdefault(lead_id, offer.lead_organisation.name)
    contract_lots = {cl.lot_id: cl for cl in ContractLot.objects.filter(contract=contract).select_related("lot")}
    weights: dict[tuple[int | None, int], Decimal] = defaultdict(lambda: ZERO)
    row_names: dict[tuple[int | None, int], list[str]] = defaultdict(list)
    for row in offer.budget_rows.select_related("partner").order_by("order", "id"):
        lot_id = row.lot_id if contract_lots else None
        if contract_lots and lot_id not in contract_lots:
            continue
        org_id = row.partner.organisation_id if row.partner_id else lead_id
        weights[(lot_id, org_id)] += row.from_grant
        row_names[(lot_id, org_id)].append(row.name)
    tasks: dict[tuple[int | None, int], list[str]] = defaultdict(list)
    periods: dict[tuple[int | None, int], list[tuple[dt.date | None, dt.date | None]]] = defaultdict(list)
    for action in offer.actions.select_related("responsible").order_by("order", "id"):
        lot_id = action.lot_id if contract_lots else None
        org_id = action.responsible.organisation_id if action.responsible_id else lead_id
        tasks[(lot_id, org_id)].append(action.name)
        periods[(lot_id, org_id)].append((action.start_date, action.end_date))
    shares: list[OfferShare] = []
    groups: dict[int | None, list[tuple[int, Decimal]]] = defaultdict(list)
    for (lot_id, org_id), weight in weights.items():
        groups[lot_id].append((org_id, weight))
    order = sorted(groups, key=lambda k: (contract_lots[k].lot.number, k) if k is not None else (0, 0))
    for lot_id in order:
        members = sorted(groups[lot_id], key=lambda m: (m[0] != lead_id, names.get(m[0], "")))
        total = contract_lots[lot_id].amount if lot_id is not None else contract.amount
        amounts = _scaled([w for _o, w in members], total)
        for (org_id, _w), amount in zip(members, amounts, strict=True):
            key = (lot_id, org_id)
            dates = periods.get(key, [])
            starts = [d for d, _e in dates if d] or [contract.start_date]
            ends = [e for _d, e in dates if e] or [contract.end_date]
            cl = contract_lots.get(lot_id) if lot_id is not None else None
            task = "; ".join(tasks.get(key, []) or row_names.get(key, []))
            shares.append(
                OfferShare(
                    organisation_id=org_id,
                    organisation=names.get(org_id, ""),
                    contract_lot_id=cl.pk if cl else None,
                    lot=str(cl.lot) if cl else "",
                    task=task[:250],
                    amount=amount,
                    starts_on=max(min(starts), contract.start_date),
                    ends_on=min(max(ends), contract.end_date),
                )
            )
    return shares


def offer_deviations(contract: Contract, rows: list[tuple[int, str, int | None, Decimal]]) -> list[str]:
    """How a split (rows of organisation id, organisation name, contract part id, amount) departs from the offer's
    who-does-what and budget (`offer_shares`): one Polish sentence per offeror and part whose amount differs
    (including an offeror left out and a member the offer did not name there)."""
    from kooperacja.commissioning.models import ContractLot
    from kooperacja.core.pdf import format_pln

    shares = offer_shares(contract)
    if not shares:  # an offer without a budget by offeror says nothing to depart from
        return []
    names: dict[int, str] = {}
    expected: dict[tuple[int, int | None], Decimal] = defaultdict(lambda: ZERO)
    for share in shares:
        expected[(share.organisation_id, share.contract_lot_id)] += share.amount
        names[share.organisation_id] = share.organisation
    given: dict[tuple[int, int | None], Decimal] = defaultdict(lambda: ZERO)
    for org_id, name, lot_id, amount in rows:
        given[(org_id, lot_id)] += Decimal(amount)
        names.setdefault(org_id, name)
    keys = sorted(set(expected) | set(given), key=lambda k: (k[1] or 0, names.get(k[0], "")))
    differing = [k for k in keys if expected.get(k, ZERO) != given.get(k, ZERO)]
    if not differing:
        return []
    lots = {cl.pk: str(cl.lot) for cl in ContractLot.objects.filter(contract=contract).select_related("lot")}
    out = []
    for org_id, lot_id in differing:
        values = {
            "org": names.get(org_id, ""),
            "offer": format_pln(expected.get((org_id, lot_id), ZERO)),
            "split": format_pln(given.get((org_id, lot_id), ZERO)),
        }
        if lot_id is not None:
            out.append(
                _("%(org)s, część „%(lot)s”: w ofercie %(offer)s, w podziale %(split)s.")
                % {**values, "lot": lots.get(lot_id, "")}
            )
        else:
            out.append(_("%(org)s: w ofercie %(offer)s, w podziale %(split)s.") % values)
    return out


def plan_initial_rows(
    contract: Contract, consortium: Consortium | None = None
) -> tuple[AllocationPlan | None, list[dict[str, Any]]]:
    """The rows a new version starts from: the approved version's, else the offer's who-does-what and budget
    (`offer_shares`), matched to the consortium's active members; failing that one row per contract lot."""
    from kooperacja.commissioning.models import ContractLot

    base = approved_plan(contract)
    if base:
        return base, [
            {
                "member": a.member_id,
                "contract_lot": a.contract_lot_id,
                "task": a.task,
                "amount": a.amount,
                "starts_on": a.starts_on,
                "ends_on": a.ends_on,
                "report_due": a.report_due,
            }
            for a in plan_allocations(base)
        ]
    period = {"starts_on": contract.start_date, "ends_on": contract.end_date, "report_due": contract.end_date}
    active = ConsortiumMember.objects.filter(status=MemberStatus.ACTIVE)
    active = active.filter(consortium=consortium) if consortium else active.filter(consortium__lead=contract.contractor)
    members = {m.organisation_id: m.pk for m in active}
    from_offer = [
        {
            "member": members.get(share.organisation_id),
            "contract_lot": share.contract_lot_id,
            "task": share.task,
            "amount": share.amount,
            "starts_on": share.starts_on,
            "ends_on": share.ends_on,
            "report_due": share.ends_on,
        }
        for share in offer_shares(contract)
    ]
    if from_offer:
        return None, from_offer
    lots = ContractLot.objects.filter(contract=contract)
    rows = [{"contract_lot": cl.pk, "amount": cl.amount, **period} for cl in lots]
    return None, rows or [{"amount": contract.amount, **period}]


def consortium_report_summary(contract: Contract, plan: AllocationPlan) -> dict[str, Any]:
    """The consortium's report on a contract: per member allocation vs spend, late reports, reports to feed."""
    today = timezone.localdate()
    summaries = plan_status(plan, today)
    return {
        "summaries": summaries,
        "today": today,
        "late": [(s.member, r) for s in summaries for r in s.rows if r.is_late(today)],
        "total_spent": sum((s.spent for s in summaries), ZERO),
        "to_feed": contract_reports_to_feed(contract),
    }


def voting_members_for(user: Viewer, res: Resolution) -> QuerySet[ConsortiumMember]:
    """The user's members that may still vote on the resolution (eligible, with the right to vote, not voted)."""
    eligible = set(res.eligible_member_ids or [])
    ids = [m.member_id for m in access_of(user).members_in(res.consortium_id) if m.can_vote and m.member_id in eligible]
    return ConsortiumMember.objects.filter(pk__in=ids).exclude(votes__resolution=res).select_related("organisation")


def incubation_progress(path: IncubationPath) -> dict[str, Any]:
    items = list(path.items.all())
    done = sum(1 for i in items if i.done_on)
    return {"items": items, "done": done, "progress": int(done * 100 / len(items)) if items else 0}


def resolution_timeline(res: Resolution) -> QuerySet[Any]:
    """Who did what, when, to the resolution (drafted, vote opened, votes cast, decided): the audit events."""
    from kooperacja.core.audit import events_for

    return events_for(res).order_by("occurred_at", "pk")
