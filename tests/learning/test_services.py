"""Services and policies of the learning app on the demo data."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kooperacja.core.actors import SYSTEM
from kooperacja.core.models import AuditEvent
from kooperacja.core.policy import assert_policy_consistent
from kooperacja.learning import services
from kooperacja.learning.enums import CertificateState, EnrolmentState, SessionState
from kooperacja.learning.models import Certificate, Course, Enrolment, ExchangeMeeting, Material, Study
from kooperacja.learning.pdfs import certificate_pdf
from kooperacja.learning.policies import CERTIFICATES, COURSES, ENROLMENTS, EXCHANGES, MATERIALS, STUDIES
from kooperacja.learning.selectors import progress_of
from tests.learning import helpers as h
from tests.matrix import ROLES

DEMO_ROLES = [r for r in ROLES if r != "anonymous"]


def _users(demo: Any) -> list[Any]:
    from django.contrib.auth.models import AnonymousUser

    return [AnonymousUser()] + [demo.user(r) for r in DEMO_ROLES]


@pytest.mark.parametrize(
    ("policy", "model"),
    [
        (MATERIALS, Material),
        (COURSES, Course),
        (ENROLMENTS, Enrolment),
        (CERTIFICATES, Certificate),
        (EXCHANGES, ExchangeMeeting),
        (STUDIES, Study),
    ],
    ids=lambda v: getattr(v, "__name__", type(v).__name__),
)
def test_policy_consistent(demo: Any, policy: Any, model: Any) -> None:
    assert assert_policy_consistent(policy, _users(demo), model.objects.all()) > 0


def test_restricted_material_scope(demo: Any) -> None:
    restricted = h.material()
    visible = {r for r in DEMO_ROLES if MATERIALS.can(demo.user(r), "view", restricted)}
    assert visible == {"admin", "trainer", "social_worker", "partner", "police"}


def _pdf_upload(name: str = "plik.pdf", body: bytes = b"%PDF-1.4\n%test\n") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def test_upload_refuses_wrong_type_and_keeps_versions(demo: Any) -> None:
    trainer = demo.user("trainer")
    material = h.material(h.PUBLIC_DOC)
    with pytest.raises(ValidationError) as exc:
        services.material_version_add(actor=trainer, material=material, file=_pdf_upload("x.exe", b"MZ\x90\x00"))
    assert "file" in exc.value.message_dict
    with pytest.raises(ValidationError):  # a .pdf that is not a PDF
        services.material_version_add(actor=trainer, material=material, file=_pdf_upload("x.pdf", b"<html>"))
    v = services.material_version_add(actor=trainer, material=material, file=_pdf_upload(), note="poprawki")
    assert v.number == 3
    assert list(material.versions.order_by("number").values_list("number", flat=True)) == [1, 2, 3]
    assert material.versions.get(number=1).file.read()[:4] == b"%PDF"


def test_upload_size_limit(demo: Any, settings: Any) -> None:
    settings.KOOPERACJA_MAX_UPLOAD_BYTES = 10
    with pytest.raises(ValidationError):
        services.material_version_add(
            actor=demo.user("trainer"), material=h.material(h.PUBLIC_DOC), file=_pdf_upload(body=b"%PDF-" + b"x" * 20)
        )


def test_non_trainer_cannot_publish(demo: Any) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.material_create(
            actor=demo.user("officer"),
            organisation=demo.org("um_hajnowka"),
            title="x",
            summary="x",
            kind="link",
            url="https://example.org",
            author="x",
        )


def test_progress_and_certificate_issue(demo: Any) -> None:
    trainer = demo.user("trainer")
    teacher = h.enrolment("pedagog@sp-narewka.demo")
    police = h.enrolment("dzielnicowy@kpp-hajnowka.demo")
    p = progress_of(teacher)
    assert (p.sessions_attended, p.sessions_held, p.check_passed, p.complete) == (3, 3, True, True)
    assert not progress_of(police).complete
    with pytest.raises(ValidationError, match="Warunki ukończenia"):
        services.certificate_issue(actor=trainer, enrolment=police)
    mail.outbox.clear()
    with django_capture_on_commit():
        cert = services.certificate_issue(actor=trainer, enrolment=teacher)
    teacher.refresh_from_db()
    assert teacher.state == EnrolmentState.COMPLETED
    assert cert.status_on() == "valid" and cert.code.startswith("SK-")
    assert cert.expires_on is not None and cert.first_date is not None
    assert len(mail.outbox) == 1 and cert.code in mail.outbox[0].body
    assert AuditEvent.objects.filter(verb="learning.certificate_issued", target_id=str(cert.pk)).exists()
    with pytest.raises(ValidationError):
        services.certificate_issue(actor=trainer, enrolment=teacher)


def django_capture_on_commit() -> Any:
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


def test_revoke_needs_reason_and_shows_publicly(demo: Any, client: Any) -> None:
    cert = h.certificate()
    with pytest.raises(ValidationError):
        services.certificate_revoke(actor=demo.user("trainer"), certificate=cert, reason=" ")
    services.certificate_revoke(actor=demo.user("trainer"), certificate=cert, reason="Błąd w danych uczestnika")
    page = client.get(f"/certyfikaty/{cert.code}/").content.decode()
    assert "Unieważnione" in page and "Błąd w danych uczestnika" in page
    api = client.get(f"/api/v1/learning/certificates/{cert.code}").json()
    assert api["status"] == "revoked" and api["holder_name"] == "Barbara Socjalna"


def test_expired_and_renewed(demo: Any, client: Any) -> None:
    cert = h.certificate()
    Certificate.objects.filter(pk=cert.pk).update(expires_on=timezone.localdate() - timedelta(days=1))
    assert client.get(f"/api/v1/learning/certificates/{cert.code}").json()["status"] == "expired"
    new = services.certificate_renew(actor=demo.user("trainer"), certificate=cert)
    cert.refresh_from_db()
    assert cert.state == CertificateState.RENEWED and new.replaces_id == cert.pk
    assert client.get(f"/api/v1/learning/certificates/{new.code}").json()["status"] == "valid"
    # the public check page says it in words, from the same status
    from django.urls import reverse

    old_page = client.get(reverse("certificates:verify", args=[cert.code])).content.decode()
    assert "Zastąpione nowym zaświadczeniem" in old_page and "badge-warn" in old_page
    new_page = client.get(reverse("certificates:verify", args=[new.code])).content.decode()
    assert "Ważne" in new_page and "badge-ok" in new_page
    Certificate.objects.filter(pk=new.pk).update(expires_on=timezone.localdate() - timedelta(days=1))
    assert "Wygasło" in client.get(reverse("certificates:verify", args=[new.code])).content.decode()


def test_unknown_code_is_404(client: Any, demo: Any) -> None:
    assert client.get("/certyfikaty/SK-XXXX-XXXX-XXXX/").status_code == 404
    assert client.get("/api/v1/learning/certificates/SK-XXXX-XXXX-XXXX").status_code == 404
    assert client.get("/api/v1/learning/certificates/" + "A" * 30).status_code == 422


def test_certificate_pdf_has_warsaw_dates_and_qr(demo: Any) -> None:
    cert = h.certificate()
    data = certificate_pdf(cert, "http://testserver/certyfikaty/" + cert.code + "/")
    assert data.startswith(b"%PDF") and b"/Image" in data


def test_renewal_reminder_once(demo: Any) -> None:
    cert = h.certificate()
    Certificate.objects.filter(pk=cert.pk).update(expires_on=timezone.localdate() + timedelta(days=10))
    mail.outbox.clear()
    assert services.certificates_remind_expiring(actor=SYSTEM, days=30) == 1
    assert services.certificates_remind_expiring(actor=SYSTEM, days=30) == 0
    assert "wkrótce wygaśnie" in mail.outbox[0].subject


def test_session_tomorrow_reminder_and_ics(demo: Any, client_as: Any) -> None:
    from kooperacja.learning.tasks import remind_sessions_tomorrow

    mail.outbox.clear()
    assert remind_sessions_tomorrow.call() == 1  # the officer is enrolled on tomorrow's workshop
    assert "urzednik@hajnowka.demo" in mail.outbox[0].to
    session = h.session()
    ics = client_as("officer").get(f"/edukacja/zajecia/{session.pk}/kalendarz.ics")
    body = ics.content.decode()
    assert ics["Content-Type"].startswith("text/calendar") and "BEGIN:VEVENT" in body and "DTSTART:" in body


def test_cancel_moves_waiting_list(demo: Any) -> None:
    course = h.course(h.CLAUSES_COURSE)
    Course.objects.filter(pk=course.pk).update(capacity=1, enrolment_mode="open")
    course.refresh_from_db()
    commission = demo.user("commission")
    waiting = services.enrolment_apply(actor=commission, course=course)
    assert waiting.state == EnrolmentState.WAITLISTED
    services.enrolment_cancel(
        actor=demo.user("officer"), enrolment=h.enrolment("urzednik@hajnowka.demo", h.CLAUSES_COURSE)
    )
    waiting.refresh_from_db()
    assert waiting.state == EnrolmentState.ENROLLED


def test_attendance_on_cancelled_session_refused(demo: Any) -> None:
    trainer = demo.user("trainer")
    session = services.session_transition(actor=trainer, session=h.session(), name="cancel", reason="choroba trenera")
    assert session.state == SessionState.CANCELLED
    with pytest.raises(ValidationError):
        services.attendance_set(
            actor=trainer,
            session=session,
            enrolment=h.enrolment("urzednik@hajnowka.demo", h.CLAUSES_COURSE),
            status="present",
        )


def test_knowledge_check_attempts_limited(demo: Any) -> None:
    police = h.enrolment("dzielnicowy@kpp-hajnowka.demo")
    actor = demo.user("police")
    wrong = {q.pk: [] for q in h.course().questions.all()}
    services.attempt_submit(actor=actor, enrolment=police, answers=wrong)
    services.attempt_submit(actor=actor, enrolment=police, answers=wrong)
    with pytest.raises(ValidationError, match="podejścia"):
        services.attempt_submit(actor=actor, enrolment=police, answers=wrong)


def test_focus_group_rejects_unknown_kind_and_dates(demo: Any) -> None:
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        services.study_create(
            actor=demo.user("trainer"),
            title="x",
            aim="x",
            starts_on=today,
            ends_on=today,
            organisation=demo.org("owop"),
            groups=[(today, "x", "residents", 3)],
        )
    with pytest.raises(ValidationError):
        services.study_create(
            actor=demo.user("trainer"),
            title="x",
            aim="x",
            starts_on=today,
            ends_on=today,
            organisation=demo.org("owop"),
            groups=[(today + timedelta(days=3), "x", "ops", 3)],
        )


def test_exchange_capacity(demo: Any) -> None:
    trainer = demo.user("trainer")
    meeting = services.exchange_create(
        actor=trainer,
        title="Wizyta",
        host=demo.org("gops_narewka"),
        starts_at=timezone.now() + timedelta(days=5),
        place="Narewka",
        programme="program",
        capacity=1,
    )
    services.exchange_register(actor=demo.user("officer"), meeting=meeting)
    with pytest.raises(ValidationError, match="wolnych miejsc"):
        services.exchange_register(actor=demo.user("partner"), meeting=meeting)
    with pytest.raises(ValidationError):
        services.exchange_report(
            actor=trainer,
            meeting=meeting,
            conclusions="wnioski",
            recommendations="",
            photos=[(SimpleUploadedFile("a.png", b"notapng"), "x")],
        )


def _events(verb: str) -> Any:
    return AuditEvent.objects.filter(verb=verb).order_by("pk")


def test_marking_attendance_is_audited(demo: Any) -> None:
    trainer, session = demo.user("trainer"), h.session()
    enrolment = h.enrolment("urzednik@hajnowka.demo", h.CLAUSES_COURSE)
    services.attendance_set(actor=trainer, session=session, enrolment=enrolment, status="absent")
    e = _events("learning.attendance_marked").last()
    assert e.actor == trainer and e.target_id == str(session.pk)
    assert e.data == {"enrolment": enrolment.pk, "status": "absent"}


def test_marking_all_is_one_event_and_nothing_when_everyone_is_marked(demo: Any) -> None:
    trainer, session = demo.user("trainer"), h.session()
    before = _events("learning.attendance_marked_all").count()
    n = services.attendance_mark_all(actor=trainer, session=session)
    if n:
        assert _events("learning.attendance_marked_all").last().data == {"status": "present", "count": n}
    assert _events("learning.attendance_marked_all").count() == before + (1 if n else 0)
    assert services.attendance_mark_all(actor=trainer, session=session) == 0
    assert _events("learning.attendance_marked_all").count() == before + (1 if n else 0)


def test_a_module_done_is_audited_once(demo: Any) -> None:
    from kooperacja.learning.models import ModuleProgress

    police = h.enrolment("dzielnicowy@kpp-hajnowka.demo")
    module = next(m for m in h.course().modules.all() if not ModuleProgress.objects.filter(enrolment=police, module=m))
    services.module_done(actor=police.user, enrolment=police, module=module)
    services.module_done(actor=police.user, enrolment=police, module=module)
    events = _events("learning.module_done").filter(target_id=str(police.pk))
    assert [e.data for e in events] == [{"module": module.pk}]
    assert events.get().actor == police.user


def test_templates_read_the_lifecycle_from_the_workflow(demo: Any) -> None:
    """learning_workflow filters: `can` follows the table, `in_progress` is the initial state, `is_open` published."""
    from kooperacja.learning.templatetags.learning_workflow import can, in_progress, is_open

    trainer = demo.user("trainer")
    session, meeting, cert = h.session(), h.exchange(), h.certificate()
    assert in_progress(session) and can(session, "hold") and not can(session, "reopen")
    assert can(cert, "revoke") and can(cert, "renew")
    assert is_open(h.course(h.CLAUSES_COURSE))
    session = services.session_transition(actor=trainer, session=session, name="cancel", reason="choroba trenera")
    assert not in_progress(session) and not can(session, "hold")
    if in_progress(meeting):
        services.exchange_cancel(actor=SYSTEM, meeting=meeting, reason="brak sali")
        meeting.refresh_from_db()
    assert not in_progress(meeting) and not can(meeting, "cancel")
    assert not can(None, "cancel")
