"""Evaluation: formal review, the commission (declarations, scores) and the authority's decision."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kooperacja.commissioning import legal, selectors, services
from kooperacja.commissioning.enums import CallState, OfferState
from kooperacja.commissioning.models import Call, ConflictDeclaration, Offer, Score
from kooperacja.demo.scenarios.commissioning import FINISHED_TITLE

D = Decimal
pytestmark = pytest.mark.django_db


def finished() -> Call:
    return Call.objects.get(title=FINISHED_TITLE)


def _opened(build: Any, demo: Any) -> tuple[Call, Offer]:
    call = build.call()
    offer = build.offer(call)
    build.past_deadline(call)
    call = services.call_open_offers(actor=demo.user("officer"), call=call)
    return call, offer


def test_no_offers_means_mandatory_cancellation(build: Any, demo: Any) -> None:
    call = build.past_deadline(build.call())
    call = services.call_open_offers(actor=demo.user("officer"), call=call)
    assert call.state == CallState.CANCELLED and call.cancel_reason == "no_offers"


def test_correction_request_and_formal_rejection_keep_the_reason(build: Any, demo: Any) -> None:
    call, offer = _opened(build, demo)
    officer = demo.user("officer")
    services.offer_request_correction(
        actor=officer, offer=offer, message="Brak statutu", due_date=timezone.localdate() + dt.timedelta(days=7)
    )
    offer = services.offer_answer_correction(actor=demo.user("pes_staff"), offer=offer, answer="Dołączono statut.")
    assert offer.state == OfferState.SUBMITTED
    with pytest.raises(ValidationError):
        services.offer_formal_decision(actor=officer, offer=offer, eligible=False, reason="")
    offer = services.offer_formal_decision(
        actor=officer, offer=offer, eligible=False, reason="Oferta po terminie statutu"
    )
    assert offer.formal_rejection_reason == "Oferta po terminie statutu"
    call = services.call_finish_formal_review(actor=officer, call=call)
    assert call.state == CallState.CANCELLED and call.cancel_reason == "none_compliant"


def test_commission_refuses_nominees_and_members_of_bidders(build: Any, demo: Any) -> None:
    call, _offer = _opened(build, demo)
    officer = demo.user("officer")
    with pytest.raises(ValidationError, match=r"art\. 15 ust\. 2d OPP"):
        services.commission_appoint(
            actor=officer, call=call, user=demo.user("commission"), role="ngo_nominee", nominated_by=demo.org("ss_zubr")
        )
    with pytest.raises(ValidationError, match=r"art\. 15 ust\. 2d OPP"):
        services.commission_appoint(actor=officer, call=call, user=demo.user("pes_staff"))
    member = services.commission_appoint(actor=officer, call=call, user=demo.user("commission"))
    assert member.call_id == call.pk


def test_no_scoring_without_declaration_and_scores_need_justification(build: Any, demo: Any) -> None:
    call, offer = _opened(build, demo)
    officer, commission = demo.user("officer"), demo.user("commission")
    services.offer_formal_decision(actor=officer, offer=offer, eligible=True)
    call = services.call_finish_formal_review(actor=officer, call=call)
    services.commission_appoint(actor=officer, call=call, user=commission)
    criteria = list(call.criteria.all())
    scores = {c.pk: (D(3), "Uzasadnienie") for c in criteria}
    assert not selectors.offers_visible_to(commission).filter(pk=offer.pk).exists()
    with pytest.raises(PermissionDenied, match="oświadczenie"):
        services.score_submit(actor=commission, offer=offer, scores=scores)
    assert not Score.objects.filter(offer=offer).exists()
    decl = services.declaration_sign(actor=commission, call=call, confirm=True)
    assert demo.org("ss_zubr").name in decl.offerors
    assert selectors.offers_visible_to(commission).filter(pk=offer.pk).exists()
    with pytest.raises(ValidationError, match="uzasadnienie"):
        services.score_submit(actor=commission, offer=offer, scores={c.pk: (D(3), " ") for c in criteria})
    too_many = {c.pk: (c.max_points + 1, "x") for c in criteria}
    with pytest.raises(ValidationError):
        services.score_submit(actor=commission, offer=offer, scores=too_many)
    services.score_submit(actor=commission, offer=offer, scores=scores)
    offer.refresh_from_db()
    assert offer.state == OfferState.SCORED
    assert offer.average_score == D(3) * len(criteria)


def test_demo_competition_end_to_end_numbers(demo: Any) -> None:
    call = finished()
    assert call.state == CallState.CONTRACTING
    ranking = selectors.ranking(call)
    assert next(r["offer"].lead_organisation.short_name for r in ranking) == "CAL „Razem”"
    assert ranking[0]["average"] > ranking[1]["average"]
    joint = ranking[0]["offer"]
    assert joint.awarded_amount == D("650000.00")
    # the updated budget keeps the grant share (art. 15 practice): 678 000 / 714 000 before
    assert joint.requested_amount == D("650000.00")
    assert abs(joint.requested_amount / joint.total_cost - D(678000) / D(714000)) < D("0.0001")
    assert sum(r.total for r in joint.budget_rows.all()) == joint.total_cost
    contract = joint.contract
    assert sum(cl.amount for cl in contract.contract_lots.all()) == contract.amount == D("650000.00")
    assert sum(t.amount for t in contract.tranches.all()) == contract.amount
    final = contract.reports.get(kind="final")
    assert final.due_date == contract.end_date + dt.timedelta(days=legal.FINAL_REPORT_DAYS.value)
    assert ConflictDeclaration.objects.filter(member__call=call).count() == 2
    assert selectors.results_of(call)["unfunded"][0].lead_organisation == demo.org("owop")


def test_authority_decides_not_the_commission(demo: Any, build: Any) -> None:
    call, offer = _opened(build, demo)
    officer, commission = demo.user("officer"), demo.user("commission")
    services.offer_formal_decision(actor=officer, offer=offer, eligible=True)
    call = services.call_finish_formal_review(actor=officer, call=call)
    services.commission_appoint(actor=officer, call=call, user=commission)
    services.declaration_sign(actor=commission, call=call, confirm=True)
    services.score_submit(actor=commission, offer=offer, scores={c.pk: (D(5), "ok") for c in call.criteria.all()})
    with pytest.raises(ValidationError, match="opinii"):
        services.call_decide(actor=officer, call=call, awards={offer.pk: D(1000)})
    services.call_record_opinion(actor=officer, call=call, opinion="Rekomendujemy.")
    with pytest.raises(PermissionDenied):
        services.call_decide(actor=commission, call=call, awards={offer.pk: D(1000)})
    with pytest.raises(ValidationError, match="wnioskowanej"):
        services.call_decide(actor=officer, call=call, awards={offer.pk: offer.requested_amount + 1})
    call = services.call_decide(actor=officer, call=call, awards={offer.pk: D("20000.00")})
    call = services.call_publish_results(actor=officer, call=call)
    offer.refresh_from_db()
    assert offer.state == OfferState.UPDATE_REQUIRED
    offer = services.offer_decline_award(actor=demo.user("pes_staff"), offer=offer, reason="Za mało środków")
    assert offer.state == OfferState.DECLINED
    assert selectors.results_of(call)["funded"] == [offer]
