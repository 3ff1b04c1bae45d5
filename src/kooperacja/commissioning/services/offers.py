"""Offers: start, save (budget, actions, indicators, partners), submit, withdraw, reopen, attach, and the
offers registered from paper."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core.actors import Actor, require
from kooperacja.organisations.models import Organisation

from .. import legal, selectors
from ..enums import (
    CallMode,
    CallState,
    OfferState,
    PartnerRole,
)
from ..events import CommissioningEvent as E
from ..events import event
from ..models import (
    BudgetRow,
    Call,
    Offer,
    OfferAction,
    OfferAttachment,
    OfferIndicator,
    OfferLot,
    OfferPartner,
)
from ..workflows import EDITABLE_OFFER_STATES, OFFER
from .calculations import (
    ZERO,
    ActionLine,
    BudgetLine,
    IndicatorLine,
    PartnerLine,
    budget_arithmetic,
    money,
    offer_limit_errors,
)
from .common import _lock, _person
from .formal_review import offer_answer_correction

OFFER_FIELDS = (
    "title",
    "start_date",
    "end_date",
    "summary",
    "place",
    "target_group",
    "expected_results",
    "contact_person",
    "contact_email",
    "contact_phone",
    "experience",
    "resources",
    "other_info",
    "declarations_accepted",
)


def _check_call_open(call: Call, now: datetime) -> None:
    if call.state != CallState.PUBLISHED or call.offer_deadline is None:
        raise ValidationError(_("Nabór ofert w tym ogłoszeniu nie jest prowadzony."))
    if now >= call.offer_deadline:
        raise ValidationError(
            _("Termin składania ofert upłynął %(when)s (czas serwera). Oferty nie przyjęto i nic nie zapisano.")
            % {"when": timezone.localtime(call.offer_deadline).strftime("%d.%m.%Y %H:%M")}
        )


def offer_create(
    *, actor: Actor, call: Call, lead_organisation: Organisation, title: str, now: datetime | None = None
) -> Offer:
    """A draft offer while the call takes offers (`now`: see `offer_submit`)."""
    require(actor, "commissioning.prepare_offer")
    if lead_organisation.pk not in selectors.member_org_ids(actor) or not lead_organisation.is_verified:
        raise PermissionDenied(_("Ofertę składa się w imieniu zweryfikowanej organizacji, do której należysz."))
    if call.mode in {CallMode.OPP_SMALL_GRANT, CallMode.OPP_OWN_INITIATIVE}:
        raise ValidationError(_("W tym trybie ofertę składa się formularzem małego grantu."))
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        _check_call_open(call, now or timezone.now())
        offer = Offer.objects.create(call=call, lead_organisation=lead_organisation, title=title, created_by=actor)
        OfferPartner.objects.create(offer=offer, organisation=lead_organisation, role=PartnerRole.LEAD)
        event(actor=actor, verb=E.OFFER_CREATED, target=offer, data={"call": call.pk})
    return offer


def _recompute_totals(offer: Offer) -> None:
    agg = offer.budget_rows.aggregate(
        total=Sum("total"),
        grant=Sum("from_grant"),
        other=Sum("from_other"),
        own=Sum("own_financial"),
        personal_sum=Sum("personal"),
        in_kind_sum=Sum("in_kind"),
    )
    offer.total_cost = agg["total"] or ZERO
    offer.requested_amount = agg["grant"] or ZERO
    offer.other_funds = agg["other"] or ZERO
    offer.own_financial = agg["own"] or ZERO
    offer.personal_contribution = agg["personal_sum"] or ZERO
    offer.in_kind_contribution = agg["in_kind_sum"] or ZERO
    # requested grant per lot from the rows assigned to lots
    per_lot = {
        r["lot_id"]: r["g"] for r in offer.budget_rows.exclude(lot=None).values("lot_id").annotate(g=Sum("from_grant"))
    }
    for ol in offer.offer_lots.all():
        ol.requested_amount = per_lot.get(ol.lot_id, ZERO)
        ol.save(update_fields=["requested_amount"])
    # each partner's cost share = the rows it bears (the lead bears rows with no partner)
    shares: dict[int | None, Decimal] = {
        r["partner_id"]: r["t"] for r in offer.budget_rows.values("partner_id").annotate(t=Sum("total"))
    }
    lead = offer.partners.filter(role=PartnerRole.LEAD).first()
    for p in offer.partners.all():
        share = shares.get(p.pk, ZERO) + (shares.get(None, ZERO) if lead and p.pk == lead.pk else ZERO)
        if p.cost_share != share:
            p.cost_share = share
            p.save(update_fields=["cost_share"])


def _write_budget(offer: Offer, budget: Sequence[BudgetLine], partner_by_org: dict[int, OfferPartner]) -> None:
    """Replace the cost rows; each row's amounts come from the budget arithmetic (raises on a wrong line)."""
    offer.budget_rows.all().delete()
    for i, bl in enumerate(budget, start=1):
        amounts = budget_arithmetic(bl)
        BudgetRow.objects.create(
            offer=offer,
            order=i,
            category=bl.category,
            name=bl.name,
            lot_id=bl.lot_id,
            partner=partner_by_org.get(bl.partner_org_id) if bl.partner_org_id else None,
            quantity=bl.quantity,
            unit=bl.unit,
            unit_cost=money(bl.unit_cost),
            **amounts,
        )


def _write_lines(
    offer: Offer,
    *,
    lot_ids: Sequence[int] | None,
    actions: Sequence[ActionLine] | None,
    indicators: Sequence[IndicatorLine] | None,
    budget: Sequence[BudgetLine] | None,
) -> None:
    """Replace the offer's lots, actions, indicators and budget rows (each only when given), then the totals."""
    partner_by_org = {p.organisation_id: p for p in offer.partners.all()}
    named = {a.responsible_org_id for a in actions or []} | {b.partner_org_id for b in budget or []}
    if named - set(partner_by_org) - {None}:
        raise ValidationError(
            _("Działania i koszty można przypisać tylko oferentom tej oferty (liderowi lub partnerom).")
        )
    if lot_ids is not None:
        allowed = set(offer.call.lots.values_list("pk", flat=True))
        if set(lot_ids) - allowed:
            raise ValidationError(_("Oferta może obejmować tylko części pakietu wskazane w ogłoszeniu."))
        offer.offer_lots.exclude(lot_id__in=lot_ids).delete()
        for lot_id in lot_ids:
            OfferLot.objects.get_or_create(offer=offer, lot_id=lot_id)
    if actions is not None:
        offer.actions.all().delete()
        for i, a in enumerate(actions, start=1):
            OfferAction.objects.create(
                offer=offer,
                order=i,
                name=a.name,
                description=a.description,
                lot_id=a.lot_id,
                responsible=partner_by_org.get(a.responsible_org_id) if a.responsible_org_id else None,
                start_date=a.start_date,
                end_date=a.end_date,
            )
    if indicators is not None:
        offer.indicators.all().delete()
        for ind in indicators:
            OfferIndicator.objects.create(
                offer=offer,
                name=ind.name,
                planned_level=ind.planned_level,
                unit=ind.unit,
                monitoring=ind.monitoring,
                lot_id=ind.lot_id,
            )
    if budget is not None:
        _write_budget(offer, budget, partner_by_org)
    _recompute_totals(offer)


def offer_save(
    *,
    actor: Actor,
    offer: Offer,
    data: dict[str, Any],
    partners: Sequence[PartnerLine] | None = None,
    lot_ids: Sequence[int] | None = None,
    actions: Sequence[ActionLine] | None = None,
    indicators: Sequence[IndicatorLine] | None = None,
    budget: Sequence[BudgetLine] | None = None,
    now: datetime | None = None,
) -> Offer:
    """Save the offer as a draft (Annex 1 sections I-VII); recomputes the budget arithmetic and the totals.
    (`now`: see `offer_submit`.)"""
    require(actor, "commissioning.edit_offer", offer)
    with transaction.atomic():
        offer = _lock(Offer, offer.pk)
        if offer.state not in EDITABLE_OFFER_STATES:
            raise ValidationError(_("Oferty w tym stanie nie można zmieniać."))
        if offer.state != OfferState.CORRECTION_REQUESTED:
            _check_call_open(Call.objects.get(pk=offer.call_id), now or timezone.now())
        for key in OFFER_FIELDS:
            if key in data:
                setattr(offer, key, data[key])
        if partners is not None:
            wanted = {p.organisation_id: p for p in partners if p.organisation_id != offer.lead_organisation_id}
            orgs = {o.pk: o for o in Organisation.objects.filter(pk__in=wanted)}
            for org_id in wanted:
                if org_id not in orgs or not orgs[org_id].is_verified:
                    raise ValidationError(_("Partnerem oferty wspólnej może być tylko zweryfikowana organizacja."))
            offer.partners.exclude(role=PartnerRole.LEAD).exclude(organisation_id__in=wanted).delete()
            for org_id, line in wanted.items():
                OfferPartner.objects.update_or_create(
                    offer=offer, organisation_id=org_id, defaults={"role": PartnerRole.PARTNER, "actions": line.actions}
                )
            lead_line = next((pl for pl in partners if pl.organisation_id == offer.lead_organisation_id), None)
            if lead_line is not None:
                offer.partners.filter(role=PartnerRole.LEAD).update(actions=lead_line.actions)
            offer.is_joint = bool(wanted)
            if offer.is_joint and not offer.call.allow_joint_offers:
                raise ValidationError(_("To ogłoszenie nie dopuszcza ofert wspólnych."))
        _write_lines(offer, lot_ids=lot_ids, actions=actions, indicators=indicators, budget=budget)
        offer.full_clean(exclude=["call", "lead_organisation"])
        offer.save()
        event(actor=actor, verb=E.OFFER_SAVED, target=offer, data={"state": offer.state})
    return offer


def offer_submit(*, actor: Actor, offer: Offer, now: datetime | None = None) -> Offer:
    """Submit before the deadline; the server clock decides. After the deadline nothing is stored.

    `now`: the moment of submission for records made after the fact (the demo's past competitions); the pages
    never pass it, so for a user the server clock always decides."""
    require(actor, "commissioning.edit_offer", offer)
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=offer.call_id)
        offer = _lock(Offer, offer.pk)
        now = now or timezone.now()
        if offer.state == OfferState.CORRECTION_REQUESTED:
            return offer_answer_correction(actor=actor, offer=offer, answer=_("Uzupełniono ofertę."))
        _check_call_open(call, now)
        errors = offer_limit_errors(offer)
        if errors:
            raise ValidationError(errors)
        OFFER.apply(offer, "submit")
        offer.submitted_at = now
        if not offer.number:
            seq = call.offers.exclude(number="").count() + 1
            offer.number = f"{call.pk}/{seq:03d}"
        offer.save()
        event(actor=actor, verb=E.OFFER_SUBMITTED, target=offer, data={"at": now.isoformat()})
    return offer


def offer_register_paper(
    *,
    actor: Actor,
    call: Call,
    lead_organisation: Organisation,
    data: dict[str, Any],
    lot_ids: Sequence[int] = (),
    actions: Sequence[ActionLine] = (),
    indicators: Sequence[IndicatorLine] = (),
    budget: Sequence[BudgetLine] = (),
    received_at: datetime | None = None,
) -> Offer:
    """The office registers an offer delivered on paper (art. 14 OPP allows it): entered by the authority,
    checked like an electronic one, and submitted at the moment it was received, which must be before the deadline.
    """
    require(actor, "commissioning.manage_call", call)
    if call.mode in {CallMode.OPP_SMALL_GRANT, CallMode.OPP_OWN_INITIATIVE}:
        raise ValidationError(_("W tym trybie ofertę składa się formularzem małego grantu."))
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        received = received_at or timezone.now()
        _check_call_open(call, received)
        offer = Offer(call=call, lead_organisation=lead_organisation, title=data.get("title", ""))
        for key in OFFER_FIELDS:
            if key in data:
                setattr(offer, key, data[key])
        offer.created_by = _person(actor)
        offer.save()
        OfferPartner.objects.create(offer=offer, organisation=lead_organisation, role=PartnerRole.LEAD)
        _write_lines(offer, lot_ids=lot_ids, actions=actions, indicators=indicators, budget=budget)
        offer.full_clean(exclude=["call", "lead_organisation"])
        errors = offer_limit_errors(offer)
        if errors:
            raise ValidationError(errors)
        OFFER.apply(offer, "submit")
        offer.submitted_at = received
        seq = call.offers.exclude(number="").count() + 1
        offer.number = f"{call.pk}/{seq:03d}"
        offer.save()
        event(
            actor=actor,
            verb=E.OFFER_REGISTERED_PAPER,
            target=offer,
            data={"call": call.pk, "received": received.isoformat()},
        )
    return offer


def offer_withdraw(*, actor: Actor, offer: Offer) -> Offer:
    require(actor, "commissioning.edit_offer", offer)
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=offer.call_id)
        offer = _lock(Offer, offer.pk)
        _check_call_open(call, timezone.now())
        OFFER.apply(offer, "withdraw")
        offer.withdrawn_at = timezone.now()
        offer.save()
        event(actor=actor, verb=E.OFFER_WITHDRAWN, target=offer)
    return offer


def offer_reopen(*, actor: Actor, offer: Offer) -> Offer:
    """A withdrawn offer goes back to draft so it can be corrected and submitted again before the deadline."""
    require(actor, "commissioning.edit_offer", offer)
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=offer.call_id)
        offer = _lock(Offer, offer.pk)
        _check_call_open(call, timezone.now())
        OFFER.apply(offer, "reopen")
        # A draft has not been submitted: the earlier submission lives on in the timeline, not on the offer.
        previous = {"submitted_at": offer.submitted_at.isoformat() if offer.submitted_at else None}
        offer.submitted_at = None
        offer.withdrawn_at = None
        offer.save()
        event(actor=actor, verb=E.OFFER_REOPENED, target=offer, data=previous)
    return offer


_NAME_LIMIT: int = OfferAttachment._meta.get_field("original_name").max_length or 255


def _attachment_name(name: str | None, limit: int) -> str:
    """The file's own name cut to `limit` characters in the stem, so the extension (its type) is kept."""
    base = Path(name or "plik").name or "plik"
    if len(base) <= limit:
        return base
    suffix = Path(base).suffix[: limit // 2]
    return base[: limit - len(suffix)] + suffix


def offer_attach(*, actor: Actor, offer: Offer, upload: UploadedFile, description: str = "") -> OfferAttachment:
    require(actor, "commissioning.edit_offer", offer)
    if offer.state not in EDITABLE_OFFER_STATES:
        raise ValidationError(_("Do oferty w tym stanie nie można dodać załącznika."))
    ext = Path(upload.name or "").suffix.lower()
    if ext not in legal.ATTACHMENT_TYPES:
        raise ValidationError(
            _("Niedozwolony typ pliku. Dozwolone: %(types)s.") % {"types": ", ".join(sorted(legal.ATTACHMENT_TYPES))}
        )
    if upload.size is None or upload.size > legal.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("Plik jest za duży (maksymalnie %(mb)s MB).") % {"mb": legal.ATTACHMENT_MAX_BYTES // (1024 * 1024)}
        )
    head = upload.read(8)
    upload.seek(0)
    if ext == ".pdf" and not head.startswith(b"%PDF"):
        raise ValidationError(_("Plik nie jest prawidłowym dokumentem PDF."))
    if ext == ".png" and not head.startswith(b"\x89PNG"):
        raise ValidationError(_("Plik nie jest prawidłowym obrazem PNG."))
    if ext in {".jpg", ".jpeg"} and not head.startswith(b"\xff\xd8"):
        raise ValidationError(_("Plik nie jest prawidłowym obrazem JPEG."))
    if ext in {".odt", ".docx"} and not head.startswith(b"PK"):
        raise ValidationError(_("Plik nie jest prawidłowym dokumentem."))
    with transaction.atomic():
        att = OfferAttachment(
            offer=offer,
            original_name=_attachment_name(upload.name, _NAME_LIMIT),
            description=description,
            content_type=legal.ATTACHMENT_TYPES[ext],
            size=upload.size,
            uploaded_by=actor,
        )
        att.file.save(att.original_name, upload, save=False)
        att.save()
        event(actor=actor, verb=E.OFFER_ATTACHMENT_ADDED, target=offer, data={"name": att.original_name})
    return att
