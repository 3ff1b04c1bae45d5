"""Multi-year contracts (art. 16 ust. 3 OPP): a yearly report for each budget year but the last, due 30 days
after the year; an annex moving the end date adds or drops them; late reports are marked on the contract."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from kooperacja.commissioning import selectors, services
from kooperacja.commissioning.models import Call, Contract
from kooperacja.demo.scenarios.commissioning import FINISHED_TITLE

pytestmark = pytest.mark.django_db


def contract() -> Contract:
    return Call.objects.get(title=FINISHED_TITLE).contracts.get()


def _yearly(c: Contract) -> list[tuple[dt.date, dt.date, dt.date]]:
    return [(r.period_start, r.period_end, r.due_date) for r in c.reports.filter(kind="yearly").order_by("period_end")]


def test_annex_over_three_budget_years_demands_two_yearly_reports(demo: Any) -> None:
    c = contract()
    start = c.start_date
    services.annex_create(
        actor=demo.user("officer"),
        contract=c,
        signed_on=timezone.localdate(),
        summary="Przedłużenie na kolejne lata",
        new_end_date=dt.date(start.year + 2, 6, 30),
    )
    y0, y1 = start.year, start.year + 1
    assert _yearly(c) == [
        (start, dt.date(y0, 12, 31), dt.date(y1, 1, 30)),
        (dt.date(y1, 1, 1), dt.date(y1, 12, 31), dt.date(y1 + 1, 1, 30)),
    ]
    final = c.reports.get(kind="final")
    assert final.period_end == dt.date(start.year + 2, 6, 30)
    # shortened to the first year: the unwritten yearly reports are no longer demanded
    services.annex_create(
        actor=demo.user("officer"),
        contract=c,
        signed_on=timezone.localdate(),
        summary="Skrócenie do końca roku",
        new_end_date=dt.date(y0, 12, 31),
    )
    assert _yearly(c) == []


def test_contract_at_most_five_years(demo: Any) -> None:
    c = contract()
    with pytest.raises(ValidationError, match=r"art\. 16 ust\. 3 OPP"):
        services.annex_create(
            actor=demo.user("officer"),
            contract=c,
            signed_on=timezone.localdate(),
            summary="Za długo",
            new_end_date=c.start_date.replace(year=c.start_date.year + 5),
        )


def test_late_report_is_marked(demo: Any) -> None:
    c = contract()
    partial = c.reports.get(kind="partial")  # submitted in the demo: not late whatever the date
    final = c.reports.get(kind="final")
    late = {r.pk: r.late for r in selectors.contract_reports(c, today=final.due_date + dt.timedelta(days=1))}
    assert late[final.pk] is True
    assert late[partial.pk] is False
    on_time = {r.pk: r.late for r in selectors.contract_reports(c, today=final.due_date)}
    assert on_time[final.pk] is False


def test_contract_page_shows_the_yearly_reports_and_marks_late_ones(demo: Any, client_as: Any) -> None:
    c = contract()
    services.annex_create(
        actor=demo.user("officer"),
        contract=c,
        signed_on=timezone.localdate(),
        summary="Przedłużenie na kolejny rok",
        new_end_date=dt.date(c.start_date.year + 1, 6, 30),
    )
    yearly = c.reports.get(kind="yearly")
    page = client_as("officer").get(c.get_absolute_url()).content.decode()
    assert "sprawozdanie roczne" in page
    assert "art. 16 ust. 3 OPP" in page
    assert ("po terminie" in page) is (yearly.due_date < timezone.localdate())


def test_signing_schedules_a_yearly_report_for_each_budget_year_but_the_last(demo: Any) -> None:
    """The demo's OdNowa contract (signed through `contract_sign`) runs from 90 days before to 270 days after the
    demo date: over two budget years on almost every date, and then it has one yearly report."""
    c = contract()
    expected = [
        (max(c.start_date, dt.date(y, 1, 1)), dt.date(y, 12, 31), dt.date(y + 1, 1, 30))
        for y in range(c.start_date.year, c.end_date.year)
    ]
    assert _yearly(c) == expected
    assert c.reports.get(kind="final").due_date == c.end_date + dt.timedelta(days=30)
