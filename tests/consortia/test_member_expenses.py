"""A member's expenses per budget row (issue 17): recorded in its delivery report per cost row of its part of the
split, checked against the plan per row, summed per row for the office, and the accepted ones fed into the contract
report (art. 18 OPP) as expenses per row and a list of documents."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from kooperacja.consortia import expenses, services
from kooperacja.consortia.access import forget

from . import helpers as h

D = Decimal


def _setup(demo: Any) -> dict[str, Any]:
    """A fresh contract split by resolution (lot 1: Żubr, lot 2: Fundacja Puszcza, lot 3: SS „Dobre Ręce”) whose
    joint offer has cost rows: two of Żubr's in lot 1, two of the lead's in lot 2 (Puszcza delivers it instead: a
    departure, so it is planned over the part's rows)."""
    from kooperacja.commissioning.models import BudgetRow, OfferPartner

    contract = h.make_contract(demo)
    plan = h.make_approved_plan(demo, contract)
    offer = contract.offer
    zubr = OfferPartner.objects.get(offer=offer, organisation=demo.org("ss_zubr"))
    lots = {cl.lot.number: cl.lot for cl in contract.contract_lots.select_related("lot")}

    def row(order: int, name: str, lot: int, grant: str, partner: Any = None) -> Any:
        return BudgetRow.objects.create(
            offer=offer,
            order=order,
            name=name,
            lot=lots[lot],
            partner=partner,
            quantity=D("1"),
            unit="usługa",
            unit_cost=D(grant),
            total=D(grant),
            from_grant=D(grant),
        )

    rows = {
        "staff": row(1, "Wynagrodzenie opiekunów świetlicy", 1, "40000.00", zubr),
        "food": row(2, "Posiłki dla dzieci", 1, "20000.00", zubr),
        "trips": row(3, "Wyjścia do Puszczy", 2, "30000.00"),
        "tools": row(4, "Materiały warsztatowe", 2, "15000.00"),
    }
    allocation = plan.allocations.get(member__organisation=demo.org("ss_zubr"))
    pes = demo.user("pes_staff")
    forget(pes)
    return {"contract": contract, "plan": plan, "rows": rows, "allocation": allocation, "pes": pes}


def _doc(row: Any, number: str, when: dt.date, amount: str, grant: str, own: str = "0") -> services.ExpenseEntry:
    return services.ExpenseEntry(
        budget_row=row,
        document_number=number,
        document_date=when,
        amount=D(amount),
        from_grant=D(grant),
        own_share=D(own),
    )


def _submit(s: dict[str, Any], docs: list[services.ExpenseEntry]) -> Any:
    contract = s["contract"]
    return services.delivery_report_submit(
        actor=s["pes"],
        allocation=s["allocation"],
        period_start=contract.start_date,
        period_end=contract.start_date + dt.timedelta(days=20),
        delivered="Świetlica czynna 5 dni w tygodniu.",
        costs=D("0"),
        people_reached=12,
        progress_percent=20,
        expenses=docs,
    )


def test_the_split_plans_each_cost_row_of_the_member(demo: Any) -> None:
    s = _setup(demo)
    planned = {line.row.name: line.planned for line in expenses.member_rows(s["plan"], s["allocation"].member)}
    # Żubr's 60 000,00 zł of lot 1 spread over its two rows as the offer weighs them (40 000 : 20 000).
    assert planned == {"Wynagrodzenie opiekunów świetlicy": D("40000.00"), "Posiłki dla dzieci": D("20000.00")}
    puszcza = s["plan"].allocations.get(member__organisation=demo.org("fundacja_puszcza"))
    # The offer gave lot 2 to the lead; Puszcza delivers it, so it is planned over all the part's rows.
    assert {r.name for r in expenses.rows_for_allocation(puszcza)} == {"Wyjścia do Puszczy", "Materiały warsztatowe"}
    assert sum(expenses.plan_by_row(s["plan"], puszcza.member).values(), D("0")) == puszcza.amount


def test_a_report_records_documents_per_row_and_its_costs_are_their_sum(demo: Any) -> None:
    s = _setup(demo)
    day = s["contract"].start_date + dt.timedelta(days=3)
    report = _submit(
        s,
        [
            _doc(s["rows"]["staff"], "LP/01/2026", day, "12000.00", "10000.00", "2000.00"),
            _doc(s["rows"]["food"], "FV/17/2026", day, "3000.00", "3000.00"),
        ],
    )
    assert report.costs == D("15000.00")
    assert report.expenses.count() == 2
    lines = {line.row.name: line for line in expenses.member_rows(s["plan"], s["allocation"].member)}
    staff = lines["Wynagrodzenie opiekunów świetlicy"]
    assert (staff.spent_grant, staff.spent_own, staff.percent) == (D("10000.00"), D("2000.00"), 25)
    assert lines["Posiłki dla dzieci"].percent == 15


def test_a_row_outside_the_members_part_is_refused(demo: Any) -> None:
    s = _setup(demo)
    day = s["contract"].start_date + dt.timedelta(days=3)
    with pytest.raises(ValidationError) as caught:
        _submit(s, [_doc(s["rows"]["trips"], "FV/1", day, "100.00", "100.00")])
    assert "nie należy do części umowy przydzielonej członkowi" in " ".join(caught.value.messages)
    assert not s["allocation"].reports.exists()


def test_grant_over_the_rows_plan_is_refused_counting_earlier_reports(demo: Any) -> None:
    s = _setup(demo)
    day = s["contract"].start_date + dt.timedelta(days=3)
    _submit(s, [_doc(s["rows"]["food"], "FV/1", day, "15000.00", "15000.00")])
    with pytest.raises(ValidationError) as caught:
        _submit(s, [_doc(s["rows"]["food"], "FV/2", day, "6000.00", "6000.00")])
    message = " ".join(caught.value.messages)
    assert "Posiłki dla dzieci" in message
    assert "o 1\xa0000,00\xa0zł za dużo" in message
    # Exactly up to the plan is fine.
    _submit(s, [_doc(s["rows"]["food"], "FV/3", day, "5000.00", "5000.00")])


def test_a_returned_report_frees_its_rows(demo: Any) -> None:
    s = _setup(demo)
    day = s["contract"].start_date + dt.timedelta(days=3)
    first = _submit(s, [_doc(s["rows"]["food"], "FV/1", day, "20000.00", "20000.00")])
    services.delivery_report_review(actor=demo.user("coordinator"), report=first, accept=False, note="Zły okres.")
    _submit(s, [_doc(s["rows"]["food"], "FV/1", day, "20000.00", "20000.00")])


@pytest.mark.parametrize(
    ("amount", "grant", "own", "when", "expected"),
    [
        ("100.00", "80.00", "30.00", 3, "przekraczają kwotę dokumentu"),
        ("100.00", "100.00", "0", -400, "poza okresem realizacji umowy"),
        ("100.005", "100.00", "0", 3, "z dokładnością do grosza"),
    ],
)
def test_nonsense_in_a_document_is_refused_in_polish(
    demo: Any, amount: str, grant: str, own: str, when: int, expected: str
) -> None:
    s = _setup(demo)
    day = s["contract"].start_date + dt.timedelta(days=when)
    with pytest.raises(ValidationError) as caught:
        _submit(s, [_doc(s["rows"]["staff"], "FV/9", day, amount, grant, own)])
    assert expected in " ".join(caught.value.messages)


def test_accepted_documents_of_the_period_fill_the_contract_report(demo: Any) -> None:
    from kooperacja.commissioning.models import Report

    s = _setup(demo)
    contract = s["contract"]
    start = contract.start_date
    period_end = start + dt.timedelta(days=20)
    contract_report = Report.objects.create(
        contract=contract, kind="partial", period_start=start, period_end=period_end, due_date=period_end
    )
    accepted = _submit(
        s,
        [
            _doc(s["rows"]["staff"], "LP/01", start + dt.timedelta(days=2), "12000.00", "10000.00", "2000.00"),
            _doc(s["rows"]["staff"], "LP/02", start + dt.timedelta(days=9), "6000.00", "6000.00"),
            _doc(s["rows"]["food"], "FV/17", start + dt.timedelta(days=25), "500.00", "500.00"),  # after the period
        ],
    )
    _submit(s, [_doc(s["rows"]["food"], "FV/18", start + dt.timedelta(days=5), "700.00", "700.00")])  # not accepted
    coordinator = demo.user("coordinator")
    services.delivery_report_review(actor=coordinator, report=accepted, accept=True)
    services.consortium_report_feed(
        actor=coordinator, consortium=s["plan"].consortium, contract=contract, report=contract_report
    )
    lines = {e.budget_row.name: (e.from_grant, e.own_financial) for e in contract_report.expenses.all()}
    assert lines == {"Wynagrodzenie opiekunów świetlicy": (D("16000.00"), D("2000.00"))}
    docs = sorted(contract_report.invoices.values_list("number", "issuer", "amount", "from_grant"))
    zubr = demo.org("ss_zubr").name
    assert docs == [("LP/01", zubr, D("12000.00"), D("10000.00")), ("LP/02", zubr, D("6000.00"), D("6000.00"))]


def test_member_page_and_office_page_show_rows_with_bars(demo: Any, client_as: Any) -> None:
    s = _setup(demo)
    contract = s["contract"]
    url = f"/konsorcja/przydzialy/{s['allocation'].pk}/sprawozdanie/"
    page = client_as("pes_staff").get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Budżet członka według pozycji kosztorysu" in html
    assert "Posiłki dla dzieci" in html and "<progress" in html
    day = (contract.start_date + dt.timedelta(days=4)).isoformat()
    post = {
        "period_start": contract.start_date.isoformat(),
        "period_end": day,
        "delivered": "Zajęcia i posiłki.",
        "people_reached": "10",
        "progress_percent": "10",
        "costs": "",
        "docs-TOTAL_FORMS": "3",
        "docs-INITIAL_FORMS": "0",
        "docs-MIN_NUM_FORMS": "0",
        "docs-MAX_NUM_FORMS": "60",
        "docs-0-budget_row": str(s["rows"]["food"].pk),
        "docs-0-document_number": "FV/44/2026",
        "docs-0-document_date": day,
        "docs-0-amount": "2500.00",
        "docs-0-from_grant": "2000.00",
        "docs-0-own_share": "500.00",
    }
    response = client_as("pes_staff").post(url, post)
    assert response.status_code == 302, response.content.decode()[:3000]
    report = s["allocation"].reports.get()
    assert report.costs == D("2500.00")
    assert report.expenses.get().document_number == "FV/44/2026"
    # A document over the row's plan comes back on the page, in Polish, nothing saved.
    post["docs-0-document_number"], post["docs-0-amount"], post["docs-0-from_grant"] = "FV/45", "30000", "30000"
    post["docs-0-own_share"] = "0"
    again = client_as("pes_staff").post(url, post)
    assert again.status_code == 200
    assert "Pozycja „Posiłki dla dzieci”" in again.content.decode()
    assert s["allocation"].reports.count() == 1
    office = client_as("coordinator").get(f"/konsorcja/{s['plan'].consortium_id}/umowy/{contract.pk}/sprawozdanie/")
    text = office.content.decode()
    assert "Wydatki według pozycji kosztorysu" in text
    assert "FV/44/2026" in text
    assert "2\xa0000,00\xa0zł" in text  # the grant spent on the row (pln: non-breaking spaces)


def test_without_cost_rows_the_report_takes_costs_only(demo: Any, client_as: Any) -> None:
    """An offer without a budget by offeror gives the member no rows: the page has no document lines and the report
    is sent with its costs alone (no formset to post)."""
    contract = h.make_contract(demo)
    plan = h.make_approved_plan(demo, contract)
    allocation = plan.allocations.get(member__organisation=demo.org("ss_zubr"))
    url = f"/konsorcja/przydzialy/{allocation.pk}/sprawozdanie/"
    assert "Dokumenty księgowe w okresie" not in client_as("pes_staff").get(url).content.decode()
    day = contract.start_date.isoformat()
    data = {"period_start": day, "period_end": day, "delivered": "Zajęcia.", "people_reached": "5"}
    assert client_as("pes_staff").post(url, {**data, "progress_percent": "5"}).status_code == 200  # no costs
    response = client_as("pes_staff").post(url, {**data, "progress_percent": "5", "costs": "1800.00"})
    assert response.status_code == 302
    assert allocation.reports.get().costs == D("1800.00")
