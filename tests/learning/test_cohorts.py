"""Cohort pages (issue 13): the list, creating a cohort from picked people or a cooperation team, changing it;
the CohortPolicy (scope agrees with can for every demo user), Polish errors at the field, audit events."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from kooperacja.core.actors import SYSTEM
from kooperacja.core.models import AuditEvent
from kooperacja.core.policy import assert_policy_consistent
from kooperacja.learning import selectors, services
from kooperacja.learning.events import LearningEvent
from kooperacja.learning.models import Cohort
from kooperacja.learning.policies import COHORTS
from tests.learning import helpers as h
from tests.matrix import ROLES

DEMO_ROLES = [r for r in ROLES if r != "anonymous"]
MANAGERS = {"admin", "trainer", "analyst"}


def _users(demo: Any) -> list[Any]:
    from django.contrib.auth.models import AnonymousUser

    return [AnonymousUser()] + [demo.user(r) for r in DEMO_ROLES]


def _narewka_team() -> Any:
    return h.cohort().team


def test_policy_scope_agrees_with_can(demo: Any) -> None:
    services.cohort_create(actor=SYSTEM, name="Druga grupa", users=[demo.user("officer")])
    assert Cohort.objects.count() == 2
    assert assert_policy_consistent(COHORTS, _users(demo), Cohort.objects.all()) == 2 * 2 * len(_users(demo))


def test_rules_and_selectors_wrap_the_policy(demo: Any) -> None:
    cohort = h.cohort()
    seen = set()
    for role in DEMO_ROLES:
        user = demo.user(role)
        for action in ("view", "change"):
            allowed = cohort in COHORTS.visible(user, action)
            assert user.has_perm(f"learning.{action}_cohort", cohort) == allowed, (role, action)
        assert set(selectors.cohorts_visible_to(user)) == set(COHORTS.visible(user, "view"))
        if COHORTS.can(user, "change", cohort):
            seen.add(role)
    assert seen == MANAGERS


def test_list_shows_cohorts_with_counts_and_is_linked_from_trainer_panel(demo: Any, client_as: Any) -> None:
    client = client_as("trainer")
    cohort = h.cohort()
    page = client.get(reverse("learning:cohort_list")).content.decode()
    assert cohort.name in page
    assert reverse("learning:cohort_edit", args=[cohort.pk]) in page
    assert f'<td class="num">{cohort.memberships.count()}</td>' in page
    panel = client.get(reverse("learning:trainer_panel")).content.decode()
    assert reverse("learning:cohort_list") in panel
    assert client_as("resident").get(reverse("learning:cohort_list")).status_code == 403


def test_list_queries_do_not_grow(demo: Any, client_as: Any, django_assert_max_num_queries: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as("analyst")
    url = reverse("learning:cohort_list")
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    small = len(ctx)
    people = [demo.user(r) for r in ("officer", "social_worker", "partner")]
    for i in range(15):
        services.cohort_create(actor=SYSTEM, name=f"Grupa {i:02d}", users=people, team=_narewka_team())
    with django_assert_max_num_queries(small):
        page = client.get(url).content.decode()
    assert "Grupa 14" in page


def test_create_from_picked_people(demo: Any, client_as: Any) -> None:
    client = client_as("trainer")
    people = [demo.user("officer"), demo.user("social_worker")]
    response = client.post(
        reverse("learning:cohort_create"),
        {"name": "  Urzędnicy i pracownicy  ", "description": "Na szkolenie", "users": [u.pk for u in people]},
    )
    assert response.status_code == 302
    cohort = Cohort.objects.get(name="Urzędnicy i pracownicy")
    assert set(cohort.members.all()) == set(people)
    assert cohort.created_by == demo.user("trainer")
    event = AuditEvent.objects.get(verb=LearningEvent.COHORT_CREATED, target_id=str(cohort.pk))
    assert event.data == {"members": 2}


def test_create_from_cooperation_team(demo: Any, client_as: Any) -> None:
    team = _narewka_team()
    assert team is not None
    expected = set(services.materials.team_people(team))
    assert expected
    response = client_as("analyst").post(reverse("learning:cohort_create"), {"name": "Cały zespół", "team": team.pk})
    assert response.status_code == 302
    cohort = Cohort.objects.get(name="Cały zespół")
    assert set(cohort.members.all()) == expected
    assert cohort.team == team


def test_create_errors_at_the_field_and_nothing_saved(demo: Any, client_as: Any) -> None:
    client = client_as("trainer")
    existing = h.cohort()
    before = Cohort.objects.count()
    response = client.post(
        reverse("learning:cohort_create"),
        {"name": existing.name.upper(), "description": "Mój opis", "users": [demo.user("officer").pk]},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == ["Grupa o tej nazwie już istnieje."]
    assert "Mój opis" in response.content.decode()  # what was typed is kept
    response = client.post(reverse("learning:cohort_create"), {"name": "Pusta grupa"})
    assert response.status_code == 200
    assert response.context["form"].errors["users"] == [
        "Grupa nie może być pusta: wybierz osoby lub zespół kooperacji, z którego je dodać."
    ]
    response = client.post(reverse("learning:cohort_create"), {"name": "   ", "users": [demo.user("officer").pk]})
    assert "name" in response.context["form"].errors
    response = client.post(reverse("learning:cohort_create"), {"name": "Zła osoba", "users": ["99999999999999999"]})
    assert response.status_code == 200
    assert "users" in response.context["form"].errors
    assert Cohort.objects.count() == before


def test_edit_renames_and_changes_members(demo: Any, client_as: Any) -> None:
    client = client_as("trainer")
    cohort = h.cohort()
    url = reverse("learning:cohort_edit", args=[cohort.pk])
    page = client.get(url)
    assert page.status_code == 200
    kept = sorted(cohort.memberships.values_list("user_id", flat=True))[1:]
    added = demo.user("officer")
    response = client.post(url, {"name": "PZK Narewka – grupa 2", "description": "", "users": [*kept, added.pk]})
    assert response.status_code == 302
    cohort.refresh_from_db()
    assert cohort.name == "PZK Narewka – grupa 2"
    assert set(cohort.memberships.values_list("user_id", flat=True)) == {*kept, added.pk}
    assert cohort.team is not None  # the team it was made from stays
    event = AuditEvent.objects.get(verb=LearningEvent.COHORT_CHANGED, target_id=str(cohort.pk))
    assert event.data == {"added": 1, "removed": 1, "members": len(kept) + 1}


def test_edit_refuses_a_taken_name_and_an_empty_cohort(demo: Any, client_as: Any) -> None:
    client = client_as("trainer")
    other = services.cohort_create(actor=SYSTEM, name="Inna grupa", users=[demo.user("officer")])
    cohort = h.cohort()
    members = list(cohort.memberships.values_list("user_id", flat=True))
    url = reverse("learning:cohort_edit", args=[cohort.pk])
    response = client.post(url, {"name": "inna GRUPA", "users": members})
    assert response.context["form"].errors["name"] == ["Grupa o tej nazwie już istnieje."]
    response = client.post(url, {"name": cohort.name, "users": []})
    assert "users" in response.context["form"].errors
    assert client.post(url, {"name": cohort.name, "users": members}).status_code == 302  # its own name is fine
    cohort.refresh_from_db()
    assert cohort.memberships.count() == len(members)
    assert other.name == "Inna grupa"
    assert not AuditEvent.objects.filter(verb=LearningEvent.COHORT_CHANGED, data__removed__gt=0).exists()


@pytest.mark.parametrize("role", ["resident", "officer", "social_worker"])
def test_others_get_404_for_a_cohort(demo: Any, client_as: Any, role: str) -> None:
    cohort = h.cohort()
    url = reverse("learning:cohort_edit", args=[cohort.pk])
    client = client_as(role)
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "Przejęta", "users": [demo.user(role).pk]}).status_code == 404
    cohort.refresh_from_db()
    assert cohort.name != "Przejęta"


def test_service_refuses_those_who_may_not_change(demo: Any) -> None:
    from django.http import Http404

    with pytest.raises(Http404):
        services.cohort_update(actor=demo.user("officer"), cohort=h.cohort(), name="X", users=[demo.user("officer")])


def test_menu_links_to_cohorts_only_for_those_who_run_them(demo: Any, client_as: Any) -> None:
    url = reverse("learning:cohort_list")
    for role in ("trainer", "analyst"):
        assert f'href="{url}"' in client_as(role).get(reverse("learning:my_learning")).content.decode(), role
    for role in ("resident", "officer", "social_worker"):
        assert f'href="{url}"' not in client_as(role).get(reverse("learning:my_learning")).content.decode(), role
