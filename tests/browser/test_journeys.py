"""Journeys of the README table that had no browser walk of their own (issue 16), each as its role would do the
work, reading every page as a person does: no code strings, Polish plural forms, whole numbers for people and
years, comma decimals, and times in Europe/Warsaw. The server and the demo are the session's (conftest)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tests.browser.conftest import read_visible

WARSAW = ZoneInfo("Europe/Warsaw")
DAY_ROOM = "Świetlica środowiskowa „Żubrzątko”"
PZP_TITLE = "Usługi asystencji osobistej i opieki wytchnieniowej dla seniorów (zamówienie zastrzeżone, art. 361 Pzp)"


def read(page: Any) -> str:
    return read_visible(page)


def assert_local_time_now(text: str) -> None:
    """The page shows the current time in Warsaw (a history entry made a moment ago), not UTC."""
    now = datetime.now(WARSAW)
    shown = {f"{(now - timedelta(minutes=m)):%d.%m.%Y %H:%M}" for m in range(4)}
    assert any(s in text for s in shown), f"brak czasu lokalnego {now:%d.%m.%Y %H:%M} w: {text[-600:]}"


def test_commission_member_opens_the_calls_to_score(page: Any, login: Any, check_a11y: Any, menu_link: Any) -> None:
    login(page, "commission")
    menu_link(page, "Ocena ofert").click()
    text = read(page)
    assert "Nie zasiadasz w żadnej komisji." not in text
    check_a11y(page)
    link = page.get_by_role("link", name="podpisz oświadczenie o bezstronności")
    if link.count() == 0:
        link = page.get_by_role("link", name="oferty do oceny")
    link.first.click()
    read(page)
    check_a11y(page)


def test_partner_accepts_a_referral_and_sees_the_loop(page: Any, login: Any, check_a11y: Any, menu_link: Any) -> None:
    login(page, "partner")
    menu_link(page, "Skierowania").click()
    inbox = read(page)
    assert "Wysłano" in inbox
    check_a11y(page)
    page.get_by_role("link", name=re.compile("Prosimy o cykl konsultacji")).first.click()
    before = read(page)
    loop = page.get_by_role("navigation", name="Obieg skierowania")
    assert "Bieżący etap: wysłane." in loop.inner_text() or "Bieżący etap: przyjęte." in loop.inner_text()
    check_a11y(page)
    if page.get_by_role("button", name="Przyjmij").count():
        page.get_by_role("button", name="Przyjmij").click()
        after = read(page)
        assert "Bieżący etap: przyjęte." in page.get_by_role("navigation", name="Obieg skierowania").inner_text()
        assert "Przyjęto skierowanie" in after and after != before
        assert_local_time_now(after)
        check_a11y(page)


def test_social_worker_refers_a_child_to_a_catalogue_service(
    page: Any, login: Any, check_a11y: Any, menu_link: Any
) -> None:
    login(page, "social_worker")
    menu_link(page, "Sprawy").click()
    read(page)
    page.get_by_role("row", name=re.compile("Pan S.")).get_by_role("link").first.click()
    page.get_by_role("link", name="Wyślij skierowanie").click()
    read(page)
    check_a11y(page)
    service = page.get_by_label("Usługa z katalogu")
    option = service.locator("option", has_text="Żubrzątko").first
    label = option.inner_text()
    assert re.search(r"\d+ woln(e|ych) miejsc(e|a)?\)$|bez limitu miejsc\)$", label), label
    service.select_option(value=option.get_attribute("value"))
    page.get_by_label("O co prosimy").fill("Miejsce w świetlicy dla wnuczki pana S. w czasie ferii.")
    page.get_by_role("button", name=re.compile("Zapisz|Wyślij")).last.click()
    text = read(page)
    assert "Wysłano skierowanie do: Spółdzielnia" in text or "Wysłano skierowanie do:" in text
    card = page.locator("section.referral-loop", has_text=DAY_ROOM).first
    assert "Bieżący etap: wysłane." in card.inner_text()
    check_a11y(page)


def test_cooperative_staff_fill_the_month_register_on_a_phone(mobile_page: Any, login: Any, check_a11y: Any) -> None:
    page = mobile_page
    login(page, "pes_staff")
    page.goto("/realizacja/")
    page.get_by_role("link", name=DAY_ROOM).first.click()
    page.get_by_role("link", name="Zajęcia i obecności").click()
    page.get_by_role("link", name=re.compile("Dziennik miesiąca")).click()
    text = read(page)
    grid = page.locator("#month-register")
    if grid.count() == 0:  # no session this month yet (early in the month): the previous one has some
        page.get_by_role("link", name=re.compile("poprzedni miesiąc")).click()
        text = read(page)
    assert "Dziennik obecności" in text
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"strona przewija się poziomo ({width}px)"
    check_a11y(page)
    name_cell = page.locator("#month-register tbody th[scope=row]").first
    x_before = name_cell.bounding_box()["x"]
    page.locator(".month-wrap").evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    assert abs(name_cell.bounding_box()["x"] - x_before) < 2  # the name column stays while the days scroll
    cell = page.locator("#month-register tbody td select").first
    cell_id = cell.evaluate("el => el.closest('td').id")
    cell.select_option("excused")
    page.locator(f"#{cell_id}.mark-excused").wait_for()
    page.reload()
    assert page.locator(f"#{cell_id} select").input_value() == "excused"
    # the day list of the same session: one card per person on a phone, nothing cut off
    session_pk = cell_id.rsplit("-", 1)[1]  # the cell of (person, session) just marked: c-<enrolment>-<session>
    page.goto(f"/realizacja/zajecia/{session_pk}/")
    read(page)
    assert page.locator("table#register.stacked").count() == 1, page.locator("main").inner_text()[:500]
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"lista dnia przewija się poziomo ({width}px)"
    check_a11y(page)


def test_procurement_officer_uses_the_social_clause_helper(
    page: Any, login: Any, check_a11y: Any, menu_link: Any
) -> None:
    login(page, "officer")
    menu_link(page, "Zlecanie usług").click()
    read(page)
    page.get_by_role("link", name=PZP_TITLE).first.click()
    read(page)
    page.get_by_role("link", name="Klauzule społeczne").first.click()
    text = read(page)
    assert "Kody CPV a wykaz art. 361 Pzp" in text
    check_a11y(page)


def test_moderator_hides_a_reported_comment_with_a_reason(page: Any, login: Any, check_a11y: Any) -> None:
    login(page, "moderator")
    page.goto("/konsultacje/moderacja/")
    queue = read(page)
    assert "Zgłoszone uwagi" in queue
    check_a11y(page)
    # a reported comment still shown (the demo's spam is reported and already hidden: that row would restore it)
    rows = page.locator("table tbody tr", has=page.get_by_role("link", name="Rozpatrz")).filter(has_text="widoczna")
    if rows.count() == 0:  # an earlier run of the session hid the reported one
        return
    rows.first.get_by_role("link", name="Rozpatrz").click()
    read(page)
    check_a11y(page)
    page.get_by_label("Uzasadnienie").fill("Wpis nie dotyczy konsultowanego budynku.")
    page.locator("main form button[type=submit]").first.click()
    text = read(page)
    assert "Ukryto uwagę." in text and "Wpis nie dotyczy konsultowanego budynku." in text
    assert_local_time_now(text)  # the hiding time in the list, in Warsaw
    check_a11y(page)
