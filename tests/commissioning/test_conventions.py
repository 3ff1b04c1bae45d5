"""Issue 11 for commissioning: the paper-offer service, one policy for offers and calls, 404 for what one may not
know exists, the call page's steps from the workflow table, and the timelines in labels."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kooperacja.accounts.models import User
from kooperacja.commissioning import rules as commissioning_rules
from kooperacja.commissioning import selectors, services
from kooperacja.commissioning.enums import CallState, OfferState
from kooperacja.commissioning.events import CommissioningEvent
from kooperacja.commissioning.models import Call, CommissionMember, Offer, ReasonsRequest
from kooperacja.commissioning.policies import CALLS, OFFERS, authority_of
from kooperacja.commissioning.services import ActionLine, BudgetLine, IndicatorLine
from kooperacja.core.models import AuditEvent
from kooperacja.core.policy import assert_policy_consistent

D = Decimal
pytestmark = pytest.mark.django_db


def _paper(build: Any, demo: Any, call: Call, *, actor: Any = None, **kw: Any) -> Offer:
    start = call.delivery_start
    assert start is not None
    end = start + dt.timedelta(days=60)
    return services.offer_register_paper(
        actor=actor or demo.user("officer"),
        call=call,
        lead_organisation=demo.org("owop"),
        data={
            "title": "Doradztwo dla NGO",
            "start_date": start,
            "end_date": end,
            "summary": "Dyżury.",
            "expected_results": "10 organizacji.",
            "contact_person": "Biuro",
            "experience": "25 lat.",
            "declarations_accepted": True,
        },
        actions=[ActionLine(name="Dyżury", start_date=start, end_date=end)],
        indicators=[IndicatorLine(name="Organizacje", planned_level=D(10))],
        budget=[BudgetLine(name="Doradca", quantity=D(6), unit="mies.", unit_cost=D("3000.00"), personal=D("1000"))],
        **kw,
    )


# --- the missing service: the office registers a paper offer ---------------------------------------------------


def test_paper_offer_is_submitted_with_totals_number_and_event(build: Any, demo: Any) -> None:
    call = build.call()
    offer = _paper(build, demo, call)
    assert offer.state == OfferState.SUBMITTED
    assert offer.submitted_at is not None and offer.number.startswith(f"{call.pk}/")
    assert offer.total_cost == D("18000.00") and offer.requested_amount == D("17000.00")
    assert offer.partners.get().organisation == demo.org("owop")
    assert AuditEvent.objects.filter(verb=CommissioningEvent.OFFER_REGISTERED_PAPER, target_id=str(offer.pk)).exists()


def test_paper_offer_only_by_the_office(build: Any, demo: Any) -> None:
    call = build.call()
    with pytest.raises(PermissionDenied):
        _paper(build, demo, call, actor=demo.user("pes_staff"))
    assert not call.offers.exists()


def test_paper_offer_after_the_deadline_is_refused_and_nothing_stored(build: Any, demo: Any) -> None:
    call = build.past_deadline(build.call())
    with pytest.raises(ValidationError):
        _paper(build, demo, call)
    assert not call.offers.exists()


def test_demo_does_not_write_offers_itself() -> None:
    from pathlib import Path

    from kooperacja.demo.scenarios import commissioning as scenario

    text = Path(scenario.__file__).read_text(encoding="utf-8")
    assert "Offer.objects.create" not in text and "services._" not in text


# --- one policy --------------------------------------------------------------------------------------------------


def test_call_and_offer_policies_agree_with_their_scopes(demo: Any) -> None:
    users = list(User.objects.all())
    assert assert_policy_consistent(CALLS, users, Call.objects.all()) > 0
    assert assert_policy_consistent(OFFERS, users, Offer.objects.all()) > 0


def test_rules_and_selectors_are_one_policy(demo: Any) -> None:
    for user in User.objects.all():
        visible = set(selectors.offers_visible_to(user).values_list("pk", flat=True))
        for offer in Offer.objects.all():
            assert user.has_perm("commissioning.view_offer", offer) == (offer.pk in visible), (user, offer)
        calls = set(selectors.calls_visible_to(user).values_list("pk", flat=True))
        for call in Call.objects.all():
            assert user.has_perm("commissioning.view_call", call) == (call.pk in calls), (user, call)


def test_commission_seat_without_declaration_sees_the_call_not_the_offers(build: Any, demo: Any) -> None:
    call = build.call()
    build.offer(call)
    call = build.past_deadline(call)
    officer, member = demo.user("officer"), demo.user("commission")
    call = services.call_open_offers(actor=officer, call=call)
    offer = call.offers.get()
    services.offer_formal_decision(actor=officer, offer=offer, eligible=True)
    services.call_finish_formal_review(actor=officer, call=call)
    services.commission_appoint(actor=officer, call=call, user=member, role="authority")
    offer.refresh_from_db()
    assert commissioning_rules.is_commission_member(member, call)
    assert not commissioning_rules.is_commission_member(member, offer)
    assert not OFFERS.can(member, "view", offer)
    services.declaration_sign(actor=member, call=call, confirm=True)
    assert commissioning_rules.is_commission_member(member, offer)
    assert OFFERS.can(member, "view", offer)


def test_authority_of_is_explicit_per_model(build: Any, demo: Any) -> None:
    call = build.call()
    assert authority_of(call) == call.authority_id
    with pytest.raises(TypeError):
        authority_of(demo.org("owop"))


# --- 404 for a record one may not know exists ------------------------------------------------------------------


def test_reasons_answer_hides_the_request_from_who_does_not_manage_the_call(client: Any, demo: Any) -> None:
    call = Call.objects.filter(results_published_at__isnull=False).first()
    assert call is not None
    req = ReasonsRequest.objects.create(call=call, requester_name="Jan", requester_email="j@x.pl", question="Dlaczego?")
    from tests.conftest import login_client

    client = login_client(client, demo.user("pes_staff"))  # with the second factor the role requires
    response = client.post(reverse("commissioning:reasons_answer", args=[req.pk]), {"answer": "x"})
    assert response.status_code == 404
    req.refresh_from_db()
    assert req.answered_at is None


# --- the call page's steps come from the workflow table --------------------------------------------------------


def test_call_steps_follow_the_workflow(build: Any) -> None:
    draft = build.call(publish=False)
    steps = selectors.call_steps(draft)
    assert steps["can_publish"] and steps["can_cancel"] and not steps["can_open"]
    published = build.call()
    steps = selectors.call_steps(published)
    assert steps["can_open"] and not steps["can_publish"] and not steps["offers_opened"]
    assert published.state == CallState.PUBLISHED


def test_timelines_show_labels_on_offer_and_contract(client: Any, demo: Any) -> None:
    from kooperacja.commissioning.models import Contract

    contract = Contract.objects.first()
    assert contract is not None
    client.force_login(demo.user("officer"))
    body = client.get(contract.get_absolute_url()).content.decode()
    assert "Podpisano umowę" in body and "commissioning.contract_signed" not in body
    body = client.get(reverse("commissioning:offer_detail", args=[contract.offer_id])).content.decode()
    assert "commissioning.offer_" not in body


def test_members_seat_exists_in_demo() -> None:
    assert CommissionMember.objects.exists()
