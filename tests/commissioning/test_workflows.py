"""Hypothesis state machines: the declared tables, and the real services walking the offer/call lifecycle."""

from __future__ import annotations

import contextlib
import itertools
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from kooperacja.commissioning import selectors, services
from kooperacja.commissioning.enums import CallState, OfferState
from kooperacja.commissioning.models import Call, Offer, Score
from kooperacja.commissioning.workflows import ALL_WORKFLOWS, OFFER, OPP_CALL, Workflow

D = Decimal


# --- 1. every table: a move outside the table is refused and changes nothing ------------------------------


class _Obj:
    state = ""


@pytest.mark.parametrize("workflow", ALL_WORKFLOWS, ids=lambda w: w.name)
def test_no_transition_outside_the_table(workflow: Workflow) -> None:
    states = sorted(workflow.states)

    class TableMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.obj = _Obj()
            self.obj.state = workflow.initial

        @rule(to=st.sampled_from(states))
        def move(self, to: str) -> None:
            target = to
            before = self.obj.state
            if workflow.allowed(before, target):
                workflow.apply(self.obj, target)
                assert self.obj.state == target
            else:
                with pytest.raises(ValidationError):
                    workflow.apply(self.obj, target)
                assert self.obj.state == before

        @invariant()
        def state_is_declared(self) -> None:
            assert self.obj.state in workflow.states

    run_state_machine_as_test(TableMachine, settings=settings(max_examples=40, stateful_step_count=25, deadline=None))


# --- 2. the services on a real database -----------------------------------------------------------------

CTX: dict[str, Any] = {}


class CompetitionMachine(RuleBasedStateMachine):
    """Offers are created, saved, submitted, withdrawn, the clock passes the deadline, the authority opens and
    reviews the offers, the commission declares and scores. Every step goes through the services."""

    offers = Bundle("offers")

    def __init__(self) -> None:
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        demo, build = CTX["demo"], CTX["build"]
        self.demo, self.build = demo, build
        self.call = build.call()
        self.officer, self.commission = demo.user("officer"), demo.user("commission")
        self.deadline_passed = False
        self.seen: dict[int, str] = {}

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    def _call(self) -> Call:
        return Call.objects.get(pk=self.call.pk)

    @precondition(lambda self: not self.deadline_passed)
    @rule(
        target=offers,
        who=st.sampled_from([("pes_staff", "ss_zubr"), ("ngo_staff", "fundacja_puszcza")]),
        submit=st.booleans(),
    )
    def create_offer(self, who: tuple[str, str], submit: bool) -> int:
        offer = self.build.offer(self._call(), user=who[0], org=who[1], submit=submit)
        return offer.pk

    def _user_of(self, offer: Offer) -> Any:
        return self.demo.user("pes_staff" if offer.lead_organisation == self.demo.org("ss_zubr") else "ngo_staff")

    @rule(pk=offers, action=st.sampled_from(["submit", "withdraw", "reopen"]))
    def offeror_action(self, pk: int, action: str) -> None:
        offer = Offer.objects.get(pk=pk)
        before = offer.state
        func = {"submit": services.offer_submit, "withdraw": services.offer_withdraw, "reopen": services.offer_reopen}
        try:
            func[action](actor=self._user_of(offer), offer=offer)
        except ValidationError:
            after = Offer.objects.get(pk=pk)
            assert after.state == before, "a refused step must not change the offer"
            if self.deadline_passed and action == "submit" and before == OfferState.DRAFT:
                assert after.submitted_at is None

    @precondition(lambda self: not self.deadline_passed)
    @rule()
    def clock_passes_deadline(self) -> None:
        self.build.past_deadline(self._call())
        self.deadline_passed = True

    @precondition(lambda self: self.deadline_passed)
    @rule()
    def open_offers(self) -> None:
        call = self._call()
        if call.state == CallState.PUBLISHED:
            call = services.call_open_offers(actor=self.officer, call=call)
            assert call.state in {CallState.FORMAL_REVIEW, CallState.CANCELLED}

    @rule(pk=offers, eligible=st.booleans())
    def formal_decision(self, pk: int, eligible: bool) -> None:
        offer = Offer.objects.get(pk=pk)
        try:
            services.offer_formal_decision(actor=self.officer, offer=offer, eligible=eligible, reason="Braki")
        except (ValidationError, PermissionDenied):
            assert Offer.objects.get(pk=pk).state == offer.state

    @rule()
    def finish_review(self) -> None:
        with contextlib.suppress(ValidationError):
            services.call_finish_formal_review(actor=self.officer, call=self._call())

    @rule()
    def appoint_and_maybe_declare(self) -> None:
        call = self._call()
        if call.state != CallState.COMMISSION_OPINION or selectors.seat_of(self.commission, call):
            return
        services.commission_appoint(actor=self.officer, call=call, user=self.commission)

    @rule()
    def declare(self) -> None:
        call = self._call()
        if selectors.seat_of(self.commission, call) is not None:
            services.declaration_sign(actor=self.commission, call=call, confirm=True)

    @rule(pk=offers, points=st.integers(min_value=0, max_value=5))
    def score(self, pk: int, points: int) -> None:
        offer = Offer.objects.get(pk=pk)
        call = self._call()
        seat = selectors.seat_of(self.commission, call)
        scores = {c.pk: (D(points), "Uzasadnienie") for c in call.criteria.all()}
        try:
            services.score_submit(actor=self.commission, offer=offer, scores=scores)
        except PermissionDenied:
            assert not selectors.has_declared(seat)
        except ValidationError:
            assert (
                Offer.objects.get(pk=pk).state not in {OfferState.SCORED} or call.state != CallState.COMMISSION_OPINION
            )

    # --- invariants ---

    @invariant()
    def no_offer_read_before_the_deadline(self) -> None:
        call = self._call()
        if selectors.is_sealed(call):
            for key in ("officer", "admin", "commission", "analyst"):
                assert not selectors.offers_visible_to(self.demo.user(key)).filter(call=call).exists(), key

    @invariant()
    def no_scoring_without_declaration(self) -> None:
        assert not Score.objects.filter(offer__call_id=self.call.pk, member__declaration__isnull=True).exists()

    @invariant()
    def totals_consistent(self) -> None:
        for offer in Offer.objects.filter(call_id=self.call.pk):
            agg = offer.budget_rows.aggregate(t=Sum("total"), g=Sum("from_grant"))
            assert offer.total_cost == (agg["t"] or 0)
            assert offer.requested_amount == (agg["g"] or 0)
            assert offer.total_cost == (
                offer.requested_amount
                + offer.other_funds
                + offer.own_financial
                + offer.personal_contribution
                + offer.in_kind_contribution
            )

    @invariant()
    def every_recorded_transition_is_in_the_table(self) -> None:
        call = self._call()
        assert call.state in OPP_CALL.states
        for offer in Offer.objects.filter(call_id=self.call.pk):
            states = [h.state for h in offer.history.order_by("history_id")]
            for a, b in itertools.pairwise(states):
                assert a == b or OFFER.allowed(a, b), (a, b)
        call_states = [h.state for h in call.history.order_by("history_id")]
        for a, b in itertools.pairwise(call_states):
            assert a == b or OPP_CALL.allowed(a, b), (a, b)

    @invariant()
    def late_offers_never_submitted(self) -> None:
        deadline = self._call().offer_deadline
        for offer in Offer.objects.filter(call_id=self.call.pk).exclude(submitted_at=None):
            assert offer.submitted_at < deadline or self.deadline_passed


@pytest.mark.django_db
def test_competition_lifecycle_state_machine(demo: Any, build: Any) -> None:
    CTX.update(demo=demo, build=build)
    run_state_machine_as_test(
        CompetitionMachine,
        settings=settings(
            max_examples=8,
            stateful_step_count=12,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
