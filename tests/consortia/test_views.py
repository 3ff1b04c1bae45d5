"""Pages of the consortium app: founding with the agreement upload, documents, PDFs, support, API, query counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kooperacja.consortia import services
from kooperacja.consortia.models import Consortium, ConsortiumDocument, Resolution, SupportRequest

from . import helpers as h

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _founding_data(demo: Any, **extra: Any) -> dict[str, Any]:
    data = {
        "name": "Konsorcjum Narewka Razem",
        "short_name": "Narewka Razem",
        "purpose": "Usługi opiekuńcze w gminie Narewka.",
        "lead": demo.org("cal_hajnowka").pk,
        "founders": [demo.org("razem_narewka").pk, demo.org("fundacja_zubry").pk],
        "start_date": "2026-01-01",
        "agreement_signed_on": "2025-12-15",
        "representation": "Lider reprezentuje konsorcjum.",
        "quorum_percent": "60",
        "ordinary_majority": "absolute",
        "membership_majority": "two_thirds",
        "office_cost_share_percent": "2.50",
        "allocation_transparency": "all",
    }
    data.update(extra)
    return data


def test_coordinator_founds_a_consortium_with_agreement(demo: Any, client_as: Any, media: Any) -> None:
    client = client_as("coordinator")
    upload = SimpleUploadedFile("umowa.pdf", PDF, content_type="application/pdf")
    response = client.post("/konsorcja/nowe/", _founding_data(demo, agreement=upload))
    assert response.status_code == 302, response.content.decode()[:2000]
    c = Consortium.objects.get(name="Konsorcjum Narewka Razem")
    assert c.lead == demo.org("cal_hajnowka") and c.quorum_percent == 60
    assert set(c.members.values_list("organisation", flat=True)) == {
        demo.org(k).pk for k in ("cal_hajnowka", "razem_narewka", "fundacja_zubry")
    }
    assert all(m.is_founding and m.changes.get().kind == "founding" for m in c.members.all())
    assert set(c.bodies.values_list("kind", flat=True)) == {"general_meeting", "board", "office"}
    doc = ConsortiumDocument.objects.get(consortium=c, kind="agreement")
    download = client.get(f"/konsorcja/dokumenty/{doc.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    # The coordinator is the office of the new consortium: its dashboard shows internals.
    page = client.get(f"/konsorcja/{c.pk}/")
    assert "Głosowania w toku" in page.content.decode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("umowa.exe", b"MZ\x90\x00", "Niedozwolony rodzaj pliku"),
        ("umowa.pdf", b"<html>not a pdf</html>", "nie odpowiada rozszerzeniu"),
        ("umowa.pdf", b"", "pusty"),
    ],
)
def test_agreement_upload_is_checked(
    demo: Any, client_as: Any, media: Any, name: str, content: bytes, message: str
) -> None:
    upload = SimpleUploadedFile(name, content)
    response = client_as("coordinator").post("/konsorcja/nowe/", _founding_data(demo, agreement=upload))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Consortium.objects.filter(name="Konsorcjum Narewka Razem").exists()


def test_agreement_upload_size_limit(demo: Any, client_as: Any, media: Any, settings: Any) -> None:
    settings.KOOPERACJA_MAX_UPLOAD_BYTES = 1024 * 1024
    upload = SimpleUploadedFile("umowa.pdf", PDF + b"0" * (1024 * 1024))
    response = client_as("coordinator").post("/konsorcja/nowe/", _founding_data(demo, agreement=upload))
    assert "za duży" in response.content.decode()


def test_founding_requires_verified_members(demo: Any, client_as: Any) -> None:
    response = client_as("coordinator").post(
        "/konsorcja/nowe/", _founding_data(demo, founders=[demo.org("nowa_inicjatywa").pk])
    )
    assert response.status_code == 200
    assert not Consortium.objects.filter(name="Konsorcjum Narewka Razem").exists()


def test_pes_staff_cannot_choose_a_lead_it_does_not_coordinate(demo: Any, client_as: Any) -> None:
    assert client_as("pes_staff").get("/konsorcja/nowe/").status_code == 403


def test_document_library_upload(demo: Any, client_as: Any, media: Any) -> None:
    c = h.consortium()
    client = client_as("ngo_staff")
    ok = client.post(
        f"/konsorcja/{c.pk}/dokumenty/",
        {"title": "Lista obecności", "kind": "other", "file": SimpleUploadedFile("lista.pdf", PDF)},
    )
    assert ok.status_code == 302
    bad = client.post(
        f"/konsorcja/{c.pk}/dokumenty/",
        {"title": "Skrypt", "kind": "other", "file": SimpleUploadedFile("x.pdf", b"#!/bin/sh\n")},
    )
    assert bad.status_code == 200 and "nie odpowiada" in bad.content.decode()
    assert list(c.documents.filter(title__in=["Lista obecności", "Skrypt"]).values_list("title", flat=True)) == [
        "Lista obecności"
    ]
    assert client_as("officer").get(f"/konsorcja/{c.pk}/dokumenty/").status_code == 404


@pytest.mark.parametrize("which", ["agreement", "resolution", "minutes"])
def test_pdfs(demo: Any, client_as: Any, which: str) -> None:
    c = h.consortium()
    url = {
        "agreement": f"/konsorcja/{c.pk}/umowa.pdf",
        "resolution": f"/konsorcja/uchwaly/{h.resolution('adopted').pk}/uchwala.pdf",
        "minutes": f"/konsorcja/posiedzenia/{c.meetings.filter(status='held').first().pk}/protokol.pdf",
    }[which]
    response = client_as("ngo_staff").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")


def test_vote_through_the_page(demo: Any, client_as: Any) -> None:
    res = h.resolution("voting")
    client = client_as("ngo_staff")
    page = client.get(f"/konsorcja/uchwaly/{res.pk}/").content.decode()
    assert "Oddaj głos" in page
    member = h.member_of(demo, "ngo_staff")
    response = client.post(f"/konsorcja/uchwaly/{res.pk}/glos/", {"member": member.pk, "choice": "against"})
    assert response.status_code == 302
    assert res.votes.get(member=member).choice == "against"
    page = client.get(f"/konsorcja/uchwaly/{res.pk}/").content.decode()
    assert "Oddaj głos" not in page
    # the office closes and the page shows the result
    client_as("coordinator").post(f"/konsorcja/uchwaly/{res.pk}/zamknij/")
    res.refresh_from_db()
    assert res.status in ("adopted", "rejected") and res.decided_at is not None


def test_support_request_flow(demo: Any, client_as: Any) -> None:
    c = h.consortium()
    member = client_as("ngo_staff")
    response = member.post(
        "/konsorcja/wsparcie/nowe/",
        {
            "consortium": c.pk,
            "organisation": demo.org("fundacja_puszcza").pk,
            "category": "fundraising",
            "subject": "Grant z FIO",
            "description": "Szukamy współfinansowania.",
        },
    )
    assert response.status_code == 302
    req = SupportRequest.objects.get(subject="Grant z FIO")
    office = client_as("coordinator")
    office.post(
        f"/konsorcja/wsparcie/{req.pk}/obsluga/",
        {"status": "in_progress", "assignee": demo.user("coordinator").pk, "minutes": "30", "note": "Konsultacja"},
    )
    resolved_without_outcome = office.post(f"/konsorcja/wsparcie/{req.pk}/obsluga/", {"status": "resolved"})
    assert resolved_without_outcome.status_code == 302
    req.refresh_from_db()
    assert req.status == "in_progress" and req.minutes_spent == 30
    office.post(
        f"/konsorcja/wsparcie/{req.pk}/obsluga/", {"status": "resolved", "minutes": "15", "outcome": "Złożono wniosek."}
    )
    req.refresh_from_db()
    assert req.status == "resolved" and req.minutes_spent == 45 and req.resolved_at is not None
    # Another member cannot see the request.
    assert client_as("pes_staff").get(f"/konsorcja/wsparcie/{req.pk}/").status_code == 404


def test_would_be_member_files_support_and_sees_its_incubation(demo: Any) -> None:
    from kooperacja.accounts.models import User
    from kooperacja.consortia.models import IncubationPath
    from tests.conftest import login_client

    user = User.objects.get(email="zarzad@nowa-inicjatywa.demo")
    from django.test import Client

    client = login_client(Client(), user)
    path = IncubationPath.objects.get(organisation=demo.org("nowa_inicjatywa"))
    page = client.get(f"/konsorcja/inkubacja/{path.pk}/")
    assert page.status_code == 200
    done, total = path.items.exclude(done_on=None).count(), path.items.count()
    assert f"{done}/{total}" in page.content.decode()  # the progress bar of the path (core/_progress.html)
    assert client.get(f"/konsorcja/{h.consortium().pk}/uchwaly/").status_code == 404
    assert client.get("/konsorcja/wsparcie/").status_code == 200


def test_incubation_progress(demo: Any, client_as: Any) -> None:
    from kooperacja.consortia.models import IncubationPath

    path = IncubationPath.objects.get(organisation=demo.org("nowa_inicjatywa"))
    item = path.items.filter(done_on=None).first()
    client_as("coordinator").post(f"/konsorcja/inkubacja/zadanie/{item.pk}/", {"done": "1"})
    item.refresh_from_db()
    assert item.done_on == dt.date.today()


def test_obligations_and_dashboard_widgets(demo: Any, client_as: Any) -> None:
    home = client_as("pes_staff").get("/").content.decode()
    assert "Moje zobowiązania w konsorcjum" in home
    assert h.resolution("voting").title in home
    office_home = client_as("coordinator").get("/").content.decode()
    assert "Biuro konsorcjum" in office_home
    assert "Biuro konsorcjum" not in client_as("officer").get("/").content.decode()
    page = client_as("pes_staff").get("/konsorcja/moje-zobowiazania/")
    assert page.status_code == 200


def test_officer_sees_public_profile_without_internals(demo: Any, client_as: Any) -> None:
    c = h.consortium()
    html = client_as("officer").get(f"/konsorcja/{c.pk}/").content.decode()
    assert c.name in html and "Głosowania w toku" not in html
    assert client_as("officer").get(f"/konsorcja/{c.pk}/uchwaly/").status_code == 404


def test_api(demo: Any, client_as: Any) -> None:
    c = h.consortium()
    anon = client_as("anonymous").get("/api/v1/consortia")
    assert anon.status_code == 200
    item = next(i for i in anon.json()["items"] if i["id"] == c.pk)
    assert {m["organisation_id"] for m in item["members"]} == set(
        c.members.filter(status__in=["active", "suspended"]).values_list("organisation", flat=True)
    )
    res = client_as("pes_staff").get(f"/api/v1/consortia/{c.pk}/resolutions")
    assert res.status_code == 200
    adopted = [r for r in res.json()["items"] if r["status"] == "adopted"]
    assert adopted and all(r["votes_for"] >= 1 for r in adopted)
    assert client_as("resident").get(f"/api/v1/consortia/{c.pk}/resolutions").status_code == 404
    assert client_as("resident").get("/api/v1/allocations").json()["items"] == []


def _count(client: Any, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_list_pages_do_not_grow_with_rows(demo: Any, client_as: Any) -> None:
    c = h.consortium()
    client = client_as("coordinator")
    urls = [
        "/konsorcja/",
        f"/konsorcja/{c.pk}/uchwaly/",
        f"/konsorcja/{c.pk}/posiedzenia/",
        f"/konsorcja/{c.pk}/czlonkowie/",
        f"/konsorcja/{c.pk}/dokumenty/",
        f"/konsorcja/{c.pk}/",
        "/konsorcja/wsparcie/",
    ]
    small = {u: _count(client, u) for u in urls}
    coordinator = demo.user("coordinator")
    gm = c.bodies.get(kind="general_meeting")
    for i in range(20):
        services.resolution_draft(actor=coordinator, consortium=c, body=gm, title=f"Uchwała {i}", text="T")
        services.meeting_schedule(
            actor=coordinator,
            body=gm,
            data={"title": f"Posiedzenie {i}", "starts_at": dt.datetime(2030, 1, 1, 10, tzinfo=dt.UTC), "agenda": "A"},
        )
        SupportRequest.objects.create(
            consortium=c, organisation=demo.org("ss_zubr"), category="legal", subject=f"S{i}", description="D"
        )
        Consortium.objects.create(
            name=f"Konsorcjum {i}",
            purpose="P",
            lead=demo.org("owop"),
            start_date=dt.date(2026, 1, 1),
            agreement_signed_on=dt.date(2026, 1, 1),
            representation="R",
        )
    large = {u: _count(client, u) for u in urls}
    assert large == small
    assert Resolution.objects.filter(consortium=c).count() > 20
    for url, n in large.items():
        assert n <= 40, (url, n)


def test_list_pages_query_budget(demo: Any, client_as: Any, django_assert_max_num_queries: Any) -> None:
    c = h.consortium()
    client = client_as("pes_staff")
    with django_assert_max_num_queries(25):
        client.get(f"/konsorcja/{c.pk}/uchwaly/")
    with django_assert_max_num_queries(25):
        client.get("/konsorcja/")


def test_office_names_representatives_and_starts_incubation(demo: Any, client_as: Any) -> None:
    from kooperacja.consortia.models import IncubationPath

    c = h.consortium()
    office = client_as("coordinator")
    puszcza = h.member_of(demo, "ngo_staff")
    page = office.get(f"/konsorcja/{c.pk}/czlonkowie/").content.decode()
    assert "Przedstawiciele w głosowaniach" in page
    response = office.post(
        f"/konsorcja/czlonkowie/{puszcza.pk}/przedstawiciele/", {f"m{puszcza.pk}-users": [demo.user("ngo_staff").pk]}
    )
    assert response.status_code == 302
    assert list(puszcza.representatives.all()) == [demo.user("ngo_staff")]
    # someone from outside the organisation cannot be named
    office.post(
        f"/konsorcja/czlonkowie/{puszcza.pk}/przedstawiciele/", {f"m{puszcza.pk}-users": [demo.user("pes_staff").pk]}
    )
    assert list(puszcza.representatives.all()) == [demo.user("ngo_staff")]
    assert (
        "Przedstawiciele w głosowaniach"
        not in client_as("pes_staff").get(f"/konsorcja/{c.pk}/czlonkowie/").content.decode()
    )

    response = office.post(
        f"/konsorcja/{c.pk}/inkubacja/nowa/",
        {
            "organisation": demo.org("razem_narewka").pk,
            "mentor": demo.user("coordinator").pk,
            "goal": "Przygotowanie do członkostwa",
            "started_on": "2026-03-01",
            "extra": "Szkolenie z zamówień publicznych",
        },
    )
    assert response.status_code == 302, response.content.decode()[:1000]
    path = IncubationPath.objects.get(consortium=c, organisation=demo.org("razem_narewka"))
    titles = list(path.items.values_list("title", flat=True))
    assert len(titles) == 7 and "Szkolenie z zamówień publicznych" in titles


def test_english_interface(demo: Any, client_as: Any) -> None:
    client = client_as("pes_staff")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    c = h.consortium()
    html = client.get(f"/konsorcja/{c.pk}/").content.decode()
    assert "Votes in progress" in html and "Task and budget split" in html


def test_office_staff_by_seat_lose_office_rights_when_the_seat_ends(demo: Any, client_as: Any) -> None:
    from kooperacja.accounts.models import User
    from kooperacja.consortia.access import forget

    c = h.consortium()
    worker = User.objects.get(email="biuro@odnowa.demo")
    assert worker.has_perm("consortia.manage_consortium", c)
    seat = c.bodies.get(kind="office").seats.get(person=worker, until=None)
    response = client_as("coordinator").post(f"/konsorcja/organy/miejsce/{seat.pk}/koniec/")
    assert response.status_code == 302
    worker = User.objects.get(pk=worker.pk)
    forget(worker)
    assert not worker.has_perm("consortia.manage_consortium", c)
    assert worker.has_perm("consortia.view_internal", c)  # still staff of the lead, a member
