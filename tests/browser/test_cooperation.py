"""Journeys 5 and 6: the social worker opens a case -> diagnosis -> IPW -> basket -> referral; the partner
institution accepts and completes it; the social worker closes the case with a summary. axe on every page."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from kooperacja.demo.ids import make_pesel


def test_case_journey_from_opening_to_closing(
    page: Any, login: Any, check_a11y: Any, shot: Any, menu_link: Any
) -> None:
    today = date.today()
    login(page, "social_worker")
    menu_link(page, "Sprawy").click()
    check_a11y(page)
    page.get_by_role("link", name="Otwórz sprawę").click()
    check_a11y(page)
    page.get_by_label("Oznaczenie").fill("Rodzina Testowa B.")
    page.get_by_role("button", name="Zapisz").click()
    assert page.get_by_role("heading", level=1).inner_text().endswith("Rodzina Testowa B.")
    check_a11y(page)
    case_url = page.url

    page.get_by_role("link", name="Dodaj osobę").click()
    page.get_by_label("Imię").fill("Beata")
    page.get_by_label("Nazwisko").fill("Borowik")
    page.get_by_label("PESEL").fill(make_pesel(9911, birth_year=1988, month=5, day=17, female=True))
    page.get_by_label("Rola w rodzinie").fill("matka")
    page.get_by_label("Osoba wiodąca").check()
    check_a11y(page)
    page.get_by_role("button", name="Zapisz").click()
    assert page.get_by_role("cell", name="Beata Borowik").is_visible()

    page.get_by_role("link", name="Diagnoza", exact=True).click()
    page.get_by_label("ubóstwo", exact=True).check()
    page.get_by_label("bezrobocie", exact=True).check()
    page.get_by_label("wsparcie rodziny", exact=True).check()
    page.get_by_label("Przyczyny i źródła trudności").fill("Utrata pracy.")
    page.get_by_label("Mocne i słabe strony").fill("Zaradność; brak sieci wsparcia.")
    page.get_by_label("Zasoby i deficyty").fill("Mieszkanie; brak dochodu.")
    page.get_by_label("Oczekiwania i potrzeby").fill("Praca i wsparcie w opiece nad dziećmi.")
    check_a11y(page)
    page.get_by_role("button", name="Zapisz").click()

    # IPW: frame, goal
    assert page.get_by_role("heading", name="Indywidualny program współpracy").is_visible()
    page.get_by_role("button", name="Zapisz ramy programu").click()
    page.get_by_label("Cel").fill("Matka podejmuje pracę.")
    page.get_by_role("button", name="Dodaj cel").click()
    check_a11y(page)

    # Basket: the catalogue suggests services and says why
    page.get_by_role("link", name="Koszyk i podpowiedzi usług").click()
    assert page.get_by_text("Dlaczego:").first.is_visible()
    assert page.get_by_text("odpowiada na rozpoznaną potrzebę").first.is_visible()
    check_a11y(page)
    shot(page, "cooperation-basket")
    page.get_by_role("link", name="Dodaj do koszyka").first.click()
    page.get_by_label("Odpowiada (instytucja członkowska)").select_option(label="PCPR Hajnówka")
    check_a11y(page)
    page.get_by_role("button", name="Zapisz").click()
    assert page.get_by_role("heading", name="Koszyk usług").is_visible()

    # Referral to PCPR from the basket item
    page.get_by_role("link", name="Skieruj").first.click()
    page.get_by_label("O co prosimy").fill("Prosimy o wsparcie dla matki – test ścieżki.")
    page.get_by_label("Termin").fill((today + timedelta(days=10)).isoformat())
    check_a11y(page)
    page.get_by_role("button", name="Zapisz").click()
    assert page.get_by_text("Wysłano skierowanie do: PCPR Hajnówka").is_visible()

    # The family agrees the programme
    page.goto(case_url)
    page.get_by_role("link", name="Program (IPW)").click()
    page.get_by_label("Jak uzgodniono").fill("Podpisany przez matkę.")
    page.get_by_role("button", name="Program uzgodniony z rodziną").click()
    assert page.get_by_text("Program uzgodniony z rodziną.").is_visible()
    check_a11y(page)
    page.get_by_role("button", name="Wyloguj").click()

    # The partner institution: accept, start, complete
    login(page, "partner")
    menu_link(page, "Skierowania").click()
    check_a11y(page)
    page.get_by_role("link", name="Prosimy o wsparcie dla matki – test ścieżki.").click()
    check_a11y(page)
    page.get_by_role("button", name="Przyjmij").click()
    page.get_by_role("button", name="Rozpocznij realizację").click()
    page.get_by_label("Rezultat").first.fill("Trzy konsultacje, matka zarejestrowana w PUP.")
    page.get_by_role("button", name="Zrealizowano", exact=True).click()
    assert page.get_by_text("zrealizowane", exact=True).first.is_visible()
    check_a11y(page)
    shot(page, "cooperation-referral-completed")
    page.get_by_role("button", name="Wyloguj").click()

    # Back to the social worker: close with a summary
    login(page, "social_worker")
    page.goto(case_url)
    page.get_by_role("link", name="Zamknij sprawę").click()
    page.get_by_label("Rezultat").select_option(label="cele osiągnięte")
    page.get_by_label("Pisemne podsumowanie").fill("Matka pracuje; dzieci pod opieką. Cele programu osiągnięte.")
    check_a11y(page)
    page.get_by_role("button", name="Zapisz").click()
    assert page.get_by_text("Sprawa zamknięta z podsumowaniem.").is_visible()
    assert page.get_by_text("Matka pracuje; dzieci pod opieką.").is_visible()
    check_a11y(page)
    page.get_by_role("link", name="Rejestr dostępu do sprawy").click()
    assert page.get_by_role("cell", name="pcpr@hajnowka.demo").first.is_visible()
    check_a11y(page)


def test_partner_and_police_see_only_their_part(page: Any, login: Any, check_a11y: Any, menu_link: Any) -> None:
    login(page, "police")
    menu_link(page, "Sprawy").click()
    assert page.get_by_role("link", name="Rodzina K.").count() == 0  # the link is the number; the title is a cell
    assert page.get_by_text("Rodzina K.").is_visible()
    assert page.get_by_text("Rodzina J.").count() == 0
    check_a11y(page)
    menu_link(page, "Kooperacja").click()
    page.get_by_role("link", name="Partnerski Zespół Kooperacji Gminy Narewka").click()
    check_a11y(page)
    page.get_by_role("link", name="Spotkanie PZK: koszyk usług i skierowania").click()
    check_a11y(page)


def test_planner_and_statistics_pages(page: Any, login: Any, check_a11y: Any, menu_link: Any) -> None:
    login(page, "social_worker")
    menu_link(page, "Planer koszyków").click()
    check_a11y(page)
    page.get_by_role("button", name="Przygotuj propozycję").click()
    assert page.get_by_role("heading", name="Propozycja przydziału usług").is_visible()
    check_a11y(page)
    page.get_by_role("button", name="Wyloguj").click()
    login(page, "analyst")
    menu_link(page, "Kooperacja w liczbach").click()
    check_a11y(page)


def test_case_page_fits_a_phone(mobile_page: Any, login: Any, check_a11y: Any) -> None:
    login(mobile_page, "social_worker")
    mobile_page.goto("/kooperacja/sprawy/")
    mobile_page.get_by_role("link", name="Rodzina J.").count()
    width = mobile_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"strona przewija się poziomo ({width}px)"
    check_a11y(mobile_page)


def test_statistics_chart_on_a_phone(mobile_page: Any, login: Any, check_a11y: Any) -> None:
    """The ranking chart's phone drawing (labels above the bars) is the one shown at 360 px, and nothing scrolls."""
    login(mobile_page, "analyst")
    mobile_page.goto("/kooperacja/statystyki/")
    assert mobile_page.locator("svg.chart-narrow").is_visible()
    assert not mobile_page.locator("svg.chart-wide").is_visible()
    width = mobile_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"strona przewija się poziomo ({width}px)"
    check_a11y(mobile_page)
