"""Journey 4: staff of the social cooperative record a participant, enrol them in the day room, take attendance
in the register, and see the indicator and the report follow - all accessible."""

from __future__ import annotations

import re
import time
from decimal import Decimal
from typing import Any

from kooperacja.demo.ids import make_pesel

DAY_ROOM = "Świetlica środowiskowa „Żubrzątko”"


def _hours(page: Any) -> Decimal:
    text = page.locator('#report tr[data-kind="hours"] td').last.inner_text()
    return Decimal(re.sub(r"\s", "", text).replace(",", "."))


def _report_hours(page: Any, service_url: str) -> Decimal:
    page.goto(service_url.rstrip("/") + "/sprawozdanie/")
    return _hours(page)


def test_enrol_attendance_indicator_report(page: Any, login: Any, check_a11y: Any, shot: Any, menu_link: Any) -> None:
    seed = int(time.time()) % 900
    surname = f"Przeglądarkowa{seed}"
    login(page, "pes_staff")
    menu_link(page, "Realizacja usług").click()
    check_a11y(page)
    # a new participant (one protected record)
    page.get_by_role("link", name="Nowy uczestnik").first.click()
    page.get_by_label("Imię").fill("Zosia")
    page.get_by_label("Nazwisko").fill(surname)
    page.get_by_label("PESEL", exact=True).fill(make_pesel(9000 + seed, birth_year=2016, month=6, day=12, female=True))
    page.get_by_role("button", name="Zapisz").click()
    assert surname in page.locator("h1").inner_text()
    check_a11y(page)
    # enrol in the day room
    page.goto("/realizacja/")
    page.get_by_role("link", name=DAY_ROOM).click()
    page.get_by_role("link", name="Zapisz uczestnika").click()
    check_a11y(page)
    option = page.locator("#id_person option", has_text=surname).first.get_attribute("value")
    page.get_by_label("Uczestnik").select_option(value=option)
    page.get_by_role("button", name="Zapisz").click()
    assert surname in page.locator("main").inner_text()
    shot(page, "delivery-service-after-enrol")
    service_url = page.url
    hours_before = _report_hours(page, service_url)
    page.goto(service_url)
    # a session and the attendance register
    page.get_by_role("link", name="Nowe zajęcia").first.click()
    page.get_by_label("Temat / rodzaj zajęć").fill("Zajęcia plastyczne")
    page.get_by_label("Czas trwania (godz.)").fill("3")
    page.get_by_role("button", name="Utwórz i otwórz listę obecności").click()
    assert page.locator("h1").inner_text().startswith("Lista obecności")
    check_a11y(page)
    row = page.locator("tr", has_text=surname)
    row.get_by_label("obecny", exact=True).check()
    page.locator("tr", has_text=surname).locator(".badge-ok").wait_for()
    assert "obecny" in page.locator("tr", has_text=surname).inner_text()
    shot(page, "delivery-register")
    # indicators and the report reflect the mark
    page.get_by_role("link", name="Zobacz wskaźniki usługi").click()
    check_a11y(page)
    assert page.locator("#indicators").count() == 1
    page.get_by_role("link", name="Sprawozdanie z realizacji").click()
    check_a11y(page)
    assert _hours(page) == hours_before + Decimal(3)
    shot(page, "delivery-report")


def test_unrelated_staff_cannot_open_a_participant(page: Any, login: Any) -> None:
    login(page, "pes_staff")
    page.goto("/realizacja/uczestnicy/")
    href = page.locator("table a").first.get_attribute("href")
    page.context.clear_cookies()
    login(page, "ngo_staff")
    response = page.goto(href)
    assert response is not None and response.status == 404


def test_head_of_ops_approves_an_art49_programme(page: Any, login: Any, check_a11y: Any, shot: Any) -> None:
    login(page, "social_worker")
    page.goto("/realizacja/programy/")
    check_a11y(page)
    page.locator("table tr", has_text="przekazany do zatwierdzenia").get_by_role("link").first.click()
    check_a11y(page)
    page.get_by_role("button", name="Zatwierdź (kierownik OPS)").click()
    assert "zatwierdzony" in page.locator("main").inner_text()
    check_a11y(page)
    shot(page, "delivery-programme-approved")


def test_staff_pages_are_accessible(page: Any, login: Any, check_a11y: Any) -> None:
    login(page, "pes_staff")
    page.goto("/realizacja/")
    page.get_by_role("link", name=DAY_ROOM).click()
    check_a11y(page)
    for name in ("Import CSV/XLSX", "Wskaźniki"):
        page.get_by_role("link", name=name).first.click()
        assert page.locator("h1").count() == 1
        check_a11y(page)
        page.go_back()
    page.goto("/realizacja/uczestnicy/")
    check_a11y(page)
    page.locator("table a").first.click()
    check_a11y(page)
