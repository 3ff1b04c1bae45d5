"""Changes after the award: the updated budget and schedule after a lower grant, change requests during the
contract (within the contract's percentage without an annex, beyond it with an annex), the offer form's live
arithmetic, and the demo's changes."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kooperacja.commissioning import selectors, services
from kooperacja.commissioning.enums import ChangeRequestState, OfferState, OfferUpdateState
from kooperacja.commissioning.models import Annex, Call, ChangeRequest, Contract, Offer
from kooperacja.commissioning.services import BudgetLine, ScheduleLine, ShiftLine
from kooperacja.core.models import AuditEvent, Notification
from kooperacja.demo.scenarios.commissioning import FINISHED_TITLE

pytestmark = pytest.mark.django_db
D = Decimal


def _text(response: Any) -> str:
    """The page as a reader sees the amounts: no-break and narrow spaces as plain ones."""
    return response.content.decode().replace("\xa0", " ").replace("\u202f", " ")


def _awarded_lower(demo: Any, build: Any, amount: str = "20000.00") -> Offer:
    """A fresh offer (30 000 zł of costs, 28 000 zł requested, 2 000 zł own personal contribution; the call wants
    5 %) awarded `amount` by the office, results published: the offer must be updated."""
    officer, commission = demo.user("officer"), demo.user("commission")
    call = build.call()
    offer = build.offer(call)
    call = build.past_deadline(call)
    call = services.call_open_offers(actor=officer, call=call)
    offer.refresh_from_db()
    services.offer_formal_decision(actor=officer, offer=offer, eligible=True)
    call = services.call_finish_formal_review(actor=officer, call=call)
    services.commission_appoint(actor=officer, call=call, user=commission)
    services.declaration_sign(actor=commission, call=call, confirm=True)
    services.score_submit(actor=commission, offer=offer, scores={c.pk: (D(5), "ok") for c in call.criteria.all()})
    services.call_record_opinion(actor=officer, call=call, opinion="Rekomendujemy z niższą kwotą.")
    call = services.call_decide(actor=officer, call=call, awards={offer.pk: D(amount)})
    services.call_publish_results(actor=officer, call=call)
    offer.refresh_from_db()
    assert offer.state == OfferState.UPDATE_REQUIRED
    return offer


def _submit(demo: Any, offer: Offer, budget: list[BudgetLine], **kw: Any) -> Any:
    assert offer.start_date is not None and offer.end_date is not None
    return services.offer_update_submit(
        actor=demo.user("pes_staff"),
        offer=offer,
        start_date=kw.pop("start_date", offer.start_date),
        end_date=kw.pop("end_date", offer.end_date),
        budget=budget,
        **kw,
    )


def test_lower_award_is_accepted_through_the_updated_budget(demo: Any, build: Any) -> None:
    offer = _awarded_lower(demo, build)
    officer, staff = demo.user("officer"), demo.user("pes_staff")
    with pytest.raises(ValidationError, match="zaktualizowany kosztorys"):
        services.offer_accept_award(actor=staff, offer=offer)
    proposal = services.update_proposal(offer)
    assert sum(services.budget_arithmetic(line)["from_grant"] for line in proposal) == D("20000.00")

    # the grant must equal the amount awarded
    too_much = [BudgetLine(name="Opiekun", quantity=D(10), unit="mies.", unit_cost=D("2200.00"), personal=D(1500))]
    with pytest.raises(ValidationError) as err:
        _submit(demo, offer, too_much)
    assert "równa przyznanej" in " ".join(err.value.message_dict["budget"])
    # the call's 5 % own share still holds
    no_share = [BudgetLine(name="Opiekun", quantity=D(10), unit="mies.", unit_cost=D("2000.00"))]
    with pytest.raises(ValidationError) as err:
        _submit(demo, offer, no_share)
    assert "wkład własny ogółem: wymagane co najmniej 5" in " ".join(err.value.message_dict["budget"])
    # the task's dates stay within the announcement's
    assert offer.call.delivery_end is not None
    with pytest.raises(ValidationError) as err:
        _submit(demo, offer, proposal, end_date=offer.call.delivery_end + dt.timedelta(days=1))
    assert "end_date" in err.value.message_dict
    with pytest.raises(PermissionDenied):
        services.offer_update_submit(
            actor=officer, offer=offer, start_date=offer.start_date, end_date=offer.end_date, budget=proposal
        )

    action = offer.actions.get()
    assert offer.start_date is not None
    later = offer.start_date + dt.timedelta(days=7)
    first = _submit(demo, offer, proposal, schedule=[ScheduleLine(action.pk, later, offer.end_date)])
    assert first.state == OfferUpdateState.SUBMITTED and first.grant_total == D("20000.00")
    with pytest.raises(ValidationError, match="czeka na decyzję"):
        _submit(demo, offer, proposal)
    with pytest.raises(PermissionDenied):
        services.offer_update_accept(actor=staff, update=first)
    with pytest.raises(ValidationError):
        services.offer_update_return(actor=officer, update=first, reason=" ")
    services.offer_update_return(actor=officer, update=first, reason="Prosimy zachować wynagrodzenie opiekuna.")
    first.refresh_from_db()
    assert first.state == OfferUpdateState.RETURNED

    second_budget = [
        BudgetLine(name="Opiekun", quantity=D(10), unit="mies.", unit_cost=D("2000.00"), personal=D(0)),
        BudgetLine(name="Materiały", quantity=D(1), unit="kpl.", unit_cost=D("1500.00"), personal=D(1500)),
    ]
    second = _submit(demo, offer, second_budget, schedule=[ScheduleLine(action.pk, later, offer.end_date)])
    assert second.number == 2
    services.offer_update_accept(actor=officer, update=second)
    offer.refresh_from_db()
    assert offer.state == OfferState.ACCEPTED
    assert [r.name for r in offer.budget_rows.order_by("order")] == ["Opiekun", "Materiały"]
    assert (offer.requested_amount, offer.total_cost) == (D("20000.00"), D("21500.00"))
    action.refresh_from_db()
    assert action.start_date == later
    verbs = set(AuditEvent.objects.filter(target_id=str(offer.pk)).values_list("verb", flat=True))
    assert {"commissioning.offer_update_submitted", "commissioning.offer_update_returned"} <= verbs
    assert "commissioning.offer_update_accepted" in verbs
    # the contract's budget is the accepted update's
    contract = services.contract_create(
        actor=officer, offer=offer, number="UM/T/1", tranches=[(offer.start_date, D("20000.00"))]
    )
    assert contract.amount == D("20000.00") and contract.own_contribution == D("1500.00")


def test_the_offeror_and_the_office_are_told(demo: Any, build: Any) -> None:
    offer = _awarded_lower(demo, build)
    officer = demo.user("officer")
    update = _submit(demo, offer, services.update_proposal(offer))
    assert Notification.objects.filter(recipient=officer, url__contains=f"/oferty/{offer.pk}/aktualizacja/").exists()
    services.offer_update_accept(actor=officer, update=update)
    assert Notification.objects.filter(
        recipient=demo.user("pes_staff"), url__contains=f"/oferty/{offer.pk}/aktualizacja/"
    ).exists()


# --- change requests ------------------------------------------------------------------------------------------


def _contract() -> Contract:
    return Call.objects.get(title=FINISHED_TITLE).contracts.get()


def _clear_pending(demo: Any, contract: Contract) -> None:
    """The demo leaves one request waiting for the office: reject it so a test can submit its own."""
    for req in contract.change_requests.filter(state=ChangeRequestState.SUBMITTED):
        services.change_request_reject(actor=demo.user("officer"), request=req, reason="Test.")


def _two_rows(contract: Contract) -> tuple[Any, Any]:
    rows = list(contract.offer.budget_rows.order_by("order"))
    return rows[0], rows[1]


def test_a_small_shift_is_approved_without_an_annex(demo: Any) -> None:
    contract = _contract()
    _clear_pending(demo, contract)
    a, b = _two_rows(contract)
    limit = services.increase_limit(contract, b.from_grant)
    assert limit == (b.from_grant * D("0.10")).quantize(D("0.01"))
    req = services.change_request_submit(
        actor=demo.user("coordinator"),
        contract=contract,
        justification="Więcej godzin opiekunów.",
        shifts=[ShiftLine(a.pk, a.from_grant - limit), ShiftLine(b.pk, b.from_grant + limit)],
    )
    assert not req.needs_annex
    assert Notification.objects.filter(recipient=demo.user("officer"), url=req.get_absolute_url()).exists()
    annexes = contract.annexes.count()
    total_before = contract.offer.requested_amount
    services.change_request_approve(actor=demo.user("officer"), request=req)
    req.refresh_from_db()
    assert req.state == ChangeRequestState.APPROVED and req.annex is None
    assert contract.annexes.count() == annexes
    b_after = type(b).objects.get(pk=b.pk)
    assert b_after.from_grant == b.from_grant + limit
    assert b_after.total == b.total + limit  # the row's total moves with its grant
    offer = Offer.objects.get(pk=contract.offer_id)
    assert offer.requested_amount == total_before  # the grant of the contract stays the same
    line = req.budget_lines.get(budget_row=b)
    assert (line.previous_grant, line.new_grant) == (b.from_grant, b.from_grant + limit)


def test_a_shift_beyond_the_limit_becomes_an_annex_with_before_and_after(demo: Any, client_as: Any) -> None:
    contract = _contract()
    _clear_pending(demo, contract)
    a, b = _two_rows(contract)
    over = services.increase_limit(contract, b.from_grant) + D("0.01")
    req = services.change_request_submit(
        actor=demo.user("coordinator"),
        contract=contract,
        justification="Wzrost kosztów.",
        shifts=[ShiftLine(a.pk, a.from_grant - over), ShiftLine(b.pk, b.from_grant + over)],
        new_end_date=contract.end_date + dt.timedelta(days=14),
    )
    assert req.needs_annex
    page = client_as("officer").get(req.get_absolute_url())
    assert "wymaga aneksu" in _text(page) and "art. 77 § 1 Kodeksu cywilnego" in _text(page)
    services.change_request_approve(actor=demo.user("officer"), request=req, signed_on=dt.date.today())
    req.refresh_from_db()
    annex = req.annex
    assert isinstance(annex, Annex)
    assert annex.previous_end_date == contract.end_date
    assert annex.new_end_date == contract.end_date + dt.timedelta(days=14)
    assert b.name in annex.summary and "Koniec realizacji zadania przesunięto" in annex.summary
    contract.refresh_from_db()
    assert contract.end_date == annex.new_end_date
    detail = _text(client_as("coordinator").get(contract.get_absolute_url()))
    assert f"Aneks nr {annex.number}" in detail and "Przesunięcie środków dotacji" in detail


def test_shifts_must_balance_and_respect_what_was_spent(demo: Any) -> None:
    contract = _contract()
    _clear_pending(demo, contract)
    a, b = _two_rows(contract)
    coordinator = demo.user("coordinator")
    with pytest.raises(ValidationError) as err:
        services.change_request_submit(
            actor=coordinator, contract=contract, justification="x", shifts=[ShiftLine(b.pk, b.from_grant + 100)]
        )
    assert "bilansować" in " ".join(err.value.message_dict["budget"])
    spent = {t["row"].pk: t["spent"]["grant"] for t in selectors.running_totals(contract)}
    rows = list(contract.offer.budget_rows.order_by("order"))
    a = max(rows, key=lambda r: spent[r.pk])
    b = next(r for r in rows if r.pk != a.pk)
    assert spent[a.pk] > 0, "the demo's partial report spent part of the grant"
    with pytest.raises(ValidationError) as err:
        services.change_request_submit(
            actor=coordinator,
            contract=contract,
            justification="x",
            shifts=[ShiftLine(a.pk, D(0)), ShiftLine(b.pk, b.from_grant + a.from_grant)],
        )
    assert "wydano już" in " ".join(err.value.message_dict["budget"])
    with pytest.raises(ValidationError, match="żadnej zmiany"):
        services.change_request_submit(actor=coordinator, contract=contract, justification="x")
    with pytest.raises(PermissionDenied):
        services.change_request_submit(
            actor=demo.user("officer"), contract=contract, justification="x", staff_change="Nowa osoba."
        )
    req = services.change_request_submit(
        actor=coordinator, contract=contract, justification="Zmiana kadry.", staff_change="Nowa psycholożka."
    )
    with pytest.raises(ValidationError, match="czeka na decyzję"):
        services.change_request_submit(actor=coordinator, contract=contract, justification="x", staff_change="y")
    with pytest.raises(PermissionDenied):
        services.change_request_approve(actor=coordinator, request=req)
    with pytest.raises(ValidationError):
        services.change_request_reject(actor=demo.user("officer"), request=req, reason="")
    services.change_request_reject(actor=demo.user("officer"), request=req, reason="Brak kwalifikacji.")
    assert ChangeRequest.objects.get(pk=req.pk).state == ChangeRequestState.REJECTED


def test_the_demo_has_the_changes_of_the_journey(demo: Any, client_as: Any) -> None:
    contract = _contract()
    offer = contract.offer
    assert offer.updates.get().state == OfferUpdateState.ACCEPTED  # awarded 650 000 zł, less than requested
    assert offer.requested_amount == contract.amount == D("650000.00")
    requests = list(contract.change_requests.order_by("number"))
    assert [r.state for r in requests] == ["approved", "approved", "submitted"]
    assert requests[0].annex is not None and requests[1].annex is None
    # the shift between the rows of two lots moved the contract's amounts per lot with it
    for cl in contract.contract_lots.all():
        assert cl.amount == sum(r.from_grant for r in offer.budget_rows.filter(lot=cl.lot)), cl.lot
    page = _text(client_as("officer").get(contract.get_absolute_url()))
    assert "bez aneksu (w limicie umowy)" in page and "Złóż wniosek o zmianę" not in page
    assert "Złóż wniosek o zmianę" in _text(client_as("coordinator").get(contract.get_absolute_url()))
    pending = _text(client_as("officer").get(requests[2].get_absolute_url()))
    assert "Zatwierdź zmianę" in pending and "Anna Nowicka" in pending


def test_change_request_form_puts_errors_at_the_fields(demo: Any, client_as: Any) -> None:
    contract = _contract()
    _clear_pending(demo, contract)
    a, b = _two_rows(contract)
    url = reverse("commissioning:change_request_create", args=[contract.pk])
    client = client_as("coordinator")
    assert client.get(url).status_code == 200
    data = {f"grant_{r.pk}": str(r.from_grant) for r in contract.offer.budget_rows.all()}
    data.update({"justification": "Więcej godzin.", f"grant_{b.pk}": str(b.from_grant + 500)})
    page = client.post(url, data)
    assert page.status_code == 200 and "bilansować" in _text(page)
    data[f"grant_{a.pk}"] = str(a.from_grant - 500)
    data["new_end_date"] = "1899-01-01"
    page = client.post(url, data)
    assert page.status_code == 200 and 'id="id_new_end_date_error"' in _text(page)
    data["new_end_date"] = ""
    response = client.post(url, data)
    assert response.status_code == 302
    assert contract.change_requests.filter(state="submitted").count() == 1


# --- the offer form computes as you type ---------------------------------------------------------------------


def test_offer_calc_computes_rows_totals_and_limits(demo: Any, build: Any, client_as: Any) -> None:
    call = build.call(min_own_share=D("10"))
    offer = build.offer(call, submit=False)
    url = reverse("commissioning:offer_calc", args=[offer.pk])
    data = {
        "b-TOTAL_FORMS": "2",
        "b-INITIAL_FORMS": "0",
        "b-0-name": "Opiekun",
        "b-0-quantity": "10",
        "b-0-unit": "mies.",
        "b-0-unit_cost": "3000.00",
        "b-0-personal": "2000",
        "b-1-name": "Materiały",
        "b-1-quantity": "2",
        "b-1-unit": "kpl.",
        "b-1-unit_cost": "500",
        "b-1-personal": "5000",
    }
    page = client_as("pes_staff").post(url, data, HTTP_HX_REQUEST="true")
    html = _text(page)
    assert page.status_code == 200 and "<html" not in html  # a fragment for htmx
    assert "30 000,00 zł" in html  # 10 × 3 000
    assert "przekraczają koszt razem" in html  # 5 000 of contributions on a 1 000 zł row
    assert "6,67 %" in html and "za mało" in html  # 2 000 of 30 000 against the call's 10 %
    data["b-1-personal"] = "1000"
    html = _text(client_as("pes_staff").post(url, data))
    assert "31 000,00 zł" in html and "9,68 %" in html
    data["b-1-unit_cost"] = "abc"
    html = _text(client_as("pes_staff").post(url, data))
    assert "Materiały" in html and "Wpisz liczbę" in html  # a row that does not parse says why
    data["b-1-unit_cost"] = "500"
    # the same arithmetic as the saved offer
    preview = services.budget_preview(
        call,
        [
            BudgetLine(name="Opiekun", quantity=D(10), unit="mies.", unit_cost=D(3000), personal=D(2000)),
            BudgetLine(name="Materiały", quantity=D(2), unit="kpl.", unit_cost=D(500), personal=D(1000)),
        ],
    )
    assert preview["sums"]["total"] == D("31000.00") and not preview["ok"]
    assert client_as("officer").post(url, data).status_code == 404  # the draft is sealed to the office


def test_update_page_prefills_the_proportional_proposal_and_submits(demo: Any, build: Any, client_as: Any) -> None:
    offer = _awarded_lower(demo, build)
    url = reverse("commissioning:offer_update", args=[offer.pk])
    client = client_as("pes_staff")
    html = _text(client.get(url))
    assert "Złóż aktualizację" in html and "20 000,00 zł" in html
    assert 'hx-post="' + reverse("commissioning:offer_calc", args=[offer.pk]) in html
    proposal = services.update_proposal(offer)
    data = {
        "start_date": offer.start_date.isoformat() if offer.start_date else "",
        "end_date": offer.end_date.isoformat() if offer.end_date else "",
        "b-TOTAL_FORMS": str(len(proposal)),
        "b-INITIAL_FORMS": "0",
        "then": "submit",
    }
    for i, line in enumerate(proposal):
        data.update(
            {
                f"b-{i}-name": line.name,
                f"b-{i}-quantity": str(line.quantity),
                f"b-{i}-unit": line.unit,
                f"b-{i}-unit_cost": str(line.unit_cost),
                f"b-{i}-from_grant": str(line.from_grant),
                f"b-{i}-personal": str(line.personal),
            }
        )
    assert client.post(url, data).status_code == 302
    update = offer.updates.get()
    assert update.grant_total == D("20000.00")
    officer_page = _text(client_as("officer").get(url))
    assert "Przyjmij aktualizację" in officer_page
    response = client_as("officer").post(
        reverse("commissioning:offer_update_decide", args=[update.pk]), {"action": "accept"}
    )
    assert response.status_code == 302
    assert Offer.objects.get(pk=offer.pk).state == OfferState.ACCEPTED
