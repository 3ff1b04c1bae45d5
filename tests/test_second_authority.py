"""The demo's second authority (Gmina Białowieża, demo/scenarios/second_authority.py): it exists, it was built
through services by its own people, and neither authority sees the other's records through the selectors (the
permission matrix checks the same through the pages)."""

from __future__ import annotations

from typing import Any

import pytest

from kooperacja.demo.scenarios import second_authority as sa

pytestmark = pytest.mark.django_db


def _team() -> Any:
    from kooperacja.cooperation.models import Team

    return Team.objects.get(name=sa.TEAM_NAME)


def test_the_second_authority_is_a_real_gmina_of_powiat_hajnowski(demo: Any) -> None:
    from kooperacja.core.models import Territory

    gmina = Territory.objects.get(code=sa.BIALOWIEZA)
    assert gmina.name == "Białowieża"
    office = demo.org("ug_bialowieza")
    assert office.territory == gmina
    assert office.is_verified
    assert demo.org("gops_bialowieza").is_verified


def test_its_people_registered_their_organisations_and_pass_a_second_factor(demo: Any) -> None:
    from kooperacja.accounts.roles import requires_two_factor
    from kooperacja.accounts.services import has_second_factor
    from kooperacja.core.models import AuditEvent
    from kooperacja.organisations.events import OrganisationEvent

    for key, _email, _name, org_key, role, _hint in sa.USERS:
        user = demo.user(key)
        org = demo.org(org_key)
        membership = user.memberships.get(organisation=org)
        assert (membership.role, membership.status, membership.is_admin) == (role, "active", True)
        # registered through organisation_create by this person, verified by the platform administrator
        registered = AuditEvent.objects.get(verb=OrganisationEvent.REGISTERED, target_id=str(org.pk))
        assert registered.actor == user
        assert requires_two_factor(user) == has_second_factor(user)


def test_the_demo_logins_list_shows_them(demo: Any) -> None:
    from kooperacja.demo.management.commands.demo_logins import demo_logins

    emails = [row[0] for row in demo_logins()]
    for _key, email, *_rest in sa.USERS:
        assert email in emails


def test_each_gmina_worker_sees_only_the_cases_of_their_own_team(demo: Any) -> None:
    from kooperacja.cooperation import selectors

    mine = set(selectors.cases_visible_to(demo.user("social_worker_b")).values_list("title", flat=True))
    assert mine == set(sa.CASE_TITLES)
    narewka = set(selectors.cases_visible_to(demo.user("social_worker")).values_list("title", flat=True))
    assert narewka and not narewka & set(sa.CASE_TITLES)
    assert set(selectors.teams_visible_to(demo.user("social_worker_b"))) == {_team()}
    assert _team() not in selectors.teams_visible_to(demo.user("social_worker"))


def test_each_office_sees_only_its_own_draft_call(demo: Any) -> None:
    from kooperacja.commissioning import selectors
    from kooperacja.commissioning.models import Call
    from kooperacja.demo.scenarios.commissioning import PZP_TITLE

    draft_b = Call.objects.get(title=sa.CALL_TITLE)
    draft_a = Call.objects.get(title=PZP_TITLE)
    assert draft_b.state == draft_a.state == "draft"
    assert draft_b in selectors.calls_visible_to(demo.user("officer_b"))
    assert draft_a not in selectors.calls_visible_to(demo.user("officer_b"))
    assert draft_b not in selectors.calls_visible_to(demo.user("officer"))
    assert draft_b not in selectors.calls_visible_to(demo.user("resident"))


def test_the_second_consortium_decides_among_its_own_members(demo: Any) -> None:
    from kooperacja.consortia import selectors
    from kooperacja.consortia.models import Consortium

    consortium = Consortium.objects.get(name=sa.CONSORTIUM_NAME)
    statuses = sorted(consortium.resolutions.values_list("status", flat=True))
    assert statuses == ["adopted", "voting"]
    adopted = consortium.resolutions.get(status="adopted")
    assert adopted.votes.count() == 2
    theirs = set(consortium.resolutions.all())
    for key in ("coordinator_b", "pes_staff_b"):
        assert theirs <= set(selectors.resolutions_visible_to(demo.user(key)))
    for key in ("coordinator", "pes_staff", "officer_b", "admin"):
        assert not theirs & set(selectors.resolutions_visible_to(demo.user(key))), key
    assert not set(selectors.resolutions_visible_to(demo.user("coordinator_b"))) - theirs
