"""Hypothesis state machines: the declared tables, and the real services walking the offer/call lifecycle."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, precondition, rule, run_state_machine_as_test

from kooperacja.commissioning import selectors, services
from kooperacja.commissioning.enums import CallMode, CallState, OfferState, ReportState
from kooperacja.commissioning.models import Call, Contract, Offer, Report, Score
from kooperacja.commissioning.workflows import (
    ALL_WORKFLOWS,
    CALL_WORKFLOWS,
    CONTRACT,
    OFFER,
    OPP_CALL,
    REPORT,
    call_workflow,
)
from kooperacja.core.workflow import StateChangeOutsideWorkflow, Workflow
from kooperacja.demo.scenarios.commissioning import FINISHED_TITLE
from tests.workflow_machine import walk_table

D = Decimal


# --- 1. every table: consistent, and a move outside it is refused and changes nothing ------------------------


def _allowed(workflow: Workflow, source: str, target: str) -> bool:
    return any(source in t.sources and t.target == target for t in workflow)


@pytest.mark.parametrize("workflow", ALL_WORKFLOWS, ids=lambda w: w.name)
def test_workflow_is_consistent(workflow: Workflow) -> None:
    workflow.check_consistency()


def test_every_call_mode_has_its_table() -> None:
    assert set(CALL_WORKFLOWS) == set(CallMode.values)
    for mode, wf in CALL_WORKFLOWS.items():
        assert call_workflow(mode) is wf
        assert set(wf.states.values) <= set(CallState.values)


class _Obj:
    def __init__(self, state: str) -> None:
        self.state = state


@pytest.mark.parametrize("workflow", ALL_WORKFLOWS, ids=lambda w: w.name)
def test_no_transition_outside_the_table(workflow: Workflow) -> None:
    walk_table(workflow, max_examples=40, steps=25, final_is_dead_end=True)


def test_a_reason_is_required_where_declared() -> None:
    obj = _Obj(OfferState.SUBMITTED)
    with pytest.raises(ValidationError) as err:
        OFFER.apply(obj, "reject_formally", reason="  ")
    assert "reason" in err.value.message_dict
    assert obj.state == OfferState.SUBMITTED


@pytest.mark.parametrize(
    ("model", "field_value"),
    [(Call, CallState.PUBLISHED), (Offer, OfferState.SUBMITTED), (Contract, "signed"), (Report, "submitted")],
)
def test_state_cannot_be_assigned_outside_the_workflow(model: type, field_value: str) -> None:
    obj = model()
    with pytest.raises(StateChangeOutsideWorkflow):
        obj.state = field_value
    assert obj.state == "draft"


@pytest.mark.django_db
def test_state_survives_refresh_and_history(demo: Any, build: Any) -> None:
    call = build.call()
    call.refresh_from_db()
    assert call.state == CallState.PUBLISHED
    assert call.history.first().state == CallState.PUBLISHED


@pytest.mark.django_db
def test_available_actions_follow_the_permission(demo: Any, build: Any) -> None:
    call = build.call(publish=False)
    names = {t.name for t in OPP_CALL.available(call, demo.user("officer"))}
    assert names == {"publish", "cancel"}
    assert OPP_CALL.available(call, demo.user("pes_staff")) == []


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
        assert call.state in OPP_CALL.states.values
        for offer in Offer.objects.filter(call_id=self.call.pk):
            states = [h.state for h in offer.history.order_by("history_id")]
            for a, b in itertools.pairwise(states):
                assert a == b or _allowed(OFFER, a, b), (a, b)
        call_states = [h.state for h in call.history.order_by("history_id")]
        for a, b in itertools.pairwise(call_states):
            assert a == b or _allowed(OPP_CALL, a, b), (a, b)

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


class SettlementMachine(RuleBasedStateMachine):
    """The finished demo competition's contract: the contractor saves and submits its reports, the office reviews
    them (accept, corrections, return) and settles. Every step goes through the services; whatever the order,
    the contract and the reports only move along their tables and a contract is settled only after its final
    report was accepted (or the grant's return demanded)."""

    def __init__(self) -> None:
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        demo = CTX["demo"]
        self.officer, self.contractor = demo.user("officer"), demo.user("coordinator")
        self.contract = Call.objects.get(title=FINISHED_TITLE).contracts.get()

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    def _report(self, kind: str) -> Report | None:
        # the yearly report exists when the contract runs over two budget years (nearly every demo date)
        return self.contract.reports.filter(kind=kind).order_by("period_end").first()

    @rule(kind=st.sampled_from(["partial", "yearly", "final"]))
    def contractor_submits(self, kind: str) -> None:
        report = self._report(kind)
        if report is None:
            return
        before = report.state
        try:
            services.report_save(actor=self.contractor, report=report, actions_done="Działania wykonane.")
            services.report_submit(actor=self.contractor, report=report)
        except ValidationError:
            assert not REPORT.can(_Obj(before), "submit")
            assert self._report(kind).state == before

    @rule(
        kind=st.sampled_from(["partial", "yearly", "final"]),
        decision=st.sampled_from(["accept", "corrections", "return"]),
    )
    def office_reviews(self, kind: str, decision: str) -> None:
        report = self._report(kind)
        if report is None:
            return
        before = report.state
        extra: dict[str, Any] = {
            "corrections": {"corrections_due": timezone.localdate() + dt.timedelta(days=14)},
            "return": {"return_amount": D("100.00")},
        }.get(decision, {})
        try:
            services.report_review(actor=self.officer, report=report, decision=decision, note="Uwagi", **extra)
        except ValidationError:
            assert before != ReportState.SUBMITTED
            assert self._report(kind).state == before

    @rule()
    def office_settles(self) -> None:
        before = Contract.objects.get(pk=self.contract.pk).state
        try:
            services.contract_settle(actor=self.officer, contract=self.contract)
        except ValidationError:
            assert Contract.objects.get(pk=self.contract.pk).state == before
        else:
            assert self._report("final").state in {ReportState.ACCEPTED, ReportState.RETURN_DEMANDED}

    @invariant()
    def only_declared_moves(self) -> None:
        contract = Contract.objects.get(pk=self.contract.pk)
        for a, b in itertools.pairwise(h.state for h in contract.history.order_by("history_id")):
            assert a == b or _allowed(CONTRACT, a, b), (a, b)
        for report in contract.reports.all():
            for a, b in itertools.pairwise(h.state for h in report.history.order_by("history_id")):
                assert a == b or _allowed(REPORT, a, b), (a, b)


@pytest.mark.django_db
def test_settlement_lifecycle_state_machine(demo: Any) -> None:
    CTX.update(demo=demo)
    run_state_machine_as_test(
        SettlementMachine,
        settings=settings(
            max_examples=6,
            stateful_step_count=10,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        ),
    )
