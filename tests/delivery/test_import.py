"""CSV/XLSX import: a good file is imported with a row-by-row report; a file with one bad row imports nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kooperacja.delivery import imports
from kooperacja.delivery.models import Attendance, Enrolment, Person, Session
from kooperacja.demo.ids import make_pesel

pytestmark = pytest.mark.django_db


def _participants_csv(rows: list[str]) -> bytes:
    head = "imie;nazwisko;pesel;telefon;gmina_teryt;przeslanki;data_zapisu"
    return ("\n".join([head, *rows]) + "\n").encode("utf-8")


def test_good_participants_csv(demo: Any, day_room: Any) -> None:
    p1 = make_pesel(8101, birth_year=2016, month=2, day=3)
    p2 = make_pesel(8102, birth_year=2017, month=4, day=5, female=True)
    content = _participants_csv(
        [f"Jaś;Nowicki;{p1};600100200;2005011;ubóstwo;03.02.2026", f"Małgosia;Nowicka;{p2};;2005011;;"]
    )
    report = imports.import_file(
        actor=demo.user("pes_staff"), service=day_room, kind="participants", content=content, filename="u.csv"
    )
    assert report.committed and report.n_ok == 2 and report.n_errors == 0
    person = Person.objects.get(pesel=p1)
    assert person.reasons == ["poverty"]
    assert Enrolment.objects.filter(person=person, service=day_room).exists()


def test_one_bad_row_imports_nothing(demo: Any, day_room: Any) -> None:
    good = make_pesel(8201, birth_year=2016)
    content = _participants_csv([f"Ola;Dobra;{good};;;;", "Zły;Wiersz;12345678901;;;;", ";BezImienia;;;;;"])
    n_people = Person.objects.count()
    report = imports.import_file(
        actor=demo.user("pes_staff"), service=day_room, kind="participants", content=content, filename="u.csv"
    )
    assert not report.committed
    assert [r.ok for r in report.rows] == [True, False, False]
    assert "PESEL" in report.rows[1].message
    assert report.rows[1].line == 3
    assert Person.objects.count() == n_people and not Person.objects.filter(pesel=good).exists()


def test_attendance_xlsx_via_the_page(client_as: Any, demo: Any, day_room: Any) -> None:
    from openpyxl import Workbook

    enrolments = list(day_room.enrolments.filter(status="active").select_related("person")[:3])
    wb = Workbook()
    ws = wb.active
    ws.append(["Data", "Temat", "Godziny zajęć", "Kod uczestnika", "Obecność"])
    for i, e in enumerate(enrolments):
        ws.append(["2030-01-07", "Import", 3, e.person.code, ["obecny", "nieobecny", "u"][i]])
    buf = io.BytesIO()
    wb.save(buf)
    response = client_as("pes_staff").post(
        reverse("delivery:import", args=[day_room.pk]),
        {"kind": "attendance", "file": SimpleUploadedFile("obecnosci.xlsx", buf.getvalue())},
    )
    assert response.status_code == 200
    assert "zapisano" in response.content.decode()
    session = Session.objects.get(service=day_room, date="2030-01-07")
    assert session.duration_hours == 3
    marks = dict(Attendance.objects.filter(session=session).values_list("enrolment_id", "status"))
    assert marks == {enrolments[0].pk: "present", enrolments[1].pk: "absent", enrolments[2].pk: "excused"}


def test_attendance_for_someone_else_is_rejected(demo: Any, day_room: Any) -> None:
    from kooperacja.catalog.models import Service

    youth = Service.objects.get(name="Program „Młodzi dla Puszczy”")
    stranger = youth.enrolments.first().person
    content = f"data;kod_uczestnika;obecnosc\n2030-01-07;{stranger.code};obecny\n".encode()
    report = imports.import_file(
        actor=demo.user("pes_staff"), service=day_room, kind="attendance", content=content, filename="a.csv"
    )
    assert not report.committed and report.n_errors == 1
    assert not Session.objects.filter(service=day_room, date="2030-01-07").exists()


def test_missing_columns_and_broken_xlsx(demo: Any, day_room: Any) -> None:
    staff = demo.user("pes_staff")
    r = imports.import_file(actor=staff, service=day_room, kind="participants", content=b"a;b\n1;2\n", filename="x.csv")
    assert "Brak wymaganych kolumn: imie, nazwisko." in r.error
    r = imports.import_file(actor=staff, service=day_room, kind="attendance", content=b"nope", filename="x.xlsx")
    assert r.error and not r.committed


# --- issue 10 item 4: files that crashed the import or held a worker ---


def _post(client: Any, service: Any, content: bytes, name: str = "u.csv", kind: str = "participants") -> Any:
    return client.post(
        reverse("delivery:import", args=[service.pk]), {"kind": kind, "file": SimpleUploadedFile(name, content)}
    )


def test_undecodable_and_binary_files_get_a_message_not_a_500(client_as: Any, day_room: Any) -> None:
    import random

    client = client_as("pes_staff")
    for content in (
        b"imie;nazwisko\nJan;Nowak\x81\n",  # \x81 is undefined in Windows-1250 and invalid in UTF-8
        random.Random(4).randbytes(20_000),
    ):
        response = _post(client, day_room, content)
        assert response.status_code == 200
        assert "Plik nie jest zapisany w kodowaniu UTF-8 ani Windows-1250" in response.content.decode()


def test_utf16_and_other_separators_are_explained(client_as: Any, day_room: Any) -> None:
    client = client_as("pes_staff")
    text = _post(client, day_room, "imie;nazwisko\nJan;Nowak\n".encode("utf-16")).content.decode()
    assert "UTF-16" in text
    text = _post(client, day_room, b"first_name\tlast_name\nJan\tNowak\n").content.decode()
    assert "separator: tabulator" in text and "Oczekiwano kolumn: imie, nazwisko, pesel" in text
    text = _post(client, day_room, b"name|surname\nJan|Nowak\n").content.decode()
    assert "separator: kreska pionowa (|)" in text


def test_tab_separated_file_with_the_right_columns_is_imported(demo: Any, day_room: Any) -> None:
    pesel = make_pesel(8301, birth_year=2016)
    content = f"Imię\tNazwisko\tPESEL\nZofia\tTabulatorska\t{pesel}\n".encode()
    report = imports.import_file(
        actor=demo.user("pes_staff"), service=day_room, kind="participants", content=content, filename="u.csv"
    )
    assert report.committed and Person.objects.filter(pesel=pesel).exists()


def test_oversize_file_is_refused_before_reading(client_as: Any, day_room: Any, settings: Any) -> None:
    settings.KOOPERACJA_MAX_UPLOAD_BYTES = 1024 * 1024
    big = _participants_csv([f"Jan;Nowak;;;;;;{'x' * 100}"] * 12_000)
    assert len(big) > 1024 * 1024
    response = _post(client_as("pes_staff"), day_room, big)
    assert response.status_code == 200
    assert "Plik jest za duży" in response.content.decode() and "1,0\xa0MB" in response.content.decode()


def test_zip_bomb_xlsx_is_refused(client_as: Any, day_room: Any) -> None:
    import zipfile

    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(["Data", "Kod uczestnika", "Obecność"])
    buf = io.BytesIO()
    wb.save(buf)
    bomb = io.BytesIO()
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                head, tail = data.split(b"</sheetData>")
                data = head + b" " * (80 * 1024 * 1024) + b"</sheetData>" + tail
            dst.writestr(info.filename, data)
    n_sessions = Session.objects.count()
    response = _post(client_as("pes_staff"), day_room, bomb.getvalue(), name="obecnosci.xlsx", kind="attendance")
    assert response.status_code == 200
    assert "po rozpakowaniu miałby" in response.content.decode()
    assert Session.objects.count() == n_sessions


def test_too_many_rows_are_refused_while_streaming(client_as: Any, day_room: Any, settings: Any) -> None:
    settings.KOOPERACJA_IMPORT_MAX_ROWS = 5
    n_people = Person.objects.count()
    rows = [f"Jan;Nowak{i};{make_pesel(8400 + i, birth_year=2016)};;;;" for i in range(6)]
    response = _post(client_as("pes_staff"), day_room, _participants_csv(rows))
    assert "więcej niż 5 wierszy" in response.content.decode()
    assert Person.objects.count() == n_people


def test_large_import_runs_as_a_task_with_a_progress_page(
    client_as: Any, demo: Any, day_room: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from kooperacja.core.models import ImportJob

    settings.KOOPERACJA_IMPORT_BACKGROUND_ROWS = 2
    client = client_as("pes_staff")
    pesels = [make_pesel(8500 + i, birth_year=2016) for i in range(3)]
    content = _participants_csv([f"Ala;Zadaniowa{i};{p};;;;" for i, p in enumerate(pesels)])
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, day_room, content)
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("core:import_job", args=[job.pk])
    assert job.status == "done" and job.committed and job.actor == demo.user("pes_staff")
    assert (job.total_rows, job.processed_rows) == (3, 3) and bytes(job.content) == b""
    assert Person.objects.filter(pesel__in=pesels).count() == 3
    page = client.get(response["Location"])
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    text = page.content.decode()
    assert "Raport importu" in text and "Poprawne wiersze: 3, błędne: 0." in text
    assert text.count('<span class="badge badge-ok">OK</span>') == 3
    assert 'hx-trigger="every 2s"' not in text  # finished: the page stops polling
    # only the person who started it may see it
    for role in ("admin", "social_worker", "officer"):
        assert client_as(role).get(response["Location"]).status_code == 404
    assert client_as("anonymous").get(response["Location"]).status_code == 302


def test_progress_page_polls_while_the_job_waits(client_as: Any, demo: Any, day_room: Any) -> None:
    from kooperacja.core import importjobs

    job = importjobs.job_create(
        actor=demo.user("pes_staff"),
        kind="delivery.import",
        filename="u.csv",
        content=b"x",
        target=day_room,
        total_rows=600,
    )
    client = client_as("pes_staff")
    url = reverse("core:import_job", args=[job.pk])
    text = client.get(url).content.decode()
    assert 'hx-trigger="every 2s"' in text and "Import czeka w kolejce" in text
    assert f'<a href="{url}">Odśwież stan importu</a>' in text  # the fallback without JavaScript
    job.status, job.processed_rows = "running", 150
    job.save()
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in fragment and 'id="import-job"' in fragment
    assert "przetworzone wiersze: 150 z 600" in fragment and 'value="25"' in fragment
