"""Each demo role logs in, reaches every menu page, and axe finds nothing on any of them."""

from __future__ import annotations

import re
from typing import Any

import pytest

from kooperacja.demo.scenarios.foundation import USERS

ROLE_KEYS = [row[0] for row in USERS]
# Every menu page is visited by every role (status and heading), and axe runs once per distinct page: the
# markup of a page does not depend on who looks at it beyond the menu, which the home page check covers.
_AXE_DONE: set[str] = set()


@pytest.mark.parametrize("key", ROLE_KEYS)
def test_role_reaches_every_menu_page(key: str, page: Any, login: Any, check_a11y: Any, shot: Any) -> None:
    login(page, key)
    check_a11y(page)
    shot(page, f"home-{key}")
    links = page.locator("nav.main-nav a")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs, "menu jest puste"
    for href in dict.fromkeys(hrefs):
        response = page.goto(href)
        assert response is not None and response.status == 200, f"{key}: {href} -> {response and response.status}"
        assert page.locator("h1").count() == 1, f"{href}: strona bez nagłówka h1"
        if href not in _AXE_DONE:
            check_a11y(page)
            _AXE_DONE.add(href)


def test_anonymous_pages_are_accessible(page: Any, check_a11y: Any, shot: Any) -> None:
    for href in [
        "/",
        "/organizacje/",
        "/konto/logowanie/",
        "/konto/rejestracja/",
        "/o-platformie/",
        "/deklaracja-dostepnosci/",
        "/konto/haslo/reset/",
    ]:
        response = page.goto(href)
        assert response is not None and response.status == 200
        check_a11y(page)
    shot(page, "anonymous-password-reset")


def test_mobile_menu_and_directory_fit_360px(mobile_page: Any, check_a11y: Any, shot: Any) -> None:
    mobile_page.goto("/organizacje/")
    width = mobile_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"strona przewija się poziomo ({width}px)"
    assert not mobile_page.get_by_role("link", name="Organizacje").first.is_visible()
    mobile_page.get_by_role("button", name="Menu").click()
    assert mobile_page.get_by_role("link", name="Organizacje").first.is_visible()
    check_a11y(mobile_page)
    shot(mobile_page, "mobile-directory")


def test_admin_verifies_organisation_and_search_filters(page: Any, login: Any, check_a11y: Any) -> None:
    login(page, "admin")
    page.goto("/organizacje/?q=Nowa+Inicjatywa")
    page.get_by_role("link", name="Stowarzyszenie „Nowa Inicjatywa”").click()
    check_a11y(page)
    button = page.get_by_role("button", name="Zweryfikuj organizację")
    if button.count():
        button.click()
        assert page.get_by_text("Organizacja zweryfikowana.").is_visible()
    page.goto("/organizacje/?legal_form=social_cooperative")
    assert page.get_by_role("link", name="Spółdzielnia Socjalna „Żubr”").is_visible()
    assert page.get_by_role("link", name="Urząd Miasta Hajnówka").count() == 0


def test_organisation_pages_and_forms_are_accessible(page: Any, login: Any, check_a11y: Any, shot: Any) -> None:
    page.goto("/konto/logowanie/")
    page.get_by_label("Adres e-mail").fill("spoldzielnia@zubr.demo")
    page.get_by_label("Hasło").fill("zle-haslo-123")
    page.get_by_role("button", name="Zaloguj się").click()
    assert page.get_by_text("Nieprawidłowy adres e-mail lub hasło").is_visible()
    check_a11y(page)
    login(page, "pes_staff")
    page.goto("/organizacje/?q=Żubr")
    page.get_by_role("link", name="Spółdzielnia Socjalna „Żubr”").click()
    check_a11y(page)
    shot(page, "organisation-detail")
    page.get_by_role("link", name="Edytuj dane").click()
    check_a11y(page)
    page.get_by_label("NIP").fill("5260001247")
    page.get_by_role("button", name="Zapisz").click()
    # the error sits at the field and is listed (as a link to it) in the summary at the top
    assert "błędną cyfrę kontrolną" in page.locator("#id_nip_error").inner_text()
    assert page.locator(".error-summary").get_by_role("link", name=re.compile("błędną cyfrę kontrolną")).is_visible()
    check_a11y(page)
    shot(page, "organisation-edit-error")
    page.goto("/organizacje/nowa/")
    check_a11y(page)
    page.goto("/konto/2fa/konfiguracja/")
    check_a11y(page)
    page.goto("/organizacje/wnioski/")
    assert page.get_by_text("Julia Fundacyjna").is_visible()
    check_a11y(page)


def test_resident_asks_to_join_and_cooperative_admin_accepts(page: Any, login: Any, check_a11y: Any) -> None:
    login(page, "resident")
    page.goto("/organizacje/?q=Żubr")
    page.get_by_role("link", name="Spółdzielnia Socjalna „Żubr”").click()
    page.get_by_role("link", name="Poproś o dołączenie").click()
    check_a11y(page)
    role = page.get_by_label("Rola w organizacji")
    assert role.input_value() == "pes_staff"
    assert "urzędnik JST" not in role.inner_text()
    page.get_by_label("Stanowisko").fill("opiekunka świetlicy")
    page.get_by_role("button", name="Wyślij wniosek").click()
    assert page.get_by_text("Wniosek o dołączenie został wysłany").is_visible()
    page.get_by_role("button", name="Wyloguj").click()
    login(page, "pes_staff")
    page.goto("/organizacje/wnioski/")
    row = page.get_by_role("row").filter(has_text="Helena Mieszkanka")
    row.get_by_role("button", name="Przyjmij").click()
    assert page.get_by_text("Wniosek przyjęty.").is_visible()
    page.goto("/organizacje/?q=Żubr")
    page.get_by_role("link", name="Spółdzielnia Socjalna „Żubr”").click()
    assert page.get_by_text("Helena Mieszkanka – pracownik PES / NGO, opiekunka świetlicy").is_visible()
