"""The demo lets every commissioning journey be walked (issue 16): a second competition waits at the scoring stage
for `komisja@hajnowka.demo`; past competitions are real records made with the services' clock, not back-dated rows;
pages show numbers as a Polish reader expects (years, counts, percentages) and a stage timeline."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import timezone

from kooperacja.commissioning.enums import CallState, OfferState
from kooperacja.commissioning.models import Call, CommissionMember, ConflictDeclaration, Score

SCORING_TITLE = "Otwarty konkurs ofert – Młodzieżowe centrum aktywności w soboty i ferie"


def _scoring_call() -> Call:
    return Call.objects.get(title=SCORING_TITLE)


def test_the_demo_has_a_call_waiting_for_the_commission_member(demo: Any) -> None:
    call = _scoring_call()
    assert call.state == CallState.COMMISSION_OPINION
    member = demo.user("commission")
    assert member.email == "komisja@hajnowka.demo"
    seat = CommissionMember.objects.get(call=call, user=member)
    assert not ConflictDeclaration.objects.filter(member=seat).exists()
    assert not Score.objects.filter(member=seat).exists()
    offers = list(call.offers.all())
    assert len(offers) == 2 and all(o.state == OfferState.ELIGIBLE or o.state == OfferState.SCORED for o in offers)
    chair = CommissionMember.objects.get(call=call, is_chair=True)
    assert ConflictDeclaration.objects.filter(member=chair).exists()
    assert Score.objects.filter(member=chair).values("offer").distinct().count() == 2


def test_the_commission_member_walks_declaration_and_scoring(demo: Any, client_as: Any) -> None:
    call = _scoring_call()
    client = client_as("commission")
    page = client.get(reverse("commissioning:call_detail", kwargs={"pk": call.pk}))
    assert "Podpisz oświadczenie o bezstronności" in page.content.decode()
    declaration_url = reverse("commissioning:declaration", kwargs={"pk": call.pk})
    assert client.get(declaration_url).status_code == 200
    assert client.post(declaration_url, {"confirm": "on"}).status_code == 302
    offer = call.offers.order_by("pk").first()
    criteria = list(call.criteria.order_by("order"))
    data = {}
    for c in criteria:
        data[f"points_{c.pk}"] = str(min(c.max_points, 4))
        data[f"why_{c.pk}"] = "Opis działań spójny z kosztorysem."
    response = client.post(reverse("commissioning:score", kwargs={"pk": offer.pk}), data)
    assert response.status_code == 302
    seat = CommissionMember.objects.get(call=call, user=demo.user("commission"))
    assert Score.objects.filter(member=seat, offer=offer).count() == len(criteria)


def test_past_competitions_are_recorded_at_their_own_dates(demo: Any) -> None:
    """The clock parameter: the finished and the scoring competition were published, received offers and were
    opened on their own (past) dates; the records agree with one another."""
    today = timezone.localdate()
    for call in (Call.objects.get(title__startswith="Otwarty konkurs ofert – realizacja pakietu"), _scoring_call()):
        assert call.published_at is not None and call.offer_deadline is not None and call.closed_at is not None
        assert timezone.localdate(call.published_at) < today
        assert call.published_at < call.offer_deadline <= call.closed_at
        for offer in call.offers.exclude(submitted_at=None):
            assert call.published_at < offer.submitted_at < call.offer_deadline
        published_on = {p.published_on for p in call.publications.all()}
        assert published_on == {timezone.localdate(call.published_at)}


def _visible(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html).replace("&nbsp;", " ").replace("\xa0", " ")


def test_years_counts_and_percentages_read_as_polish(demo: Any, client_as: Any) -> None:
    from kooperacja.commissioning.models import ServicePackage

    package = ServicePackage.objects.get(name="Pakiet usług społecznych OdNowa")
    year = str(package.year)
    officer = client_as("officer")
    pages = {
        "packages": reverse("commissioning:packages"),
        "package": reverse("commissioning:package_detail", kwargs={"pk": package.pk}),
        "officer_home": reverse("commissioning:officer_home"),
    }
    for name, url in pages.items():
        response = officer.get(url)
        assert response.status_code == 200, name
        text = _visible(response.content.decode())
        assert year in text, name
        spaced = f"{year[0]} {year[1:]}"
        assert spaced not in text and f"{year[0]},{year[1:]}" not in text, name
        assert not re.search(r"\b\d+\.0\b", text), name
        assert not re.search(r"\d,00 (osób|godz|uczestnik|grup|organizacji|dzieci)", text), name
    # the head counts of the lots and the indicators: whole numbers
    text = _visible(officer.get(pages["package"]).content.decode())
    assert "40 / 1200 / 30" in text or "40 / 1 200 / 30" in text
    assert "Seniorzy regularnie uczestniczący: 40 osób" in text
    offer = Call.objects.get(title__startswith="Otwarty konkurs ofert – realizacja pakietu").offers.get(
        lead_organisation__name__icontains="Razem"
    )
    offer_text = _visible(
        client_as("coordinator").get(reverse("commissioning:offer_detail", kwargs={"pk": offer.pk})).content.decode()
    )
    assert "40 osób" in offer_text and "40,00 osób" not in offer_text


def test_contract_page_draws_its_stages_and_progress(demo: Any, client_as: Any) -> None:
    from kooperacja.commissioning.models import Contract

    contract = Contract.objects.get(number__startswith="OKS.526.1.")
    html = (
        client_as("officer").get(reverse("commissioning:contract_detail", kwargs={"pk": contract.pk})).content.decode()
    )
    assert '<ol class="stages">' in html and html.count('aria-current="step"') == 1
    assert "Bieżący etap:" in html
    assert 'aria-label="Wykonanie"' in html and 'aria-label="Transze przekazane"' in html
    text = _visible(html)
    spent = sum(
        (r.from_grant for rep in contract.reports.exclude(state="draft") for r in rep.expenses.all()), Decimal("0")
    )
    percent = round(spent * 100 / contract.amount)
    assert re.search(rf"Wykonanie\s+{percent} %", text), text[text.find("Wykonanie") - 20 : text.find("Wykonanie") + 80]


def test_call_page_draws_the_stages_of_its_procedure(demo: Any, client_as: Any) -> None:
    call = _scoring_call()
    html = client_as("commission").get(reverse("commissioning:call_detail", kwargs={"pk": call.pk})).content.decode()
    assert '<ol class="stages">' in html and html.count('aria-current="step"') == 1
    assert "Bieżący etap: opiniowanie przez komisję." in html
    # the stages done carry their dates: publication and the close of the call (Warsaw dates)
    assert timezone.localtime(call.published_at).strftime("%d.%m.%Y") in html
    assert timezone.localtime(call.closed_at).strftime("%d.%m.%Y") in html
    assert html.count("stage-done") == 4  # draft, published, closed, formal review
    text = _visible(html)
    assert "wkład własny ogółem: 5 %" in text
    assert "5.00" not in text and "5,00%" not in text
