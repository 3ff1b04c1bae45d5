"""The phase edit page, the documents and candidates' illustrations (checked by core.uploads), following a
process and the e-mail when one of its phases opens (Warsaw times)."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from kooperacja.core.actors import SYSTEM
from kooperacja.core.audit import AuditEvent
from kooperacja.participation import services
from kooperacja.participation.models import Attachment, Candidate, Phase, Subscription
from kooperacja.participation.tasks import notify_phases_opened
from tests.participation import helpers as h

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _png() -> bytes:
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 10, 10)).save(buf, format="PNG")
    return buf.getvalue()


def _new_process(demo: Any, *, kind: str = "consultation") -> Any:
    um = demo.user("officer")
    from kooperacja.organisations.models import Organisation
    from kooperacja.participation.policies import officer_orgs

    org = Organisation.objects.get(pk=next(iter(officer_orgs(um))))
    return services.process_create(
        actor=um, authority=org, territory=org.territory, kind=kind, title="Konsultacje testowe",
        subject_kind="free", description="Opis konsultacji testowych.",
    )  # fmt: skip


def _phase(process: Any, start: datetime, end: datetime, **kw: Any) -> Phase:
    return services.phase_add(
        actor=SYSTEM, process=process, kind=kw.pop("kind", "submissions"), starts_at=start, ends_at=end, **kw
    )


# --- the phase edit page ---------------------------------------------------------------------------------------


def test_officer_edits_a_future_phase_and_the_change_is_audited(demo: Any) -> None:
    officer, p = demo.user("officer"), _new_process(demo)
    now = timezone.now()
    phase = _phase(p, now + timedelta(days=2), now + timedelta(days=9), title="Uwagi")
    services.phase_update(
        actor=officer, phase=phase, kind="discussion", title="Uwagi i warsztaty",
        starts_at=now + timedelta(days=3), ends_at=now + timedelta(days=10), allows=["comment", "attend"],
    )  # fmt: skip
    phase.refresh_from_db()
    assert (phase.kind, phase.title, phase.allows_comment, phase.allows_attend, phase.allows_propose) == (
        "discussion",
        "Uwagi i warsztaty",
        True,
        True,
        False,
    )
    ev = AuditEvent.objects.get(verb="participation.phase_changed", target_id=str(p.pk))
    assert "starts_at" in ev.data["fields"] and "kind" in ev.data["fields"]


def test_phase_dates_end_after_start_and_no_overlap_with_a_warsaw_time_in_the_message(demo: Any) -> None:
    officer, p = demo.user("officer"), _new_process(demo)
    first = _phase(
        p, datetime(2031, 7, 1, 8, 0, tzinfo=UTC), datetime(2031, 7, 10, 8, 0, tzinfo=UTC), title="Informacja"
    )
    second = _phase(p, datetime(2031, 7, 10, 8, 0, tzinfo=UTC), datetime(2031, 7, 20, 8, 0, tzinfo=UTC))
    with pytest.raises(ValidationError) as err:
        services.phase_update(
            actor=officer, phase=second, kind="submissions", title="",
            starts_at=datetime(2031, 7, 20, 8, 0, tzinfo=UTC), ends_at=datetime(2031, 7, 20, 8, 0, tzinfo=UTC),
        )  # fmt: skip
    assert err.value.message_dict["ends_at"] == ["Koniec etapu musi być później niż jego początek."]
    with pytest.raises(ValidationError) as err:
        services.phase_update(
            actor=officer, phase=second, kind="submissions", title="",
            starts_at=datetime(2031, 7, 9, 8, 0, tzinfo=UTC), ends_at=datetime(2031, 7, 20, 8, 0, tzinfo=UTC),
        )  # fmt: skip
    (message,) = err.value.message_dict["starts_at"]
    assert "nakłada się na etap „Informacja”" in message
    assert "01.07.2031 10:00 – 10.07.2031 10:00" in message  # CEST, not UTC
    with pytest.raises(ValidationError, match="nakłada się"):
        services.phase_add(
            actor=officer, process=p, kind="report",
            starts_at=datetime(2031, 7, 19, 8, 0, tzinfo=UTC), ends_at=datetime(2031, 7, 25, 8, 0, tzinfo=UTC),
        )  # fmt: skip
    # Back to back is fine: the next phase starts when the previous one ends.
    services.phase_add(
        actor=officer, process=p, kind="report",
        starts_at=datetime(2031, 7, 20, 8, 0, tzinfo=UTC), ends_at=datetime(2031, 7, 25, 8, 0, tzinfo=UTC),
    )  # fmt: skip
    assert p.phases.count() == 3 and first.pk


def test_a_running_phase_keeps_start_kind_and_vote_and_an_ended_one_is_history(demo: Any) -> None:
    officer = demo.user("officer")
    running = h.process().phases.get(allows_comment=True)
    for change, field in [
        ({"kind": "information"}, "kind"),
        ({"starts_at": running.starts_at + timedelta(hours=1)}, "starts_at"),
    ]:
        args = {
            "kind": running.kind, "title": running.title, "starts_at": running.starts_at,
            "ends_at": running.ends_at, "allows": ["comment", "propose", "survey", "attend"], **change,
        }  # fmt: skip
        with pytest.raises(ValidationError) as err:
            services.phase_update(actor=officer, phase=running, **args)
        assert field in err.value.message_dict
    voting = h.plebiscite().voting_phase
    with pytest.raises(ValidationError, match="nie można włączyć ani wyłączyć w nim głosowania"):
        services.phase_update(
            actor=officer, phase=voting, kind=voting.kind, title=voting.title, starts_at=voting.starts_at,
            ends_at=voting.ends_at, allows=[],
        )  # fmt: skip
    ended = h.process().phases.get(kind="information")
    with pytest.raises(ValidationError, match="należy do historii procesu"):
        services.phase_update(
            actor=officer, phase=ended, kind=ended.kind, title="Nowa nazwa", starts_at=ended.starts_at,
            ends_at=ended.ends_at,
        )  # fmt: skip


def test_phase_edit_page_shows_errors_at_the_field_and_saves(demo: Any, client_as: Any) -> None:
    p = _new_process(demo)
    now = timezone.localtime()
    phase = _phase(p, now + timedelta(days=2), now + timedelta(days=9))
    url = reverse("participation:phase_edit", args=[phase.pk])
    officer = client_as("officer")
    assert officer.get(url).status_code == 200
    start = (now + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    bad = officer.post(url, {"kind": "submissions", "starts_at": start, "ends_at": start, "allows": ["propose"]})
    assert bad.status_code == 200
    assert "Koniec etapu musi być później niż jego początek." in bad.content.decode()
    garbage = officer.post(url, {"kind": "submissions", "starts_at": "jutro", "ends_at": "", "allows": ["x"]})
    assert garbage.status_code == 200
    end = (now + timedelta(days=12)).strftime("%Y-%m-%dT%H:%M")
    ok = officer.post(url, {"kind": "submissions", "title": "Zgłoszenia", "starts_at": start, "ends_at": end})
    assert ok.status_code == 302
    phase.refresh_from_db()
    assert phase.title == "Zgłoszenia"
    assert timezone.localtime(phase.ends_at).strftime("%Y-%m-%dT%H:%M") == end  # the form's times are Warsaw times
    page = officer.get(p.get_absolute_url()).content.decode()
    assert url in page  # reachable from the process page
    assert client_as("resident").get(url).status_code == 404
    assert client_as("anonymous").get(url).status_code == 302


# --- documents -------------------------------------------------------------------------------------------------


def test_officer_uploads_a_pdf_shown_on_the_process_page(demo: Any, client_as: Any) -> None:
    p = h.process()
    officer = client_as("officer")
    url = reverse("participation:attachment_add", args=[p.pk])
    assert officer.get(url).status_code == 200
    response = officer.post(
        url, {"title": "Mapa budynku", "file": SimpleUploadedFile("mapa budynku (v2).pdf", PDF, "application/pdf")}
    )
    assert response.status_code == 302
    att = Attachment.objects.get(process=p, title="Mapa budynku")
    assert att.file.name.endswith(".pdf") and " " not in att.file.name
    assert AuditEvent.objects.filter(verb="participation.attachment_added", target_id=str(p.pk)).exists()
    page = client_as("anonymous").get(p.get_absolute_url()).content.decode()
    assert "Mapa budynku" in page and att.file.url in page
    assert officer.post(reverse("participation:attachment_remove", args=[att.pk])).status_code == 302
    assert not Attachment.objects.filter(pk=att.pk).exists()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("wirus.exe", b"MZ\x90\x00", "Niedozwolony rodzaj pliku (.exe)"),
        ("obraz.pdf", _png(), "Zawartość pliku nie odpowiada rozszerzeniu .pdf"),
        ("pusty.pdf", b"", "pusty"),
    ],
)
def test_a_wrong_document_gets_a_polish_error_at_the_field(
    demo: Any, client_as: Any, name: str, content: bytes, expected: str
) -> None:
    p = h.process()
    before = Attachment.objects.count()
    response = client_as("officer").post(
        reverse("participation:attachment_add", args=[p.pk]),
        {"title": "Dokument", "file": SimpleUploadedFile(name, content)},
    )
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert Attachment.objects.count() == before


def test_a_document_over_the_size_limit_is_refused_before_it_is_read(demo: Any, settings: Any) -> None:
    settings.KOOPERACJA_MAX_UPLOAD_BYTES = 30
    with pytest.raises(ValidationError) as err:
        services.attachment_add(
            actor=demo.user("officer"), process=h.process(), title="Duży", file=SimpleUploadedFile("d.pdf", PDF * 3)
        )
    assert "Plik jest za duży" in err.value.message_dict["file"][0]


def test_only_the_officer_manages_documents(demo: Any, client_as: Any) -> None:
    p = h.process()
    url = reverse("participation:attachment_add", args=[p.pk])
    assert client_as("resident").get(url).status_code == 404
    with pytest.raises(Http404):
        services.attachment_add(
            actor=demo.user("resident"), process=p, title="X", file=SimpleUploadedFile("x.pdf", PDF)
        )


# --- candidates' illustrations ---------------------------------------------------------------------------------


def _future_plebiscite(demo: Any) -> tuple[Any, Candidate]:
    p = _new_process(demo, kind="plebiscite")
    now = timezone.now()
    voting = _phase(p, now + timedelta(days=5), now + timedelta(days=9), kind="voting", allows=("vote",))
    pleb = services.plebiscite_create(actor=SYSTEM, process=p, voting_phase=voting)
    cand = services.candidate_add(actor=SYSTEM, plebiscite=pleb, title="Motyw A", description="Opis A")
    return pleb, cand


def test_officer_adds_an_illustration_to_a_candidate(demo: Any, client_as: Any) -> None:
    _pleb, cand = _future_plebiscite(demo)
    officer = client_as("officer")
    url = reverse("participation:candidate_image", args=[cand.pk])
    assert url in officer.get(cand.get_absolute_url()).content.decode()  # reachable from the candidate's page
    response = officer.post(
        url, {"image": SimpleUploadedFile("szkic.PNG", _png(), "image/png"), "image_alt": "Czerwony kwadrat."}
    )
    assert response.status_code == 302
    cand.refresh_from_db()
    assert cand.image.name.endswith(".png") and cand.image_alt == "Czerwony kwadrat."
    page = officer.get(cand.get_absolute_url()).content.decode()
    assert cand.image.url in page and 'alt="Czerwony kwadrat."' in page


@pytest.mark.parametrize(
    ("name", "content", "alt", "expected"),
    [
        ("szkic.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "Opis", "Nie udało się odczytać obrazu"),
        ("szkic.png", PDF, "Opis", "Zawartość pliku nie odpowiada rozszerzeniu .png"),
        ("szkic.gif", b"GIF89a", "Opis", "Niedozwolony rodzaj pliku (.gif)"),
        ("szkic.png", None, "", "To pole jest wymagane"),
    ],
)
def test_a_broken_or_undescribed_image_is_refused_at_the_field(
    demo: Any, client_as: Any, name: str, content: bytes | None, alt: str, expected: str
) -> None:
    _pleb, cand = _future_plebiscite(demo)
    data = {"image": SimpleUploadedFile(name, content if content is not None else _png()), "image_alt": alt}
    response = client_as("officer").post(reverse("participation:candidate_image", args=[cand.pk]), data)
    assert response.status_code == 200
    assert expected in response.content.decode()
    cand.refresh_from_db()
    assert not cand.image


def test_the_illustration_is_frozen_once_voting_starts_and_closed_to_others(demo: Any, client_as: Any) -> None:
    started = h.plebiscite().candidates.order_by("number").first()
    with pytest.raises(ValidationError, match="Głosowanie już się rozpoczęło"):
        services.candidate_image_set(
            actor=demo.user("officer"), candidate=started, image=SimpleUploadedFile("a.png", _png()), image_alt="A"
        )
    assert client_as("officer").get(reverse("participation:candidate_image", args=[started.pk])).status_code == 403
    _pleb, cand = _future_plebiscite(demo)  # a draft: the resident may not know it exists
    assert client_as("resident").get(reverse("participation:candidate_image", args=[cand.pk])).status_code == 404


# --- following a process and the e-mail when a phase opens ----------------------------------------------------


def test_resident_follows_from_the_page_and_unfollows(demo: Any, client_as: Any) -> None:
    p, resident = h.process(h.MOTIF), demo.user("resident")
    client = client_as("resident")
    url = reverse("participation:process_follow", args=[p.pk])
    assert "Obserwuj" in client.get(p.get_absolute_url()).content.decode()
    assert client.post(url, {"follow": "1"}).status_code == 302
    assert Subscription.objects.filter(process=p, user=resident).exists()
    assert "Przestań obserwować" in client.get(p.get_absolute_url()).content.decode()
    client.post(url, {"follow": "0"})
    assert not Subscription.objects.filter(process=p, user=resident).exists()
    assert client_as("anonymous").post(url, {"follow": "1"}).status_code == 302  # to the login page
    assert not Subscription.objects.filter(process=p).exists()


def test_followers_get_one_email_when_a_phase_opens_with_warsaw_times(demo: Any) -> None:
    p = _new_process(demo)
    opens = datetime(2031, 1, 15, 7, 0, tzinfo=UTC)  # 08:00 in Warsaw (CET)
    _phase(p, opens - timedelta(days=10), opens, kind="information")
    phase = _phase(
        p, opens, opens + timedelta(days=14), kind="submissions", title="Zbieranie uwag", allows=("comment",)
    )
    services.process_publish(actor=SYSTEM, process=p)
    resident = demo.user("resident")
    services.process_follow(actor=resident, process=p)
    mail.outbox.clear()
    assert notify_phases_opened.call((opens - timedelta(minutes=5)).isoformat()) == 0  # not open yet
    assert notify_phases_opened.call((opens + timedelta(minutes=10)).isoformat()) == 1
    (message,) = mail.outbox
    assert message.to == [resident.email]
    assert "Zbieranie uwag" in message.subject
    assert "od 15.01.2031 08:00 do 29.01.2031 08:00 (czas polski)" in message.body
    assert "dodawać uwagi" in message.body and p.get_absolute_url() in message.body
    assert notify_phases_opened.call((opens + timedelta(minutes=20)).isoformat()) == 0  # once per phase
    phase.refresh_from_db()
    assert phase.opening_notified_at is not None
    assert AuditEvent.objects.filter(verb="participation.phase_notified", target_id=str(p.pk)).exists()


def test_no_email_for_non_followers_drafts_or_phases_long_open(demo: Any) -> None:
    p = _new_process(demo)
    opens = datetime(2031, 3, 1, 9, 0, tzinfo=UTC)
    _phase(p, opens, opens + timedelta(days=30))
    mail.outbox.clear()
    with pytest.raises(Http404):  # a resident may not know a draft exists
        services.process_follow(actor=demo.user("resident"), process=p)
    services.process_follow(actor=demo.user("officer"), process=p)  # its authority's officer may follow it
    assert notify_phases_opened.call((opens + timedelta(minutes=1)).isoformat()) == 0  # a draft announces nothing
    services.process_publish(actor=SYSTEM, process=p)
    assert notify_phases_opened.call((opens + timedelta(days=5)).isoformat()) == 0  # not announced days late
    assert mail.outbox == []


def test_notify_command_runs_the_task(demo: Any) -> None:
    from django.core.management import call_command

    out = io.StringIO()
    call_command("participation_notify", stdout=out)
    assert "Wysłano powiadomienia o otwarciu etapów" in out.getvalue()
