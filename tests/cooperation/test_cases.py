"""Cases: one person one record, diagnosis -> IPW -> basket recommendations -> closing, with their rules."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kooperacja.catalog.models import Service
from kooperacja.cooperation import services
from kooperacja.cooperation.basket import recommendations_for
from kooperacja.cooperation.enums import CaseStatus, ProgrammeStatus
from kooperacja.delivery.models import Person
from tests.cooperation import helpers as h


def _new_case(demo: Any, **kw: Any) -> Any:
    team = h.team()
    return services.case_open(
        actor=demo.user("social_worker"),
        team=team,
        owner=demo.org("gops_narewka"),
        kind="family",
        title="Rodzina Z.",
        gmina=team.gmina,
        **kw,
    )


def test_one_person_one_record(demo: Any) -> None:
    family = h.case("Rodzina J.")
    mother = family.persons.get(is_main=True).person
    assert Person.objects.filter(pesel=mother.pesel).count() == 1
    assert mother.enrolments.exists()  # the same record the delivery module serves
    case = _new_case(demo)
    link = services.case_person_add(
        actor=demo.user("social_worker"),
        case=case,
        data={
            "first_name": mother.first_name,
            "last_name": mother.last_name,
            "pesel": mother.pesel,
            "territory": case.gmina,
        },
        relation="matka",
    )
    assert link.person.pk == mother.pk
    assert Person.objects.filter(pesel=mother.pesel).count() == 1
    with pytest.raises(ValidationError):
        services.case_person_add(
            actor=demo.user("social_worker"),
            case=case,
            data={
                "first_name": mother.first_name,
                "last_name": mother.last_name,
                "pesel": mother.pesel,
                "territory": case.gmina,
            },
            relation="matka",
        )


def test_case_numbers_and_named_case_worker(demo: Any) -> None:
    case = _new_case(demo)
    assert case.number.startswith(f"PZK/{h.team().gmina.code}/{timezone.localdate().year}/")
    assert case.named_members.filter(user=demo.user("social_worker")).exists()
    with pytest.raises(PermissionDenied):  # PCPR staff cannot open a case in GOPS's name
        services.case_open(
            actor=demo.user("partner"),
            team=h.team(),
            owner=demo.org("gops_narewka"),
            kind="family",
            title="x",
            gmina=h.team().gmina,
        )
    with pytest.raises(ValidationError):  # only people of member institutions can be named
        services.case_name_member(actor=demo.user("social_worker"), case=case, user=demo.user("officer"))


def test_programme_needs_diagnosis_goal_and_action_before_agreement(demo: Any) -> None:
    sw = demo.user("social_worker")
    case = _new_case(demo)
    today = timezone.localdate()
    services.programme_save(actor=sw, case=case, starts_on=today, ends_on=today.replace(year=today.year + 1))
    with pytest.raises(ValidationError):
        services.programme_agree(actor=sw, case=case, agreed_on=today, agreement_note="x")
    services.diagnosis_save(
        actor=sw,
        case=case,
        data={
            "workshop_on": today,
            "reasons": ["poverty"],
            "needs": ["family_support"],
            "causes": "a",
            "strengths_weaknesses": "b",
            "resources_deficits": "c",
            "expectations_needs": "d",
        },
    )
    goal = services.goal_add(actor=sw, case=case, text="Cel")
    with pytest.raises(ValidationError):
        services.programme_agree(actor=sw, case=case, agreed_on=today, agreement_note="x")
    services.action_add(
        actor=sw,
        case=case,
        title="Działanie",
        responsible=demo.org("razem_narewka"),
        starts_on=today,
        ends_on=today,
        goal=goal,
    )
    with pytest.raises(ValidationError):  # responsible must be a member institution
        services.action_add(
            actor=sw, case=case, title="x", responsible=demo.org("ss_zubr"), starts_on=today, ends_on=today
        )
    programme = services.programme_agree(actor=sw, case=case, agreed_on=today, agreement_note="podpisany")
    case.refresh_from_db()
    assert programme.status == ProgrammeStatus.AGREED and case.status == CaseStatus.PROGRAMME
    closed = services.case_close(actor=sw, case=case, summary="Podsumowanie.", outcome="partly")
    assert closed.status == CaseStatus.CLOSED and closed.programme.summary == "Podsumowanie."
    with pytest.raises(PermissionDenied):  # closed cases are read-only
        services.goal_add(actor=sw, case=closed, text="po zamknięciu")


def test_recommendations_explain_why_and_respect_capacity_and_age(demo: Any) -> None:
    case = h.case("Pan S.")
    sw = demo.user("social_worker")
    recs = recommendations_for(case, user=sw)
    assert recs, "Pan S. has open needs and the catalogue has matching services"
    for rec in recs:
        assert rec.why[0].startswith("odpowiada na rozpoznaną potrzebę")
        assert any("wolne miejsca" in w or "bez limitu" in w for w in rec.why)
        assert rec.service.free is None or rec.service.free > 0
        # Pan S. is 58: no service limited to children or youth is suggested
        assert rec.service.max_age is None or rec.service.max_age >= 58
    first = recs[0].service
    Service.objects.filter(pk=first.pk).update(places_taken=first.capacity_places or 0)
    if first.capacity_places is not None:
        assert first.pk not in {r.service.pk for r in recommendations_for(case, user=sw)}


def test_family_recommendations_name_the_person_whose_age_fits(demo: Any) -> None:
    recs = recommendations_for(h.case("Rodzina J."), user=demo.user("social_worker"))
    aged = [r for r in recs if r.service.min_age is not None or r.service.max_age is not None]
    for rec in aged:
        assert rec.for_persons, rec.service
        assert any(w.startswith("wiek") for w in rec.why)
