"""Journeys 1 and 2: the officer publishes a call, the consortium files a joint offer, the commission declares
and scores, the authority decides, the contract is signed and the first report accepted – axe on every page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from tests.browser.conftest import kooperacja

TITLE = "Konkurs przeglądarkowy – klub seniora"


@pytest.fixture
def as_user(browser: Any, live_url: str, login: Any) -> Callable[[str], Any]:
    contexts: list[Any] = []

    def make(key: str) -> Any:
        context = browser.new_context(base_url=live_url, locale="pl-PL", viewport={"width": 1280, "height": 900})
        contexts.append(context)
        pg = context.new_page()
        pg.set_default_timeout(20_000)
        login(pg, key)
        return pg

    yield make
    for c in contexts:
        c.close()


def _fill(pg: Any, values: dict[str, str]) -> None:
    for name, value in values.items():
        pg.locator(f"[name='{name}']").fill(value)


def test_whole_commissioning_journey(as_user: Any, check_a11y: Any, shot: Any, server_env: dict[str, str]) -> None:
    today = dt.date.today()
    officer = as_user("officer")
    # 1. the officer writes the call from the package and sees the art. 13 checklist
    officer.goto("/zlecanie/")
    check_a11y(officer)
    officer.get_by_role("link", name="Pakiet usług społecznych OdNowa").first.click()
    check_a11y(officer)
    officer.get_by_role("link", name="Nowy konkurs ofert (art. 11 i 13 OPP)").click()
    check_a11y(officer)
    _fill(
        officer,
        {
            "title": TITLE,
            "task_type": "Wspieranie klubu seniora",
            "funds_total": "50000",
            "award_rules": "Dotacja do 95% kosztów.",
            "delivery_start": (today + dt.timedelta(days=40)).isoformat(),
            "delivery_end": (today + dt.timedelta(days=200)).isoformat(),
            "delivery_conditions": "Standard części 1.",
            "offer_deadline": f"{today + dt.timedelta(days=30)}T12:00",
            "selection_procedure": "Kryteria art. 15 ust. 1 OPP.",
            "selection_date": (today + dt.timedelta(days=35)).isoformat(),
            "previous_tasks": "W ubiegłym roku 1 zadanie, 40 000 zł.",
            "min_own_share": "5",
        },
    )
    for box in officer.locator("input[name='lots']").all()[1:]:
        box.uncheck()
    officer.get_by_role("button", name="Zapisz projekt").click()
    assert "Lista kontrolna ogłoszenia" in officer.content()
    check_a11y(officer)
    officer.get_by_role("link", name="Opublikuj").click()
    check_a11y(officer)
    for channel in ("bip", "notice_board", "website"):  # nothing is stamped silently: the officer says "today"
        officer.locator(f"input[name='{channel}_today']").check()
    officer.get_by_role("button", name="Opublikuj").click()
    assert "Nabór trwa do" in officer.content()
    call_url = officer.url
    shot(officer, "commissioning-call-published")

    # 2. the coordinator prepares a joint offer (Annex 1) with a partner and submits it
    coord = as_user("coordinator")
    coord.goto(call_url)
    check_a11y(coord)
    coord.get_by_role("link", name="Przygotuj ofertę").click()
    check_a11y(coord)
    coord.locator("[name='title']").fill("Klub seniora w kooperacji")
    coord.get_by_role("button", name="Zapisz").click()
    check_a11y(coord)
    start = today + dt.timedelta(days=40)
    _fill(
        coord,
        {
            "start_date": start.isoformat(),
            "end_date": (start + dt.timedelta(days=100)).isoformat(),
            "summary": "Klub seniora 5 dni w tygodniu.",
            "expected_results": "40 seniorów.",
            "contact_person": "Katarzyna Koordynatorka",
            "experience": "Od 2012 r.",
            "a-0-name": "Zajęcia klubu",
            "i-0-name": "Seniorzy",
            "i-0-planned_level": "40",
            "b-0-name": "Opiekunowie",
            "b-0-quantity": "4",
            "b-0-unit": "mies.",
            "b-0-unit_cost": "9000",
            "b-0-personal": "2000",
            "b-1-name": "Koordynacja",
            "b-1-quantity": "4",
            "b-1-unit": "mies.",
            "b-1-unit_cost": "1000",
            "b-1-personal": "200",
        },
    )
    coord.locator("[name='p-0-organisation']").select_option(label="SS „Żubr”")
    coord.locator("[name='p-0-actions']").fill("opieka w klubie")
    coord.locator("[name='a-0-responsible']").select_option(label="SS „Żubr”")
    coord.locator("[name='b-0-partner']").select_option(label="SS „Żubr”")
    coord.locator("[name='b-1-partner']").select_option(label="CAL „Razem”")
    coord.locator("input[name='lots']").first.check()
    coord.locator("[name='declarations_accepted']").check()
    coord.get_by_role("button", name="Zapisz wersję roboczą").click()
    assert "Sumy przeliczono automatycznie" in coord.content()
    assert "37\xa0800,00\xa0zł" in coord.locator("body").inner_text()  # 40 000 – 2 200 personal contribution
    check_a11y(coord)
    coord.get_by_role("button", name="Zapisz i złóż ofertę").click()
    assert "Oferta została złożona" in coord.content()
    check_a11y(coord)
    offer_url = coord.url

    # sealed: the office sees a count only
    officer.goto(call_url)
    assert "Złożono 1 ofertę" in officer.content()
    assert officer.goto(offer_url).status == 404

    # 3. the deadline passes (server clock moved for the test), the office opens and reviews the offers
    call_id = call_url.rstrip("/").split("/")[-1]
    kooperacja(
        server_env,
        "shell",
        "-c",
        "from django.utils import timezone; from datetime import timedelta; "
        "from kooperacja.commissioning.models import Call; "
        f"Call.objects.filter(pk={call_id}).update(offer_deadline=timezone.now() - timedelta(minutes=1))",
    )
    officer.goto(call_url)
    officer.get_by_role("button", name="Otwórz oferty").click()
    officer.get_by_role("link", name="Oferty", exact=True).click()
    check_a11y(officer)
    officer.get_by_role("button", name="Poprawna formalnie").click()
    officer.goto(call_url)
    officer.get_by_role("button", name="Zakończ ocenę formalną").click()
    officer.get_by_role("link", name="Komisja konkursowa").click()
    check_a11y(officer)
    officer.locator("[name='email']").fill("komisja@hajnowka.demo")
    officer.locator("[name='is_chair']").check()
    officer.get_by_role("button", name="Powołaj").click()
    assert "Powołano członka komisji" in officer.content()

    # 4. the commission member declares impartiality, then scores with justifications
    member = as_user("commission")
    member.goto("/zlecanie/ocena/")
    check_a11y(member)
    # the demo's scoring competition waits for this member too: sign the declaration of this test's call
    member.locator("li", has_text=TITLE).get_by_role("link", name="podpisz oświadczenie o bezstronności").click()
    check_a11y(member)
    assert "Stowarzyszenie Centrum Aktywności Lokalnej" in member.content()
    member.locator("[name='confirm']").check()
    member.get_by_role("button", name="Podpisuję oświadczenie").click()
    check_a11y(member)
    member.get_by_role("link", name="Oceń").first.click()
    check_a11y(member)
    for field in member.locator("input[type='number']").all():
        field.fill("4")
    for area in member.locator("textarea").all():
        area.fill("Oferta spójna, kadra doświadczona.")
    member.get_by_role("button", name="Zapisz ocenę").click()
    assert "Zapisano ocenę oferty" in member.content()
    member.goto(call_url + "rozstrzygniecie/")
    check_a11y(member)
    member.locator("[name='opinion']").fill("Komisja rekomenduje ofertę z kwotą 35 000 zł.")
    member.get_by_role("button", name="Zapisz opinię").click()

    # 5. the authority decides the amount and publishes the results
    officer.goto(call_url + "rozstrzygniecie/")
    check_a11y(officer)
    officer.locator("input[name^='award_']").fill("35000")
    officer.get_by_role("button", name="Rozstrzygnij").click()
    officer.get_by_role("button", name="Opublikuj wyniki").click()
    officer.get_by_role("link", name="Wyniki").click()
    check_a11y(officer)
    assert "35\xa0000,00\xa0zł" in officer.locator("body").inner_text()
    shot(officer, "commissioning-results")

    # 6. lower amount: the consortium submits the updated budget and schedule (the form proposes the rows cut in
    #    proportion to the award, the live sums answer from the server), the office accepts it
    coord.goto(offer_url)
    check_a11y(coord)
    coord.get_by_role("link", name="Zaktualizowany kosztorys i harmonogram").click()
    check_a11y(coord)
    coord.get_by_role("button", name="Złóż aktualizację").click()
    assert "Złożono zaktualizowany kosztorys i harmonogram" in coord.content()
    officer.goto(offer_url)
    officer.get_by_role("link", name="Zaktualizowany kosztorys i harmonogram").click()
    check_a11y(officer)
    officer.get_by_role("button", name="Przyjmij aktualizację").click()
    assert "Przyjęto aktualizację" in officer.content()

    # 7. the contract with tranches, signed
    officer.goto(offer_url)
    officer.get_by_role("link", name="Przygotuj umowę").click()
    check_a11y(officer)
    officer.locator("[name='tranche1_amount']").fill("20000")
    officer.locator("[name='tranche2_date']").fill((start + dt.timedelta(days=50)).isoformat())
    officer.locator("[name='tranche2_amount']").fill("15000")
    officer.get_by_role("button", name="Zapisz").click()
    check_a11y(officer)
    officer.get_by_role("button", name="Umowa podpisana").click()
    assert "W realizacji" in officer.content() or "w realizacji" in officer.content()
    contract_url = officer.url
    check_a11y(officer)
    assert officer.goto(contract_url + "pdf/").status == 200

    # 8. the consortium files the final report, the office accepts it
    coord.goto(contract_url)
    check_a11y(coord)
    coord.get_by_role("link", name="wypełnij").first.click()
    check_a11y(coord)
    coord.locator("[name='actions_done']").fill("Klub działał 5 dni w tygodniu; 38 seniorów.")
    coord.get_by_role("button", name="Zapisz i złóż").click()
    assert "Złożono sprawozdanie" in coord.content()
    check_a11y(coord)
    officer.goto(contract_url)
    officer.get_by_role("link", name="Sprawozdanie końcowe").first.click()
    check_a11y(officer)
    officer.locator("[name='decision']").select_option("accept")
    officer.get_by_role("button", name="Zapisz ocenę").click()
    assert "Zapisano ocenę sprawozdania" in officer.content()
    officer.get_by_role("button", name="Rozlicz umowę").click()
    assert "rozliczona" in officer.content()
    shot(officer, "commissioning-contract-settled")


def test_public_pages_are_accessible(page: Any, check_a11y: Any) -> None:
    for href in ["/zlecanie/ogloszenia/", "/zlecanie/pakiety/"]:
        assert page.goto(href).status == 200
        check_a11y(page)
    page.get_by_role("link", name="Pakiet usług społecznych OdNowa").first.click()
    check_a11y(page)
    page.goto("/zlecanie/ogloszenia/")
    page.get_by_role("link", name="Otwarty konkurs ofert – realizacja pakietu usług społecznych OdNowa").click()
    check_a11y(page)
    page.get_by_role("link", name="Wyniki").click()
    check_a11y(page)


def test_pages_fit_360px(mobile_page: Any, check_a11y: Any) -> None:
    mobile_page.goto("/zlecanie/ogloszenia/")
    mobile_page.get_by_role("link", name="Otwarty konkurs ofert – realizacja pakietu usług społecznych OdNowa").click()
    width = mobile_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, width
    check_a11y(mobile_page)
