"""The split starts from the joint offer (who does what, for how much) and a departure from it needs a reason that
the approving resolution and its PDF show (issue 16). The demo's approved split follows its offer."""

from __future__ import annotations

import io
from collections import defaultdict
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pypdf import PdfReader

from kooperacja.commissioning.enums import LotSector
from kooperacja.consortia import selectors, services
from kooperacja.consortia.models import ConsortiumMember

from . import helpers as h

ZERO = Decimal("0.00")


def _demo_plan() -> Any:
    plan = selectors.approved_plan(h.consortium().plans.order_by("pk").first().contract)
    assert plan is not None, "the demo approves a split of the Hajnówka contract"
    return plan


def _pdf_text(content: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(content)).pages)


def test_offer_shares_follow_the_budget_and_actions_and_sum_to_the_contract(demo: Any) -> None:
    contract = _demo_plan().contract
    shares = selectors.offer_shares(contract)
    assert sum((s.amount for s in shares), ZERO) == contract.amount
    per_lot: dict[int | None, Decimal] = defaultdict(lambda: ZERO)
    for s in shares:
        per_lot[s.contract_lot_id] += s.amount
    for cl in contract.contract_lots.all():
        assert per_lot[cl.pk] == cl.amount
    by_org = defaultdict(set)
    for s in shares:
        by_org[s.organisation_id].add(s.contract_lot_id)
    lot_of_sector = {cl.lot.sector: cl.pk for cl in contract.contract_lots.select_related("lot")}
    # the offer: Żubr runs the day room, Dobre Ręce and the lead the senior club (the lead also coordinates)
    assert by_org[demo.org("ss_zubr").pk] == {lot_of_sector[LotSector.CHILDREN_DAY_ROOM]}
    assert lot_of_sector[LotSector.SENIORS] in by_org[demo.org("cal_hajnowka").pk]
    assert lot_of_sector[LotSector.SENIORS] in by_org[demo.org("ss_dobre_rece").pk]
    lead = next(s for s in shares if s.organisation_id == demo.org("cal_hajnowka").pk)
    assert "Koordynacja" in lead.task and lead.amount > 0


def test_the_demo_split_matches_the_joint_offer(demo: Any) -> None:
    plan = _demo_plan()
    shares = {(s.organisation_id, s.contract_lot_id): s.amount for s in selectors.offer_shares(plan.contract)}
    allocated = {(a.member.organisation_id, a.contract_lot_id): a.amount for a in plan.allocations.all()}
    assert allocated == shares
    assert plan.offer_deviations == [] and plan.deviation_reason == ""
    zubr = plan.allocations.get(member__organisation=demo.org("ss_zubr"))
    assert zubr.contract_lot.lot.sector == LotSector.CHILDREN_DAY_ROOM
    assert plan.allocations.filter(member__organisation=demo.org("cal_hajnowka")).exists()


def _offer_rows(contract: Any, consortium: Any) -> list[services.AllocationRow]:
    members = {m.organisation_id: m for m in ConsortiumMember.objects.filter(consortium=consortium)}
    lots = {cl.pk: cl for cl in contract.contract_lots.all()}
    return [
        services.AllocationRow(
            member=members[s.organisation_id],
            task=s.task,
            amount=s.amount,
            starts_on=s.starts_on,
            ends_on=s.ends_on,
            report_due=s.ends_on,
            contract_lot=lots.get(s.contract_lot_id) if s.contract_lot_id else None,
        )
        for s in selectors.offer_shares(contract)
    ]


def _swap_in_senior_club(demo: Any, rows: list[services.AllocationRow]) -> None:
    """Move 1 000 zł of the senior club from SS „Dobre Ręce” to the lead: same sums, not the offer."""
    lead = next(r for r in rows if r.member.organisation_id == demo.org("cal_hajnowka").pk)
    other = next(
        r
        for r in rows
        if r.member.organisation_id == demo.org("ss_dobre_rece").pk and r.contract_lot == lead.contract_lot
    )
    lead.amount += Decimal("1000.00")
    other.amount -= Decimal("1000.00")


def test_a_departure_from_the_offer_needs_a_reason_kept_in_the_resolution_and_its_pdf(
    demo: Any, client_as: Any
) -> None:
    c = h.consortium()
    contract = _demo_plan().contract
    coordinator = demo.user("coordinator")
    rows = _offer_rows(contract, c)
    _swap_in_senior_club(demo, rows)
    with pytest.raises(ValidationError) as caught:
        services.plan_create(actor=coordinator, consortium=c, contract=contract, rows=rows)
    assert "deviation_reason" in caught.value.message_dict
    assert "odbiega od oferty wspólnej" in caught.value.message_dict["deviation_reason"][0]
    reason = "Lider przejmuje część zajęć klubu seniora po rezygnacji jednej opiekunki."
    plan = services.plan_create(actor=coordinator, consortium=c, contract=contract, rows=rows, deviation_reason=reason)
    assert plan.deviation_reason == reason
    assert len(plan.offer_deviations) == 2
    lead_name = demo.org("cal_hajnowka").name
    assert any(d.startswith(lead_name) and "w podziale" in d for d in plan.offer_deviations), plan.offer_deviations
    res = services.resolution_draft(
        actor=coordinator,
        consortium=c,
        body=c.bodies.get(kind="board"),
        kind="approve_split",
        target_plan=plan,
        title="Zmiana podziału",
        text="Zarząd zatwierdza zmieniony podział.",
    )
    page = client_as("coordinator").get(reverse("consortia:resolution", kwargs={"pk": res.pk}))
    html = page.content.decode()
    assert "Podział odbiega od oferty wspólnej" in html and reason in html
    pdf = client_as("coordinator").get(reverse("consortia:resolution_pdf", kwargs={"pk": res.pk}))
    text = _pdf_text(pdf.content)
    assert "Podział odbiega od oferty wspólnej" in text
    assert " ".join(reason.split()[:4]) in text
    assert "Uzasadnienie odstępstw" in text


def test_a_split_following_the_offer_needs_no_reason_and_says_so(demo: Any, client_as: Any) -> None:
    c = h.consortium()
    contract = _demo_plan().contract
    plan = services.plan_create(
        actor=demo.user("coordinator"),
        consortium=c,
        contract=contract,
        rows=_offer_rows(contract, c),
        deviation_reason="niepotrzebne",
    )
    assert plan.offer_deviations == [] and plan.deviation_reason == ""
    approving = _demo_plan().approved_by
    pdf = client_as("coordinator").get(reverse("consortia:resolution_pdf", kwargs={"pk": approving.pk}))
    assert "Podział jest zgodny z ofertą wspólną" in _pdf_text(pdf.content)


def test_the_split_form_starts_from_the_offer_and_asks_for_the_reason_at_the_field(demo: Any, client_as: Any) -> None:
    c = h.consortium()
    plan = _demo_plan()
    contract = plan.contract
    # no approved version: the form starts from the offer
    type(plan).objects.filter(pk=plan.pk).update(status="superseded")
    url = reverse("consortia:plan_create", kwargs={"pk": c.pk, "contract_pk": contract.pk})
    client = client_as("coordinator")
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Wiersze wypełniono według oferty wspólnej" in html
    shares = selectors.offer_shares(contract)
    form = page.context["formset"]
    assert [f.initial["amount"] for f in form.forms[: len(shares)]] == [s.amount for s in shares]
    members = {m.organisation_id: m.pk for m in ConsortiumMember.objects.filter(consortium=c)}
    data: dict[str, Any] = {
        "rows-TOTAL_FORMS": str(len(shares)),
        "rows-INITIAL_FORMS": str(len(shares)),  # as the page renders it: the prefilled rows are initial forms
        "note": "",
        "deviation_reason": "",
    }
    for i, s in enumerate(shares):
        data.update(
            {
                f"rows-{i}-member": members[s.organisation_id],
                f"rows-{i}-contract_lot": s.contract_lot_id or "",
                f"rows-{i}-task": s.task,
                f"rows-{i}-amount": str(s.amount),
                f"rows-{i}-starts_on": s.starts_on.isoformat(),
                f"rows-{i}-ends_on": s.ends_on.isoformat(),
                f"rows-{i}-report_due": s.ends_on.isoformat(),
            }
        )
    lead_i = next(i for i, s in enumerate(shares) if s.organisation_id == demo.org("cal_hajnowka").pk)
    other_i = next(
        i
        for i, s in enumerate(shares)
        if s.organisation_id == demo.org("ss_dobre_rece").pk and s.contract_lot_id == shares[lead_i].contract_lot_id
    )
    data[f"rows-{lead_i}-amount"] = str(shares[lead_i].amount + 100)
    data[f"rows-{other_i}-amount"] = str(shares[other_i].amount - 100)
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "deviation_reason" in refused.context["note_form"].errors
    data["deviation_reason"] = "Lider przejmuje część zajęć."
    saved = client.post(url, data)
    assert saved.status_code == 302
    newest = contract.consortium_plans.order_by("-version").first()
    assert newest.deviation_reason == "Lider przejmuje część zajęć." and newest.offer_deviations
