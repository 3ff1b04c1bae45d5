"""Art. 49 programmes (approval by the head of the OPS, reviews, outcome), art. 53 flats, and the workflow table."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from kooperacja.core.actors import SYSTEM
from kooperacja.delivery import services, workflows
from kooperacja.delivery.enums import ProgrammeStatus
from kooperacja.delivery.models import Flat, HomelessnessProgramme

TODAY = date(2026, 3, 1)


@pytest.fixture
def homeless(demo: Any, make_person: Any) -> Any:
    person = make_person("gops_narewka", year=1975, reasons=["homelessness"])
    return person


def _programme(demo: Any, person: Any) -> HomelessnessProgramme:
    from kooperacja.catalog.models import Service

    return services.programme_create(
        actor=demo.user("social_worker"), person=person, ops=demo.org("gops_narewka"),
        service=Service.objects.get(name="Wsparcie w wychodzeniu z bezdomności"), drawn_up_on=TODAY,
        starts_on=TODAY, planned_end_on=TODAY + timedelta(days=300), situation="Opis", person_agreed=True,
    )  # fmt: skip


@pytest.mark.django_db
def test_programme_lifecycle(demo: Any, homeless: Any) -> None:
    worker = demo.user("social_worker")
    prog = _programme(demo, homeless)
    with pytest.raises(ValidationError):
        services.programme_submit(actor=worker, programme=prog)  # no goals yet
    goal = services.programme_goal_add(actor=worker, programme=prog, area="housing", text="Mieszkanie")
    with pytest.raises(ValidationError):
        services.programme_action_add(actor=worker, programme=prog, goal=goal, text="x", due_on=TODAY)
    services.programme_action_add(
        actor=worker,
        programme=prog,
        goal=goal,
        text="Wniosek",
        due_on=TODAY,
        responsible_organisation=demo.org("ug_narewka"),
    )
    prog = services.programme_submit(actor=worker, programme=prog)
    with pytest.raises(PermissionDenied):
        services.programme_approve(actor=demo.user("pes_staff"), programme=prog)
    with pytest.raises(PermissionDenied):
        services.programme_approve(actor=demo.user("partner"), programme=prog)  # PCPR is not the OPS
    prog = services.programme_approve(actor=worker, programme=prog, on=TODAY)
    assert prog.status == ProgrammeStatus.APPROVED and prog.approved_by == worker
    services.programme_review_add(actor=worker, programme=prog, reviewed_on=TODAY, progress="Postęp")
    prog = services.programme_close(actor=worker, programme=prog, outcome="housing_obtained", note="OK", on=TODAY)
    assert prog.status == ProgrammeStatus.COMPLETED
    with pytest.raises(ValidationError):
        services.programme_goal_add(actor=worker, programme=prog, area="work", text="x")


@pytest.mark.django_db
def test_approval_through_the_page(client_as: Any, demo: Any) -> None:
    from django.urls import reverse

    prog = HomelessnessProgramme.objects.get(status="submitted")
    response = client_as("social_worker").post(reverse("delivery:programme_transition", args=[prog.pk, "approve"]))
    assert response.status_code == 302
    prog.refresh_from_db()
    assert prog.status == "approved" and prog.approved_by == demo.user("social_worker")
    page = client_as("social_worker").get(reverse("delivery:programme", args=[prog.pk]))
    assert page.status_code == 200 and prog.person.last_name in page.content.decode()


class _Programme:
    def __init__(self) -> None:
        self.status = str(ProgrammeStatus.DRAFT)


@given(st.lists(st.sampled_from([t.name for t in workflows.PROGRAMME]), max_size=12))
@settings(max_examples=200, deadline=None)
def test_workflow_table_walk(actions: list[str]) -> None:
    prog = _Programme()
    for action in actions:
        before = prog.status
        if workflows.PROGRAMME.can(prog, action):
            workflows.PROGRAMME.apply(prog, action)
            assert prog.status == workflows.PROGRAMME.get(action).target
        else:
            with pytest.raises(ValidationError):
                workflows.PROGRAMME.apply(prog, action)
            assert prog.status == before
        assert prog.status in ProgrammeStatus.values
        if workflows.PROGRAMME.is_final(prog):
            assert workflows.PROGRAMME.available(prog) == []


@pytest.mark.django_db
def test_flat_places_are_enforced(demo: Any, make_person: Any) -> None:
    flat = Flat.objects.get(name="Mieszkanie chronione (dawne)")
    assert flat.get_kind_display().startswith("mieszkanie chronione")
    occupied = flat.placements.filter(ended_on__isnull=True).count()
    people = [make_person("przystan", year=1970) for _ in range(flat.places - occupied + 1)]
    for p in people[:-1]:
        services.placement_start(actor=SYSTEM, flat=flat, person=p, starts_on=TODAY)
    with pytest.raises(services.CapacityFull):
        services.placement_start(actor=SYSTEM, flat=flat, person=people[-1], starts_on=TODAY)
    current = flat.placements.filter(ended_on__isnull=True).first()
    with pytest.raises(ValidationError):
        services.placement_end(
            actor=SYSTEM, placement=current, ended_on=current.starts_on - timedelta(days=1), reason="other"
        )
    services.placement_end(
        actor=SYSTEM, placement=current, ended_on=current.starts_on + timedelta(days=1), reason="independent"
    )
    services.placement_start(actor=SYSTEM, flat=flat, person=people[-1], starts_on=TODAY)
