from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from kooperacja.commissioning.models import Call, Offer
from kooperacja.demo.scenarios.commissioning import FINISHED_TITLE, OPEN_TITLE

pytestmark = pytest.mark.django_db
D = Decimal


def _queries(client: Any, url: str) -> int:
    cache.clear()  # count the rendered page, not the anonymous page cache (core.pagecache)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _more_calls(demo: Any, n: int) -> None:
    source = Call.objects.get(title=FINISHED_TITLE)
    for i in range(n):
        call = Call.objects.create(
            title=f"Konkurs dodatkowy {i}",
            authority=source.authority,
            package=source.package,
            state="published",
            published_at=timezone.now(),
            offer_deadline=timezone.now() + dt.timedelta(days=30),
        )
        offer = Offer.objects.create(call=call, lead_organisation=demo.org("ss_zubr"), title=f"Oferta {i}")
        offer.partners.create(organisation=demo.org("ss_zubr"), role="lead")


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("anonymous", "/zlecanie/ogloszenia/"),
        ("anonymous", "/zlecanie/pakiety/"),
        ("officer", "/zlecanie/"),
        ("pes_staff", "/zlecanie/oferty/"),
        ("officer", "/zlecanie/umowy/"),
        ("commission", "/zlecanie/ocena/"),
    ],
)
def test_list_queries_do_not_grow_with_rows(demo: Any, client_as: Any, role: str, url: str) -> None:
    client = client_as(role)
    client.get(url)  # warm caches (content types, sessions)
    small = _queries(client, url)
    _more_calls(demo, 15)
    large = _queries(client, url)
    assert large <= small + 1, (small, large)
    assert small < 40


def test_officer_writes_and_publishes_a_call(demo: Any, client_as: Any) -> None:
    client = client_as("officer")
    today = timezone.localdate()
    data = {
        "tryb": "opp_open",
        "title": "Konkurs na klub seniora",
        "task_form": "support",
        "task_type": "Wspieranie seniorów",
        "min_own_share": "5",
        "min_financial_share": "0",
        "min_personal_share": "0",
        "min_in_kind_share": "0",
    }
    response = client.post("/zlecanie/ogloszenia/nowe/?tryb=opp_open", data)
    assert response.status_code == 302
    call = Call.objects.get(title="Konkurs na klub seniora")
    page = client.get(f"/zlecanie/ogloszenia/{call.pk}/").content.decode()
    assert "art. 13 ust. 2 pkt 2 OPP" in page and "brak" in page
    publish = {f"{ch}_date": today.isoformat() for ch in ("bip", "notice_board", "website")}
    response = client.post(f"/zlecanie/ogloszenia/{call.pk}/publikacja/", publish)
    assert response.status_code == 200 and "art. 13 ust. 2" in response.content.decode()
    call.refresh_from_db()
    assert call.state == "draft"


def test_offer_form_saves_rows_with_automatic_arithmetic_and_submits(demo: Any, client_as: Any) -> None:
    client = client_as("coordinator")
    call = Call.objects.get(title=OPEN_TITLE)
    offer = call.offers.get(state="draft")
    lot = call.lots.get()
    start = call.delivery_start
    data = {
        "title": "Inkubator Kooperacji",
        "start_date": start.isoformat(),
        "end_date": (start + dt.timedelta(days=60)).isoformat(),
        "summary": "Doradztwo dla NGO.",
        "expected_results": "10 organizacji.",
        "contact_person": "Katarzyna",
        "experience": "Od 2012 r.",
        "declarations_accepted": "on",
        "lots": [str(lot.pk)],
        "p-TOTAL_FORMS": "1",
        "p-INITIAL_FORMS": "0",
        "p-0-organisation": str(demo.org("ss_zubr").pk),
        "p-0-actions": "dyżury",
        "a-TOTAL_FORMS": "1",
        "a-INITIAL_FORMS": "0",
        "a-0-name": "Dyżury doradcze",
        "a-0-lot": str(lot.pk),
        "a-0-responsible": str(demo.org("ss_zubr").pk),
        "i-TOTAL_FORMS": "1",
        "i-INITIAL_FORMS": "0",
        "i-0-name": "Organizacje",
        "i-0-planned_level": "10",
        "b-TOTAL_FORMS": "1",
        "b-INITIAL_FORMS": "0",
        "b-0-name": "Doradcy",
        "b-0-category": "task",
        "b-0-lot": str(lot.pk),
        "b-0-partner": "",
        "b-0-quantity": "8",
        "b-0-unit": "mies.",
        "b-0-unit_cost": "5000",
        "b-0-personal": "2500",
        "then": "save",
    }
    response = client.post(f"/zlecanie/oferty/{offer.pk}/edycja/", data)
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.total_cost == D("40000.00") and offer.requested_amount == D("37500.00")
    assert offer.is_joint and offer.partners.count() == 2
    page = client.get(f"/zlecanie/oferty/{offer.pk}/edycja/").content.decode()
    assert "37\xa0500,00\xa0zł" in page
    response = client.post(f"/zlecanie/oferty/{offer.pk}/edycja/", {**data, "then": "submit"})
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.state == "submitted" and offer.submitted_at is not None


def test_documents_and_feed(demo: Any, client_as: Any) -> None:
    client = client_as("anonymous")
    call = Call.objects.get(title=FINISHED_TITLE)
    pdf = client.get(f"/zlecanie/ogloszenia/{call.pk}/pdf/")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    contract = call.contracts.get()
    pdf = client_as("coordinator").get(f"/zlecanie/umowy/{contract.pk}/pdf/")
    assert pdf.content.startswith(b"%PDF")
    feed = client.get("/zlecanie/ogloszenia/otwarte.atom")
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert OPEN_TITLE.encode() in feed.content and FINISHED_TITLE.encode() not in feed.content


def test_sealed_call_page_shows_only_the_count(demo: Any, client_as: Any) -> None:
    call = Call.objects.get(title=OPEN_TITLE)
    sealed = call.offers.get(state="submitted")
    for role in ("officer", "admin", "anonymous"):
        page = client_as(role).get(f"/zlecanie/ogloszenia/{call.pk}/").content.decode()
        assert "zapieczętowana" in page
        assert sealed.title not in page
    assert client_as("officer").get(f"/zlecanie/ogloszenia/{call.pk}/oferty/").content.decode().count(sealed.title) == 0


def test_api_call_list_queries_do_not_grow(demo: Any, client_as: Any) -> None:
    client = client_as("anonymous")
    client.get("/api/v1/calls?limit=50")
    small = _queries(client, "/api/v1/calls?limit=50")
    _more_calls(demo, 15)
    large = _queries(client, "/api/v1/calls?limit=50")
    assert large == small, (small, large)


def test_offer_search_by_number_title_offeror_nip_krs(demo: Any, client_as: Any) -> None:
    from kooperacja.commissioning import selectors

    call = Call.objects.get(title=FINISHED_TITLE)
    officer = demo.user("officer")
    joint = call.offers.get(lead_organisation=demo.org("cal_hajnowka"))
    zubr = demo.org("ss_zubr")
    assert list(selectors.offers_of_call(officer, call, joint.number)) == [joint]
    assert list(selectors.offers_of_call(officer, call, "kooperacja usług")) == [joint]
    assert list(selectors.offers_of_call(officer, call, zubr.nip)) == [joint]  # a partner's NIP finds the offer
    assert list(selectors.offers_of_call(officer, call, zubr.krs.lstrip("0"))) == [joint]
    assert selectors.offers_of_call(officer, call, "OWOP").get().lead_organisation == demo.org("owop")
    page = client_as("officer").get(f"/zlecanie/ogloszenia/{call.pk}/oferty/?q=Ośrodek").content.decode()
    assert "Inkubator organizacji pozarządowych" in page and joint.title not in page


def test_officer_edits_a_lot_and_the_package_total_follows(demo: Any, client_as: Any) -> None:
    from kooperacja.commissioning import selectors
    from kooperacja.commissioning.models import ServicePackage
    from kooperacja.demo.scenarios.commissioning import PACKAGE_NAME

    package = ServicePackage.objects.get(name=PACKAGE_NAME)
    lot = package.lots.get(number=6)
    before = selectors.package_total(package)
    data = {
        "name": lot.name,
        "sector": lot.sector,
        "target_group": lot.target_group,
        "scope": lot.scope,
        "minimum_standard": lot.minimum_standard,
        "planned_participants": 20,
        "planned_hours": lot.planned_hours,
        "planned_places": 0,
        "budget": "70000.00",
        "indicator_name": "Organizacje objęte wsparciem",
        "indicator_target": 20,
        "indicator_unit": "organizacji",
    }
    response = client_as("officer").post(f"/zlecanie/czesci/{lot.pk}/edycja/", data)
    assert response.status_code == 302
    assert selectors.package_total(package) == before + D("10000.00")
    lot.refresh_from_db()
    assert lot.indicators == [{"name": "Organizacje objęte wsparciem", "target": 20, "unit": "organizacji"}]
