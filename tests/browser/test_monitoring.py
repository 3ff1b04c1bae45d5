"""Journey 9 (ROPS analyst) and the officer's package dashboard: the analyst filters by powiat, opens a gmina
profile, downloads XLSX and the OZPS sheet; the officer opens the package dashboard (with the ESF+ indicators)
and the effects report PDF. axe on pages."""

from __future__ import annotations

from typing import Any


def test_analyst_compares_gminas_and_exports(page: Any, login: Any, check_a11y: Any, shot: Any, menu_link: Any) -> None:
    login(page, "analyst")
    menu_link(page, "Porównanie gmin").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Porównanie gmin")
    assert page.locator("svg.chart").first.is_visible()
    assert page.get_by_text("Ostatnie przeliczenie").is_visible()
    check_a11y(page)
    page.get_by_label("Powiat").select_option(label="hajnowski")
    page.get_by_role("button", name="Pokaż").click()
    table = page.locator("#regional-table")
    assert table.get_by_role("link", name="Białowieża").is_visible()
    assert table.get_by_role("link", name="Wasilków").count() == 0
    shot(page, "monitoring-regional")
    with page.expect_download() as info:
        page.get_by_role("link", name="Pobierz XLSX").click()
    assert info.value.suggested_filename.endswith(".xlsx")
    table.get_by_role("link", name="Narewka").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Narewka"
    assert page.get_by_text("gmina wiejska").first.is_visible()
    with page.expect_download() as ozps:
        page.get_by_role("link", name="Dane do OZPS (XLSX)").click()
    assert ozps.value.suggested_filename.startswith("ozps-2005092-")
    check_a11y(page)


def test_officer_package_dashboard_and_effects_pdf(
    page: Any, login: Any, check_a11y: Any, shot: Any, menu_link: Any
) -> None:
    login(page, "officer")
    menu_link(page, "Zlecanie usług").click()
    page.get_by_role("link", name="Pakiet usług społecznych OdNowa").first.click()
    page.get_by_role("link", name="Pulpit pakietu i analiza efektów").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Pulpit pakietu")
    assert page.get_by_text("Godziny usługi (zajęć)").first.is_visible()
    esf = page.locator("#esf-table")
    assert esf.get_by_role("rowheader", name="Całkowita liczba uczestników").is_visible()
    check_a11y(page)
    shot(page, "monitoring-package")
    response = page.request.get(page.get_by_role("link", name="raport efektów (PDF)").get_attribute("href"))
    assert response.ok and response.body().startswith(b"%PDF")
