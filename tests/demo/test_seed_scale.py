"""Issue 15 §1: `kooperacja seed_scale` at a tiny scale on the test database: counts, constraint-valid states,
sums that add up, determinism, refusal to run twice; and §3: the regional statistics cost the same number of
queries on the demo and on the grown region, and agree with a per-team recount."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kooperacja.catalog.models import Service
from kooperacja.cooperation import selectors
from kooperacja.cooperation.enums import CaseStatus, MeetingStatus, ReferralState
from kooperacja.cooperation.models import Case, Meeting, Referral, Team
from kooperacja.cooperation.workflows import REFERRAL_OPEN_STATES
from kooperacja.delivery.models import Attendance, Enrolment, Person, PersonOrganisation, Session
from kooperacja.demo import scale
from kooperacja.organisations.models import Organisation

SCALE = 0.002


class _Rollback(Exception):
    """Raised to roll the generated rows back at the end of the test."""


def _signature() -> list[Any]:
    return [
        list(Service.objects.filter(name__startswith=scale.MARK).order_by("name").values_list("name", "category")),
        list(
            Case.objects.filter(number__startswith="SYN/")
            .order_by("number")
            .values_list("number", "status", "team__gmina__code")
        ),
        sorted(
            Referral.objects.filter(case__number__startswith="SYN/").values_list(
                "case__number", "state", "to_organisation__name"
            )
        ),
        list(
            Attendance.objects.filter(session__led_by=scale.MARK)
            .order_by("enrolment__person__code", "session__date")
            .values_list("status", flat=True)
        ),
    ]


def _seed(seed: int = 7) -> scale.Report:
    return scale.seed_scale(scale=SCALE, seed=seed, say=lambda _line: None)


def test_the_region_respects_every_invariant(demo: Any) -> None:
    report = _seed()
    orgs = Organisation.objects.filter(name__startswith=scale.MARK)
    services = Service.objects.filter(name__startswith=scale.MARK)
    people = Person.objects.filter(code__startswith="S-")
    assert report.counts["organisations"] == round(3000 * SCALE)
    assert services.count() == report.counts["services"] == round(5000 * SCALE)
    assert people.count() == report.counts["participants"] == round(100_000 * SCALE)
    # + one OPS per team and one gmina office per authority announcing calls
    assert orgs.count() == report.counts["organisations"] + report.counts["teams"] + report.counts["authorities"]
    # Delivery: every participant has one active enrolment, served by its provider; places add up.
    enrolments = Enrolment.objects.filter(person__in=people)
    assert enrolments.count() == people.count() == enrolments.filter(status="active", enrolled_on__isnull=False).count()
    served = PersonOrganisation.objects.filter(person__in=people)
    assert {(p, o) for p, o in served.values_list("person_id", "organisation_id")} == {
        (p, o) for p, o in enrolments.values_list("person_id", "service__provider_id")
    }
    for service in services.annotate(active=Count("enrolments", filter=Q(enrolments__status="active"))):
        assert service.capacity_places is not None
        assert service.places_taken == service.active <= service.capacity_places
    sessions = Session.objects.filter(service__in=services)
    assert sessions.count() == services.count() * scale.SIZES["sessions_per_service"]
    marks = Attendance.objects.filter(session__in=sessions)
    assert marks.count() == report.counts["attendance"] == enrolments.count() * scale.SIZES["sessions_per_service"]
    assert not marks.exclude(status="present").exclude(hours=0).exists()
    present = marks.filter(status="present")
    assert present.aggregate(h=Sum("hours"))["h"] == present.aggregate(h=Sum("session__duration_hours"))["h"]
    # Cooperation: states the workflows reach, with what each state requires.
    cases = Case.objects.filter(number__startswith="SYN/")
    assert cases.count() == report.counts["cases"] and report.counts["teams"] >= 2
    assert not cases.filter(status=CaseStatus.CLOSED, closed_on__isnull=True).exists()
    assert not cases.exclude(status=CaseStatus.CLOSED).filter(closed_on__isnull=False).exists()
    assert set(cases.values_list("status", flat=True)) <= {CaseStatus.OPEN, CaseStatus.CLOSED}
    assert not cases.exclude(owner=models_lead()).exists()
    referrals = Referral.objects.filter(case__in=cases)
    assert referrals.count() == report.counts["referrals"]
    assert not referrals.filter(state=ReferralState.SENT, decided_at__isnull=False).exists()
    assert not referrals.exclude(state=ReferralState.SENT).filter(decided_at__isnull=True).exists()
    assert not referrals.filter(state=ReferralState.DECLINED, decline_reason="").exists()
    assert not referrals.filter(state__in=["completed", "not_completed"], outcome="").exists()
    assert not referrals.filter(state__in=["completed", "not_completed"], finished_at__isnull=True).exists()
    assert not referrals.filter(state__in=["in_progress", "completed"], started_at__isnull=True).exists()
    for referral in referrals.select_related("case"):
        assert referral.sent_at.date() >= referral.case.opened_on
        assert referral.from_organisation_id == referral.case.owner_id != referral.to_organisation_id
    assert not Meeting.objects.filter(team__name__startswith=scale.MARK, status=MeetingStatus.HELD, minutes="").exists()
    # Every model's own validation (fields, validators, constraints) accepts a sample of the rows.
    for queryset in (orgs, services, people, enrolments, sessions, marks, cases, referrals):
        for obj in queryset.order_by("pk")[:5]:
            obj.full_clean()


def models_lead() -> Any:
    from django.db.models import OuterRef, Subquery

    return Subquery(Team.objects.filter(pk=OuterRef("team_id")).values("lead_organisation_id")[:1])


def _seed_and_roll_back(seed: int) -> list[Any]:
    try:
        with transaction.atomic():
            _seed(seed=seed)
            signature = _signature()
            raise _Rollback
    except _Rollback:
        return signature


def test_same_seed_same_region_and_no_second_run(demo: Any) -> None:
    signatures = [_seed_and_roll_back(11), _seed_and_roll_back(11)]
    assert signatures[0] == signatures[1] and signatures[0][1]
    _seed(seed=11)
    with pytest.raises(scale.ScaleAlreadySeededError):
        _seed(seed=12)
    with pytest.raises(CommandError, match="już jest"):
        call_command("seed_scale", "--scale", str(SCALE), stdout=StringIO())


def test_the_command_prints_progress(demo: Any) -> None:
    out = StringIO()
    call_command("seed_scale", "--scale", str(SCALE), "--seed", "3", stdout=out)
    text = out.getvalue()
    assert "Organizacje" in text and "obecności" in text and "Gotowe" in text


def _recount(team: Team) -> dict[str, Any]:
    """The figures of one team counted the slow, obvious way (the pre-issue-15 loop): the oracle."""
    cases = Case.objects.filter(team=team)
    referrals = Referral.objects.filter(case__team=team)
    by_state = {
        s: referrals.filter(state=s).count() for s in ReferralState.values if referrals.filter(state=s).exists()
    }
    return {
        "members": team.members.filter(left_on__isnull=True).count(),
        "meetings_held": team.meetings.filter(status=MeetingStatus.HELD).count(),
        "cases_open": cases.exclude(status=CaseStatus.CLOSED).count(),
        "cases_closed": cases.filter(status=CaseStatus.CLOSED).count(),
        "programmes_completed": cases.filter(
            status=CaseStatus.CLOSED, programme__outcome__in=["achieved", "partly"]
        ).count(),
        "referrals": referrals.count(),
        "referrals_completed": referrals.filter(state="completed").count(),
        "referrals_by_state": by_state,
        "referrals_overdue": referrals.filter(state__in=REFERRAL_OPEN_STATES, due_on__lt=timezone.localdate()).count(),
    }


def _statistics_queries(client: Any) -> tuple[int, int, int]:
    with CaptureQueriesContext(connection) as selector:
        rows = selectors.statistics()
    with CaptureQueriesContext(connection) as page:
        assert client.get(reverse("cooperation:statistics")).status_code == 200
    with CaptureQueriesContext(connection) as api:
        assert client.get("/api/v1/cooperation/statistics").status_code == 200
    for row in rows:
        assert {k: v for k, v in row.items() if k != "team"} == _recount(row["team"]), row["team"]
    return len(selector.captured_queries), len(page.captured_queries), len(api.captured_queries)


def test_regional_statistics_queries_do_not_grow_with_the_region(demo: Any, client_as: Any) -> None:
    client = client_as("analyst")
    teams_before = Team.objects.count()
    small = _statistics_queries(client)
    assert small[0] == 5
    scale.seed_scale(scale=SCALE * 5, seed=5, say=lambda _line: None)
    assert Team.objects.count() >= teams_before + 2
    assert _statistics_queries(client) == small


# The commissioning half (demo.scale_commissioning): which offer states each call state allows.
OFFER_STATES_OF_CALL = {
    "published": {"draft", "submitted"},
    "formal_review": {"submitted", "eligible", "formally_rejected"},
    "commission_opinion": {"scored", "formally_rejected"},
    "results_published": {"selected", "not_selected", "formally_rejected"},
    "contracting": {"contract_signed", "not_selected", "formally_rejected"},
    "archived": {"contract_signed", "not_selected", "formally_rejected"},
}


def test_calls_offers_contracts_and_consortia_follow_their_workflows(demo: Any) -> None:
    from kooperacja.commissioning import selectors as commissioning
    from kooperacja.commissioning.models import BudgetRow, Call, Contract, Offer, Score
    from kooperacja.consortia.models import ConsortiumMember, MembershipChange, Resolution, Vote
    from kooperacja.consortia.voting import Tally
    from kooperacja.demo import scale_commissioning as sc

    demo_authorities = set(Call.objects.values_list("authority_id", flat=True))
    report = _seed()
    now = timezone.now()
    calls = Call.objects.filter(title__startswith=scale.MARK)
    assert calls.count() == report.counts["calls"] == scale.n_of(sc.SIZES["calls"], SCALE, minimum=7)
    assert set(calls.values_list("state", flat=True)) == set(OFFER_STATES_OF_CALL)  # every state of the path
    big = calls.annotate(n=Count("offers")).get(number="SYN/00001")  # 302 offers at scale 1.0, in formal review
    assert big.n == scale.n_of(sc.SIZES["big_call_offers"], SCALE, minimum=3) and big.state == "formal_review"
    assert big.authority_id in demo_authorities  # the demo officer can open its offers page
    offers = Offer.objects.filter(call__in=calls)
    assert offers.count() == report.counts["offers"]
    call_rows: list[Any] = list(calls.prefetch_related("offers"))
    for call in call_rows:
        states = {o.state for o in call.offers.all()}
        assert states <= OFFER_STATES_OF_CALL[call.state], (call.state, states)
        assert commissioning.is_sealed(call) == (call.state == "published")  # sealed until the deadline
        assert call.published_at < call.offer_deadline
        for o in call.offers.all():  # submitted after the publication, before the deadline, not in the future
            assert o.submitted_at is None or call.published_at < o.submitted_at < min(call.offer_deadline, now)
        funded = [o for o in call.offers.all() if o.awarded_amount is not None]
        if call.state in ("results_published", "contracting", "archived"):
            assert 1 <= len(funded) <= sc.WINNERS_PER_CALL
            assert len(funded) == sc.WINNERS_PER_CALL or call.state != "results_published"
            assert call.funds_total == sum(o.awarded_amount for o in funded)
            best = max((o.average_score for o in call.offers.all() if o.state == "not_selected"), default=0)
            assert all(o.average_score >= best for o in funded)  # the ranking decided
        else:
            assert not funded and call.funds_total == sum(o.requested_amount for o in call.offers.all())
    # Money adds up: the offer's totals, its budget row, the grant, the contract and its tranches.
    assert not offers.exclude(total_cost=F("requested_amount") + F("own_financial")).exists()
    rows = BudgetRow.objects.filter(offer__in=offers)
    assert rows.count() == offers.count()
    assert not rows.exclude(total=F("offer__total_cost"), from_grant=F("offer__requested_amount")).exists()
    assert not offers.filter(state="formally_rejected", formal_rejection_reason="").exists()
    assert not offers.exclude(awarded_amount__isnull=True).exclude(awarded_amount=F("requested_amount")).exists()
    for offer in offers.filter(average_score__isnull=False).annotate(total=Sum("scores__points"), n=Count("scores")):
        assert offer.total == offer.average_score and offer.n == len(sc.CRITERIA)
    assert (
        not Score.objects.filter(offer__in=offers)
        .exclude(offer__state__in=["scored", "selected", "not_selected", "contract_signed"])
        .exists()
    )
    contracts = Contract.objects.filter(call__in=calls).annotate(paid=Sum("tranches__amount"))
    assert contracts.count() == report.counts["contracts"] == max(2, scale.n_of(sc.SIZES["contracts"], SCALE))
    assert set(contracts.values_list("offer_id", flat=True)) == set(
        offers.filter(state="contract_signed").values_list("pk", flat=True)
    )
    for contract in contracts.select_related("offer"):
        assert contract.amount == contract.offer.awarded_amount == contract.paid
        assert contract.contractor_id == contract.offer.lead_organisation_id
        if contract.state == "settled":
            assert contract.reports.filter(kind="final", state="accepted").count() == 1
            assert not contract.tranches.filter(paid_on__isnull=True).exists()
    # Consortia: founding history, one vote per eligible member, the tally decides.
    members = ConsortiumMember.objects.filter(consortium__name__startswith=scale.MARK)
    assert MembershipChange.objects.filter(member__in=members, kind="founding").count() == members.count()
    resolutions = Resolution.objects.filter(consortium__name__startswith=scale.MARK)
    assert resolutions.count() == report.counts["resolutions"]
    assert {"adopted", "voting", "draft"} <= set(resolutions.values_list("status", flat=True))
    resolution_rows: list[Any] = list(resolutions.prefetch_related("votes"))
    for res in resolution_rows:
        votes: list[Any] = list(res.votes.all())
        assert {v.member_id for v in votes} <= set(res.eligible_member_ids or [])
        if res.status == "draft":
            assert not votes and res.voting_opened_at is None
            continue
        assert all(res.voting_opened_at <= v.cast_at for v in votes)
        if res.status == "voting":
            assert len(votes) < res.eligible_count and res.decided_at is None
            continue
        tally = Tally(
            eligible=res.eligible_count,
            votes_for=sum(v.choice == "for" for v in votes),
            votes_against=sum(v.choice == "against" for v in votes),
            votes_abstain=sum(v.choice == "abstain" for v in votes),
            quorum_percent=res.quorum_percent or 0,
            majority=res.majority,
        )
        assert (res.votes_for, res.votes_against, res.votes_abstain) == (
            tally.votes_for,
            tally.votes_against,
            tally.votes_abstain,
        )
        assert res.status == ("adopted" if tally.adopted else "rejected")
        assert all(v.cast_at <= res.decided_at for v in votes)
    assert Vote.objects.filter(resolution__in=resolutions).count() == report.counts["votes"]
    for queryset in (calls, offers, contracts, rows, members, resolutions):
        for obj in queryset.order_by("pk")[:5]:
            obj.full_clean()
