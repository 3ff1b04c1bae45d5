"""The contract split: every version sums exactly to the contract (and each lot), approval only by resolution,
new versions supersede, members see only their own detail when the agreement says so."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kooperacja.consortia import selectors, services
from kooperacja.consortia.access import forget
from kooperacja.consortia.models import Allocation, AllocationPlan, ConsortiumMember

from . import helpers as h

CENT = Decimal("0.01")


def _rows_for(demo: Any, contract: Any, parts: list[list[int]]) -> list[services.AllocationRow]:
    """parts[i] = grosze per member for contract lot i."""
    from kooperacja.commissioning.models import ContractLot

    c = h.consortium()
    members = list(ConsortiumMember.objects.filter(consortium=c, status="active").order_by("pk"))
    rows = []
    for cl, lot_parts in zip(ContractLot.objects.filter(contract=contract).order_by("pk"), parts, strict=True):
        for i, grosze in enumerate(lot_parts):
            rows.append(
                services.AllocationRow(
                    member=members[i % len(members)],
                    task=f"Zadanie {i}",
                    amount=Decimal(grosze) * CENT,
                    starts_on=contract.start_date,
                    ends_on=contract.end_date,
                    report_due=contract.end_date,
                    contract_lot=cl,
                )
            )
    return rows


def _partition(total_grosze: int) -> st.SearchStrategy[list[int]]:
    """Random splits of a lot's amount in grosze among 1..6 members (cuts at random points)."""
    return st.lists(st.integers(min_value=0, max_value=total_grosze), min_size=0, max_size=5).map(
        lambda cuts: [b - a for a, b in zip([0, *sorted(cuts)], [*sorted(cuts), total_grosze], strict=True)]
    )


LOTS = ("60000.00", "45000.50", "30000.25")


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    parts=st.tuples(*[_partition(int(Decimal(a) * 100)) for a in LOTS]),
    nudge=st.sampled_from([0, 0, 1, -1, 100]),
    nudged_lot=st.integers(min_value=0, max_value=2),
)
def test_a_split_is_accepted_exactly_when_it_sums_to_the_contract_and_lots(
    demo: Any, parts: tuple[list[int], ...], nudge: int, nudged_lot: int
) -> None:
    with transaction.atomic():
        contract = h.make_contract(demo, amounts=LOTS)
        parts_list = [list(p) for p in parts]
        parts_list[nudged_lot][0] += nudge
        rows = _rows_for(demo, contract, parts_list)
        coordinator = demo.user("coordinator")
        if nudge == 0:
            plan = services.plan_create(actor=coordinator, consortium=h.consortium(), contract=contract, rows=rows)
            total = sum(Allocation.objects.filter(plan=plan).values_list("amount", flat=True), Decimal("0"))
            assert total == contract.amount == plan.total
            for cl in contract.contract_lots.all():
                lot_sum = sum(plan.allocations.filter(contract_lot=cl).values_list("amount", flat=True), Decimal("0"))
                assert lot_sum == cl.amount
        elif parts_list[nudged_lot][0] >= 0:
            with pytest.raises(ValidationError):
                services.plan_create(actor=coordinator, consortium=h.consortium(), contract=contract, rows=rows)
            assert not AllocationPlan.objects.filter(contract=contract).exists()
        transaction.set_rollback(True)


def test_moving_money_between_lots_keeps_the_total_but_is_refused(demo: Any) -> None:
    contract = h.make_contract(demo, amounts=("100.00", "100.00"))
    rows = _rows_for(demo, contract, [[10001], [9999]])
    assert sum(r.amount for r in rows) == contract.amount
    with pytest.raises(ValidationError, match="Część"):
        services.plan_create(actor=demo.user("coordinator"), consortium=h.consortium(), contract=contract, rows=rows)


def test_fractions_of_a_grosz_are_refused(demo: Any) -> None:
    contract = h.make_contract(demo, amounts=("100.00",))
    rows = _rows_for(demo, contract, [[5000, 5000]])
    rows[0].amount = Decimal("50.005")
    rows[1].amount = Decimal("49.995")
    with pytest.raises(ValidationError, match="grosza"):
        services.plan_create(actor=demo.user("coordinator"), consortium=h.consortium(), contract=contract, rows=rows)


def test_only_the_office_splits_and_only_contracts_of_the_lead(demo: Any) -> None:
    contract = h.make_contract(demo)
    rows = h.split_rows(demo, contract)
    with pytest.raises(PermissionDenied):
        services.plan_create(actor=demo.user("pes_staff"), consortium=h.consortium(), contract=contract, rows=rows)
    from kooperacja.commissioning.models import Contract

    Contract.objects.filter(pk=contract.pk).update(contractor=demo.org("ss_zubr"))
    contract.refresh_from_db()
    with pytest.raises(ValidationError, match="lider"):
        services.plan_create(actor=demo.user("coordinator"), consortium=h.consortium(), contract=contract, rows=rows)


def test_approval_only_by_adopted_resolution_and_versions_supersede(demo: Any) -> None:
    c = h.consortium()
    contract = h.make_contract(demo)
    coordinator = demo.user("coordinator")
    v1 = services.plan_create(actor=coordinator, consortium=c, contract=contract, rows=h.split_rows(demo, contract))
    assert v1.status == "draft" and v1.version == 1
    # Rejected resolution: the version is rejected, nothing becomes approved.
    res = h.adopt(demo, c, kind="approve_split", target_plan=v1, body_kind="board", choice="against")
    v1.refresh_from_db()
    assert res.status == "rejected" and v1.status == "rejected"
    assert selectors.approved_plan(contract) is None
    v2 = services.plan_create(actor=coordinator, consortium=c, contract=contract, rows=h.split_rows(demo, contract))
    res = h.adopt(demo, c, kind="approve_split", target_plan=v2, body_kind="board")
    v2.refresh_from_db()
    assert v2.status == "approved" and v2.approved_by == res and v2.version == 2
    rows = h.split_rows(demo, contract)
    rows[0].task = "Zmienione zadanie"
    v3 = services.plan_create(actor=coordinator, consortium=c, contract=contract, rows=rows, note="zmiana")
    # While v3 waits, v2 still applies.
    assert selectors.approved_plan(contract) == v2
    h.adopt(demo, c, kind="approve_split", target_plan=v3, body_kind="board")
    v2.refresh_from_db()
    assert v2.status == "superseded"
    assert selectors.approved_plan(contract).pk == v3.pk
    assert AllocationPlan.objects.filter(contract=contract, status="approved").count() == 1


def test_contract_change_after_drafting_blocks_approval(demo: Any) -> None:
    from kooperacja.commissioning.models import Contract

    c = h.consortium()
    contract = h.make_contract(demo)
    plan = services.plan_create(
        actor=demo.user("coordinator"), consortium=c, contract=contract, rows=h.split_rows(demo, contract)
    )
    Contract.objects.filter(pk=contract.pk).update(amount=contract.amount + 1)
    coordinator = demo.user("coordinator")
    res = services.resolution_draft(
        actor=coordinator,
        consortium=c,
        body=c.bodies.get(kind="board"),
        kind="approve_split",
        target_plan=plan,
        title="T",
        text="T",
    )
    with pytest.raises(ValidationError, match="nie sumuje"):
        services.resolution_open_vote(actor=coordinator, resolution=res)


def _set_transparency(value: str) -> None:
    c = h.consortium()
    type(c).objects.filter(pk=c.pk).update(allocation_transparency=value)


def test_member_sees_only_its_own_allocation_detail_when_the_agreement_says_so(demo: Any, client_as: Any) -> None:
    plan = h.approved_plan(demo)
    pes = demo.user("pes_staff")
    zubr = demo.org("ss_zubr")
    _set_transparency("own")
    forget(pes)
    visible = selectors.allocations_visible_to(pes).filter(plan=plan)
    assert visible.exists()
    assert set(visible.values_list("member__organisation", flat=True)) == {zubr.pk}
    others = plan.allocations.exclude(member__organisation=zubr)
    assert others.exists()
    response = client_as("pes_staff").get(f"/konsorcja/podzial/{plan.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    for a in plan.allocations.select_related("member"):
        if a.member.organisation_id == zubr.pk:
            assert a.task in html
    other_tasks = {a.task for a in others} - {a.task for a in plan.allocations.filter(member__organisation=zubr)}
    for task in other_tasks:
        assert task not in html
    # The API answers the same.
    api = client_as("pes_staff").get(f"/api/v1/allocations?contract={plan.contract_id}")
    assert {row["organisation_id"] for row in api.json()["items"]} == {zubr.pk}
    # When the agreement makes the split transparent, members see everything.
    _set_transparency("all")
    forget(pes)
    assert selectors.allocations_visible_to(pes).filter(plan=plan).count() == plan.allocations.count()


def test_authority_sees_the_split_of_its_contract_others_see_nothing(demo: Any, client_as: Any) -> None:
    plan = h.approved_plan(demo)
    officer = demo.user("officer")
    assert selectors.allocations_visible_to(officer).filter(plan=plan).count() == plan.allocations.count()
    for key in ("resident", "social_worker", "analyst"):
        assert not selectors.allocations_visible_to(demo.user(key)).exists()
    # The officer does not see internal votes.
    res = plan.approved_by
    assert client_as("officer").get(f"/konsorcja/uchwaly/{res.pk}/").status_code == 404
    assert client_as("officer").get(f"/api/v1/consortia/{plan.consortium_id}/resolutions").status_code == 404


def test_members_report_and_office_assembles_without_retyping(demo: Any, client_as: Any) -> None:
    plan = h.approved_plan(demo)
    allocation = plan.allocations.filter(member__organisation=demo.org("ss_zubr")).first()
    pes = demo.user("pes_staff")
    forget(pes)
    text = "Świetlica: 40 dzieci, zajęcia artystyczne – unikalny opis 7731"
    report = services.delivery_report_submit(
        actor=pes,
        allocation=allocation,
        period_start=allocation.starts_on,
        period_end=allocation.starts_on + dt.timedelta(days=5),
        delivered=text,
        costs=Decimal("1234.56"),
        people_reached=40,
        progress_percent=20,
    )
    with pytest.raises(PermissionDenied):
        services.delivery_report_submit(
            actor=demo.user("ngo_staff"),
            allocation=allocation,
            period_start=allocation.starts_on,
            period_end=allocation.starts_on,
            delivered="x",
            costs=Decimal("1"),
        )
    page = client_as("coordinator").get(f"/konsorcja/{plan.consortium_id}/umowy/{plan.contract_id}/sprawozdanie/")
    assert page.status_code == 200
    assert text in page.content.decode()
    summaries = selectors.plan_status(plan)
    zubr = next(s for s in summaries if s.member.organisation_id == demo.org("ss_zubr").pk)
    assert zubr.spent >= Decimal("1234.56")
    pdf = client_as("coordinator").get(f"/konsorcja/{plan.consortium_id}/umowy/{plan.contract_id}/sprawozdanie.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    # The office returns the report; returned reports do not count.
    services.delivery_report_review(
        actor=demo.user("coordinator"), report=report, accept=False, note="Brak listy obecności"
    )
    summaries = selectors.plan_status(plan)
    zubr2 = next(s for s in summaries if s.member.organisation_id == demo.org("ss_zubr").pk)
    assert zubr2.spent == zubr.spent - Decimal("1234.56")


def test_office_sees_who_is_late(demo: Any, client_as: Any) -> None:
    c = h.consortium()
    contract = h.make_contract(demo)
    plan = h.make_approved_plan(demo, contract)  # every report is due yesterday
    today = dt.date.today()
    late = {s.member.organisation.pk for s in selectors.plan_status(plan, today) if s.late}
    assert late == set(plan.allocations.values_list("member__organisation", flat=True))
    allocation = plan.allocations.get(member__organisation=demo.org("ss_zubr"))
    pes = demo.user("pes_staff")
    forget(pes)
    services.delivery_report_submit(
        actor=pes,
        allocation=allocation,
        period_start=allocation.starts_on,
        period_end=allocation.starts_on,
        delivered="Zrobione",
        costs=Decimal("10.00"),
    )
    late_after = {s.member.organisation.pk for s in selectors.plan_status(plan, today) if s.late}
    assert late_after == late - {demo.org("ss_zubr").pk}
    html = client_as("coordinator").get(f"/konsorcja/{c.pk}/umowy/{contract.pk}/sprawozdanie/").content.decode()
    assert "po terminie" in html and str(demo.org("ss_dobre_rece")) in html


def test_office_feeds_the_contract_report_through_commissioning(demo: Any, client_as: Any) -> None:
    plan = h.approved_plan(demo)
    report = h.contract_report(demo)
    allocation = plan.allocations.filter(member__organisation=demo.org("ss_zubr")).first()
    pes = demo.user("pes_staff")
    forget(pes)
    text = "Zajęcia wyrównawcze dla 15 dzieci – opis 4411"
    services.delivery_report_submit(
        actor=pes,
        allocation=allocation,
        period_start=max(allocation.starts_on, report.period_start),
        period_end=max(allocation.starts_on, report.period_start),
        delivered=text,
        costs=Decimal("500.00"),
    )
    url = f"/konsorcja/{plan.consortium_id}/umowy/{plan.contract_id}/sprawozdanie/przenies/"
    assert client_as("pes_staff").post(url, {"report": report.pk}).status_code in (403, 404)
    response = client_as("coordinator").post(url, {"report": report.pk})
    assert response.status_code == 302
    report.refresh_from_db()
    assert text in report.actions_done
    summaries = selectors.plan_status(plan)
    zubr = next(x for x in summaries if x.member.organisation_id == demo.org("ss_zubr").pk)
    spent = sum(
        (
            r.costs
            for row in zubr.rows
            for r in row.reports
            if r.status != "returned" and r.period_end >= report.period_start and r.period_start <= report.period_end
        ),
        Decimal("0"),
    )
    from kooperacja.core.pdf import format_pln

    assert f"{demo.org('ss_zubr').name}: {format_pln(spent)}" in report.other_info
    assert spent >= Decimal("500.00")
