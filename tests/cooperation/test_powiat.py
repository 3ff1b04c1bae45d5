"""The powiat level of the Cooperation Model (issue 17): the powiat team of powiat hajnowski receives referrals from
Narewka's and Białowieża's teams, sees only what a referral or consent shares, and plans shared services across
the gminas' cases; each gmina team decides its own part of the powiat plan."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from kooperacja.demo.scenarios.powiat import TEAM_NAME
from kooperacja.demo.scenarios.second_authority import CASE_TITLES
from kooperacja.demo.scenarios.second_authority import TEAM_NAME as TEAM_B
from tests.conftest import login_client
from tests.cooperation import helpers as h


def powiat_team() -> Any:
    from kooperacja.cooperation.models import Team

    return Team.objects.get(name=TEAM_NAME)


def case_b(title: str) -> Any:
    from kooperacja.cooperation.models import Case

    return Case.objects.get(team__name=TEAM_B, title=title)


def test_the_powiat_team_is_of_the_powiat_and_works_with_its_gmina_teams(demo: Any) -> None:
    from kooperacja.cooperation import selectors

    team = powiat_team()
    assert team.is_powiat and team.gmina is None and team.powiat.code == "2005"
    assert team.territory == team.powiat
    names = {t.name for t in selectors.gmina_teams_of(team)}
    assert names == {h.team().name, TEAM_B}
    assert selectors.powiat_team_of(h.team()) == team
    members = set(team.members.values_list("organisation__short_name", flat=True))
    assert {"PCPR Hajnówka", "KPP Hajnówka", "Kuratorzy Hajnówka", "OIK Hajnówka", "PPP Hajnówka"} <= members


def test_a_team_has_either_a_gmina_or_a_powiat(demo: Any) -> None:
    from kooperacja.cooperation.models import Team
    from kooperacja.core.models import Territory

    team = powiat_team()
    bialystok = Territory.objects.get(code="2061")  # a powiat without a team
    bad = Team(
        name="x",
        level="gmina",
        powiat=bialystok,
        lead_organisation=team.lead_organisation,
        founded_on=timezone.localdate(),
    )
    with pytest.raises(ValidationError) as err:
        bad.full_clean()
    assert "nigdy oba" in str(err.value)
    bad.level = "powiat"
    bad.full_clean()  # a powiat team of a powiat: fine


def test_a_gmina_case_is_referred_to_a_powiat_member_that_is_not_in_its_team(demo: Any) -> None:
    from kooperacja.cooperation import services
    from kooperacja.organisations.models import Organisation

    case = case_b(CASE_TITLES[0])
    pcpr = Organisation.objects.get(short_name="PCPR Hajnówka")
    assert not case.team.members.filter(organisation=pcpr).exists()
    referral = services.referral_send(
        actor=demo.user("social_worker_b"),
        case=case,
        to_organisation=pcpr,
        request="Poradnictwo rodzinne.",
        due_on=timezone.localdate() + timedelta(days=14),
    )
    assert referral.state == "sent"
    # an institution of neither team is refused
    gok = Organisation.objects.get(short_name__icontains="GOK")
    with pytest.raises(ValidationError):
        services.referral_send(
            actor=demo.user("social_worker_b"),
            case=case,
            to_organisation=gok,
            request="x",
            due_on=timezone.localdate() + timedelta(days=14),
        )


def test_need_to_know_holds_for_powiat_members(demo: Any) -> None:
    from kooperacja.cooperation import selectors

    referred, other = case_b("Pan S. (Białowieża)"), case_b(CASE_TITLES[0])
    pcpr, police = demo.user("partner"), demo.user("police")
    visible = set(selectors.cases_visible_to(pcpr).values_list("pk", flat=True))
    assert referred.pk in visible  # the referral to the PCPR opens its summary
    assert other.pk not in visible  # no referral, no consent: nothing
    assert referred.pk not in set(selectors.cases_visible_to(police).values_list("pk", flat=True))
    access = selectors.case_access(pcpr, referred)
    assert not access.is_owner and access.parts == {"summary", "referrals"}


def test_the_inbox_filters_per_gmina(demo: Any, client: Any) -> None:
    login_client(client, demo.user("partner"))
    url = reverse("cooperation:referral_inbox")
    page = client.get(url, {"stan": ""})
    assert page.status_code == 200
    teams = {t.name: t.pk for t in page.context["source_teams"]}
    assert {h.team().name, TEAM_B} <= set(teams)
    only_b = client.get(url, {"stan": "", "zespol": teams[TEAM_B]})
    rows = list(only_b.context["page"].object_list)
    assert rows and {r.case.team.name for r in rows} == {TEAM_B}
    only_n = client.get(url, {"stan": "", "zespol": teams[h.team().name]})
    assert {r.case.team.name for r in only_n.context["page"].object_list} == {h.team().name}
    assert "Białowieża" in only_b.content.decode()


def test_the_powiat_page_shows_figures_per_gmina(demo: Any, client: Any) -> None:
    login_client(client, demo.user("partner"))
    page = client.get(reverse("cooperation:team_detail", kwargs={"pk": powiat_team().pk}))
    assert page.status_code == 200
    rows = {r["team"].name: r for r in page.context["powiat_rows"]}
    assert rows[TEAM_B]["total"] == 1 and rows[TEAM_B]["open"] == 1
    assert rows[h.team().name]["total"] >= 1
    text = page.content.decode()
    assert "powiat hajnowski" in text and "Pan S." not in text  # figures, not families


def test_the_powiat_plan_is_split_per_gmina_and_the_powiat_sees_figures_only(demo: Any, client: Any) -> None:
    from kooperacja.cooperation import services
    from kooperacja.cooperation.models import Action

    open_before = set(Action.objects.filter(service__isnull=True).values_list("pk", flat=True))
    parent = services.plan_propose_powiat(actor=demo.user("partner"), team=powiat_team())
    assert parent.assignments == [] and parent.stats["met"] >= 1
    parts = {p.team.name: p for p in parent.parts.select_related("team")}
    assert set(parts) == {h.team().name, TEAM_B}
    assert sum(len(p.assignments) for p in parts.values()) == parent.stats["met"]
    # the Białowieża senior gets the senior club in Hajnówka, measured from his address
    row = next(r for r in parts[TEAM_B].assignments)
    assert row["from"] == "own" and row["to"] == "own" and 15 < row["distance_km"] < 25
    assert set(Action.objects.filter(service__isnull=True).values_list("pk", flat=True)) == open_before
    # the powiat planner cannot decide for the gminas, the gmina team decides its part
    with pytest.raises(ValidationError):
        services.plan_decide(actor=demo.user("partner"), proposal=parent, accept=True)
    with pytest.raises(PermissionDenied):
        services.plan_decide(actor=demo.user("partner"), proposal=parts[TEAM_B], accept=True)
    decided = services.plan_decide(actor=demo.user("social_worker_b"), proposal=parts[TEAM_B], accept=True)
    assert decided.stats["applied"] == len(parts[TEAM_B].assignments)
    # the powiat page of the plan: numbers per gmina, no case numbers or actions
    login_client(client, demo.user("partner"))
    page = client.get(reverse("cooperation:proposal_detail", kwargs={"pk": parent.pk}))
    assert page.status_code == 200
    text = page.content.decode()
    assert TEAM_B in text and "PZK/" not in text and "klubie seniora" not in text


def test_a_powiat_team_opens_no_cases(demo: Any) -> None:
    from kooperacja.cooperation import selectors, services

    team = powiat_team()
    assert all(not t.is_powiat for t, _org in selectors.case_owner_choices(demo.user("partner")))
    with pytest.raises(ValidationError):
        services.case_open(
            actor=demo.user("partner"),
            team=team,
            owner=team.lead_organisation,
            kind="family",
            title="Rodzina X.",
            gmina=h.team().gmina,
        )
