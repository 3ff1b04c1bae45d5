"""Issue 10, item 2, in the Cooperation Model: adding a person to a case with a PESEL that only another organisation
serves must not link (and so reveal) that organisation's record to the case owner."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from kooperacja.cooperation import services
from kooperacja.core.audit import access_log_for
from kooperacja.delivery import selectors as delivery_selectors
from kooperacja.delivery.models import Person, PersonDuplicateFlag, PersonOrganisation
from tests.cooperation import helpers as h

pytestmark = pytest.mark.django_db


def _zubr_only(demo: Any) -> Any:
    zubr = demo.org("ss_zubr")
    for person in Person.objects.filter(served_by__organisation=zubr).exclude(pesel="").order_by("id"):
        if set(person.served_by.values_list("organisation_id", flat=True)) == {zubr.pk}:
            return person
    raise AssertionError("the demo has no participant served only by Spółdzielnia Żubr")


def _new_case(demo: Any) -> Any:
    team = h.team()
    return services.case_open(
        actor=demo.user("social_worker"),
        team=team,
        owner=demo.org("gops_narewka"),
        kind="family",
        title="Rodzina O.",
        gmina=team.gmina,
    )


def test_case_person_add_with_a_foreign_pesel_creates_a_separate_record(demo: Any, client_as: Any) -> None:
    victim = _zubr_only(demo)
    log_before = access_log_for(victim).count()
    case = _new_case(demo)
    gops = demo.org("gops_narewka")
    client = client_as("social_worker")
    response = client.post(
        reverse("cooperation:case_person_add", args=[case.pk]),
        {"first_name": "Jan", "last_name": "Obcy", "pesel": victim.pesel, "relation": "ojciec"},
        follow=True,
    )
    assert response.status_code == 200
    assert "Dodano osobę do sprawy." in response.content.decode()
    link = case.persons.get()
    assert link.person.pk != victim.pk and link.person.registered_by == gops
    assert (link.person.first_name, link.person.last_name, link.person.pesel) == ("Jan", "Obcy", victim.pesel)
    page = client.get(reverse("cooperation:case_detail", args=[case.pk])).content.decode()
    assert victim.code not in page and victim.last_name not in page

    # the Żubr record is untouched and unknown to GOPS
    assert not PersonOrganisation.objects.filter(person=victim, organisation=gops).exists()
    assert not delivery_selectors.people_visible_to(demo.user("social_worker")).filter(pk=victim.pk).exists()
    assert client.get(reverse("delivery:person", args=[victim.pk])).status_code == 404
    assert access_log_for(victim).count() == log_before

    # ... and its controller (Żubr) sees the suspected duplicate, GOPS does not
    flag = PersonDuplicateFlag.objects.get(existing=victim, duplicate=link.person)
    assert flag.organisation == gops and flag.flagged_by == demo.user("social_worker")
    assert link.person.code in client_as("pes_staff").get(reverse("delivery:duplicates")).content.decode()
    assert victim.code not in client.get(reverse("delivery:duplicates")).content.decode()


def test_case_person_add_reuses_the_owners_record_only_with_the_same_name(demo: Any) -> None:
    mother = h.case("Rodzina J.").persons.get(is_main=True).person  # a GOPS participant
    case = _new_case(demo)
    data = {"pesel": mother.pesel, "territory": case.gmina}
    with pytest.raises(ValidationError) as err:
        services.case_person_add(
            actor=demo.user("social_worker"),
            case=case,
            data={**data, "first_name": "Jan", "last_name": "Obcy"},
            relation="ojciec",
        )
    assert "Imię i nazwisko nie zgadzają się z osobą o tym numerze PESEL" in " ".join(err.value.messages)
    assert not case.persons.exists()
    link = services.case_person_add(
        actor=demo.user("social_worker"),
        case=case,
        data={**data, "first_name": mother.first_name.upper(), "last_name": mother.last_name.lower()},
        relation="matka",
    )
    assert link.person.pk == mother.pk
    assert Person.objects.filter(pesel=mother.pesel).count() == 1
