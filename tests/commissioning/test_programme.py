"""The programme of cooperation with NGOs (art. 5a OPP): consultation, the council's resolution, priorities linked
to calls, small grants checked against it and the yearly report (art. 5a ust. 3 OPP: by 31 May)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from kooperacja.commissioning import selectors, services
from kooperacja.commissioning.enums import CooperationForm, ProgrammeState
from kooperacja.commissioning.models import Call, CooperationProgramme, Offer
from kooperacja.commissioning.services import ActionLine, BudgetLine
from kooperacja.demo.scenarios.commissioning import FINISHED_TITLE
from kooperacja.demo.scenarios.programme import TITLE

D = Decimal
pytestmark = pytest.mark.django_db


def demo_programme() -> CooperationProgramme:
    return CooperationProgramme.objects.get(title__startswith=TITLE)


def _programme(demo: Any, year: int, *, adopt_on: dt.date | None = None) -> CooperationProgramme:
    officer = demo.user("officer")
    p = services.programme_create(
        actor=officer,
        authority=demo.org("um_hajnowka"),
        data={
            "title": f"Program {year}",
            "year_from": year,
            "year_to": year,
            "amount_planned": D("100000"),
            "cooperation_forms": [CooperationForm.COMMISSIONING],
        },
    )
    services.priority_save(actor=officer, programme=p, name="Wypoczynek dzieci", amount_planned=D("50000"))
    if adopt_on is not None:
        services.programme_consult(actor=officer, programme=p)
        p = services.programme_adopt(
            actor=officer,
            programme=p,
            resolution_number="I/1/25",
            resolution_date=adopt_on,
            consultation_summary="Konsultacje bez uwag.",
        )
    return p


def test_demo_programme_is_adopted_with_priorities_linked_to_calls(demo: Any, client_as: Any) -> None:
    p = demo_programme()
    assert p.state == ProgrammeState.ADOPTED and p.resolution_number
    assert p.consultation_url.startswith("/partycypacja/") or p.consultation_url.startswith("/")
    finished = Call.objects.get(title=FINISHED_TITLE)
    check = selectors.programme_check(finished)
    assert check["ok"] and check["priority"].number == 1
    page = client_as("anonymous").get(p.get_absolute_url()).content.decode()
    assert p.resolution_number in page
    assert FINISHED_TITLE in page
    assert "art. 5a ust. 3 OPP" in page
    call_page = client_as("anonymous").get(finished.get_absolute_url()).content.decode()
    assert "Zadanie priorytetowe programu współpracy" in call_page


def test_yearly_report_is_generated_from_calls_and_contracts(demo: Any, client_as: Any) -> None:
    p = demo_programme()
    year = p.year_from
    report = selectors.programme_report(p, year)
    assert report["due"] == dt.date(year + 1, 5, 31)
    first = report["rows"][0]
    assert [c.title for c in first["calls"]] == [FINISHED_TITLE]
    assert first["contracts"] == 1 and first["granted"] == D("650000.00")
    assert report["totals"]["calls"] == 3
    page = client_as("resident").get(reverse("commissioning:programme_report", args=[p.pk, year])).content.decode()
    assert "650\u00a0000,00\u00a0zł" in page or "650 000,00 zł" in page
    assert f"31.05.{year + 1}" in page
    pdf = client_as("anonymous").get(reverse("commissioning:programme_report_pdf", args=[p.pk, year]))
    assert pdf["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "650\u00a0000,00\u00a0zł" in text or "650 000,00 zł" in text
    assert f"31.05.{year + 1}" in text
    assert f"{year}" in text and f"{year:,}".replace(",", " ") not in text.replace(f"{year}", "")


def test_call_priority_must_belong_to_the_programme_of_its_year(demo: Any) -> None:
    finished = Call.objects.get(title=FINISHED_TITLE)
    other = _programme(demo, selectors.call_year(finished) + 5)  # a draft of another year
    with pytest.raises(ValidationError, match=r"art\. 5a ust\. 1 OPP"):
        services.call_priority_set(actor=demo.user("officer"), call=finished, priority=other.priorities.get())
    with pytest.raises(PermissionDenied):
        services.call_priority_set(actor=demo.user("officer_b"), call=finished, priority=None)


def test_small_grant_is_granted_only_within_the_programme(demo: Any) -> None:
    today = timezone.localdate()
    start = today + dt.timedelta(days=2)
    offer = services.small_grant_submit(
        actor=demo.user("ngo_staff"),
        authority=demo.org("um_hajnowka"),
        organisation=demo.org("fundacja_puszcza"),
        title="Półkolonie",
        data={
            "start_date": start,
            "end_date": start + dt.timedelta(days=10),
            "summary": "s",
            "expected_results": "r",
            "contact_person": "T",
            "experience": "e",
            "declarations_accepted": True,
        },
        actions=[ActionLine(name="Zajęcia")],
        indicators=[],
        budget=[BudgetLine(name="x", quantity=D(1), unit="szt.", unit_cost=D("2000"), personal=D(100))],
    )
    received = today - dt.timedelta(days=12)
    Offer.objects.filter(pk=offer.pk).update(
        submitted_at=timezone.make_aware(dt.datetime.combine(received, dt.time(9)))
    )
    call = services.small_grant_publish(
        actor=demo.user("officer"), call=offer.call, today=today - dt.timedelta(days=10)
    )
    programme = _programme(demo, start.year, adopt_on=today)
    with pytest.raises(ValidationError, match="Przypisz ofertę do zadania priorytetowego"):
        services.small_grant_decide(actor=demo.user("officer"), call=call, accept=True)
    services.call_priority_set(actor=demo.user("officer"), call=call, priority=programme.priorities.get())
    call = services.small_grant_decide(actor=demo.user("officer"), call=call, accept=True)
    assert call.offers.get().awarded_amount == offer.requested_amount


def test_programme_lifecycle_and_report_submission(demo: Any) -> None:
    officer = demo.user("officer")
    today = timezone.localdate()
    last_year = today.year - 1
    p = _programme(demo, last_year)
    with pytest.raises(ValidationError, match="przekraczają kwotę programu"):
        services.priority_save(actor=officer, programme=p, name="Za drogo", amount_planned=D("60000"))
    services.programme_consult(actor=officer, programme=p)
    with pytest.raises(ValidationError):
        services.programme_adopt(actor=officer, programme=p, resolution_number=" ", resolution_date=today)
    with pytest.raises(ValidationError, match="konsultacji"):
        services.programme_adopt(actor=officer, programme=p, resolution_number="II/2/25", resolution_date=today)
    p = services.programme_adopt(
        actor=officer,
        programme=p,
        resolution_number="II/2/25",
        resolution_date=dt.date(last_year - 1, 11, 27),
        consultation_summary="Bez uwag.",
    )
    with pytest.raises(ValidationError, match="nowej uchwały"):
        services.programme_update(actor=officer, programme=p, data={"title": "Inny"})
    with pytest.raises(ValidationError, match="nie obejmuje"):
        services.programme_report_submit(actor=officer, programme=p, year=today.year, submitted_on=today)
    with pytest.raises(ValidationError, match="po jego zakończeniu"):
        services.programme_report_submit(
            actor=officer, programme=p, year=last_year, submitted_on=dt.date(last_year, 12, 31)
        )
    report = services.programme_report_submit(actor=officer, programme=p, year=last_year, submitted_on=today)
    assert report.year == last_year
    row = selectors.programme_years(p)[0]
    assert row["due"] == dt.date(today.year, 5, 31)
    assert row["late"] is (today > dt.date(today.year, 5, 31))
    with pytest.raises(ValidationError, match="już przedłożono"):
        services.programme_report_submit(actor=officer, programme=p, year=last_year, submitted_on=today)


def test_a_draft_is_hidden_from_others(demo: Any) -> None:
    p = _programme(demo, timezone.localdate().year + 4)
    assert p in selectors.programmes_visible_to(demo.user("officer"))
    assert p not in selectors.programmes_visible_to(demo.user("officer_b"))
    assert p not in selectors.programmes_visible_to(demo.user("resident"))
    assert demo_programme() in selectors.programmes_visible_to(demo.user("resident"))


def _small_grant_kwargs(demo: Any, start: dt.date) -> dict[str, Any]:
    return {
        "actor": demo.user("pes_staff"),
        "authority": demo.org("um_hajnowka"),
        "organisation": demo.org("ss_zubr"),
        "title": "Warsztaty",
        "data": {
            "start_date": start,
            "end_date": start + dt.timedelta(days=10),
            "summary": "s",
            "expected_results": "r",
            "contact_person": "T",
            "experience": "e",
            "declarations_accepted": True,
        },
        "actions": [ActionLine(name="Warsztaty")],
        "indicators": [],
        "budget": [BudgetLine(name="x", quantity=D(1), unit="szt.", unit_cost=D("1000"), personal=D(100))],
    }


def test_small_grant_names_a_priority_of_the_programme_of_its_year(demo: Any, client_as: Any) -> None:
    start = timezone.localdate() + dt.timedelta(days=2)
    programme = _programme(demo, start.year, adopt_on=timezone.localdate())
    draft = _programme(demo, start.year + 3)
    with pytest.raises(ValidationError, match="nie należy do programu"):
        services.small_grant_submit(**_small_grant_kwargs(demo, start), priority=draft.priorities.get())
    offer = services.small_grant_submit(**_small_grant_kwargs(demo, start), priority=programme.priorities.get())
    assert selectors.programme_check(offer.call)["ok"] is True
    page = client_as("pes_staff").get(reverse("commissioning:small_grant_new")).content.decode()
    assert "Zadanie priorytetowe programu współpracy organu" in page
    assert "7 dni roboczych" in page


def test_call_form_offers_the_priorities_of_the_programme_of_its_year(build: Any, demo: Any, client_as: Any) -> None:
    call = build.call(publish=False)
    year = selectors.call_year(call)
    officer = client_as("officer")
    programme = CooperationProgramme.objects.filter(
        state=ProgrammeState.ADOPTED, year_from__lte=year, year_to__gte=year
    ).first() or _programme(demo, year, adopt_on=timezone.localdate())
    page = officer.get(reverse("commissioning:call_edit", args=[call.pk])).content.decode()
    assert "Zadanie priorytetowe programu współpracy" in page
    assert str(programme.priorities.first()) in page


def test_office_is_reminded_of_the_programme_report_once(demo: Any, mailoutbox: Any) -> None:
    from kooperacja.commissioning.tasks import remind_programme_reports

    last_year = timezone.localdate().year - 1
    p = _programme(demo, last_year, adopt_on=dt.date(last_year - 1, 11, 27))
    due = p.report_due(last_year)
    assert remind_programme_reports(due - dt.timedelta(days=10)) == 0  # not yet within 3 days
    assert remind_programme_reports(due - dt.timedelta(days=2)) == 1
    assert remind_programme_reports(due - dt.timedelta(days=1)) == 0  # once
    message = mailoutbox[-1]
    assert "art. 5a ust. 3 OPP" in message.body
    assert demo.user("officer").email in message.to
