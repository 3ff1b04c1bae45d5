"""ESF+ participant indicators (Regulation 2021/1057, Annex I) of a service package: each participant once,
breakdowns by sex and age band, art. 7 proxies marked, what the platform does not record shown as such,
small cells suppressed; on the dashboard, in CSV/XLSX and in the API."""

from __future__ import annotations

import csv as _csv
import io
from datetime import date
from typing import Any

import pytest
from django.urls import reverse

from kooperacja.monitoring.esf import NOT_RECORDED, participants_report

START, END = date(2026, 1, 1), date(2026, 12, 31)


def _row(
    person: int,
    *,
    sex: str = "F",
    born: date | None = date(1990, 5, 1),
    reasons: tuple[str, ...] = (),
    rural: bool = False,
    entered: date = date(2026, 2, 1),
    left: date | None = None,
    reason: str = "",
    esf: tuple[Any, ...] = (),
) -> tuple:
    """One enrolment in `esf.COLUMNS` order; `esf`: (employment, education, disability, exit_on, seeking,
    learning, qualified, employed, six_on, six_employed), left out = no ESF+ data."""
    status = "left" if left else "active"
    return (person, entered, left, status, reason, sex, born, list(reasons), "2" if rural else "1", *esf)


def _entry(employment: str, education: str, disability: str = "no") -> tuple[Any, ...]:
    return (employment, education, disability, None, False, False, False, False, None, None)


def _by(report: Any) -> dict[str, Any]:
    return {str(r.label): r for r in report.rows}


def test_each_participant_counted_once_with_attributes_at_first_entry() -> None:
    rows = [
        # person 1 in two services: counted once, age and ESF+ data at the first entry (17 then, 18 later)
        _row(1, born=date(2008, 6, 1), entered=date(2026, 3, 1), esf=_entry("inactive", "isced2")),
        _row(1, born=date(2008, 6, 1), entered=date(2026, 7, 1), esf=_entry("employed", "isced34")),
        *(_row(p, sex="M", born=date(2000, 1, 1), esf=_entry("unemployed", "isced01")) for p in range(2, 5)),
        *(_row(p, sex="M", born=date(2000, 1, 1), esf=_entry("long_term", "isced2")) for p in range(5, 8)),
        *(
            _row(p, sex="F", born=date(1960, 1, 1), rural=True, esf=_entry("long_term", "isced34", "yes"))
            for p in range(8, 14)
        ),
        *(_row(p, sex="F", born=date(1980, 1, 1), esf=_entry("employed", "isced58", "refused")) for p in range(14, 20)),
        # no ESF+ data recorded yet
        *(_row(p, sex="F", born=date(1985, 1, 1), reasons=("homelessness",)) for p in range(20, 26)),
    ]
    report = participants_report(rows, start=START, end=END, projects=["FEPD.07.07-IZ.00-0031/24"])
    by = _by(report)
    assert report.total.value == 25 and report.eu_funded
    assert by["w tym kobiety"].cell.value == 19
    # "sex not given" is 0 -> "<5", the only hidden cell of the breakdown: the next smallest (men, 6) is hidden
    # too, or the total minus the women would give it back
    assert by["płeć nieokreślona w rekordzie"].cell.suppressed and by["w tym mężczyźni"].cell.suppressed
    assert by["Dzieci poniżej 18 lat"].cell.suppressed  # 1 person
    age = [r for r in report.rows if r.group == "age"]
    assert sum(1 for r in age if r.cell.suppressed) >= 2
    # labour-market status at the first entry: 3 unemployed (hidden) + 9 long-term; EECO02 = 12 would give the
    # 3 back from EECO03, so it is hidden as well
    assert by["Osoby długotrwale bezrobotne"].cell.value == 9
    assert by["Osoby bezrobotne, w tym długotrwale bezrobotne"].cell.suppressed
    assert by["Osoby pracujące, łącznie z prowadzącymi działalność na własny rachunek"].cell.value == 6
    assert by["status na rynku pracy nieustalony"].cell.value == 6
    # ISCED: person 1 counted with ISCED 2 (first entry), so ISCED 0-2 = 1 + 3 + 3 = 7
    assert by["Osoby z wykształceniem do ISCED 2"].cell.value == 7
    assert by["Osoby z wykształceniem ISCED 3–4"].cell.value == 6
    assert by["Osoby z wykształceniem ISCED 5–8"].cell.value == 6
    assert by["Osoby z niepełnosprawnościami"].cell.value == 6
    assert by["odmowa podania informacji o niepełnosprawności"].cell.value == 6
    assert (
        by["Osoby w kryzysie bezdomności lub dotknięte wykluczeniem z dostępu do mieszkań (przybliżenie)"].cell.value
        == 6
    )
    assert by["Osoby z obszarów wiejskich (przybliżenie)"].cell.value == 6
    assert not by["Obywatele państw trzecich"].recorded and by["Obywatele państw trzecich"].text == str(NOT_RECORDED)
    codes = {r.code for r in report.rows if r.code}
    assert codes >= {f"EECO{n:02d}" for n in range(1, 18)} | {f"EECR0{n}" for n in range(1, 6)}


def test_results_at_exit_and_six_months_of_people_who_left_everything() -> None:
    def done(employed: bool, six: bool | None, qualified: bool = False) -> tuple[Any, ...]:
        return (
            "long_term",
            "isced2",
            "no",
            date(2026, 5, 8),
            not employed,
            False,
            qualified,
            employed,
            date(2026, 11, 10) if six is not None else None,
            six,
        )

    rows = [
        *(_row(p, left=date(2026, 5, 1), reason="goal_achieved", esf=done(True, True, True)) for p in range(1, 6)),
        *(_row(p, left=date(2026, 5, 1), reason="completed", esf=done(False, False)) for p in range(6, 11)),
        *(_row(p, left=date(2026, 5, 1), reason="completed", esf=done(True, None)) for p in range(11, 13)),
        # left one service, still in another: not a leaver, its results are not counted
        _row(13, left=date(2026, 5, 1), reason="own_decision", esf=done(True, True)),
        _row(13, entered=date(2026, 5, 2)),
        *(_row(p) for p in range(14, 17)),
    ]
    by = _by(participants_report(rows, start=START, end=END, projects=["X"]))
    assert by["Uczestnicy, którzy zakończyli udział w okresie"].cell.value == 12
    assert by["w tym z ustaloną sytuacją po zakończeniu udziału"].cell.value == 12
    assert (
        by[
            "Uczestnicy pracujący, łącznie z prowadzącymi działalność na własny rachunek, po zakończeniu udziału"
        ].cell.value
        == 7
    )
    assert by["Uczestnicy poszukujący pracy po zakończeniu udziału"].cell.value == 5
    assert by["Uczestnicy, którzy uzyskali kwalifikacje po zakończeniu udziału"].cell.value == 5
    assert by["Uczestnicy kształcący się lub szkolący po zakończeniu udziału"].cell.suppressed  # 0
    assert by["Uczestnicy z ustaloną sytuacją 6 miesięcy po zakończeniu udziału"].cell.value == 10
    six = (
        "Uczestnicy pracujący, łącznie z prowadzącymi działalność na własny rachunek, sześć miesięcy po "
        "zakończeniu udziału"
    )
    assert by[six].cell.value == 5


def test_fewer_than_five_people_hide_every_breakdown() -> None:
    rows = [_row(p, sex="M", born=date(1950, 1, 1), esf=_entry("unemployed", "isced2", "yes")) for p in range(1, 4)]
    report = participants_report(rows, start=START, end=END, projects=["X"])
    assert report.total.suppressed
    assert all(r.cell.suppressed for r in report.rows if r.cell is not None)
    exported = report.export_rows()
    assert exported[0] == ["Kod wskaźnika", "Wskaźnik", "Wartość", "Źródło w platformie"]
    values = [row[2] for row in exported[1:-2]]
    assert set(values) <= {"<5", str(NOT_RECORDED)}
    assert "3" not in values and 3 not in values


def test_no_eu_funded_service_no_figures() -> None:
    report = participants_report([_row(p) for p in range(1, 9)], start=START, end=END, projects=[])
    assert not report.eu_funded
    assert report.export_rows()[1:] == [
        ["", "Okres: 01.01.2026–31.12.2026", "", "Rozporządzenie (UE) 2021/1057 (EFS+), załącznik I"],
        ["", "Projekty EFS+: brak usług współfinansowanych z EFS+", "", ""],
    ]


@pytest.mark.django_db
def test_package_dashboard_export_and_api_show_esf(client_as: Any, demo: Any) -> None:
    from openpyxl import load_workbook

    from kooperacja.commissioning.models import ServicePackage
    from kooperacja.delivery.models import Enrolment

    package = ServicePackage.objects.get(name="Pakiet usług społecznych OdNowa")
    people = (
        Enrolment.objects.filter(
            service__commissioning_lots__package=package, service__eu_funded=True, enrolled_on__isnull=False
        )
        .values("person_id")
        .distinct()
        .count()
    )
    assert people >= 5
    officer = client_as("officer")
    page = officer.get(reverse("monitoring:package", args=[package.pk])).content.decode()
    assert 'id="esf-table"' in page and "EECO01" in page and "brak w platformie" in page
    assert "FEPD.07.07-IZ.00-0031/24" in page
    csv = officer.get(reverse("monitoring:esf_csv", args=[package.pk]))
    assert csv.status_code == 200
    text = csv.content.decode("utf-8-sig")
    assert text.splitlines()[0] == "Kod wskaźnika;Wskaźnik;Wartość;Źródło w platformie"
    assert "EECO01;Całkowita liczba uczestników;" in text
    xlsx = officer.get(reverse("monitoring:esf_xlsx", args=[package.pk]))
    ws = load_workbook(io.BytesIO(xlsx.content)).active
    assert next(ws.iter_rows(values_only=True))[0] == "Kod wskaźnika"
    api = officer.get(f"/api/v1/monitoring/packages/{package.pk}").json()
    total = next(r for r in api["esf"] if r["code"] == "EECO01")
    assert total["recorded"] and (total["suppressed"] or total["value"] >= 5)
    assert any(not r["recorded"] and r["value"] is None for r in api["esf"])
    assert api["esf_projects"] == ["FEPD.07.07-IZ.00-0031/24"]
    # the demo's EU-funded participants carry real ESF+ data: the ISCED and status rows have figures
    by_code = {r["code"]: r for r in api["esf"] if r["code"]}
    assert by_code["EECO04"]["recorded"] and by_code["EECO04"]["value"] >= 5  # pupils of the youth club
    assert total["value"] >= 20
    # another authority's officer does not know the package exists
    assert client_as("resident").get(reverse("monitoring:esf_csv", args=[package.pk])).status_code == 404


@pytest.mark.django_db
def test_package_dashboard_queries_do_not_grow_with_participants(client_as: Any, demo: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from kooperacja.commissioning.models import ServicePackage
    from kooperacja.delivery.models import Enrolment, Person

    package = ServicePackage.objects.get(name="Pakiet usług społecznych OdNowa")
    client = client_as("officer")
    urls = [reverse("monitoring:package", args=[package.pk]), reverse("monitoring:esf_csv", args=[package.pk])]
    for url in urls:
        client.get(url)
    with CaptureQueriesContext(connection) as small:
        for url in urls:
            assert client.get(url).status_code == 200
    base = Enrolment.objects.filter(
        service__commissioning_lots__package=package, service__eu_funded=True, enrolled_on__isnull=False
    ).first()
    model = base.person
    people = Person.objects.bulk_create(
        Person(
            first_name="Test",
            last_name=f"Osoba{i}",
            territory_id=model.territory_id,
            registered_by_id=model.registered_by_id,
            sex="F",
            birth_date=date(1970, 1, 1),
        )
        for i in range(40)
    )
    Enrolment.objects.bulk_create(
        Enrolment(
            person=p,
            service_id=base.service_id,
            status="active",
            requested_on=base.enrolled_on,
            enrolled_on=base.enrolled_on,
        )
        for p in people
    )
    with CaptureQueriesContext(connection) as large:
        for url in urls:
            assert client.get(url).status_code == 200
    assert len(large) == len(small), [q["sql"][:90] for q in large.captured_queries]


@pytest.mark.django_db
def test_ozps_export_of_a_gmina_is_honest_and_suppressed(client_as: Any, demo: Any) -> None:
    from openpyxl import load_workbook

    from kooperacja.core.models import Territory
    from kooperacja.monitoring.models import GminaYearFigures

    narewka = Territory.objects.get(code="2005092")
    row = GminaYearFigures.objects.filter(territory=narewka).order_by("-year").first()
    GminaYearFigures.objects.filter(pk=row.pk).update(participants=3, teams=2)
    analyst = client_as("analyst")
    response = analyst.get(reverse("monitoring:ozps_xlsx", args=[narewka.pk]), {"rok": row.year})
    assert response.status_code == 200
    assert f"ozps-2005092-{row.year}.xlsx" in response["Content-Disposition"]
    sheet = [list(r) for r in load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True)]
    assert sheet[0][0].startswith("Ocena zasobów pomocy społecznej (art. 16a")
    header = sheet.index(["Obszar oceny", "Pozycja", "Wartość", "Jednostka", "Skąd w platformie (definicja)", "Uwagi"])
    items = {r[1]: r for r in sheet[header + 1 :]}
    assert items["Uczestnicy usług społecznych zleconych i z katalogu"][2] == "<5"
    assert items["Partnerskie zespoły kooperacji"][2] == "2"  # teams are not people: shown
    not_held = items["Osoby i rodziny objęte pomocą, według powodów (art. 7)"]
    assert not_held[2] == "brak w platformie" and not_held[5].startswith("uzupełnij z:")
    assert any("(czas polski)" in str(r[1]) for r in sheet[:6])
    csv = analyst.get(reverse("monitoring:ozps_csv", args=[narewka.pk])).content.decode("utf-8-sig")
    assert "Obszar oceny;Pozycja;Wartość;Jednostka" in csv
    # the officer of Hajnówka does not know Narewka's sheet exists; a bad year falls back to the latest
    assert client_as("officer").get(reverse("monitoring:ozps_csv", args=[narewka.pk])).status_code == 404
    assert analyst.get(reverse("monitoring:ozps_csv", args=[narewka.pk]), {"rok": "abc"}).status_code == 200


@pytest.mark.django_db
def test_region_ozps_sums_the_selection_with_rounded_totals(client_as: Any, demo: Any) -> None:
    response = client_as("analyst").get(reverse("monitoring:region_ozps_csv"), {"powiat": "2005"})
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    assert "Suma gmin: powiat hajnowski" in text and "Hajnówka" in text and "Wasilków" not in text
    assert "mediana liczona tylko dla jednej gminy" in text


@pytest.mark.django_db
def test_effects_pdf_prints_warsaw_time_and_esf_section(client_as: Any, demo: Any) -> None:
    from datetime import UTC, datetime

    from pypdf import PdfReader

    from kooperacja.commissioning.models import ServicePackage

    package = ServicePackage.objects.get(name="Pakiet usług społecznych OdNowa")
    before = datetime.now(UTC)
    response = client_as("officer").get(reverse("monitoring:effects_pdf", args=[package.pk]))
    after = datetime.now(UTC)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    local = {f"{timezone_local(t):%d.%m.%Y %H:%M}" for t in (before, after)}
    utc = {f"{t:%d.%m.%Y %H:%M}" for t in (before, after)}
    assert any(f"stan na {stamp} (czas polski)" in text for stamp in local), text[:300]
    if local != utc:
        assert not any(f"stan na {stamp}" in text for stamp in utc)
    assert "Wskaźniki uczestników EFS+" in text and "EECO01" in text


def timezone_local(value: Any) -> Any:
    from django.utils import timezone

    return timezone.localtime(value)


@pytest.mark.django_db
def test_regional_esf_per_project_page_export_and_api_agree(client_as: Any, demo: Any) -> None:
    from kooperacja.catalog.models import Service
    from kooperacja.delivery.models import Enrolment

    project = Service.objects.filter(eu_funded=True).values_list("eu_project_number", flat=True).first()
    analyst = client_as("analyst")
    page = analyst.get(reverse("monitoring:esf_projects")).content.decode()
    assert f"Projekt {project}" in page and "EECO01" in page
    # aggregated only: no participant's name on the page
    surname = Enrolment.objects.filter(service__eu_funded=True).first().person.last_name
    assert surname not in page
    api = analyst.get("/api/v1/monitoring/esf").json()
    assert [p["project"] for p in api] == [project]
    api_rows = {(r["code"], r["label"]): r for r in api[0]["esf"]}
    csv = analyst.get(reverse("monitoring:esf_project_csv"), {"projekt": project}).content.decode("utf-8-sig")
    exported = [r for r in _csv.reader(io.StringIO(csv), delimiter=";") if r and r[0].startswith(("EECO", "EECR"))]
    assert exported
    for code, label, value, _source in exported:
        row = api_rows[(code, label)]
        assert value == (
            "<5" if row["suppressed"] else "brak w platformie" if not row["recorded"] else str(row["value"])
        )
    total = next(r for r in api[0]["esf"] if r["code"] == "EECO01")
    assert total["value"] >= 20
    # another area's officer has no EU-funded service there; an unknown project is not found; residents: 403
    assert (
        "Żadna usługa organizacji z Twojego obszaru"
        in client_as("officer_b").get(reverse("monitoring:esf_projects")).content.decode()
    )
    assert client_as("officer_b").get("/api/v1/monitoring/esf").json() == []
    assert analyst.get(reverse("monitoring:esf_project_csv"), {"projekt": "X/1"}).status_code == 404
    assert client_as("resident").get(reverse("monitoring:esf_projects")).status_code == 403
    assert client_as("resident").get("/api/v1/monitoring/esf").status_code in (401, 403)
