"""Award: the decision, publishing the results, accepting or declining the award, reasons requests."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core.actors import Actor, require

from .. import legal
from ..enums import (
    CallState,
    OfferState,
)
from ..events import CommissioningEvent as E
from ..events import event
from ..models import (
    Call,
    Offer,
    ReasonsRequest,
)
from ..workflows import OFFER, call_workflow
from .calculations import ZERO, _split, money
from .common import _lock, _person, _public_actor


def call_decide(*, actor: Actor, call: Call, awards: dict[int, Decimal | None], note: str = "") -> Call:
    """The AUTHORITY chooses offers and amounts after the commission's opinion (art. 15 ust. 2h OPP)."""
    require(actor, "commissioning.manage_call", call)
    with transaction.atomic():
        call = _lock(Call, call.pk)
        if call.state != CallState.COMMISSION_OPINION or not call.commission_opinion:
            raise ValidationError(_("Organ rozstrzyga po zapisaniu opinii komisji."))
        offers = {o.pk: o for o in call.offers.select_for_update().filter(state=OfferState.SCORED)}
        if set(awards) - set(offers):
            raise ValidationError(_("Można przyznać dotację tylko ofertom ocenionym przez komisję."))
        total = sum((money(a) for a in awards.values() if a), ZERO)
        if call.funds_total is not None and total > call.funds_total:
            raise ValidationError(
                _("Suma dotacji (%(t)s zł) przekracza środki z ogłoszenia (%(f)s zł).")
                % {"t": total, "f": call.funds_total}
            )
        for pk, offer in offers.items():
            amount = money(awards.get(pk)) if awards.get(pk) else None
            if amount and amount > offer.requested_amount:
                raise ValidationError(
                    _("Dotacja nie może przekroczyć kwoty wnioskowanej (%(o)s).") % {"o": offer.number}
                )
            if amount:
                OFFER.apply(offer, "select")
                offer.awarded_amount = amount
                lots = list(offer.offer_lots.all())
                for ol, part in zip(lots, _split(amount, [ol.requested_amount for ol in lots]), strict=True):
                    ol.awarded_amount = part
                    ol.save(update_fields=["awarded_amount"])
            else:
                OFFER.apply(offer, "not_select")
                offer.awarded_amount = None
            offer.decision_note = note
            offer.save()
        call_workflow(call.mode).apply(call, "decide", actor=actor)
        call.decided_at = timezone.now()
        call.save()
        event(
            actor=actor,
            verb=E.CALL_DECIDED,
            target=call,
            data={str(k): str(v) for k, v in awards.items()},
        )
    return call


def call_publish_results(*, actor: Actor, call: Call) -> Call:
    require(actor, "commissioning.manage_call", call)
    with transaction.atomic():
        call = _lock(Call, call.pk)
        call_workflow(call.mode).apply(call, "publish_results", actor=actor)
        call.results_published_at = timezone.now()
        call.save()
        due = timezone.localdate() + timedelta(days=legal.OFFER_UPDATE_DAYS.value)
        for offer in call.offers.select_for_update().filter(state=OfferState.SELECTED):
            if offer.awarded_amount is not None and offer.awarded_amount < offer.requested_amount:
                OFFER.apply(offer, "require_update")
                offer.update_due = due
                offer.save()
        event(actor=actor, verb=E.RESULTS_PUBLISHED, target=call)
    return call


def offer_accept_award(*, actor: Actor, offer: Offer) -> Offer:
    """The offeror accepts the grant as awarded. With a lower amount the offer is accepted through its updated
    budget and schedule instead (`changes.offer_update_submit`, accepted by the office)."""
    require(actor, "commissioning.edit_offer", offer)
    with transaction.atomic():
        offer = _lock(Offer, offer.pk)
        if offer.state == OfferState.UPDATE_REQUIRED:
            raise ValidationError(
                _("Dotacja jest niższa od wnioskowanej: złóż zaktualizowany kosztorys i harmonogram albo zrezygnuj.")
            )
        if offer.state != OfferState.SELECTED:
            raise ValidationError(_("Tej oferty nie można teraz przyjąć do realizacji."))
        OFFER.apply(offer, "accept_award")
        offer.save()
        event(actor=actor, verb=E.AWARD_ACCEPTED, target=offer, data={"amount": str(offer.awarded_amount)})
    return offer


def offer_decline_award(*, actor: Actor, offer: Offer, reason: str) -> Offer:
    require(actor, "commissioning.edit_offer", offer)
    with transaction.atomic():
        offer = _lock(Offer, offer.pk)
        OFFER.apply(offer, "decline_award", reason=reason)
        offer.decision_note = (offer.decision_note + "\n" + _("Rezygnacja oferenta: ") + reason).strip()
        offer.save()
        event(actor=actor, verb=E.AWARD_DECLINED, target=offer, data={"reason": reason})
    return offer


def reasons_request_create(
    *,
    call: Call,
    requester_name: str,
    requester_email: str,
    question: str,
    offer: Offer | None = None,
    actor: Actor | AnonymousUser | None = None,
) -> ReasonsRequest:
    if call.results_published_at is None:
        raise ValidationError(_("Uzasadnienia można żądać po ogłoszeniu wyników."))
    with transaction.atomic():
        req = ReasonsRequest.objects.create(
            call=call, offer=offer, requester_name=requester_name, requester_email=requester_email, question=question
        )
        event(actor=_public_actor(actor), verb=E.REASONS_REQUESTED, target=call, data={"request": req.pk})
    return req


def reasons_answer(*, actor: Actor, request: ReasonsRequest, answer: str) -> ReasonsRequest:
    require(actor, "commissioning.manage_call", request.call)
    with transaction.atomic():
        request.answer = answer
        request.answered_at = timezone.now()
        request.answered_by = _person(actor)
        request.save()
        event(actor=actor, verb=E.REASONS_ANSWERED, target=request.call, data={"request": request.pk})
    return request
