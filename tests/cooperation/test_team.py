"""The PZK: members with agreements, animators and representatives, meetings with minutes, tasks and follow-up."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from kooperacja.cooperation import services
from kooperacja.cooperation.enums import MeetingStatus, TeamFunction
from tests.cooperation import helpers as h


def test_demo_team_has_eight_institutions_with_agreements(demo: Any) -> None:
    team = h.team()
    members = team.members.select_related("organisation")
    assert members.count() == 8
    assert all(m.agreement_signed_on and m.agreement_scope for m in members)
    assert {p.function for p in team.people.all()} == set(TeamFunction.values)
    assert team.meetings.filter(status=MeetingStatus.HELD).count() == 2


def test_team_page_lists_members_meetings_and_tasks(client_as: Any) -> None:
    html = client_as("police").get(reverse("cooperation:team_detail", args=[h.team().pk])).content.decode()
    assert "KPP Hajnówka" in html and "Kuratorzy Hajnówka" in html and "POR/PZK/" in html
    assert "Spotkanie PZK: koszyk usług i skierowania" in html
    assert "Zebrać oferty wolontariatu" in html and "po terminie" in html


def test_member_and_person_add(demo: Any, client_as: Any) -> None:
    team = h.team()
    client = client_as("social_worker")
    response = client.post(
        reverse("cooperation:member_add", args=[team.pk]),
        {
            "organisation": demo.org("oik_hajnowka").pk,
            "level": "powiat",
            "agreement_signed_on": timezone.localdate().isoformat(),
            "agreement_scope": "Interwencja kryzysowa.",
        },
    )
    assert response.status_code == 302
    member = team.members.get(organisation=demo.org("oik_hajnowka"))
    with pytest.raises(ValidationError):  # the police officer does not work for the crisis centre
        services.team_person_add(
            actor=demo.user("social_worker"),
            team=team,
            member=member,
            user=demo.user("police"),
            function="representative",
        )
    with pytest.raises(ValidationError):  # unverified organisations cannot join
        services.team_member_add(
            actor=demo.user("social_worker"),
            team=team,
            organisation=demo.org("nowa_inicjatywa"),
            level="gmina",
            agreement_signed_on=timezone.localdate(),
            agreement_scope="x",
        )
    with pytest.raises(PermissionDenied):
        services.team_member_add(
            actor=demo.user("police"),
            team=team,
            organisation=demo.org("owop"),
            level="gmina",
            agreement_signed_on=timezone.localdate(),
            agreement_scope="x",
        )


def test_meeting_minutes_tasks_and_follow_up(demo: Any, client_as: Any) -> None:
    team = h.team()
    sw = demo.user("social_worker")
    meeting = services.meeting_schedule(
        actor=sw, team=team, title="Test", starts_at=timezone.now() + timedelta(days=1), place="GOPS", agenda="1. Test"
    )
    with pytest.raises(ValidationError):
        services.meeting_record_minutes(actor=sw, meeting=meeting, minutes="  ", attendees=[])
    services.meeting_record_minutes(
        actor=sw, meeting=meeting, minutes="Protokół.", attendees=list(team.members.all()[:3])
    )
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD and meeting.attendees.count() == 3
    with pytest.raises(ValidationError):
        services.meeting_item_add(actor=sw, meeting=meeting, kind="task", text="bez terminu")
    # open tasks of earlier meetings are listed for follow-up
    html = client_as("social_worker").get(reverse("cooperation:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Zadania z poprzednich spotkań" in html and "Zebrać oferty wolontariatu" in html
    task = h.open_task("razem_narewka")
    services.task_complete(actor=sw, item=task, follow_up="Zebrano trzy oferty.")
    with pytest.raises(ValidationError):
        services.task_complete(actor=sw, item=task, follow_up="again")


def test_next_meeting_widget(client_as: Any) -> None:
    html = client_as("police").get("/").content.decode()
    assert "Najbliższe spotkanie PZK" in html and "plan na kolejny kwartał" in html
