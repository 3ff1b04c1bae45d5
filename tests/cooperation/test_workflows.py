"""The declared lifecycles of the Cooperation Model (hypothesis) and the rule that states change only through them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from kooperacja.cooperation import services
from kooperacja.cooperation.enums import CaseKind, CaseOutcome, CaseStatus, MeetingStatus, ProgrammeStatus
from kooperacja.cooperation.models import Case, Meeting, PlanProposal, Programme, Referral
from kooperacja.cooperation.workflows import (
    CASE_WF,
    MEETING_WF,
    PROGRAMME_WF,
    PROPOSAL_WF,
    REFERRAL_WF,
    WORKFLOWS,
    TransitionNotAllowed,
)
from kooperacja.core.workflow import StateChangeOutsideWorkflow, Workflow
from tests.cooperation import helpers as h

# --- 1. the tables ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda w: w.name)
def test_workflow_is_consistent(workflow: Workflow) -> None:
    workflow.check_consistency()


@pytest.mark.parametrize(
    ("workflow", "model"),
    [
        (REFERRAL_WF, Referral),
        (CASE_WF, Case),
        (PROGRAMME_WF, Programme),
        (PROPOSAL_WF, PlanProposal),
        (MEETING_WF, Meeting),
    ],
    ids=lambda x: getattr(x, "name", getattr(x, "__name__", "")),
)
def test_each_lifecycle_guards_its_model_field(workflow: Workflow, model: type[models.Model]) -> None:
    field = model._meta.get_field(workflow.field)
    assert type(field).__name__ == "StateField"
    assert set(workflow.states.values) == {v for v, _label in field.choices}
    assert field.default == workflow.initial


class _Obj:
    def __init__(self, field: str, state: str) -> None:
        setattr(self, field, state)


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda w: w.name)
def test_no_transition_outside_the_table(workflow: Workflow) -> None:
    names = sorted(t.name for t in workflow)

    class TableMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.obj = _Obj(workflow.field, workflow.initial)

        @rule(name=st.sampled_from([*names, "teleport"]), reason=st.sampled_from(["", "uzasadnienie"]))
        def move(self, name: str, reason: str) -> None:
            before = workflow.state_of(self.obj)
            allowed = workflow.can(self.obj, name)
            if not allowed:
                with pytest.raises(TransitionNotAllowed):
                    workflow.apply(self.obj, name, reason=reason)
            elif workflow.get(name).needs_reason and not reason:
                with pytest.raises(ValidationError):
                    workflow.apply(self.obj, name, reason=reason)
            else:
                t = workflow.apply(self.obj, name, reason=reason)
                assert workflow.state_of(self.obj) == t.target
                return
            assert workflow.state_of(self.obj) == before

        @invariant()
        def state_is_declared(self) -> None:
            state = workflow.state_of(self.obj)
            assert state in workflow.states.values
            assert bool(workflow.available(self.obj)) != workflow.is_final(state) or not workflow.final

    run_state_machine_as_test(TableMachine, settings=settings(max_examples=30, stateful_step_count=15, deadline=None))


def test_state_cannot_be_assigned_outside_the_workflow(demo: Any) -> None:
    """Regression: until the lifecycles were declared, services (and anyone) set `status` directly."""
    case = h.case("Rodzina J.")
    with pytest.raises(StateChangeOutsideWorkflow):
        case.status = CaseStatus.CLOSED
    programme = case.programme
    with pytest.raises(StateChangeOutsideWorkflow):
        programme.status = ProgrammeStatus.CLOSED
    meeting = h.team().meetings.order_by("-starts_at").first()
    with pytest.raises(StateChangeOutsideWorkflow):
        meeting.status = MeetingStatus.HELD
    referral = h.referral("Rodzina J.", "PCPR Hajnówka")
    with pytest.raises(StateChangeOutsideWorkflow):
        referral.state = "completed"


# --- 2. the case and its programme through the real services --------------------------------------------------


class CaseLifecycle(RuleBasedStateMachine):
    """A fresh case walks diagnosis, programme frame, goals, actions, agreement and closing in random order."""

    def __init__(self) -> None:
        super().__init__()
        from tests.conftest import DemoData

        demo = DemoData()
        self.sw = demo.user("social_worker")
        self.member = demo.org("pcpr_hajnowka")
        team = h.team()
        self.case = services.case_open(
            actor=self.sw,
            team=team,
            owner=demo.org("gops_narewka"),
            kind=CaseKind.PERSON,
            title="Maszyna stanów",
            gmina=team.gmina,
        )
        self.today = timezone.localdate()
        self.case_state, self.programme_state = CaseStatus.OPEN.value, None
        self.diagnosed = self.has_goal = self.has_action = False

    def _call(self, fn: Any, **kwargs: Any) -> str:
        try:
            fn(actor=self.sw, case=self.case, **kwargs)
        except PermissionDenied:
            return "denied"
        except ValidationError:
            return "invalid"
        return "ok"

    @rule()
    def diagnose(self) -> None:
        data = {
            "workshop_on": self.today,
            "reasons": ["poverty"],
            "causes": "c",
            "strengths_weaknesses": "s",
            "resources_deficits": "r",
            "expectations_needs": "e",
        }
        result = self._call(services.diagnosis_save, data=data)
        assert result == ("denied" if self.case_state == CaseStatus.CLOSED else "ok")
        self.diagnosed = self.diagnosed or result == "ok"

    @rule()
    def save_frame(self) -> None:
        result = self._call(services.programme_save, starts_on=self.today, ends_on=self.today + timedelta(days=90))
        if self.case_state == CaseStatus.CLOSED:
            assert result == "denied"
        elif self.programme_state == ProgrammeStatus.CLOSED:
            assert result == "invalid"
        else:
            assert result == "ok"
            self.programme_state = self.programme_state or ProgrammeStatus.DRAFT.value

    @rule()
    def add_goal(self) -> None:
        result = self._call(services.goal_add, text="Cel")
        expected = "denied" if self.case_state == CaseStatus.CLOSED else "invalid" if not self._open() else "ok"
        assert result == expected
        self.has_goal = self.has_goal or result == "ok"

    @rule()
    def add_action(self) -> None:
        result = self._call(
            services.action_add,
            title="Działanie",
            responsible=self.member,
            starts_on=self.today,
            ends_on=self.today + timedelta(days=30),
        )
        expected = "denied" if self.case_state == CaseStatus.CLOSED else "invalid" if not self._open() else "ok"
        assert result == expected
        self.has_action = self.has_action or result == "ok"

    @rule()
    def agree(self) -> None:
        result = self._call(services.programme_agree, agreed_on=self.today, agreement_note="podpis")
        if self.case_state == CaseStatus.CLOSED:
            assert result == "denied"
            return
        ready = self.programme_state == ProgrammeStatus.DRAFT and self.diagnosed and self.has_goal and self.has_action
        assert result == ("ok" if ready else "invalid")
        if ready:
            self.programme_state, self.case_state = ProgrammeStatus.AGREED.value, CaseStatus.PROGRAMME.value

    @rule(summary=st.sampled_from(["", "Podsumowanie współpracy."]))
    def close(self, summary: str) -> None:
        result = self._call(services.case_close, summary=summary, outcome=CaseOutcome.PARTLY)
        if self.case_state == CaseStatus.CLOSED:
            assert result == "denied"
        elif not summary:
            assert result == "invalid"
        else:
            assert result == "ok"
            self.case_state, self.programme_state = CaseStatus.CLOSED.value, ProgrammeStatus.CLOSED.value

    def _open(self) -> bool:
        return self.programme_state in (ProgrammeStatus.DRAFT, ProgrammeStatus.AGREED)

    @invariant()
    def matches_database(self) -> None:
        case = Case.objects.get(pk=self.case.pk)
        self.case = case
        assert case.status == self.case_state
        programme = Programme.objects.filter(case=case).first()
        assert (programme.status if programme else None) == self.programme_state
        assert (case.closed_on is not None) == (case.status == CaseStatus.CLOSED)
        if programme is not None:
            assert (programme.status == ProgrammeStatus.CLOSED) == (case.status == CaseStatus.CLOSED)
            assert (programme.agreed_on is None) == (programme.status == ProgrammeStatus.DRAFT)


@pytest.mark.django_db
def test_case_lifecycle_state_machine(demo: Any) -> None:
    run_state_machine_as_test(
        CaseLifecycle,
        settings=settings(
            max_examples=15,
            stateful_step_count=10,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )


# --- 3. meetings and planner proposals -------------------------------------------------------------------------


def test_meeting_is_held_by_its_minutes_and_they_can_be_corrected(demo: Any) -> None:
    sw, team = demo.user("social_worker"), h.team()
    meeting = services.meeting_schedule(
        actor=sw, team=team, title="Test", starts_at=timezone.now(), place="GOPS", agenda="1. Sprawy bieżące"
    )
    assert meeting.status == MeetingStatus.PLANNED
    assert [t.name for t in MEETING_WF.available(meeting)] == ["record_minutes"]
    with pytest.raises(ValidationError):
        services.meeting_record_minutes(actor=sw, meeting=meeting, minutes="  ", attendees=[])
    held = services.meeting_record_minutes(actor=sw, meeting=meeting, minutes="Ustalono.", attendees=[])
    assert held.status == MeetingStatus.HELD
    assert [t.name for t in MEETING_WF.available(held)] == ["correct_minutes"]
    again = services.meeting_record_minutes(actor=sw, meeting=held, minutes="Ustalono (poprawka).", attendees=[])
    assert again.status == MeetingStatus.HELD and again.minutes.endswith("(poprawka).")


def test_a_proposal_is_decided_once(demo: Any) -> None:
    proposal = h.proposal()
    sw = demo.user("social_worker")
    assert [t.name for t in PROPOSAL_WF.available(proposal, sw)] == ["accept", "reject"]
    assert PROPOSAL_WF.available(proposal, demo.user("partner")) == []
    decided = services.plan_decide(actor=sw, proposal=proposal, accept=False)
    assert decided.status == "rejected"
    assert PROPOSAL_WF.is_final(decided)
    with pytest.raises(ValidationError):
        services.plan_decide(actor=sw, proposal=decided, accept=True)
