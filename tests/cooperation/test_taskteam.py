"""Task teams of a case and supervision meetings (issue 17): members from the team's institutions, meetings, and
need-to-know for what they record about the family."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from kooperacja.cooperation import services
from kooperacja.cooperation.enums import TaskTeamKind, TaskTeamRole
from kooperacja.cooperation.models import SupervisionMeeting, TaskTeam
from kooperacja.core.models import AccessLog
from tests.conftest import login_client
from tests.cooperation import helpers as h

FINDING = "pedagog spotka się z matką"
CASE_NOTE = "jedną osobę kontaktową"


def _task_team() -> TaskTeam:
    return TaskTeam.objects.get(case=h.case("Rodzina J."))


def _supervision() -> SupervisionMeeting:
    return SupervisionMeeting.objects.get(team=h.team())


def test_demo_task_team_and_its_meeting(demo: Any) -> None:
    task_team = _task_team()
    orgs = set(task_team.members.values_list("member__organisation__short_name", flat=True))
    assert {"GOPS Narewka", "PCPR Hajnówka"} <= orgs and len(orgs) == 4
    assert task_team.members.get(role=TaskTeamRole.LEAD).member.organisation == demo.org("gops_narewka")
    (meeting,) = task_team.meetings.all()
    assert meeting.attendees.count() == 4 and FINDING in meeting.findings


def test_task_team_page_is_for_the_owner_and_the_member_institutions(demo: Any, client_as: Any) -> None:
    url = reverse("cooperation:task_team_detail", args=[_task_team().pk])
    html = client_as("partner").get(url).content.decode()
    assert FINDING in html and "Porozumienie Partnerskiego Zespołu Kooperacji (zespół zadaniowy)." in html
    assert client_as("police").get(url).status_code == 404  # KPP is not in this task team
    assert client_as("pes_staff").get(url).status_code == 404  # Żubr sees the case's summary, not its task team
    owner = client_as("social_worker").get(reverse("cooperation:case_detail", args=[h.case("Rodzina J.").pk]))
    assert "Zespół zadaniowy – Rodzina J." in owner.content.decode()


def test_a_member_without_access_to_the_case_reads_no_findings(demo: Any, client: Any) -> None:
    from kooperacja.accounts.models import User

    task_team = _task_team()
    razem = h.team().members.get(organisation=demo.org("razem_narewka"))
    services.task_team_member_add(
        actor=demo.user("social_worker"), task_team=task_team, member=razem, role=TaskTeamRole.MEMBER
    )
    user = User.objects.get(email="pzk@razem-narewka.demo")
    html = login_client(client, user).get(reverse("cooperation:task_team_detail", args=[task_team.pk])).content
    text = html.decode()
    assert "Frekwencja dzieci w szkole" in text  # topics: for every member institution
    assert FINDING not in text and "widzą tylko osoby z dostępem do sprawy" in text
    assert not AccessLog.objects.filter(user=user).exists()  # nothing of the family shown, nothing to log


def test_niebieska_karta_case_gets_a_diagnostic_group(demo: Any, client_as: Any) -> None:
    sw, case = demo.user("social_worker"), h.case("Rodzina K.")
    with pytest.raises(ValidationError) as err:
        services.task_team_form(
            actor=sw, case=case, kind=TaskTeamKind.TASK_TEAM, name="Z", purpose="P", formed_on=timezone.localdate()
        )
    assert "art. 9a" in err.value.message_dict["kind"][0]
    group = services.task_team_form(
        actor=sw, case=case, kind=TaskTeamKind.DIAGNOSTIC, name="GDP", purpose="P", formed_on=timezone.localdate()
    )
    page = client_as("social_worker").get(reverse("cooperation:task_team_detail", args=[group.pk])).content.decode()
    assert "Art. 9a ustawy z dnia 29 lipca 2005 r. o przeciwdziałaniu przemocy domowej" in page
    kpp = h.team().members.get(organisation=demo.org("kpp_hajnowka"))
    services.task_team_member_add(
        actor=sw, task_team=group, member=kpp, role=TaskTeamRole.MEMBER, user=demo.user("police")
    )
    with pytest.raises(PermissionDenied):
        services.task_team_member_add(
            actor=demo.user("partner"),
            task_team=group,
            member=h.team().members.get(organisation=demo.org("pcpr_hajnowka")),
            role=TaskTeamRole.MEMBER,
        )


def test_task_team_rules(demo: Any) -> None:
    sw, task_team = demo.user("social_worker"), _task_team()
    today = timezone.localdate()
    with pytest.raises(ValidationError) as err:
        services.task_team_meeting_record(
            actor=sw, task_team=task_team, held_on=today + timedelta(days=1), place="X", topics="T"
        )
    assert "held_on" in err.value.message_dict
    ended = h.team().members.get(organisation=demo.org("kuratorzy"))
    with pytest.raises(ValidationError):  # an institution that left the team cannot join its task teams
        services.task_team_member_add(actor=sw, task_team=task_team, member=ended, role=TaskTeamRole.MEMBER)
    services.task_team_close(actor=sw, task_team=task_team, closed_on=today)
    with pytest.raises(ValidationError):
        services.task_team_meeting_record(actor=sw, task_team=task_team, held_on=today, place="X", topics="T")


def test_supervision_record_names_the_case_only_for_who_sees_it(demo: Any, client_as: Any) -> None:
    supervision = _supervision()
    assert supervision.hours == Decimal("3") and supervision.participants.count() == 2
    url = reverse("cooperation:supervision_detail", args=[supervision.pk])
    police = client_as("police").get(url).content.decode()
    assert "Współpraca instytucji" in police and "dr Ewa Sokołowska" in police
    assert CASE_NOTE not in police and "Rodzina J." not in police
    assert "sprawa, do której nie masz dostępu" in police
    partner = client_as("partner").get(url).content.decode()
    assert CASE_NOTE in partner and "Rodzina J." in partner
    assert AccessLog.objects.filter(user=demo.user("partner"), target_id=str(supervision.case_id)).exists()
    team_page = client_as("police").get(reverse("cooperation:team_detail", args=[h.team().pk])).content.decode()
    assert "dr Ewa Sokołowska" in team_page and "2 uczestników" in team_page


def test_supervision_rules(demo: Any) -> None:
    sw, team = demo.user("social_worker"), h.team()
    today = timezone.localdate()
    base = {"team": team, "held_on": today, "supervisor": "S", "hours": Decimal("2"), "topics": "T"}
    with pytest.raises(ValidationError) as err:  # a participant from outside the team's institutions
        services.supervision_record(actor=sw, participants=[demo.user("officer")], **base)
    assert "participants" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        services.supervision_record(actor=sw, participants=[sw], case_notes="Uwagi o rodzinie.", **base)
    assert "case_notes" in err.value.message_dict
    with pytest.raises(PermissionDenied):  # the police read the team's records, they do not keep them
        services.supervision_record(actor=demo.user("police"), participants=[sw], **base)
    with pytest.raises(ValidationError):  # the partner runs the team with GOPS, but does not run GOPS's case
        services.supervision_record(actor=demo.user("partner"), participants=[sw], case=h.case("Rodzina J."), **base)


def test_task_team_and_supervision_forms_through_the_pages(demo: Any, client_as: Any) -> None:
    sw = client_as("social_worker")
    case = h.case("Pan S.")
    response = sw.post(
        reverse("cooperation:task_team_create", args=[case.pk]),
        {"kind": "task_team", "name": "Zespół – Pan S.", "purpose": "Powrót do pracy.", "formed_on": "2020-13-01"},
    )
    assert response.status_code == 200  # an impossible date stays on the form
    response = sw.post(
        reverse("cooperation:task_team_create", args=[case.pk]),
        {
            "kind": "task_team",
            "name": "Zespół – Pan S.",
            "purpose": "Powrót do pracy.",
            "formed_on": timezone.localdate().isoformat(),
        },
    )
    task_team = TaskTeam.objects.get(case=case)
    assert response.status_code == 302 and response["Location"].endswith(f"/{task_team.pk}/")
    response = sw.post(
        reverse("cooperation:supervision_create", args=[h.team().pk]),
        {
            "held_on": timezone.localdate().isoformat(),
            "supervisor": "S",
            "hours": "30",
            "participants": [demo.user("social_worker").pk],
            "topics": "T",
        },
    )
    assert response.status_code == 200 and "Superwizja trwa najwyżej 12 godzin." in response.content.decode()
