"""Reads with rules: every list and detail page of the app is scoped here (hidden records give 404).

THE SEAL: an offer of a competitive call (OPP open competition, Pzp) is readable before the offer deadline only
by its own offerors. Nobody else – the authority, the commission, platform administrators – gets it from
`offers_visible_to` until the server clock passes the deadline; before that they see counts only.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from kooperacja.accounts import roles
from kooperacja.core.actors import Actor

from .enums import CallMode, CallState, ContractState, CooperationForm, OfferState, ProgrammeState, ReportState
from .models import (
    Call,
    CallPriority,
    ChangeRequest,
    CommissionMember,
    Contract,
    CooperationProgramme,
    Need,
    NeedsDiagnosis,
    Offer,
    OfferUpdate,
    ProgrammePriority,
    Report,
    ReportExpense,
    Score,
    ServicePackage,
)
from .policies import CALLS, CONTRACTS, DIAGNOSES, OFFERS, PACKAGES, PROGRAMMES, REPORTS
from .policies import SEALED_MODES as SEALED_MODES  # re-exported
from .policies import authority_ids as authority_ids  # re-exported
from .policies import member_org_ids as member_org_ids  # re-exported

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    # whoever reads: a signed-in user, an anonymous visitor, or the platform itself
    Viewer = Actor | AnonymousUser

from .workflows import (
    CONTRACT_IN_FORCE_STATES,
    OFFER_FUNDED_STATES,
    OFFER_SUBMITTED_STATES,
    REPORT_OPEN_STATES,
    call_workflow,
)

# --- packages -------------------------------------------------------------------------------------------


def packages_visible_to(user: Viewer) -> QuerySet[ServicePackage]:
    """Packages are public information about the municipality's plans (budget, lots): `PackagePolicy`."""
    return (
        PACKAGES.visible(user, base=ServicePackage.objects.select_related("municipality", "territory"))
        .annotate(lot_count=Count("lots", distinct=True), total=Sum("lots__budget"))
        .order_by("-year", "name", "id")
    )


def package_for(user: Viewer, pk: int) -> ServicePackage:
    return get_object_or_404(packages_visible_to(user), pk=pk)


def package_total(package: ServicePackage) -> Decimal:
    return package.lots.aggregate(t=Sum("budget"))["t"] or Decimal("0.00")


# --- calls ------------------------------------------------------------------------------------------------


def calls_visible_to(user: Viewer) -> QuerySet[Call]:
    return CALLS.visible(user, base=Call.objects.select_related("authority", "package", "proposed_by"))


def call_for(user: Viewer, pk: int) -> Call:
    return get_object_or_404(calls_visible_to(user), pk=pk)


def open_calls(now: datetime | None = None) -> QuerySet[Call]:
    now = now or timezone.now()
    return (
        Call.objects.filter(state=CallState.PUBLISHED, offer_deadline__gt=now)
        .select_related("authority", "package")
        .order_by("offer_deadline", "id")
    )


def calls_managed_by(user: Viewer) -> QuerySet[Call]:
    qs = calls_visible_to(user)
    if roles.is_platform_admin(user):
        return qs
    return qs.filter(authority_id__in=authority_ids(user))


def is_sealed(call: Call, now: datetime | None = None) -> bool:
    """True while the offers of a competitive call may not be read by anyone but their offerors."""
    if call.mode not in SEALED_MODES:
        return False
    now = now or timezone.now()
    return call.offer_deadline is None or now < call.offer_deadline


def submitted_count(call: Call) -> int:
    """What everybody may know before the deadline: how many offers are submitted (not their content)."""
    return call.offers.filter(state__in=OFFER_SUBMITTED_STATES).count()


# --- offers -----------------------------------------------------------------------------------------------


def offers_visible_to(user: Viewer, now: datetime | None = None) -> QuerySet[Offer]:
    """The offers `user` may read (`policies.OfferPolicy`: the seal, then office, then declared commission)."""
    qs = Offer.objects.select_related("call", "lead_organisation", "call__authority")
    return qs.filter(OFFERS.scope(user, "view", now=now))


def offer_for(user: Viewer, pk: int) -> Offer:
    return get_object_or_404(offers_visible_to(user), pk=pk)


def my_offers(user: Viewer) -> QuerySet[Offer]:
    own = member_org_ids(user)
    return (
        Offer.objects.filter(
            Q(lead_organisation_id__in=own)
            | Q(pk__in=Offer.objects.filter(partners__organisation_id__in=own).values("pk"))
        )
        .select_related("call", "lead_organisation")
        .order_by("-updated_at", "-id")
    )


def offers_of_call(user: Viewer, call: Call, q: str = "") -> QuerySet[Offer]:
    """Offers of the call in the user's scope; `q` searches number, title, offeror name, NIP, KRS (lead or partner)."""
    qs = offers_visible_to(user).filter(call=call)
    q = q.strip()
    if q:
        digits = q.replace("-", "").replace(" ", "")
        org = Q(name__icontains=q) | Q(short_name__icontains=q)
        if digits.isdigit():
            org |= Q(nip=digits) | Q(krs=digits.zfill(10))
        from kooperacja.organisations.models import Organisation

        orgs = Organisation.objects.filter(org).values("pk")
        qs = qs.filter(
            Q(number__icontains=q)
            | Q(title__icontains=q)
            | Q(lead_organisation_id__in=orgs)
            | Q(pk__in=Offer.objects.filter(partners__organisation_id__in=orgs).values("pk"))
        )
    return qs.order_by("number", "id")


def offer_detail_parts(offer: Offer) -> dict[str, Any]:
    return {
        "partners": list(offer.partners.select_related("organisation")),
        "lots": list(offer.offer_lots.select_related("lot")),
        "actions": list(offer.actions.select_related("responsible__organisation", "lot")),
        "indicators": list(offer.indicators.select_related("lot")),
        "budget_rows": list(offer.budget_rows.select_related("partner__organisation", "lot")),
        "attachments": list(offer.attachments.all()),
        "corrections": list(offer.correction_requests.all()),
    }


# --- evaluation -------------------------------------------------------------------------------------------


def seat_of(user: Viewer, call: Call) -> CommissionMember | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return CommissionMember.objects.filter(call=call, user=user).select_related("declaration").first()


def has_declared(member: CommissionMember | None) -> bool:
    return member is not None and hasattr(member, "declaration")


def seats_of(user: Viewer) -> QuerySet[CommissionMember]:
    if not getattr(user, "is_authenticated", False):
        return CommissionMember.objects.none()
    return CommissionMember.objects.filter(user=user).select_related("call", "call__authority", "declaration")


def ranking(call: Call) -> list[dict[str, Any]]:
    """Eligible offers with each criterion's average, the total average (mean of members' sums) and rank."""
    offers = list(
        call.offers.filter(
            state__in=[OfferState.ELIGIBLE, OfferState.SCORED, *OFFER_FUNDED_STATES, OfferState.NOT_SELECTED]
        ).select_related("lead_organisation")
    )
    scores = Score.objects.filter(offer__call=call).values_list("offer_id", "member_id", "criterion_id", "points")
    per_member: dict[int, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    per_criterion: dict[int, dict[int, list[Decimal]]] = defaultdict(lambda: defaultdict(list))
    for offer_id, member_id, criterion_id, points in scores:
        per_member[offer_id][member_id] += points
        per_criterion[offer_id][criterion_id].append(points)
    rows: list[dict[str, Any]] = []
    for offer in offers:
        sums = list(per_member[offer.pk].values())
        avg = (sum(sums, Decimal(0)) / len(sums)).quantize(Decimal("0.01")) if sums else None
        crit = {
            cid: (sum(v, Decimal(0)) / len(v)).quantize(Decimal("0.01")) for cid, v in per_criterion[offer.pk].items()
        }
        rows.append({"offer": offer, "average": avg, "criteria": crit, "members": len(sums)})
    rows.sort(key=lambda r: (r["average"] is None, -(r["average"] or 0), r["offer"].pk))
    for i, row in enumerate(rows, start=1):
        row["rank"] = i
    return rows


def results_of(call: Call) -> dict[str, Any]:
    """Funded and unfunded offers, for the public results page (only after the results are published)."""
    offers = list(
        call.offers.filter(state__in=OFFER_SUBMITTED_STATES)
        .select_related("lead_organisation")
        .order_by("-awarded_amount", "number")
    )
    funded = [o for o in offers if o.awarded_amount and o.state in {*OFFER_FUNDED_STATES, OfferState.DECLINED}]
    unfunded = [o for o in offers if o not in funded]
    declined = {o.pk for o in funded if o.state == OfferState.DECLINED}
    return {"funded": funded, "unfunded": unfunded, "declined": declined}


# --- contracts and reports --------------------------------------------------------------------------------


def contracts_visible_to(user: Viewer) -> QuerySet[Contract]:
    """The contracts `user` may read (`policies.ContractPolicy`: the office, the contractor, joint partners)."""
    return CONTRACTS.visible(user, base=Contract.objects.select_related("authority", "contractor", "call", "offer"))


def reports_visible_to(user: Viewer) -> QuerySet[Report]:
    """The reports of the contracts `user` may read (`policies.ReportPolicy`)."""
    return REPORTS.visible(user, base=Report.objects.select_related("contract", "contract__offer"))


def contract_steps(contract: Contract) -> dict[str, bool]:
    """What the contract's page may offer besides its transitions (no state literals in templates)."""
    return {
        "signed": contract.state != ContractState.DRAFT,
        "in_force": contract.state in CONTRACT_IN_FORCE_STATES,
    }


def contract_for(user: Viewer, pk: int) -> Contract:
    return get_object_or_404(contracts_visible_to(user), pk=pk)


def change_request_for(user: Viewer, pk: int) -> ChangeRequest:
    """A change request of a contract `user` may read (404 otherwise)."""
    qs = ChangeRequest.objects.select_related("contract", "contract__offer", "annex", "submitted_by", "decided_by")
    return get_object_or_404(qs.filter(contract_id__in=contracts_visible_to(user).values("pk")), pk=pk)


def offer_update_for(user: Viewer, pk: int) -> OfferUpdate:
    """An updated budget and schedule of an offer `user` may read (404 otherwise)."""
    qs = OfferUpdate.objects.select_related("offer", "offer__call")
    return get_object_or_404(qs.filter(offer_id__in=offers_visible_to(user).values("pk")), pk=pk)


def report_for(user: Viewer, pk: int) -> Report:
    return get_object_or_404(reports_visible_to(user), pk=pk)


def running_totals(contract: Contract, *, upto: Report | None = None) -> list[dict[str, Any]]:
    """Per cost row: planned amounts and expenditure so far (all reports except drafts, up to `upto`)."""
    rows = list(contract.offer.budget_rows.select_related("partner__organisation").order_by("order", "id"))
    expenses = ReportExpense.objects.filter(report__contract=contract).exclude(report__state=ReportState.DRAFT)
    if upto is not None:
        expenses = ReportExpense.objects.filter(report__contract=contract).filter(
            Q(report__period_end__lte=upto.period_end) & (~Q(report__state=ReportState.DRAFT) | Q(report=upto))
        )
    sums: dict[int, Any] = {
        e["budget_row_id"]: e
        for e in expenses.values("budget_row_id").annotate(
            grant=Sum("from_grant"),
            other=Sum("from_other"),
            own=Sum("own_financial"),
            personal_sum=Sum("personal"),
            in_kind_sum=Sum("in_kind"),
        )
    }
    out = []
    zero = Decimal("0.00")
    for row in rows:
        s: dict[str, Any] = sums.get(row.pk, {})
        spent = {
            "grant": s.get("grant") or zero,
            "other": s.get("other") or zero,
            "own": s.get("own") or zero,
            "personal": s.get("personal_sum") or zero,
            "in_kind": s.get("in_kind_sum") or zero,
        }
        spent_total = sum(spent.values(), zero)
        out.append(
            {"row": row, "spent": spent, "spent_total": spent_total, "grant_left": row.from_grant - spent["grant"]}
        )
    return out


def contract_reports(contract: Contract, today: date | None = None) -> list[Report]:
    """The contract's reports in order of their due dates, each marked `late` when still not submitted after its
    due date (a report sent back for corrections counts from the corrections' date)."""
    today = today or timezone.localdate()
    reports = list(contract.reports.order_by("due_date", "id"))
    for r in reports:
        due = r.corrections_due if r.state == ReportState.CORRECTIONS_REQUESTED and r.corrections_due else r.due_date
        r.late = r.state in REPORT_OPEN_STATES and due < today  # type: ignore[attr-defined]
    return reports


def reports_due(user: Viewer, *, within_days: int = 30) -> QuerySet[Report]:
    today = timezone.localdate()
    return (
        reports_visible_to(user)
        .filter(state__in=REPORT_OPEN_STATES)
        .filter(due_date__lte=today + timedelta(days=within_days))
        .select_related("contract")
        .order_by("due_date")
    )


def authority_history(
    authority_id: int, contractor_id: int, *, years: int, today: date | None = None
) -> QuerySet[Contract]:
    """Contracts the authority gave the contractor within `years` (for the art. 361 ust. 2 pkt 4 Pzp check)."""
    today = today or timezone.localdate()
    since = today.replace(year=today.year - years)
    return Contract.objects.filter(
        authority_id=authority_id, contractor_id=contractor_id, signed_on__gte=since
    ).select_related("call")


def small_grant_publication(offer: Offer, today: date | None = None) -> dict[str, Any]:
    """The 7 working days of art. 19a ust. 3 OPP: by when the office must publish the small-grant offer for
    comment (counted from the day after receipt, weekends and public holidays excluded), and whether it is late."""
    from . import legal
    from .workdays import add_working_days

    if offer.submitted_at is None:
        return {"due": None, "late": False, "published_on": None, "rule": legal.SMALL_GRANT_PUBLISH_WORKING_DAYS}
    today = today or timezone.localdate()
    received = timezone.localdate(offer.submitted_at)
    due = add_working_days(received, legal.SMALL_GRANT_PUBLISH_WORKING_DAYS.value)
    published = offer.comment_from
    late = (published > due) if published else today > due
    return {
        "received": received,
        "due": due,
        "late": late,
        "published_on": published,
        "rule": legal.SMALL_GRANT_PUBLISH_WORKING_DAYS,
    }


def call_steps(call: Call) -> dict[str, bool]:
    """What the call's page may offer in its state, read from the call's workflow table (no state literals in
    templates). Whether the user may do it is checked separately (`can_manage`, the seat)."""
    wf = call_workflow(call.mode)
    state = call.state
    s = CallState
    return {
        "cancelled": state == s.CANCELLED,
        "can_publish": wf.can(call, "publish"),
        "can_open": wf.can(call, "close"),
        "offers_opened": state
        in {s.FORMAL_REVIEW, s.COMMISSION_OPINION, s.DECIDED, s.RESULTS_PUBLISHED, s.CONTRACTING},
        "declaration_open": state in {s.FORMAL_REVIEW, s.COMMISSION_OPINION},
        "can_finish_review": wf.can(call, "finish_formal_review"),
        "can_rank": state in {s.COMMISSION_OPINION, s.DECIDED, s.RESULTS_PUBLISHED},
        "can_publish_results": wf.can(call, "publish_results"),
        "can_publish_for_comment": wf.can(call, "publish_for_comment"),
        "in_comment": wf.can(call, "review_comments"),
        "can_assess": wf.can(call, "assess_positive"),
        "can_cancel": wf.can(call, "cancel"),
    }


# --- the programme of cooperation (art. 5a OPP) ----------------------------------------------------------------


def programmes_visible_to(user: Viewer) -> QuerySet[CooperationProgramme]:
    return PROGRAMMES.visible(user).select_related("authority")


def programme_for(user: Viewer, pk: int) -> CooperationProgramme:
    return get_object_or_404(programmes_visible_to(user), pk=pk)


def call_year(call: Call) -> int:
    """The budget year of a call: its delivery start, else the offer's start (small grant), else its creation."""
    if call.delivery_start:
        return call.delivery_start.year
    offer = call.offers.only("start_date").first() if call.mode == CallMode.OPP_SMALL_GRANT else None
    if offer is not None and offer.start_date:
        return offer.start_date.year
    return timezone.localtime(call.created_at).year


def adopted_programme(authority_id: int, year: int) -> CooperationProgramme | None:
    """The authority's programme of cooperation adopted for `year` (art. 5a ust. 1 OPP), if any."""
    return (
        CooperationProgramme.objects.filter(
            authority_id=authority_id, state=ProgrammeState.ADOPTED, year_from__lte=year, year_to__gte=year
        )
        .order_by("-resolution_date", "-pk")
        .first()
    )


def priority_choices(call: Call) -> QuerySet[ProgrammePriority]:
    """The priorities a call of this authority may carry out: those of its programme adopted for the call's year."""
    programme = adopted_programme(call.authority_id, call_year(call))
    if programme is None:
        return ProgrammePriority.objects.none()
    return programme.priorities.all()


def call_priority(call: Call) -> ProgrammePriority | None:
    link = CallPriority.objects.filter(call=call).select_related("priority__programme").first()
    return link.priority if link else None


def programme_check(call: Call) -> dict[str, Any]:
    """Is the call (a small grant above all) within the programme of cooperation of its year? For the call page
    and the small-grant decision: the adopted programme, the priority linked and whether it belongs to it."""
    year = call_year(call)
    programme = adopted_programme(call.authority_id, year)
    priority = call_priority(call)
    return {
        "year": year,
        "programme": programme,
        "priority": priority,
        "ok": programme is not None and priority is not None and priority.programme_id == programme.pk,
    }


def programme_priorities(programme: CooperationProgramme, user: Viewer) -> list[dict[str, Any]]:
    """The priorities with the calls linked to them that `user` may see."""
    visible = calls_visible_to(user)
    rows = []
    for priority in programme.priorities.all():
        calls = visible.filter(programme_link__priority=priority).order_by("created_at")
        rows.append({"priority": priority, "calls": list(calls)})
    return rows


def programme_report(programme: CooperationProgramme, year: int) -> dict[str, Any]:
    """The report on the implementation of the programme in `year` (art. 5a ust. 3 OPP), generated from the
    calls linked to its priorities (the year's by `call_year`), their offers, contracts and contract reports."""
    links = CallPriority.objects.filter(priority__programme=programme).select_related("call", "priority")
    calls_by_priority: dict[int, list[Call]] = defaultdict(list)
    for link in links:
        if call_year(link.call) == year:
            calls_by_priority[link.priority_id].append(link.call)
    rows = []
    totals: dict[str, Any] = {
        "calls": 0,
        "offers": 0,
        "contracts": 0,
        "granted": Decimal("0.00"),
        "planned": Decimal("0.00"),
    }
    organisations: set[int] = set()
    report_counts = {"due": 0, "accepted": 0, "late": 0}
    today = timezone.localdate()
    for priority in programme.priorities.all():
        calls = calls_by_priority.get(priority.pk, [])
        ids = [c.pk for c in calls]
        offers = Offer.objects.filter(call_id__in=ids, state__in=OFFER_SUBMITTED_STATES).count()
        contracts = list(Contract.objects.filter(call_id__in=ids).exclude(state=ContractState.DRAFT))
        granted = sum((c.amount for c in contracts), Decimal("0.00"))
        organisations.update(c.contractor_id for c in contracts)
        for r in Report.objects.filter(contract__in=contracts, period_end__year=year):
            report_counts["due"] += 1
            report_counts["accepted"] += r.state == ReportState.ACCEPTED
            report_counts["late"] += r.state in REPORT_OPEN_STATES and r.due_date < today
        by_mode: dict[str, int] = defaultdict(int)
        for c in calls:
            by_mode[str(c.get_mode_display())] += 1
        rows.append(
            {
                "priority": priority,
                "calls": calls,
                "modes": dict(by_mode),
                "offers": offers,
                "contracts": len(contracts),
                "granted": granted,
                "small_grants": sum(1 for c in calls if c.mode == CallMode.OPP_SMALL_GRANT),
            }
        )
        totals["calls"] += len(calls)
        totals["offers"] += offers
        totals["contracts"] += len(contracts)
        totals["granted"] += granted
        totals["planned"] += priority.amount_planned
    unlinked = (
        Call.objects.filter(authority_id=programme.authority_id, published_at__isnull=False)
        .filter(programme_link__isnull=True)
        .exclude(mode__in=[CallMode.PZP_SOCIAL, CallMode.PZP_RESERVED])
    )
    unlinked_calls = [c for c in unlinked if call_year(c) == year]
    return {
        "programme": programme,
        "year": year,
        "due": programme.report_due(year),
        "late": today > programme.report_due(year) and not programme.reports.filter(year=year).exists(),
        "rows": rows,
        "totals": totals,
        "organisations": len(organisations),
        "reports": report_counts,
        "share": (totals["granted"] * 100 / programme.amount_planned) if programme.amount_planned else None,
        "forms": programme_forms_display(programme),
        "unlinked": unlinked_calls,
        "submitted": programme.reports.filter(year=year).first(),
    }


def programme_forms_display(programme: CooperationProgramme) -> list[Any]:
    labels = dict(CooperationForm.choices)
    return [labels.get(f, f) for f in programme.cooperation_forms]


def programme_years(programme: CooperationProgramme, today: date | None = None) -> list[dict[str, Any]]:
    """Each year of the programme with its report: due 31 May of the next year, submitted or late."""
    today = today or timezone.localdate()
    submitted = {r.year: r for r in programme.reports.all()}
    rows = []
    for year in programme.years:
        due = programme.report_due(year)
        report = submitted.get(year)
        rows.append(
            {
                "year": year,
                "due": due,
                "report": report,
                "late": (report.submitted_on > due) if report else today > due,
            }
        )
    return rows


# --- the needs behind a package -----------------------------------------------------------------------------


def diagnoses_of(authority_id: int) -> QuerySet[NeedsDiagnosis]:
    """The diagnoses an office may rest a package on: its own (public records, `DiagnosisPolicy`)."""
    return NeedsDiagnosis.objects.filter(authority_id=authority_id).order_by("-year_from", "title", "id")


def diagnosis_for(user: Viewer, pk: int) -> NeedsDiagnosis:
    return get_object_or_404(DIAGNOSES.visible(user, base=NeedsDiagnosis.objects.select_related("authority")), pk=pk)


def need_for(user: Viewer, pk: int) -> Need:
    visible = NeedsDiagnosis.objects.filter(DIAGNOSES.scope(user)).values("pk")
    return get_object_or_404(Need.objects.select_related("diagnosis").filter(diagnosis__in=visible), pk=pk)


def package_needs(package: ServicePackage) -> dict[str, Any]:
    """Which needs of the package's diagnosis its lots answer: one row per need (the lots of THIS package that
    answer it), the needs left uncovered, the lots that answer no need, and the totals drawn on the page
    (needs covered of all, people in covered needs of all)."""
    diagnosis = package.diagnosis
    lots = list(package.lots.order_by("number"))
    if diagnosis is None:
        return {"diagnosis": None, "lots": lots, "rows": [], "uncovered": [], "lots_without_need": lots}
    lot_ids = {lot.pk for lot in lots}
    answering: dict[int, set[int]] = defaultdict(set)
    links = Need.lots.through.objects.filter(need__diagnosis=diagnosis, lot_id__in=lot_ids)
    for need_id, lot_id in links.values_list("need_id", "lot_id"):
        answering[need_id].add(lot_id)
    rows: list[dict[str, Any]] = []
    for need in diagnosis.needs.order_by("number"):
        mine = answering.get(need.pk, set())
        rows.append({"need": need, "lots": [lot for lot in lots if lot.pk in mine], "lot_ids": mine})
    used = set().union(*answering.values()) if answering else set()
    covered = [r for r in rows if r["lots"]]
    return {
        "diagnosis": diagnosis,
        "lots": lots,
        "rows": rows,
        "uncovered": [r["need"] for r in rows if not r["lots"]],
        "lots_without_need": [lot for lot in lots if lot.pk not in used],
        "needs_total": len(rows),
        "needs_covered": len(covered),
        "people_total": sum(r["need"].people for r in rows),
        "people_covered": sum(r["need"].people for r in covered),
    }
