"""Journey 8: a resident of Hajnówka finds a service for their mother in the public catalogue."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import expect


def test_resident_finds_a_senior_club_with_free_places(page: Any, check_a11y: Any, shot: Any) -> None:
    page.goto("/")
    page.get_by_role("link", name="Usługi").first.click()
    assert page.locator("h1").inner_text().startswith("Usługi społeczne")
    check_a11y(page)
    page.get_by_label("Gmina").select_option(label="Hajnówka")
    page.get_by_label("Dla kogo").select_option(value="seniors")
    page.get_by_label("Tylko z wolnymi miejscami").check()
    page.get_by_role("button", name="Szukaj").click()
    results = page.locator("#results")
    # the results are swapped in by htmx: wait for the filtered list instead of racing the request
    expect(results).not_to_contain_text("Świetlica")
    expect(results).to_contain_text("Klub Seniora „Złota Jesień”")
    shot(page, "catalog-search-seniors")
    page.get_by_role("link", name="Klub Seniora „Złota Jesień”").click()
    body = page.locator("main").inner_text()
    assert "ul. Batorego 12" in body and "toaleta dostosowana" in body and "Wolne miejsca" in body
    assert page.locator("h1").count() == 1
    check_a11y(page)
    shot(page, "catalog-service-page")


def test_catalogue_fits_360px(mobile_page: Any, check_a11y: Any, shot: Any) -> None:
    mobile_page.goto("/uslugi/?gmina=2005092")
    width = mobile_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"strona przewija się poziomo ({width}px)"
    assert "Asystent rodziny" in mobile_page.locator("#results").inner_text()
    check_a11y(mobile_page)
    shot(mobile_page, "catalog-mobile-narewka")
