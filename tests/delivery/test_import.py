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
    assert "Brak kolumn" in r.error
    r = imports.import_file(actor=staff, service=day_room, kind="attendance", content=b"nope", filename="x.xlsx")
    assert r.error and not r.committed
