"""Formal review: corrections, the formal decision per offer, finishing the review."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core.actors import Actor, require

from .. import legal
from ..enums import (
    PZP_MODES,
    CallState,
    CancelReason,
    OfferState,
)
from ..events import CommissioningEvent as E
from ..events import event
from ..models import (
    Call,
    CorrectionRequest,
    Offer,
)
from ..workflows import OFFER, call_workflow
from .common import _lock


def _require_review(actor: Actor, offer: Offer) -> None:
    call = Call.objects.get(pk=offer.call_id)
    require(actor, "commissioning.review_offer", call)
    if call.state != CallState.FORMAL_REVIEW:
        raise ValidationError(_("Ocena formalna odbywa się po otwarciu ofert, przed opiniowaniem przez komisję."))


def offer_request_correction(*, actor: Actor, offer: Offer, message: str, due_date: date) -> CorrectionRequest:
    _require_review(actor, offer)
    if due_date <= timezone.localdate():
        raise ValidationError(_("Termin uzupełnienia musi przypadać w przyszłości."))
    with transaction.atomic():
        offer = _lock(Offer, offer.pk)
        OFFER.apply(offer, "request_correction")
        offer.save()
        req = CorrectionRequest.objects.create(offer=offer, message=message, due_date=due_date, requested_by=actor)
        event(actor=actor, verb=E.CORRECTION_REQUESTED, target=offer, data={"due": due_date.isoformat()})
    return req


def offer_answer_correction(*, actor: Actor, offer: Offer, answer: str) -> Offer:
    require(actor, "commissioning.edit_offer", offer)
    with transaction.atomic():
        offer = _lock(Offer, offer.pk)
        req = offer.correction_requests.filter(answered_at__isnull=True).first()
        if req is None:
            raise ValidationError(_("Brak otwartego wezwania do uzupełnienia."))
        if req.due_date < timezone.localdate():
            raise ValidationError(_("Termin uzupełnienia upłynął %(d)s.") % {"d": req.due_date.strftime("%d.%m.%Y")})
        OFFER.apply(offer, "answer_correction")
        offer.save()
        req.answer = answer
        req.answered_at = timezone.now()
        req.save()
        event(actor=actor, verb=E.CORRECTION_ANSWERED, target=offer)
    return offer


def offer_formal_decision(*, actor: Actor, offer: Offer, eligible: bool, reason: str = "") -> Offer:
    _require_review(actor, offer)
    with transaction.atomic():
        offer = _lock(Offer, offer.pk)
        if eligible and Call.objects.filter(pk=offer.call_id, mode__in=PZP_MODES).exists():
            raise ValidationError(
                _(
                    "W postępowaniu Pzp ofertę dopuszcza do oceny kwalifikacja wykonawcy: lista kontrolna warunków "
                    "udziału i podstaw wykluczenia (art. 108, 109 i 112 Pzp)."
                )
            )
        if eligible:
            OFFER.apply(offer, "accept_formally")
        else:
            if not reason.strip():
                raise ValidationError(_("Podaj powód odrzucenia formalnego."))
            OFFER.apply(offer, "reject_formally", reason=reason)
            offer.formal_rejection_reason = reason
        offer.save()
        event(
            actor=actor,
            verb=E.OFFER_FORMAL_DECISION,
            target=offer,
            data={"eligible": eligible, "reason": reason},
        )
    return offer


def call_finish_formal_review(*, actor: Actor, call: Call) -> Call:
    require(actor, "commissioning.manage_call", call)
    with transaction.atomic():
        call = _lock(Call, call.pk)
        if call.state != CallState.FORMAL_REVIEW:
            raise ValidationError(_("Ocena formalna nie jest prowadzona."))
        pending = call.offers.filter(state__in=[OfferState.SUBMITTED, OfferState.CORRECTION_REQUESTED]).count()
        if pending:
            raise ValidationError(_("Oceń formalnie wszystkie oferty (pozostało: %(n)s).") % {"n": pending})
        wf = call_workflow(call.mode)
        if not call.offers.filter(state=OfferState.ELIGIBLE).exists():
            wf.apply(call, "cancel", actor=actor, reason=CancelReason.NONE_COMPLIANT)
            call.cancel_reason = CancelReason.NONE_COMPLIANT
            call.cancel_note = str(legal.CANCELLATION)
            call.cancelled_at = timezone.now()
            call.save()
            event(actor=actor, verb=E.CALL_CANCELLED, target=call, data={"reason": "none_compliant"})
            return call
        wf.apply(call, "finish_formal_review", actor=actor)
        call.save()
        event(actor=actor, verb=E.FORMAL_REVIEW_FINISHED, target=call)
    return call
