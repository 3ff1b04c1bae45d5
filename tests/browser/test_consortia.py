"""Consortium journey in the browser: founding -> resolution -> split -> member report -> consortium report."""

from __future__ import annotations

import json
from typing import Any

from tests.browser.conftest import kooperacja

SETUP = (
    "import json; from tests.conftest import DemoData; from tests.consortia.helpers import make_contract, consortium; "
    "c = make_contract(DemoData(), amounts=('12000.00', '8000.50')); "
    "print(json.dumps({'contract': c.pk, 'number': c.number, 'consortium': consortium().pk}))"
)


def _relogin(page: Any, login: Any, key: str) -> None:
    page.context.clear_cookies()
    login(page, key)


def test_founding_resolution_split_report(page: Any, login: Any, check_a11y: Any, shot: Any, server_env: Any) -> None:
    ids = json.loads(kooperacja(server_env, "shell", "-c", SETUP).strip().splitlines()[-1])
    c, contract = ids["consortium"], ids["contract"]

    # 1. Founding a consortium with structured agreement terms.
    login(page, "coordinator")
    page.goto("/konsorcja/")
    check_a11y(page)
    page.get_by_role("link", name="Załóż konsorcjum").click()
    page.locator("#id_name").fill("Konsorcjum Puszcza Razem")
    page.locator("#id_purpose").fill("Wspólne usługi dla młodzieży w Puszczy Białowieskiej.")
    page.locator("#id_lead").select_option(label="CAL „Razem”")
    page.get_by_label("Puszczańska Młodzież", exact=True).check()
    page.get_by_label("SS „Żubr”", exact=True).check()
    page.locator("#id_start_date").fill("2026-02-01")
    page.locator("#id_agreement_signed_on").fill("2026-01-20")
    page.locator("#id_representation").fill("Lider na podstawie pełnomocnictw.")
    check_a11y(page)
    page.get_by_role("button", name="Załóż konsorcjum").click()
    assert page.get_by_text("Konsorcjum zostało założone.").is_visible()
    assert page.get_by_role("heading", name="Konsorcjum Puszcza Razem").is_visible()
    check_a11y(page)
    shot(page, "consortia-founded")

    # 2. The split of a contract won by Konsorcjum OdNowa: a new version ...
    page.goto(f"/konsorcja/{c}/umowy/{contract}/podzial/")
    check_a11y(page)
    page.get_by_role("link", name="Przygotuj podział").click()
    page.locator("#id_rows-0-member").select_option(label="SS „Żubr”")
    page.locator("#id_rows-0-task").fill("Świetlica popołudniowa")
    page.locator("#id_rows-1-member").select_option(label="Puszczańska Młodzież")
    page.locator("#id_rows-1-task").fill("Warsztaty dla młodzieży")
    check_a11y(page)
    page.get_by_role("button", name="Zapisz wersję podziału").click()
    assert page.get_by_text("Zapisano wersję 1 podziału").is_visible()
    check_a11y(page)

    # 3. ... approved by a board resolution voted online.
    page.get_by_role("link", name="Przygotuj uchwałę zatwierdzającą").click()
    page.locator("#id_body").select_option(label="Zarząd")
    page.locator("#id_title").fill(f"Podział umowy {ids['number']}")
    page.locator("#id_text").fill("Zarząd zatwierdza podział zadań i budżetu.")
    page.get_by_role("button", name="Zapisz").click()
    page.get_by_role("button", name="Otwórz głosowanie").click()
    assert page.get_by_text("Głosowanie zostało otwarte.").is_visible()
    page.get_by_label("za", exact=True).check()
    check_a11y(page)
    page.get_by_role("button", name="Głosuję").click()
    assert page.get_by_text("Głos został oddany.").is_visible()
    resolution_url = page.url

    _relogin(page, login, "pes_staff")
    page.goto(resolution_url)
    page.get_by_label("za", exact=True).check()
    page.get_by_role("button", name="Głosuję").click()
    assert page.get_by_text("Głos został oddany.").is_visible()

    _relogin(page, login, "coordinator")
    page.goto(resolution_url)
    page.get_by_role("button", name="Zamknij głosowanie i policz głosy").click()
    assert page.get_by_text("Uchwała została podjęta.").is_visible()
    check_a11y(page)
    shot(page, "consortia-resolution-adopted")

    # 4. The member reports its delivery and costs to the office.
    _relogin(page, login, "pes_staff")
    page.goto("/konsorcja/moje-zobowiazania/")
    check_a11y(page)
    page.get_by_role("row").filter(has_text="Świetlica popołudniowa").get_by_role("link").click()
    page.locator("#id_period_end").fill(page.locator("#id_period_start").input_value())
    page.locator("#id_delivered").fill("Świetlica czynna codziennie, 22 dzieci, zajęcia plastyczne.")
    page.locator("#id_people_reached").fill("22")
    page.locator("#id_progress_percent").fill("15")
    page.locator("#id_costs").fill("1800.00")
    check_a11y(page)
    page.get_by_role("button", name="Przekaż do biura").click()
    assert page.get_by_text("Sprawozdanie przekazano do biura konsorcjum.").is_visible()
    # The member sees only its own allocation detail (the agreement says so).
    page.goto(f"/konsorcja/{c}/umowy/{contract}/podzial/")
    assert page.get_by_text("Świetlica popołudniowa").count() >= 1
    assert page.get_by_text("Warsztaty dla młodzieży").count() == 0

    # 5. The office assembles the consortium report from the members' inputs and sees who is late.
    _relogin(page, login, "coordinator")
    page.goto(f"/konsorcja/{c}/umowy/{contract}/sprawozdanie/")
    assert page.get_by_text("Świetlica czynna codziennie, 22 dzieci").is_visible()
    check_a11y(page)
    shot(page, "consortia-report")
    response = page.request.get(f"/konsorcja/{c}/umowy/{contract}/sprawozdanie.pdf")
    assert response.status == 200 and response.body().startswith(b"%PDF")


def test_consortium_pages_fit_a_phone(mobile_page: Any, login: Any, check_a11y: Any, shot: Any) -> None:
    login(mobile_page, "pes_staff")
    mobile_page.goto("/konsorcja/")
    mobile_page.get_by_role("link", name="Konsorcjum OdNowa").first.click()
    mobile_page.wait_for_load_state()
    width = mobile_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"strona przewija się poziomo ({width}px)"
    check_a11y(mobile_page)
    shot(mobile_page, "consortia-mobile-dashboard")
