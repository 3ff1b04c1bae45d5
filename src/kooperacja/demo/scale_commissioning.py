"""The commissioning half of the synthetic region (issue 15 §1): calls, offers, contracts and consortia.

At scale 1.0: 2,000 calls with 20,000 offers (one call, of the demo's own authority so that its officer can open it,
with 302 offers in formal review), 1,000 contracts, 100 consortia with 1,100 resolutions. Bulk-inserted, but every
row is one the workflows (commissioning.workflows, consortia.workflows) could have produced:
- a call is in one of the states of the competition's path (published, formal review, commission opinion, results
  published, contracting, archived) with the dates that state needs, in the right order;
- its offers are in the states the call's state allows: before the deadline only drafts and submitted offers
  (sealed: `selectors.is_sealed` is true while the deadline is ahead); formally rejected offers carry a reason;
  scored offers have one score per criterion from the call's commission member (who signed the conflict-of-interest
  declaration) and `average_score` equal to the sum of those points (one member); the two best-scored offers of a
  decided call are selected with `awarded_amount` = the requested amount, the others not selected;
- money adds up: each offer's total cost = grant + own contribution, with one budget row splitting the same sums;
  the call's funds cover the grants awarded; a contract's amount = the offer's awarded grant = the sum of its two
  tranches; settled contracts have their tranches paid and an accepted final report;
- consortia have founding members (with the founding entry of their membership history); every resolution that was
  decided has one vote per eligible member and the tally (`consortia.voting.Tally`) decides adopted or rejected;
  each consortium has one vote still open and one draft.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password

from kooperacja.accounts.enums import MembershipStatus, Role
from kooperacja.accounts.models import User
from kooperacja.commissioning.enums import CallMode, CallState, ContractState, OfferState, ReportKind, ReportState
from kooperacja.commissioning.models import (
    BudgetRow,
    Call,
    CommissionMember,
    ConflictDeclaration,
    Contract,
    Criterion,
    Offer,
    Report,
    Score,
    Tranche,
)
from kooperacja.consortia.enums import (
    BodyKind,
    Majority,
    MembershipChangeKind,
    ResolutionKind,
    ResolutionStatus,
    VoteChoice,
)
from kooperacja.consortia.models import Body, Consortium, ConsortiumMember, MembershipChange, Resolution, Vote
from kooperacja.consortia.services.founding import BODY_NAMES
from kooperacja.consortia.voting import Tally
from kooperacja.core.models import Territory
from kooperacja.demo.scale import EMAIL_DOMAIN, MARK, bulk, n_of
from kooperacja.demo.scale import Report as SeedReport
from kooperacja.organisations.enums import LegalForm
from kooperacja.organisations.models import Membership, Organisation

SIZES = {
    "calls": 2_000,
    "offers": 20_000,
    "big_call_offers": 302,  # the offers page of the issue
    "contracts": 1_000,
    "authorities": 118,
    "consortia": 100,
    "resolutions": 1_100,
    "consortium_members": 4,
}
WINNERS_PER_CALL = 2
CRITERIA = (
    ("Możliwość realizacji zadania (art. 15 ust. 1 pkt 1 OPP)", Decimal(10)),
    ("Kalkulacja kosztów", Decimal(10)),
)
# The states of the competition's path a call can be found in, with how far back its milestones lie (days).
OPEN, REVIEW, OPINION, RESULTS, CONTRACTING, ARCHIVED = (
    CallState.PUBLISHED,
    CallState.FORMAL_REVIEW,
    CallState.COMMISSION_OPINION,
    CallState.RESULTS_PUBLISHED,
    CallState.CONTRACTING,
    CallState.ARCHIVED,
)
DECIDED = (RESULTS, CONTRACTING, ARCHIVED)
SCORED = (OPINION, *DECIDED)
TIMELINE = {  # published, deadline (days from today; the deadline of an open call is ahead)
    OPEN: (-10, 14),
    REVIEW: (-60, -30),
    OPINION: (-90, -60),
    RESULTS: (-150, -120),
    CONTRACTING: (-200, -160),
    ARCHIVED: (-700, -670),
}


@dataclass
class _Plan:
    call: Call
    state: str
    offers: int
    winners: int  # offers selected if the call is decided


def _money(rng: random.Random) -> tuple[Decimal, Decimal]:
    requested = Decimal(rng.randrange(200, 2_000) * 100)
    return requested, (requested / 10).quantize(Decimal("1"))


def _offer_spec(rng: random.Random, p: _Plan, j: int, criteria: list[Criterion]) -> dict[str, Any]:
    """An offer's sums, state and scores for a call in state `p.state` (before the ranking decides the winners)."""
    requested, own = _money(rng)
    roll = rng.random()
    if p.state == OPEN:  # before the deadline: drafts and sealed submitted offers
        state = OfferState.DRAFT if roll < 0.1 else OfferState.SUBMITTED
    elif p.state == REVIEW:
        state = (
            OfferState.SUBMITTED
            if roll < 0.7
            else (OfferState.ELIGIBLE if roll < 0.9 else OfferState.FORMALLY_REJECTED)
        )
    else:
        state = OfferState.FORMALLY_REJECTED if j >= 3 and roll < 0.15 else OfferState.SCORED
    points = [(c, Decimal(rng.randrange(4, 11))) for c in criteria] if state == OfferState.SCORED else []
    return {
        "j": j,
        "requested": requested,
        "own": own,
        "state": state,
        "points": points,
        "score": sum((x for _c, x in points), Decimal(0)),  # one member: the mean of members' sums is the sum
        "awarded": None,
    }


def seed_commissioning(
    rng: random.Random,
    scale: float,
    gminas: list[Territory],
    orgs: list[Organisation],
    today: date,
    now: datetime,
    say: Callable[[str], None],
    report: SeedReport,
) -> None:
    say("Ogłoszenia, oferty, oceny, umowy…")
    password = make_password(None)  # unusable: the synthetic officers cannot log in
    auth_gminas = gminas[: n_of(SIZES["authorities"], scale, minimum=2)]
    authorities = bulk(
        Organisation,
        [
            Organisation(
                name=f"{MARK} Urząd Gminy {g.name} ({g.code})",
                legal_form=LegalForm.JST_OFFICE,
                territory=g,
                city=g.name,
                is_verified=True,
            )
            for g in auth_gminas
        ],
        say,
        "urzędy gmin (organy ogłaszające)",
    )
    officers = bulk(
        User,
        [
            User(email=f"urzad-{g.code}@{EMAIL_DOMAIN}", full_name=f"{MARK} Urzędnik {g.code}", password=password)
            for g in auth_gminas
        ],
        say,
        "urzędnicy",
    )
    bulk(
        Membership,
        [
            Membership(
                user=u, organisation=o, role=Role.MUNICIPAL_OFFICER, status=MembershipStatus.ACTIVE, decided_at=now
            )
            for u, o in zip(officers, authorities, strict=True)
        ],
        say,
        "członkostwa urzędników",
    )
    officer_of = {o.pk: u for o, u in zip(authorities, officers, strict=True)}

    # The plan: one big call of the demo's authority in formal review, then the others in every state of the path;
    # enough calls in contracting/archived for the contracts (two winners each; at a tiny scale one each, so that
    # both states are there).
    n_calls = n_of(SIZES["calls"], scale, minimum=7)
    n_contracts = n_of(SIZES["contracts"], scale)
    big = n_of(SIZES["big_call_offers"], scale, minimum=3)
    n_offers = max(n_of(SIZES["offers"], scale), big + 3 * (n_calls - 1))
    contract_calls = max(2, -(-n_contracts // WINNERS_PER_CALL))
    n_contracts = max(n_contracts, contract_calls)
    contracts_of = [
        n_contracts // contract_calls + (1 if k < n_contracts % contract_calls else 0) for k in range(contract_calls)
    ]
    others = n_calls - 1
    if contract_calls > others - 4:
        raise ValueError("Za mało ogłoszeń na umowy przy tej skali.")
    states = [CONTRACTING if k % 2 == 0 else ARCHIVED for k in range(contract_calls)]
    states += [(OPEN, REVIEW, OPINION, RESULTS)[k % 4] for k in range(others - contract_calls)]
    per_call = [(n_offers - big) // others + (1 if k < (n_offers - big) % others else 0) for k in range(others)]
    demo_authority = (
        Call.objects.exclude(title__startswith=MARK).order_by("pk").values_list("authority_id", flat=True).first()
    )
    plans: list[_Plan] = []
    calls = []
    for i in range(n_calls):
        state = REVIEW if i == 0 else states[i - 1]
        authority_id = demo_authority if i == 0 and demo_authority else authorities[i % len(authorities)].pk
        published, deadline = TIMELINE[state]
        start = today + timedelta(days=deadline + 60)
        end = start + timedelta(days=300 if state != ARCHIVED else 270)
        call = Call(
            number=f"SYN/{i + 1:05d}",
            title=f"{MARK} Otwarty konkurs ofert nr {i + 1} (dane syntetyczne)",
            mode=CallMode.OPP_OPEN,
            state=state,
            authority_id=authority_id,
            task_type="Wspieranie rodziny i systemu pieczy zastępczej",
            award_rules="Dotacja do 90% kosztów zadania.",
            delivery_start=start,
            delivery_end=end,
            delivery_conditions="Zgodnie ze standardem usługi (dane syntetyczne).",
            offer_deadline=now + timedelta(days=deadline),
            selection_procedure="Ocena formalna, następnie merytoryczna przez komisję konkursową.",
            selection_date=today + timedelta(days=deadline + 30),
            published_at=now + timedelta(days=published),
            closed_at=None if state == OPEN else now + timedelta(days=deadline, minutes=1),
            funds_total=Decimal(1),  # set below from the offers
        )
        if state in SCORED:
            call.commission_opinion_at = now + timedelta(days=deadline + 20)
            call.commission_opinion = "Komisja zaopiniowała oferty (dane syntetyczne)."
        if state in DECIDED:
            call.decided_at = now + timedelta(days=deadline + 25)
            call.results_published_at = now + timedelta(days=deadline + 26)
        calls.append(call)
        to_win = contracts_of[i - 1] if 0 < i <= contract_calls else WINNERS_PER_CALL
        plans.append(_Plan(call, state, big if i == 0 else per_call[i - 1], to_win))
    bulk(Call, calls, say, "ogłoszenia")

    # Criteria and a commission member with the declaration for every call that reached the commission.
    scored_plans = [p for p in plans if p.state in SCORED]
    criteria = bulk(
        Criterion,
        [
            Criterion(call=p.call, order=k + 1, name=name, basis="art. 15 ust. 1 OPP", max_points=top)
            for p in scored_plans
            for k, (name, top) in enumerate(CRITERIA)
        ],
        say,
        "kryteria oceny",
    )
    criteria_of: dict[int, list[Criterion]] = {}
    for c in criteria:
        criteria_of.setdefault(c.call_id, []).append(c)
    members = bulk(
        CommissionMember,
        [CommissionMember(call=p.call, user=officer_of[p.call.authority_id], is_chair=True) for p in scored_plans],
        say,
        "członkowie komisji",
    )
    member_of = {m.call_id: m for m in members}

    offers: list[Offer] = []
    scores: list[Score] = []
    declarations = []
    winners: list[tuple[_Plan, Offer]] = []
    for p in plans:
        first = rng.randrange(len(orgs))
        closes = p.call.offer_deadline
        assert closes is not None
        specs = [_offer_spec(rng, p, j, criteria_of.get(p.call.pk, [])) for j in range(p.offers)]
        if p.state in DECIDED:  # the two best-scored offers win (select, then accept_award and sign_contract)
            ranked = sorted((s for s in specs if s["state"] == OfferState.SCORED), key=lambda s: (-s["score"], s["j"]))
            for k, s in enumerate(ranked):
                s["state"] = OfferState.NOT_SELECTED
                if k < p.winners:
                    s["state"] = OfferState.SELECTED if p.state == RESULTS else OfferState.CONTRACT_SIGNED
                    s["awarded"] = s["requested"]
            p.call.funds_total = sum((s["awarded"] for s in ranked[: p.winners]), Decimal(0))
        else:  # funds announced: what the offers ask for
            p.call.funds_total = sum((s["requested"] for s in specs), Decimal(0))
        call_offers = []
        for s in specs:
            j, state = s["j"], s["state"]
            offer = Offer(
                call=p.call,
                number=f"{p.call.pk}/{j + 1:03d}",
                lead_organisation=orgs[(first + j) % len(orgs)],
                state=state,
                title=f"{MARK} Zadanie publiczne {p.call.pk}/{j + 1}",
                start_date=p.call.delivery_start,
                end_date=p.call.delivery_end,
                summary="Opis zadania (dane syntetyczne).",
                place="Gmina (dane syntetyczne)",
                target_group="Rodziny z dziećmi (dane syntetyczne).",
                expected_results="Rezultaty (dane syntetyczne).",
                declarations_accepted=state != OfferState.DRAFT,
                requested_amount=s["requested"],
                own_financial=s["own"],
                total_cost=s["requested"] + s["own"],
                submitted_at=(
                    None
                    if state == OfferState.DRAFT  # before the deadline, and (an open call) not in the future
                    else min(closes - timedelta(days=1 + j % 5), now - timedelta(hours=1 + j % 200))
                ),
                formal_rejection_reason=(
                    "Oferta złożona po terminie (dane syntetyczne)." if state == OfferState.FORMALLY_REJECTED else ""
                ),
                average_score=s["score"] if s["points"] else None,
                awarded_amount=s["awarded"],
                decision_note="Najwyżej oceniona oferta (dane syntetyczne)." if s["awarded"] is not None else "",
            )
            call_offers.append(offer)
            if offer.state == OfferState.CONTRACT_SIGNED:
                winners.append((p, offer))
            member = member_of.get(p.call.pk)
            for criterion, points in s["points"]:
                assert member is not None
                scores.append(
                    Score(offer=offer, member=member, criterion=criterion, points=points, justification="Uzasadnienie.")
                )
        if p.state in SCORED:
            declarations.append(
                ConflictDeclaration(
                    member=member_of[p.call.pk],
                    signed_at=p.call.closed_at or now,
                    offerors=sorted({o.lead_organisation.name for o in call_offers}),
                    statement="Oświadczam, że nie pozostaję w stosunku, który mógłby budzić wątpliwości co do "
                    "bezstronności (art. 15 ust. 2d OPP, art. 24 KPA).",
                )
            )
        offers.extend(call_offers)
    bulk(Offer, offers, say, "oferty")
    bulk(
        BudgetRow,
        [
            BudgetRow(
                offer=o,
                name="Koszty realizacji zadania (dane syntetyczne)",
                quantity=Decimal(1),
                unit="usługa",
                unit_cost=o.total_cost,
                total=o.total_cost,
                from_grant=o.requested_amount,
                own_financial=o.own_financial,
            )
            for o in offers
        ],
        say,
        "pozycje kosztorysów",
    )
    bulk(ConflictDeclaration, declarations, say, "oświadczenia o bezstronności")
    bulk(Score, scores, say, "oceny")
    Call.objects.bulk_update([p.call for p in plans], ["funds_total"], batch_size=1_000)
    _contracts(winners, today, now, say, report)
    report.counts.update(authorities=len(authorities), calls=len(calls), offers=len(offers), scores=len(scores))


def _contracts(
    winners: list[tuple[_Plan, Offer]], today: date, now: datetime, say: Callable[[str], None], report: SeedReport
) -> None:
    contracts = []
    for k, (p, o) in enumerate(winners):
        call = p.call
        assert o.awarded_amount is not None and call.delivery_start and call.delivery_end
        settled = p.state == ARCHIVED
        contracts.append(
            Contract(
                offer=o,
                call=call,
                authority_id=call.authority_id,
                contractor=o.lead_organisation,
                number=f"{call.number}/U{k + 1}",
                title=o.title,
                amount=o.awarded_amount,
                own_contribution=o.own_financial,
                start_date=call.delivery_start,
                end_date=call.delivery_end,
                state=ContractState.SETTLED if settled else ContractState.IN_DELIVERY,
                signed_on=call.delivery_start - timedelta(days=10),
                settled_at=now - timedelta(days=200) if settled else None,
            )
        )
    bulk(Contract, contracts, say, "umowy")
    tranches = []
    reports = []
    for c in contracts:
        first = (c.amount / 2).quantize(Decimal("0.01"))
        for number, (amount, due) in enumerate(
            ((first, c.start_date), (c.amount - first, c.start_date + timedelta(days=120))), start=1
        ):
            tranches.append(
                Tranche(contract=c, number=number, due_date=due, amount=amount, paid_on=due if due <= today else None)
            )
        if c.state == ContractState.SETTLED:
            reports.append(
                Report(
                    contract=c,
                    kind=ReportKind.FINAL,
                    period_start=c.start_date,
                    period_end=c.end_date,
                    due_date=c.end_date + timedelta(days=30),
                    state=ReportState.ACCEPTED,
                    actions_done="Zadanie zrealizowane (dane syntetyczne).",
                    submitted_at=now - timedelta(days=(today - c.end_date).days - 20),
                    reviewed_at=now - timedelta(days=(today - c.end_date).days - 40),
                )
            )
    bulk(Tranche, tranches, say, "transze")
    bulk(Report, reports, say, "sprawozdania końcowe")
    report.counts.update(contracts=len(contracts))


def seed_consortia(
    rng: random.Random,
    scale: float,
    orgs: list[Organisation],
    today: date,
    now: datetime,
    say: Callable[[str], None],
    report: SeedReport,
) -> None:
    say("Konsorcja, uchwały, głosy…")
    n = n_of(SIZES["consortia"], scale, minimum=2)
    size = SIZES["consortium_members"]
    n_res = max(n_of(SIZES["resolutions"], scale), 3 * n)
    founded = today - timedelta(days=800)
    consortia = bulk(
        Consortium,
        [
            Consortium(
                name=f"{MARK} Konsorcjum {k + 1:04d}",
                purpose="Wspólna realizacja usług społecznych (dane syntetyczne).",
                lead=orgs[(k * size) % len(orgs)],
                start_date=founded,
                agreement_signed_on=founded,
                representation="Lider reprezentuje konsorcjum wobec JST (art. 14 ust. 2 OPP).",
                quorum_percent=50,
                ordinary_majority=Majority.SIMPLE,
            )
            for k in range(n)
        ],
        say,
        "konsorcja",
    )
    members = bulk(
        ConsortiumMember,
        [
            ConsortiumMember(
                consortium=c, organisation=orgs[(k * size + j) % len(orgs)], joined_on=founded, is_founding=True
            )
            for k, c in enumerate(consortia)
            for j in range(min(size, len(orgs)))
        ],
        say,
        "członkowie konsorcjów",
    )
    bodies = bulk(  # as consortia.services.founding: the three bodies of every consortium
        Body,
        [Body(consortium=c, kind=kind, name=str(name)) for c in consortia for kind, name in BODY_NAMES.items()],
        say,
        "organy konsorcjów",
    )
    assembly = {b.consortium_id: b for b in bodies if b.kind == BodyKind.GENERAL_MEETING}
    bulk(
        MembershipChange,
        [MembershipChange(member=m, kind=MembershipChangeKind.FOUNDING, effective_on=founded) for m in members],
        say,
        "historia członkostwa (założenie)",
    )
    password = make_password(None)
    voters = bulk(
        User,
        [
            User(
                email=f"konsorcjum-{m.pk}@{EMAIL_DOMAIN}", full_name=f"{MARK} Przedstawiciel {m.pk}", password=password
            )
            for m in members
        ],
        say,
        "przedstawiciele członków",
    )
    bulk(
        Membership,
        [
            Membership(
                user=u,
                organisation_id=m.organisation_id,
                role=Role.PES_STAFF,
                status=MembershipStatus.ACTIVE,
                decided_at=now,
            )
            for u, m in zip(voters, members, strict=True)
        ],
        say,
        "członkostwa przedstawicieli",
    )
    voter_of = {m.pk: u for m, u in zip(members, voters, strict=True)}
    members_of: dict[int, list[ConsortiumMember]] = {}
    for m in members:
        members_of.setdefault(m.consortium_id, []).append(m)
    per = [n_res // n + (1 if k < n_res % n else 0) for k in range(n)]
    resolutions: list[Resolution] = []
    ballots: list[tuple[Resolution, list[tuple[ConsortiumMember, str, datetime]]]] = []
    for c, count in zip(consortia, per, strict=True):
        eligible = members_of[c.pk]
        for k in range(count):
            # the last resolution of each consortium is a draft, the one before it is being voted on
            draft, voting = k == count - 1, k == count - 2
            opened = now - timedelta(days=10 * (count - k) + 3)
            fields: dict[str, Any] = {}
            choices: list[tuple[ConsortiumMember, str, datetime]] = []
            if not draft:
                voters_now = eligible[: len(eligible) // 2] if voting else eligible
                choices = [
                    (
                        m,
                        VoteChoice.FOR if rng.random() < 0.75 else rng.choice([VoteChoice.AGAINST, VoteChoice.ABSTAIN]),
                        opened + timedelta(hours=2 + i),
                    )
                    for i, m in enumerate(voters_now)
                ]
                fields = {
                    "quorum_percent": c.quorum_percent,
                    "majority": c.ordinary_majority,
                    "eligible_member_ids": [m.pk for m in eligible],
                    "eligible_count": len(eligible),
                    "voting_opened_at": opened,
                    "voting_closes_on": today + timedelta(days=7) if voting else (opened + timedelta(days=7)).date(),
                }
            status = ResolutionStatus.DRAFT if draft else ResolutionStatus.VOTING
            if not draft and not voting:  # closed: the tally decides (consortia.services.resolution_close)
                tally = Tally(
                    eligible=len(eligible),
                    votes_for=sum(1 for _m, x, _t in choices if x == VoteChoice.FOR),
                    votes_against=sum(1 for _m, x, _t in choices if x == VoteChoice.AGAINST),
                    votes_abstain=sum(1 for _m, x, _t in choices if x == VoteChoice.ABSTAIN),
                    quorum_percent=c.quorum_percent,
                    majority=c.ordinary_majority,
                )
                status = ResolutionStatus.ADOPTED if tally.adopted else ResolutionStatus.REJECTED
                decided_at = opened + timedelta(days=7, hours=1)
                fields.update(
                    votes_for=tally.votes_for,
                    votes_against=tally.votes_against,
                    votes_abstain=tally.votes_abstain,
                    quorum_met=tally.quorum_met,
                    decided_at=decided_at,
                    effective_on=decided_at.date() if tally.adopted else None,
                )
            res = Resolution(
                consortium=c,
                body=assembly[c.pk],
                number=f"{k + 1}/{founded.year + k // 12}",
                title=f"{MARK} Uchwała w sprawach bieżących nr {k + 1}",
                text="Treść uchwały (dane syntetyczne).",
                kind=ResolutionKind.GENERAL,
                status=status,
                **fields,
            )
            resolutions.append(res)
            ballots.append((res, choices))
    bulk(Resolution, resolutions, say, "uchwały")
    votes = bulk(
        Vote,
        [
            Vote(resolution=r, member=m, choice=x, cast_by=voter_of[m.pk])
            for r, choices in ballots
            for m, x, _t in choices
        ],
        say,
        "głosy",
    )
    cast_at = [t for _r, choices in ballots for _m, _x, t in choices]
    for vote, when in zip(votes, cast_at, strict=True):  # auto_now_add stamped the run's time: the real moment
        vote.cast_at = when
    Vote.objects.bulk_update(votes, ["cast_at"], batch_size=1_000)
    report.counts.update(consortia=len(consortia), resolutions=len(resolutions), votes=len(votes))
