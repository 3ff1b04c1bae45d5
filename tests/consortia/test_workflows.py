"""Workflows: every lifecycle is declared with core.workflow, refuses moves outside its table, and the services
follow it (hypothesis walks random sequences against the database)."""

from __future__ import annotations

import contextlib
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from kooperacja.consortia import services, workflows
from kooperacja.consortia.enums import ResolutionStatus, SupportStatus
from kooperacja.consortia.models import SupportRequest
from kooperacja.core.workflow import StateChangeOutsideWorkflow, Workflow
from tests.workflow_machine import walk_table

from . import helpers as h


@pytest.mark.parametrize("workflow", workflows.ALL_WORKFLOWS, ids=lambda w: w.name)
def test_workflow_is_consistent(workflow: Workflow) -> None:
    workflow.check_consistency()


class _Obj:
    def __init__(self, status: str) -> None:
        self.status = status


@pytest.mark.parametrize("workflow", workflows.ALL_WORKFLOWS, ids=lambda w: w.name)
def test_no_transition_outside_the_table(workflow: Workflow) -> None:
    walk_table(workflow)


def test_status_cannot_be_assigned_outside_the_workflow(demo: Any) -> None:
    res = h.resolution("draft")
    with pytest.raises(StateChangeOutsideWorkflow):
        res.status = ResolutionStatus.ADOPTED
    res.refresh_from_db()
    assert res.status == ResolutionStatus.DRAFT


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(list(SupportStatus)), min_size=1, max_size=6))
def test_support_request_follows_its_workflow(demo: Any, steps: list[str]) -> None:
    with transaction.atomic():
        req = SupportRequest.objects.create(
            consortium=h.consortium(), organisation=demo.org("ss_zubr"), category="legal", subject="S", description="D"
        )
        office = demo.user("coordinator")
        state: str = SupportStatus.NEW
        for target in steps:
            allowed = target == state or target in workflows.SUPPORT.targets(state)
            try:
                services.support_request_handle(actor=office, request=req, status=target, outcome="Gotowe")
            except ValidationError:
                assert not allowed
            else:
                assert allowed
                state = target
            req.refresh_from_db()
            assert req.status == state
            assert (req.resolved_at is not None) == (state == SupportStatus.RESOLVED)
        transaction.set_rollback(True)


CTX: dict[str, Any] = {}


class ResolutionMachine(RuleBasedStateMachine):
    """A fresh draft resolution of the general meeting: the office opens, withdraws and closes, members vote in
    any order; the status only ever moves along RESOLUTION, and a decided resolution's counts equal its votes."""

    def __init__(self) -> None:
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        demo = CTX["demo"]
        self.office = demo.user("coordinator")
        c = h.consortium()
        self.res = services.resolution_draft(
            actor=self.office,
            consortium=c,
            body=c.bodies.get(kind="general_meeting"),
            title="Uchwała z maszyny stanów",
            text="Treść",
        )
        self.voter = demo.user("pes_staff")
        self.member = h.member_of(demo, "pes_staff")
        self.status: str = ResolutionStatus.DRAFT

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    def _expect(self, name: str, call: Any) -> None:
        before = self.status
        try:
            call()
        except (ValidationError, PermissionDenied):
            assert not workflows.RESOLUTION.can(_Obj(before), name)
        else:
            assert workflows.RESOLUTION.can(_Obj(before), name)
        self.res.refresh_from_db()
        self.status = self.res.status

    @rule()
    def open_vote(self) -> None:
        self._expect("open_vote", lambda: services.resolution_open_vote(actor=self.office, resolution=self.res))

    @rule()
    def withdraw(self) -> None:
        self._expect("withdraw", lambda: services.resolution_withdraw(actor=self.office, resolution=self.res))

    @rule()
    def close(self) -> None:
        name = "adopt"  # adopt and reject share their source: either is allowed exactly when voting
        self._expect(name, lambda: services.resolution_close(actor=self.office, resolution=self.res))

    @rule(choice=st.sampled_from(["for", "against", "abstain"]))
    def vote(self, choice: str) -> None:
        before = self.status
        with contextlib.suppress(ValidationError, PermissionDenied):
            services.vote_cast(actor=self.voter, resolution=self.res, member=self.member, choice=choice)
        self.res.refresh_from_db()
        assert self.res.status == before

    @invariant()
    def decided_counts_match_the_register(self) -> None:
        if self.status in (ResolutionStatus.ADOPTED, ResolutionStatus.REJECTED):
            votes = list(self.res.votes.values_list("choice", flat=True))
            assert self.res.votes_for == votes.count("for")
            assert self.res.votes_against == votes.count("against")
            assert self.res.votes_abstain == votes.count("abstain")


def test_resolution_lifecycle_machine(demo: Any) -> None:
    CTX["demo"] = demo
    run_state_machine_as_test(
        ResolutionMachine,
        settings=settings(
            max_examples=12,
            stateful_step_count=8,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )


def test_resolution_cannot_be_reopened_or_voted_after_closing(demo: Any) -> None:
    c = h.consortium()
    res = h.adopt(demo, c, title="Zamknięta")
    assert res.status == ResolutionStatus.ADOPTED
    coordinator = demo.user("coordinator")

    with pytest.raises(PermissionDenied):
        services.resolution_open_vote(actor=coordinator, resolution=res)
    with pytest.raises(PermissionDenied):
        services.resolution_close(actor=coordinator, resolution=res)
    with pytest.raises(ValidationError, match="nie trwa"):
        services.vote_cast(
            actor=demo.user("pes_staff"), resolution=res, member=h.member_of(demo, "pes_staff"), choice="for"
        )
