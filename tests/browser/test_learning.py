"""Journey 10: the trainer runs a session (register with htmx) and issues a certificate; the learner downloads it;
an anonymous visitor verifies it by its code; a resident cannot see a material restricted to PZK members."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture
def new_page(browser: Any, live_url: str) -> Iterator[Any]:
    contexts: list[Any] = []

    def make() -> Any:
        context = browser.new_context(base_url=live_url, locale="pl-PL", viewport={"width": 1280, "height": 900})
        contexts.append(context)
        pg = context.new_page()
        pg.set_default_timeout(30_000)
        return pg

    yield make
    for c in contexts:
        c.close()


def test_trainer_learner_and_public_check(page: Any, new_page: Any, login: Any, check_a11y: Any, shot: Any) -> None:
    login(page, "trainer")
    page.goto("/edukacja/trener/")
    assert page.get_by_role("heading", level=1).inner_text() == "Panel trenera"
    check_a11y(page)
    page.locator("tr", has_text="Klauzule społeczne – warsztat").get_by_role(
        "link", name=re.compile("Otwórz listę")
    ).click()
    assert "Lista obecności" in page.get_by_role("heading", level=1).inner_text()
    check_a11y(page)
    row = page.locator("tr", has_text="Marek Urzędnik")
    row.get_by_label("obecny(-a)", exact=True).check()
    page.locator("tr", has_text="Marek Urzędnik").locator(".badge-ok").wait_for()
    page.get_by_role("button", name="Zamknij listę obecności").click()
    assert page.get_by_text("odbyte").first.is_visible()
    shot(page, "learning-register")

    page.goto("/edukacja/trener/")
    page.get_by_role("link", name="Model Kooperacji w praktyce").click()
    check_a11y(page)
    page.locator("tr", has_text="Irena Pedagogiczna").get_by_role(
        "button", name=re.compile("Wydaj zaświadczenie")
    ).click()
    assert page.get_by_text("Wydano zaświadczenie.").is_visible()
    code = page.locator("tr", has_text="Irena Pedagogiczna").get_by_role("link", name=re.compile(r"^SK-")).inner_text()

    learner = new_page()
    login(learner, "social_worker")
    learner.goto("/edukacja/moje/")
    check_a11y(learner)
    with learner.expect_download() as info:
        learner.get_by_role("link", name=re.compile("Pobierz PDF")).first.click()
    assert info.value.suggested_filename.startswith("zaswiadczenie-SK-")

    visitor = new_page()
    visitor.goto("/certyfikaty/")
    check_a11y(visitor)
    visitor.get_by_label("Kod zaświadczenia").fill(code)
    visitor.get_by_role("button", name="Sprawdź").click()
    assert visitor.get_by_text("Ważne", exact=True).is_visible()
    assert visitor.get_by_text("Irena Pedagogiczna").is_visible()
    assert visitor.get_by_text("Model Kooperacji w praktyce").first.is_visible()
    check_a11y(visitor)


def test_resident_cannot_see_restricted_material(page: Any, new_page: Any, login: Any, check_a11y: Any) -> None:
    title = "Wzór porozumienia o współpracy w Partnerskim Zespole Kooperacji"
    member = new_page()
    login(member, "social_worker")
    member.goto("/edukacja/?q=porozumienia")
    href = member.get_by_role("link", name=title).get_attribute("href")
    member.goto(href)
    file_href = member.get_by_role("link", name=re.compile("Pobierz")).first.get_attribute("href")
    login(page, "resident")
    page.goto("/edukacja/")
    check_a11y(page)
    assert page.get_by_role("link", name="Model Kooperacji – przewodnik dla gmin").is_visible()
    assert page.get_by_role("link", name=title).count() == 0
    page.get_by_label("Szukaj", exact=True).fill("porozumienia")
    page.get_by_role("button", name="Szukaj", exact=True).click()
    assert page.get_by_role("link", name=title).count() == 0
    # the direct addresses of the material and of its file answer 404, and the API does not list it
    for url in (href, file_href):
        response = page.goto(url)
        assert response is not None and response.status == 404
    response = page.goto("/api/v1/learning/materials?q=porozumienia")
    assert response is not None and title not in response.text()


@pytest.mark.parametrize("path", ["/edukacja/", "/edukacja/szkolenia/", "/certyfikaty/"])
def test_public_learning_pages_fit_360px(mobile_page: Any, check_a11y: Any, path: str) -> None:
    """The public library, the course list and the certificate check work on a 360 px phone, axe-clean."""
    mobile_page.goto(path)
    width = mobile_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{path}: {width}px"
    check_a11y(mobile_page)


def test_trainer_pages_fit_360px(browser: Any, live_url: str, login: Any, check_a11y: Any) -> None:
    context = browser.new_context(base_url=live_url, locale="pl-PL", viewport={"width": 360, "height": 740})
    try:
        pg = context.new_page()
        pg.set_default_timeout(30_000)
        login(pg, "trainer")
        for path in ("/edukacja/trener/", "/edukacja/spotkania/"):
            pg.goto(path)
            width = pg.evaluate("document.documentElement.scrollWidth")
            assert width <= 360, f"{path}: {width}px"
            check_a11y(pg)
    finally:
        context.close()
