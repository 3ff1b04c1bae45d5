"""Per-person attendance of a consortium meeting: who may sign the list (and for which member), the per-member list
derived from it, and the meeting's quorum computed from the members represented."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from kooperacja.consortia import services
from kooperacja.consortia.attendance import Candidate, candidates, eligible_member_ids, quorum
from kooperacja.consortia.models import Meeting
from kooperacja.core.models import AuditEvent

from . import helpers as h


def _meeting(demo: Any, kind: str = "general_meeting") -> Meeting:
    c = h.consortium()
    return services.meeting_schedule(
        actor=demo.user("coordinator"),
        body=c.bodies.get(kind=kind),
        data={
            "title": "Posiedzenie testowe",
            "starts_at": timezone.now() - dt.timedelta(days=1),
            "agenda": "1. Lista obecności.",
        },
    )


def _people(meeting: Meeting, *emails: str) -> list[Candidate]:
    return [c for c in candidates(meeting) if c.person.email in emails]


def test_the_list_gives_the_members_present_and_the_quorum(demo: Any) -> None:
    meeting = _meeting(demo)
    coordinator, pes = demo.user("coordinator"), demo.user("pes_staff")
    one = _people(meeting, coordinator.email)
    services.meeting_record(actor=coordinator, meeting=meeting, minutes="Brak kworum.", present=one)
    q = quorum(meeting)
    assert q.represented == 1 and q.eligible == len(eligible_member_ids(meeting)) >= 4
    assert not q.met  # 1 of at least 4 members, the agreement asks for 50 %
    both = _people(meeting, coordinator.email, pes.email, demo.user("ngo_staff").email)
    meeting = services.meeting_record(actor=coordinator, meeting=meeting, minutes="Kworum.", present=both)
    assert set(meeting.attendance.values_list("person__email", flat=True)) == {c.person.email for c in both}
    assert set(meeting.present_members.values_list("pk", flat=True)) == {c.member.pk for c in both}
    q = quorum(meeting)
    assert q.represented == 3 and q.met == (h.consortium().quorum_percent * q.eligible <= 3 * 100)
    recorded = AuditEvent.objects.filter(verb="consortium.minutes_recorded", target_id=str(meeting.pk)).latest("pk")
    assert recorded.data["people"] == 3 and recorded.data["quorum"]["represented"] == 3


def test_two_people_of_one_member_count_once(demo: Any) -> None:
    meeting = _meeting(demo)
    coordinator = demo.user("coordinator")
    office_worker = next(c for c in candidates(meeting) if c.person.email == "biuro@odnowa.demo")
    lead_people = [c for c in candidates(meeting) if c.member is not None and c.member == office_worker.member]
    services.meeting_record(actor=coordinator, meeting=meeting, minutes="Lider.", present=lead_people)
    assert quorum(meeting).represented == (1 if lead_people else 0)


def test_only_those_who_may_attend_sign_the_list(demo: Any) -> None:
    meeting = _meeting(demo)
    resident = demo.user("resident")
    zubr = h.member_of(demo, "pes_staff")
    with pytest.raises(ValidationError, match="nie może być na liście obecności"):
        services.meeting_record(
            actor=demo.user("coordinator"), meeting=meeting, minutes="Protokół.", present=[(resident, zubr)]
        )
    pes = demo.user("pes_staff")
    lead = h.member_of(demo, "coordinator")
    with pytest.raises(ValidationError, match="nie może być na liście obecności"):  # not for another member
        services.meeting_record(
            actor=demo.user("coordinator"), meeting=meeting, minutes="Protokół.", present=[(pes, lead)]
        )
    assert not meeting.attendance.exists()


def test_board_quorum_counts_the_seated_members_only(demo: Any) -> None:
    meeting = _meeting(demo, "board")
    seated = eligible_member_ids(meeting)
    assert seated and seated < eligible_member_ids(_meeting(demo))  # fewer than all active members
    assert {c.member.pk for c in candidates(meeting) if c.member is not None} <= seated


def test_the_minutes_page_records_people_and_the_meeting_page_shows_the_quorum(demo: Any, client_as: Any) -> None:
    meeting = _meeting(demo)
    client = client_as("coordinator")
    url = reverse("consortia:meeting_minutes", kwargs={"pk": meeting.pk})
    page = client.get(url).content.decode()
    pes = demo.user("pes_staff")
    assert pes.full_name in page
    keys = [c.key for c in _people(meeting, demo.user("coordinator").email, pes.email)]
    response = client.post(url, {"present": keys, "minutes": "Przebieg posiedzenia."})
    assert response.status_code == 302
    assert meeting.attendance.count() == 2
    shown = client.get(reverse("consortia:meeting", kwargs={"pk": meeting.pk})).content.decode()
    assert pes.full_name in shown and "Kworum" in shown and "obecni przedstawiciele 2 z" in shown
    pdf = client.get(reverse("consortia:meeting_pdf", kwargs={"pk": meeting.pk}))
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert pes.full_name in text and "Kworum: obecni przedstawiciele 2 z" in text
    bad = client.post(url, {"present": ["999999:1"], "minutes": "X."})
    assert bad.status_code == 200 and meeting.attendance.count() == 2  # an unknown choice: an error at the field


def test_the_demo_meeting_with_attendance(demo: Any) -> None:
    meeting = Meeting.objects.get(consortium=h.consortium(), title__startswith="Nadzwyczajne zgromadzenie")
    assert meeting.attendance.count() == 4
    # the lead's coordinator and the office worker both work for CAL „Razem”: one member, counted once
    assert meeting.attendance.filter(member=h.member_of(demo, "coordinator")).count() == 2
    q = quorum(meeting)
    assert q.represented == 3 and meeting.present_members.count() == 3
