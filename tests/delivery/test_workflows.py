"""Issue 11 in delivery: every lifecycle on core.workflow (consistent tables, no state set outside them, the
enrolment walked by hypothesis against the database), core.actors.require (SYSTEM passes and is recorded, None is
an error) and the anonymisation task acting as SYSTEM."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from kooperacja.catalog import services as catalog_services
from kooperacja.core.actors import SYSTEM
from kooperacja.core.models import AuditEvent
from kooperacja.core.workflow import StateChangeOutsideWorkflow, Workflow
from kooperacja.delivery import services, workflows
from kooperacja.delivery.enums import EnrolmentStatus
from kooperacja.delivery.models import Enrolment

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("workflow", workflows.ALL_WORKFLOWS, ids=lambda w: w.name)
def test_workflow_is_consistent(workflow: Workflow) -> None:
    workflow.check_consistency()


def _service(demo: Any, places: int) -> Any:
    return catalog_services.service_create(
        actor=SYSTEM,
        provider=demo.org("fundacja_puszcza"),
        data={"name": f"Zajęcia na {places}", "description": "x", "category": "education", "capacity_places": places},
    )


def test_state_cannot_be_set_outside_the_workflow(demo: Any, make_person: Any) -> None:
    enrolment = services.enrolment_request(actor=SYSTEM, person=make_person(), service=_service(demo, 1))
    with pytest.raises(StateChangeOutsideWorkflow):
        enrolment.status = EnrolmentStatus.LEFT


def test_none_is_not_an_actor_and_system_is_recorded(demo: Any, make_person: Any) -> None:
    service = _service(demo, 2)
    with pytest.raises(TypeError):
        services.enrolment_request(actor=None, person=make_person(), service=service)  # type: ignore[arg-type]
    with pytest.raises(PermissionDenied):
        services.enrolment_request(actor=demo.user("officer"), person=make_person(), service=service)
    enrolment = services.enrolment_request(actor=SYSTEM, person=make_person(), service=service)
    event = AuditEvent.objects.filter(verb="delivery.enrolled", target_id=str(enrolment.pk)).get()
    assert event.actor is None and event.actor_label == str(SYSTEM.label)


def test_the_anonymisation_task_acts_as_the_system(demo: Any, make_person: Any) -> None:
    person = make_person()
    later = date.today() + timedelta(days=services.RETENTION_DAYS + 30)
    assert services.anonymise_expired(today=later) >= 1
    person.refresh_from_db()
    assert person.is_anonymised
    event = AuditEvent.objects.filter(verb="delivery.person_anonymised", target_id=str(person.pk)).get()
    assert event.actor is None and event.actor_label == str(SYSTEM.label)


def test_enrolment_lifecycle_walk(demo: Any, make_person: Any) -> None:
    """Hypothesis enrols, admits and lets people leave a two-place service: states follow ENROLMENT, the places
    taken never exceed the capacity, and a refused move changes nothing."""
    service = _service(demo, 2)
    people = [make_person() for _ in range(4)]

    class Walk(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            Enrolment.objects.filter(service=service).delete()
            catalog_services.service_places_taken_set(service=service, taken=0)
            self.expected: dict[int, str] = {}

        @rule(i=st.integers(0, 3))
        def enrol(self, i: int) -> None:
            person = people[i]
            open_ = [pk for pk, s in self.expected.items() if s != EnrolmentStatus.LEFT and _person(pk) == person.pk]
            if open_:
                with pytest.raises(ValidationError):
                    services.enrolment_request(actor=SYSTEM, person=person, service=service)
                return
            e = services.enrolment_request(actor=SYSTEM, person=person, service=service)
            self.expected[e.pk] = e.status

        @rule(i=st.integers(0, 20))
        def admit(self, i: int) -> None:
            if not self.expected:
                return
            pk = sorted(self.expected)[i % len(self.expected)]
            enrolment = Enrolment.objects.get(pk=pk)
            active = sum(s == EnrolmentStatus.ACTIVE for s in self.expected.values())
            if self.expected[pk] == EnrolmentStatus.WAITING and active < 2:
                services.enrolment_admit(actor=SYSTEM, enrolment=enrolment)
                self.expected[pk] = EnrolmentStatus.ACTIVE
            else:
                with pytest.raises(ValidationError):
                    services.enrolment_admit(actor=SYSTEM, enrolment=enrolment)

        @rule(i=st.integers(0, 20))
        def leave(self, i: int) -> None:
            if not self.expected:
                return
            pk = sorted(self.expected)[i % len(self.expected)]
            enrolment = Enrolment.objects.get(pk=pk)
            if self.expected[pk] in workflows.ENROLMENT.get("leave").sources:
                services.enrolment_leave(actor=SYSTEM, enrolment=enrolment, reason="completed", on=date.today())
                self.expected[pk] = EnrolmentStatus.LEFT
            else:
                with pytest.raises(ValidationError):
                    services.enrolment_leave(actor=SYSTEM, enrolment=enrolment, reason="completed")

        @invariant()
        def matches(self) -> None:
            stored = dict(Enrolment.objects.filter(service=service).values_list("pk", "status"))
            assert stored == self.expected
            service.refresh_from_db()
            assert service.places_taken == sum(s == EnrolmentStatus.ACTIVE for s in stored.values()) <= 2

    run_state_machine_as_test(Walk, settings=settings(max_examples=10, stateful_step_count=15, deadline=None))


def _person(enrolment_pk: int) -> int:
    return Enrolment.objects.values_list("person_id", flat=True).get(pk=enrolment_pk)
