"""Journey 8: a resident comments, answers the survey, registers for a workshop and votes once (the second
attempt is refused with a clear message); the officer enters a paper ballot; the results page of a finished
plebiscite (chart with a data table). axe on every page.

The resident of the journey is created for it through the server's `shell` command: the demo resident is touched
by other journeys (a join request makes her cooperative staff, a role that signs in with a second factor), and a
fresh person of Hajnówka has not voted, answered the survey or registered yet. Every check waits through
Playwright's `expect()`; nothing sleeps.
"""

from __future__ import annotations

import re
import uuid
from datetime import date
from typing import Any

import pytest

from kooperacja.demo.scenarios.participation import make_pesel
from tests.browser.conftest import kooperacja

BUILDING = "Koncepcja społeczna budynku po rewitalizacji (ul. 3 Maja 25)"
MOTIF = "Plebiscyt na lokalny motyw budynku OdNowa"
SQUARE = "Plebiscyt na nazwę skweru przy dworcu"
PASSWORD = "Mieszkanka-Hajnowki-2026!"

CREATE_RESIDENT = """
from kooperacja.accounts.models import User
from kooperacja.core.models import Territory
User.objects.create_user(
    email={email!r}, password={password!r}, full_name="Halina Testowa",
    home_territory=Territory.objects.get(code="2005011"),
)
"""


@pytest.fixture
def new_resident(server_env: dict[str, str], live_url: str) -> str:
    """A resident of Hajnówka (gmina miejska 2005011) with no roles, made for this test; returns the e-mail."""
    email = f"mieszkanka-{uuid.uuid4().hex[:8]}@hajnowka.test"
    kooperacja(server_env, "shell", "-c", CREATE_RESIDENT.format(email=email, password=PASSWORD))
    return email


def _sign_in(pg: Any, email: str) -> None:
    from playwright.sync_api import expect

    pg.goto("/konto/logowanie/")
    pg.get_by_label("Adres e-mail").fill(email)
    pg.get_by_label("Hasło").fill(PASSWORD)
    pg.get_by_role("button", name="Zaloguj się").click()
    expect(pg).not_to_have_url(re.compile(r"/konto/logowanie/"))


def _open(pg: Any, title: str) -> None:
    """Through the main menu, as a person would: an officer's menu groups items, so the group is opened first."""
    from playwright.sync_api import expect

    nav = pg.get_by_role("navigation", name="Menu główne")
    link = nav.locator("a[href='/konsultacje/']")
    group = nav.locator("details:has(a[href='/konsultacje/'])")
    if group.count() and group.get_attribute("open") is None:
        group.locator("summary").click()
    expect(link).to_be_visible()
    link.click()
    pg.get_by_role("link", name=title, exact=True).click()
    expect(pg.get_by_role("heading", level=1)).to_have_text(title)


def test_resident_takes_part_and_votes_once(page: Any, new_resident: str, check_a11y: Any, shot: Any) -> None:
    from playwright.sync_api import expect

    _sign_in(page, new_resident)
    _open(page, BUILDING)
    expect(page.get_by_text("trwa teraz")).to_be_visible()
    check_a11y(page)

    page.get_by_label("Twoja uwaga").fill("Prosimy o stojaki na rowery przy wejściu.")
    page.get_by_role("button", name="Dodaj uwagę").click()
    expect(page.get_by_text("Dodano Twoją uwagę")).to_be_visible()
    expect(page.get_by_text("Prosimy o stojaki na rowery przy wejściu.")).to_be_visible()

    page.get_by_role("link", name="Ankieta: czego potrzebujesz w Centrum Sąsiedzkim?").click()
    expect(page.get_by_role("button", name="Wyślij odpowiedzi")).to_be_visible()
    check_a11y(page)
    page.get_by_label("raz w tygodniu").check()
    page.get_by_label("dla seniorów").check()
    page.get_by_label("5", exact=True).check()
    page.get_by_label("4. Co jeszcze powinno się znaleźć w budynku?").fill("Biblioteka sąsiedzka")
    page.get_by_role("button", name="Wyślij odpowiedzi").click()
    expect(page.get_by_text("Dziękujemy za wypełnienie ankiety.")).to_be_visible()
    expect(page.get_by_role("heading", name="Wyniki ankiety")).to_be_visible()

    _open(page, BUILDING)
    page.get_by_role("link", name="Warsztat planistyczny: parter i kawiarnia").click()
    page.get_by_label("Potrzebuję opieki nad dzieckiem w czasie spotkania").check()
    check_a11y(page)
    page.get_by_role("button", name="Zapisuję się").click()
    expect(page.get_by_text("Zapisano Cię na spotkanie")).to_be_visible()

    _open(page, MOTIF)
    page.get_by_role("link", name="Zagłosuj", exact=True).click()
    expect(page.get_by_role("button", name="Oddaję głos")).to_be_visible()
    check_a11y(page)
    second = page.context.new_page()  # the same person in a second tab, the form already open
    second.goto(page.url)
    pesel = make_pesel(date(1961, 3, 14), 4242)
    for pg in (page, second):
        pg.get_by_label("Żubr z Puszczy Białowieskiej").check()
        pg.get_by_label("PESEL").fill(pesel)
        pg.get_by_label("Oświadczam, że mieszkam w tej gminie i głosuję we własnym imieniu").check()
    page.get_by_role("button", name="Oddaję głos").click()
    expect(page.get_by_role("heading", name="Twój kod potwierdzenia")).to_be_visible()
    receipt_box = page.locator(".p-receipt")
    expect(receipt_box).to_have_text(re.compile(r"^\s*\S{11}\s*$"))
    receipt = receipt_box.inner_text().strip()
    check_a11y(page)
    shot(page, "participation-receipt")

    second.get_by_role("button", name="Oddaję głos").click()
    expect(second.get_by_text("Już oddano Twój głos")).to_be_visible()
    expect(second.get_by_text("Można głosować tylko raz").first).to_be_visible()

    page.get_by_role("textbox", name="Kod potwierdzenia").fill(receipt)
    page.get_by_role("button", name="Sprawdź").click()
    expect(page.get_by_text("jest policzony w plebiscycie")).to_be_visible()


def test_officer_enters_a_paper_ballot(page: Any, login: Any, check_a11y: Any) -> None:
    from playwright.sync_api import expect

    login(page, "officer")
    _open(page, MOTIF)
    page.get_by_role("link", name="Karty papierowe").click()
    expect(page.get_by_role("cell", name="ta osoba już głosowała (kolizja z innym głosem)")).to_be_visible()
    check_a11y(page)
    page.get_by_label("Numer karty").fill("901")
    page.get_by_label("Imię i nazwisko z karty").fill("Tamara Jakoniuk")
    page.get_by_label("PESEL z karty").fill(make_pesel(date(1957, 9, 2), 9017))
    page.get_by_label("Haft podlaski").check()
    page.get_by_role("button", name="Wprowadź kartę").click()
    expect(page.get_by_text("Policzono kartę nr 901.")).to_be_visible()


def test_results_page_after_the_phase_ended(page: Any, check_a11y: Any, shot: Any) -> None:
    from playwright.sync_api import expect

    page.goto("/konsultacje/")
    page.get_by_role("link", name=SQUARE, exact=True).click()
    page.get_by_role("link", name="Wyniki", exact=True).click()
    expect(page.get_by_role("img", name="Liczba głosów na każdą propozycję (dane w tabeli poniżej)")).to_be_visible()
    table = page.get_by_role("table", name="Głosy na propozycje")
    expect(table.get_by_role("cell", name="Skwer Kolejarzy", exact=True)).to_be_visible()
    expect(page.get_by_text("Remis rozstrzygnięto losowaniem")).to_be_visible()
    expect(page.locator(".badge", has_text="wyniki ostateczne")).to_be_visible()
    check_a11y(page)
    shot(page, "participation-results")
