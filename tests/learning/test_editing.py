"""Editing a course and a session, cancelling an exchange meeting, and the sanitised rich text (issue 13)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from kooperacja.core.actors import SYSTEM
from kooperacja.core.models import AuditEvent
from kooperacja.learning import services
from kooperacja.learning.enums import MeetingState, SessionState
from kooperacja.learning.richtext import plain, render
from tests.learning import helpers as h


def _course_post(course: Any, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": course.title,
        "programme": course.programme,
        "summary": course.summary,
        "organisation": course.organisation_id,
        "trainers": [t.pk for t in course.trainers.all()],
        "hours": str(course.hours),
        "capacity": course.capacity,
        "enrolment_mode": course.enrolment_mode,
        "min_attendance": course.min_attendance,
        "pass_mark": course.pass_mark,
        "max_attempts": course.max_attempts,
        "certificate_months": course.certificate_months or "",
        "visibility": course.visibility,
        "cohort": course.cohort_id or "",
    }
    if course.requires_modules:
        data["requires_modules"] = "on"
    if course.requires_check:
        data["requires_check"] = "on"
    grants = list(course.grants.all())
    data["legal_forms"] = [g.value for g in grants if g.kind == "legal_form"]
    data["roles"] = [g.value for g in grants if g.kind == "role"]
    if any(g.kind == "team" for g in grants):
        data["pzk_members"] = "on"
    data.update(changes)
    return data


def test_course_edit_page_saves_changes(demo: Any, client_as: Any) -> None:
    course = h.course()
    client = client_as("trainer")
    url = reverse("learning:course_edit", args=[course.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert course.title in page.content.decode()
    response = client.post(url, _course_post(course, title="Model Kooperacji w praktyce – edycja 2", capacity=30))
    assert response.status_code == 302, response.content.decode()[:3000]
    course.refresh_from_db()
    assert (course.title, course.capacity) == ("Model Kooperacji w praktyce – edycja 2", 30)
    assert AuditEvent.objects.filter(verb="learning.course_changed", target_id=str(course.pk)).exists()


def test_course_capacity_cannot_drop_below_enrolled(demo: Any, client_as: Any) -> None:
    course = h.course()
    enrolled = course.enrolments.filter(state__in=("enrolled", "completed")).count()
    assert enrolled >= 2
    before = course.capacity
    client = client_as("trainer")
    response = client.post(
        reverse("learning:course_edit", args=[course.pk]), _course_post(course, capacity=enrolled - 1, title="Nowy")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert f"zapisano już {enrolled} osób" in html
    assert 'value="Nowy"' in html  # what the user typed stays in the form
    course.refresh_from_db()
    assert (course.capacity, course.title) == (before, h.MODEL_COURSE)
    # exactly the number enrolled is fine
    services.course_update(actor=demo.user("trainer"), course=course, capacity=enrolled)


def test_course_edit_keeps_trainers_who_lead_sessions(demo: Any) -> None:
    course = h.course(h.CLAUSES_COURSE)
    with pytest.raises(ValidationError) as exc:
        services.course_update(actor=demo.user("trainer"), course=course, trainers=[])
    assert "trainers" in exc.value.message_dict
    other = demo.user("admin")
    with pytest.raises(ValidationError, match="prowadzi zaplanowane zajęcia"):
        services.course_update(actor=demo.user("trainer"), course=course, trainers=[other])


def test_course_edit_is_404_for_a_learner(demo: Any, client_as: Any) -> None:
    course = h.course()
    client = client_as("social_worker")
    assert client.get(reverse("learning:course_edit", args=[course.pk])).status_code == 404
    assert client.post(reverse("learning:course_edit", args=[course.pk]), _course_post(course)).status_code == 404


def _planned_session() -> Any:
    return h.course(h.CLAUSES_COURSE).sessions.filter(state=SessionState.PLANNED).order_by("starts_at").first()


def _session_post(session: Any, **changes: Any) -> dict[str, Any]:
    fmt = "%Y-%m-%dT%H:%M"
    data = {
        "title": session.title,
        "starts_at": timezone.localtime(session.starts_at).strftime(fmt),
        "ends_at": timezone.localtime(session.ends_at).strftime(fmt),
        "place": session.place,
        "online_url": session.online_url,
        "trainer": session.trainer_id,
        "capacity": session.capacity or "",
    }
    data.update({k: (timezone.localtime(v).strftime(fmt) if hasattr(v, "tzinfo") else v) for k, v in changes.items()})
    return data


def test_session_edit_moves_the_date(demo: Any, client_as: Any) -> None:
    session = _planned_session()
    assert session is not None
    client = client_as("trainer")
    url = reverse("learning:session_edit", args=[session.pk])
    assert client.get(url).status_code == 200
    new_start = (timezone.now() + timedelta(days=20)).replace(second=0, microsecond=0)
    response = client.post(
        url, _session_post(session, starts_at=new_start, ends_at=new_start + timedelta(hours=3), place="Sala 2")
    )
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.starts_at, session.place, session.reminder_sent_at) == (new_start, "Sala 2", None)
    assert AuditEvent.objects.filter(verb="learning.session_changed", target_id=str(session.pk)).exists()


@pytest.mark.parametrize(
    ("starts", "hours", "field", "text"),
    [
        (20, -1, "ends_at", "kończyć się po ich rozpoczęciu"),
        (20, 13, "ends_at", "najwyżej 12 godzin"),
        (-2, 2, "starts_at", "nie może być w przeszłości"),
    ],
)
def test_session_edit_rejects_bad_dates(
    demo: Any, client_as: Any, starts: int, hours: int, field: str, text: str
) -> None:
    session = _planned_session()
    before = (session.starts_at, session.ends_at)
    start = (timezone.now() + timedelta(days=starts)).replace(second=0, microsecond=0)
    response = client_as("trainer").post(
        reverse("learning:session_edit", args=[session.pk]),
        _session_post(session, starts_at=start, ends_at=start + timedelta(hours=hours)),
    )
    assert response.status_code == 200
    assert text in response.content.decode()
    assert field in response.context["form"].errors
    session.refresh_from_db()
    assert (session.starts_at, session.ends_at) == before


def test_held_session_cannot_be_edited(demo: Any) -> None:
    session = h.course().sessions.filter(state=SessionState.HELD).first()
    start = timezone.now() + timedelta(days=3)
    with pytest.raises(ValidationError, match="tylko zaplanowane"):
        services.session_update(
            actor=demo.user("trainer"),
            session=session,
            title=session.title,
            starts_at=start,
            ends_at=start + timedelta(hours=2),
            trainer=session.trainer,
            place="Sala",
        )


def _planned_meeting(demo: Any) -> Any:
    meeting = services.exchange_create(
        actor=SYSTEM,
        title="Wizyta studyjna w GOPS Narewka",
        host=h.exchange().host,
        starts_at=timezone.now() + timedelta(days=14),
        place="GOPS Narewka",
        programme="Program wizyty",
        capacity=10,
    )
    for key in ("social_worker", "partner"):
        services.exchange_register(actor=SYSTEM, meeting=meeting, user=demo.user(key))
    return meeting


def test_exchange_cancel_needs_a_reason_and_notifies_participants(demo: Any, client_as: Any) -> None:
    meeting = _planned_meeting(demo)
    client = client_as("trainer")
    detail = client.get(reverse("learning:exchange_detail", args=[meeting.pk])).content.decode()
    assert reverse("learning:exchange_cancel", args=[meeting.pk]) in detail
    url = reverse("learning:exchange_cancel", args=[meeting.pk])
    empty = client.post(url, {"reason": "   "})
    assert empty.status_code == 200
    assert "reason" in empty.context["form"].errors
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.PLANNED
    mail.outbox.clear()
    with TestCase.captureOnCommitCallbacks(execute=True):
        done = client.post(url, {"reason": "Gospodarz odwołał wizytę z powodu remontu."})
    assert done.status_code == 302
    meeting.refresh_from_db()
    assert (meeting.state, meeting.cancel_reason) == (
        MeetingState.CANCELLED,
        "Gospodarz odwołał wizytę z powodu remontu.",
    )
    to = sorted(addr for m in mail.outbox for addr in m.to)
    assert to == sorted([demo.user("social_worker").email, demo.user("partner").email])
    assert all("remontu" in m.body and meeting.title in m.subject for m in mail.outbox)
    page = client.get(reverse("learning:exchange_detail", args=[meeting.pk])).content.decode()
    assert "remontu" in page and url not in page
    assert AuditEvent.objects.filter(verb="learning.exchange_cancelled", target_id=str(meeting.pk)).exists()
    with pytest.raises(ValidationError, match="tylko zaplanowane"):
        services.exchange_cancel(actor=demo.user("trainer"), meeting=meeting, reason="jeszcze raz")


def test_exchange_cancel_is_404_for_a_participant(demo: Any, client_as: Any) -> None:
    meeting = _planned_meeting(demo)
    client = client_as("social_worker")
    url = reverse("learning:exchange_cancel", args=[meeting.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "nie chcę"}).status_code == 404
    meeting.refresh_from_db()
    assert meeting.state == MeetingState.PLANNED


@pytest.mark.parametrize(
    ("source", "present", "absent"),
    [
        ("**ważne**", "<strong>ważne</strong>", ""),
        ("<script>alert(1)</script>", "&lt;script&gt;", "<script"),
        ('<img src=x onerror="alert(1)">', "&lt;img", "<img"),
        ("[klik](javascript:alert(1))", "", 'href="javascript'),
        ("[strona](https://example.org)", 'href="https://example.org"', ""),
        ("# Tytuł", "<h2>Tytuł</h2>", "<h1>"),
        ('<a href="https://x.pl" onclick="alert(1)">x</a>', "&lt;a", "<a "),
    ],
)
def test_rich_text_is_rendered_and_sanitised(source: str, present: str, absent: str) -> None:
    html = str(render(source))
    if present:
        assert present in html
    if absent:
        assert absent not in html


def test_rich_text_plain_form() -> None:
    assert plain("## Cel\n\n**Współpraca** & <b>x</b>") == "Cel Współpraca & <b>x</b>"


def test_course_and_material_pages_show_rich_text(demo: Any, client_as: Any) -> None:
    trainer = demo.user("trainer")
    course = h.course()
    services.course_update(
        actor=trainer,
        course=course,
        summary="Szkolenie **praktyczne**.\n\n- moduł 1\n- moduł 2\n\n<script>x()</script>",
    )
    material = h.material(h.PUBLIC_DOC)
    services.material_update(actor=trainer, material=material, summary="Przewodnik *krok po kroku*.")
    client = client_as("social_worker")
    page = client.get(reverse("learning:course_detail", args=[course.pk])).content.decode()
    assert "<strong>praktyczne</strong>" in page and "<li>moduł 1</li>" in page
    assert "<script>x()" not in page and "&lt;script&gt;x()" in page
    lib = client.get(reverse("learning:course_list")).content.decode()
    assert "**praktyczne**" not in lib and "Szkolenie praktyczne" in lib
    detail = client.get(reverse("learning:material_detail", args=[material.pk])).content.decode()
    assert "<em>krok po kroku</em>" in detail


def test_register_offers_closing_the_session_to_its_trainer(demo: Any, client_as: Any) -> None:
    """The session's transitions are guarded by the course permission (asked of the course, not the session)."""
    session = _planned_session()
    page = client_as("trainer").get(reverse("learning:session_register", args=[session.pk])).content.decode()
    assert "Zamknij listę obecności" in page
    assert "Odwołaj zajęcia" in page
    held = h.course().sessions.filter(state=SessionState.HELD).first()
    page = client_as("trainer").get(reverse("learning:session_register", args=[held.pk])).content.decode()
    assert "Otwórz listę obecności" in page and "Zamknij listę obecności" not in page
