"""Lifecycles: every declared workflow is consistent, refuses moves outside its table, and the enrolment
services keep the capacity and the waiting list right whatever the order of applications and cancellations."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from kooperacja.core.actors import SYSTEM
from kooperacja.core.workflow import Workflow
from kooperacja.learning import services
from kooperacja.learning.enums import EnrolmentMode, EnrolmentState
from kooperacja.learning.models import Enrolment
from kooperacja.learning.workflows import ALL, ENROLMENT
from tests.learning import helpers as h
from tests.workflow_machine import walk_table


@pytest.mark.parametrize("workflow", ALL, ids=lambda w: w.name)
def test_workflow_is_consistent(workflow: Workflow) -> None:
    workflow.check_consistency()


@pytest.mark.parametrize("workflow", ALL, ids=lambda w: w.name)
def test_no_transition_outside_the_table(workflow: Workflow) -> None:
    walk_table(workflow)


CTX: dict[str, Any] = {}
LEARNERS = ("officer", "commission", "social_worker", "partner", "police")


class EnrolmentMachine(RuleBasedStateMachine):
    """An open course with two places: learners apply, cancel and re-apply, the trainer decides; the places
    are never overbooked, and a freed place goes to the first on the waiting list."""

    def __init__(self) -> None:
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        demo = CTX["demo"]
        self.trainer = demo.user("trainer")
        self.users = {k: demo.user(k) for k in LEARNERS}
        base = h.course(h.CLAUSES_COURSE)
        self.course = services.course_create(
            actor=SYSTEM,
            organisation=base.organisation,
            trainers=[self.trainer],
            title="Szkolenie z maszyny stanów",
            summary="test",
            hours=2,
            capacity=2,
            enrolment_mode=CTX["mode"],
            visibility="logged_in",
        )
        services.module_add(actor=SYSTEM, course=self.course, title="Moduł")
        services.course_transition(actor=SYSTEM, course=self.course, name="publish")

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    def _enrolment(self, key: str) -> Enrolment | None:
        return Enrolment.objects.filter(course=self.course, user=self.users[key]).first()

    @rule(key=st.sampled_from(LEARNERS))
    def apply(self, key: str) -> None:
        existing = self._enrolment(key)
        try:
            with transaction.atomic():
                e = services.enrolment_apply(actor=self.users[key], course=self.course)
        except ValidationError:
            assert existing is not None and not ENROLMENT.can(existing, "reapply")
            return
        assert e.state in EnrolmentState.values

    @rule(key=st.sampled_from(LEARNERS))
    def cancel(self, key: str) -> None:
        e = self._enrolment(key)
        if e is None:
            return
        try:
            with transaction.atomic():
                services.enrolment_cancel(actor=self.users[key], enrolment=e)
        except ValidationError:
            assert not ENROLMENT.can(e, "cancel")

    @rule(key=st.sampled_from(LEARNERS), name=st.sampled_from(["approve", "waitlist", "reject"]))
    def decide(self, key: str, name: str) -> None:
        e = self._enrolment(key)
        if e is None:
            return
        try:
            with transaction.atomic():
                services.enrolment_decide(actor=self.trainer, enrolment=e, name=name, reason="decyzja")
        except ValidationError:
            pass

    @rule(key=st.sampled_from(LEARNERS))
    def outsider_cannot_decide(self, key: str) -> None:
        e = self._enrolment(key)
        if e is None:
            return
        with pytest.raises((PermissionDenied, Http404)), transaction.atomic():
            services.enrolment_decide(actor=self.users[key], enrolment=e, name="approve")

    @invariant()
    def never_overbooked(self) -> None:
        taken = self.course.enrolments.filter(state__in=[EnrolmentState.ENROLLED, EnrolmentState.COMPLETED]).count()
        assert taken <= self.course.capacity

    @invariant()
    def waiting_only_when_full(self) -> None:
        if CTX["mode"] != EnrolmentMode.OPEN:
            return
        waiting = self.course.enrolments.filter(state=EnrolmentState.WAITLISTED).exists()
        taken = self.course.enrolments.filter(state=EnrolmentState.ENROLLED).count()
        assert not waiting or taken == self.course.capacity


@pytest.mark.parametrize("mode", [EnrolmentMode.OPEN, EnrolmentMode.APPLICATION])
def test_enrolment_machine(demo: Any, mode: str) -> None:
    CTX.update(demo=demo, mode=mode)
    run_state_machine_as_test(
        EnrolmentMachine,
        settings=settings(
            max_examples=12, stateful_step_count=15, deadline=None, suppress_health_check=list(HealthCheck)
        ),
    )
