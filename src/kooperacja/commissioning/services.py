"""Every write of commissioning: keyword-only services that check permission, validate, lock, transition through
`workflows`, record the event and schedule side effects on commit (DESIGN.md, Inside an app)."""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core.audit import record_event
from kooperacja.organisations.enums import LegalForm
from kooperacja.organisations.models import Membership, Organisation

from . import legal, selectors
from .enums import (
    OPP_MODES,
    CallMode,
    CallState,
    CancelReason,
    ClauseKind,
    CommissionRole,
    ContractState,
    OfferState,
    PartnerRole,
    PublicationChannel,
    ReportKind,
    ReportState,
    TaskForm,
)
from .models import (
    Annex,
    BudgetRow,
    Call,
    CallClause,
    CallPublication,
    ClauseTemplate,
    CommissionMember,
    ConflictDeclaration,
    Contract,
    ContractLot,
    CorrectionRequest,
    Criterion,
    Invoice,
    Lot,
    Offer,
    OfferAction,
    OfferAttachment,
    OfferIndicator,
    OfferLot,
    OfferPartner,
    PublicComment,
    ReasonsRequest,
    Report,
    ReportExpense,
    ReportIndicator,
    Score,
    ServicePackage,
    Tranche,
)
from .workflows import CONTRACT, OFFER, OFFER_SUBMITTED_STATES, REPORT, call_workflow

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def money(value: Any) -> Decimal:
    return Decimal(value or 0).quantize(CENT, rounding=ROUND_HALF_UP)


def _require(actor: Any, perm: str, obj: Any = None) -> None:
    if not actor.has_perm(perm, obj):
        raise PermissionDenied(_("Brak uprawnień do tej czynności."))


def _lock(model: type, pk: int) -> Any:
    return model.objects.select_for_update().get(pk=pk)


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


# --- packages and lots ----------------------------------------------------------------------------------


def package_create(
    *, actor: Any, municipality: Organisation, name: str, year: int, description: str = ""
) -> ServicePackage:
    if municipality.legal_form != LegalForm.JST_OFFICE or not municipality.is_verified:
        raise ValidationError(_("Pakiet usług tworzy zweryfikowany urząd jednostki samorządu terytorialnego."))
    package = ServicePackage(municipality=municipality, territory=municipality.territory, name=name, year=year)
    _require(actor, "commissioning.manage_package", package)
    with transaction.atomic():
        package.description = description
        package.created_by = actor
        package.full_clean()
        package.save()
        record_event(actor=actor, verb="commissioning.package_created", target=package, data={"name": name})
    return package


LOT_FIELDS = (
    "name",
    "sector",
    "target_group",
    "scope",
    "minimum_standard",
    "planned_participants",
    "planned_hours",
    "planned_places",
    "budget",
    "indicators",
)


def lot_save(*, actor: Any, package: ServicePackage, data: dict[str, Any], lot: Lot | None = None) -> Lot:
    _require(actor, "commissioning.manage_package", package)
    with transaction.atomic():
        if lot is None:
            number = (package.lots.aggregate(m=Max("number"))["m"] or 0) + 1
            lot = Lot(package=package, number=number)
        for key in LOT_FIELDS:
            if key in data:
                setattr(lot, key, data[key])
        lot.budget = money(lot.budget)
        lot.full_clean()
        lot.save()
        if "services" in data:
            lot.services.set(data["services"])
        record_event(
            actor=actor,
            verb="commissioning.lot_saved",
            target=package,
            data={"lot": lot.number, "budget": str(lot.budget)},
        )
    return lot


# --- calls ------------------------------------------------------------------------------------------------

CALL_FIELDS = (
    "title",
    "number",
    "task_form",
    "task_type",
    "funds_total",
    "award_rules",
    "delivery_start",
    "delivery_end",
    "delivery_conditions",
    "offer_deadline",
    "selection_procedure",
    "selection_date",
    "previous_tasks",
    "min_grant",
    "max_grant",
    "min_own_share",
    "min_financial_share",
    "min_personal_share",
    "min_in_kind_share",
    "allow_joint_offers",
    "cpv_codes",
    "estimated_value",
)


def _default_criteria(call: Call) -> None:
    if call.mode in OPP_MODES:
        for i, (name, basis, points, support_only) in enumerate(legal.OPP_CRITERIA, start=1):
            if support_only and call.task_form == TaskForm.ENTRUST:
                continue
            Criterion.objects.create(
                call=call, order=i, name=str(name), basis=basis, max_points=points, support_only=support_only
            )
    else:
        for i, (name, basis, weight) in enumerate(legal.PZP_CRITERIA, start=1):
            Criterion.objects.create(call=call, order=i, name=str(name), basis=basis, max_points=weight, weight=weight)


def call_create(
    *,
    actor: Any,
    authority: Organisation,
    mode: str,
    title: str,
    package: ServicePackage | None = None,
    data: dict[str, Any] | None = None,
) -> Call:
    if mode in {CallMode.OPP_SMALL_GRANT, CallMode.OPP_OWN_INITIATIVE}:
        raise ValidationError(_("Mały grant i inicjatywę własną składa organizacja – użyj odpowiedniego formularza."))
    call = Call(authority=authority, mode=mode, title=title, package=package, created_by=actor)
    _require(actor, "commissioning.manage_call", call)
    if package is not None and package.municipality_id != authority.pk:
        raise ValidationError(_("Pakiet należy do innej jednostki samorządu."))
    with transaction.atomic():
        for key, value in (data or {}).items():
            if key in CALL_FIELDS:
                setattr(call, key, value)
        if mode not in OPP_MODES:
            call.task_form = ""
        call.state = call_workflow(mode).initial
        call.full_clean()
        call.save()
        if package is not None:
            call.lots.set(package.lots.all())
        _default_criteria(call)
        record_event(actor=actor, verb="commissioning.call_created", target=call, data={"mode": mode})
    return call


def call_update(*, actor: Any, call: Call, data: dict[str, Any], lots: Iterable[Lot] | None = None) -> Call:
    _require(actor, "commissioning.manage_call", call)
    with transaction.atomic():
        call = _lock(Call, call.pk)
        if call.state != CallState.DRAFT:
            raise ValidationError(_("Opublikowanego ogłoszenia nie można zmieniać w tym miejscu."))
        for key, value in data.items():
            if key in CALL_FIELDS:
                setattr(call, key, value)
        call.full_clean()
        call.save()
        if lots is not None:
            call.lots.set(lots)
        record_event(actor=actor, verb="commissioning.call_updated", target=call, data={"fields": sorted(data)})
    return call


def call_clone(*, actor: Any, call: Call) -> Call:
    """Copy a call (announcement, limits, lots, criteria) into a new draft."""
    authority = call.authority
    mode = call.mode if call.mode not in {CallMode.OPP_SMALL_GRANT, CallMode.OPP_OWN_INITIATIVE} else CallMode.OPP_OPEN
    data = {key: getattr(call, key) for key in CALL_FIELDS}
    data["title"] = _("%(title)s (kopia)") % {"title": call.title}
    data["offer_deadline"] = None
    data["number"] = ""
    with transaction.atomic():
        new = call_create(
            actor=actor, authority=authority, mode=mode, title=data["title"], package=call.package, data=data
        )
        new.cloned_from = call
        new.save(update_fields=["cloned_from"])
        if call.lots.exists():
            new.lots.set(call.lots.all())
        if call.criteria.exists():
            new.criteria.all().delete()
            for c in call.criteria.all():
                Criterion.objects.create(
                    call=new,
                    order=c.order,
                    name=c.name,
                    basis=c.basis,
                    max_points=c.max_points,
                    weight=c.weight,
                    support_only=c.support_only,
                )
        record_event(actor=actor, verb="commissioning.call_cloned", target=new, data={"from": call.pk})
    return new


@dataclass(frozen=True)
class Missing:
    label: str
    basis: str


PZP_ELEMENTS: tuple[tuple[str, Any, str], ...] = (
    ("task_type", _("przedmiot zamówienia"), "art. 360 ust. 1 Pzp"),
    ("cpv_codes", _("kody CPV"), "art. 360 ust. 1 Pzp"),
    ("estimated_value", _("wartość szacunkowa"), "art. 28 Pzp"),
    ("offer_deadline", _("termin składania ofert"), "art. 360 ust. 1 Pzp"),
    ("selection_procedure", _("kryteria oceny ofert i ich znaczenie"), "art. 242 Pzp"),
    ("delivery_start", _("termin wykonania zamówienia – początek"), "art. 360 ust. 1 Pzp"),
    ("delivery_end", _("termin wykonania zamówienia – koniec"), "art. 360 ust. 1 Pzp"),
)


def announcement_checklist(call: Call) -> list[tuple[str, str, bool]]:
    """Every required element of the announcement with its basis and whether it is filled in."""
    elements = legal.ANNOUNCEMENT_ELEMENTS if call.mode in OPP_MODES else PZP_ELEMENTS
    out = []
    for field, label, basis in elements:
        value = getattr(call, field)
        filled = value not in (None, "", [], {})
        out.append((str(label), basis, filled))
    if call.mode in OPP_MODES or call.mode == CallMode.PZP_RESERVED:
        pass
    if call.package_id is not None and not call.lots.exists():
        out.append((_("co najmniej jedna część pakietu objęta ogłoszeniem"), "art. 13 ust. 2 pkt 1 OPP", False))
    return out


def announcement_missing(call: Call) -> list[Missing]:
    return [Missing(label, basis) for label, basis, ok in announcement_checklist(call) if not ok]


def call_publish(
    *, actor: Any, call: Call, publications: Sequence[tuple[str, date, str]], now: datetime | None = None
) -> Call:
    """Publish the announcement in the given channels (art. 13 ust. 3 OPP) after checking art. 13 ust. 1-2."""
    _require(actor, "commissioning.manage_call", call)
    now = now or timezone.now()
    with transaction.atomic():
        call = _lock(Call, call.pk)
        errors = [f"{m.label} ({m.basis})" for m in announcement_missing(call)]
        channels = {ch for ch, _d, _r in publications}
        if call.mode in OPP_MODES:
            needed = set(legal.PUBLICATION_CHANNELS.value)
            for ch in sorted(needed - channels):
                errors.append(
                    _("brak publikacji: %(ch)s (%(basis)s)")
                    % {"ch": PublicationChannel(ch).label, "basis": legal.PUBLICATION_CHANNELS.basis}
                )
        elif not channels:
            errors.append(_("podaj co najmniej jedno miejsce publikacji"))
        if publications and call.offer_deadline:
            last = max(d for _c, d, _r in publications)
            deadline_day = timezone.localtime(call.offer_deadline).date()
            days = legal.OFFER_MIN_DAYS_AFTER_PUBLICATION.value
            if call.mode in OPP_MODES and deadline_day < last + timedelta(days=days):
                errors.append(
                    _(
                        "termin składania ofert (%(deadline)s) musi przypadać co najmniej %(days)s dni po ostatniej "
                        "publikacji (%(last)s) – %(basis)s"
                    )
                    % {
                        "deadline": deadline_day.strftime("%d.%m.%Y"),
                        "days": days,
                        "last": last.strftime("%d.%m.%Y"),
                        "basis": legal.OFFER_MIN_DAYS_AFTER_PUBLICATION.basis,
                    }
                )
        if call.offer_deadline and call.offer_deadline <= now:
            errors.append(_("termin składania ofert już minął"))
        if call.min_grant is not None and call.max_grant is not None and call.min_grant > call.max_grant:
            errors.append(_("minimalna kwota dotacji jest większa od maksymalnej"))
        if errors:
            raise ValidationError(errors)
        call_workflow(call.mode).apply(call, CallState.PUBLISHED)
        call.published_at = now
        call.save(update_fields=["state", "published_at", "updated_at"])
        for channel, day, reference in publications:
            CallPublication.objects.update_or_create(
                call=call, channel=channel, defaults={"published_on": day, "reference": reference}
            )
        record_event(
            actor=actor,
            verb="commissioning.call_published",
            target=call,
            data={
                "channels": sorted(channels),
                "deadline": call.offer_deadline.isoformat() if call.offer_deadline else None,
            },
        )
        transaction.on_commit(lambda: _schedule_call_closing(call.pk))
    return call


def _schedule_call_closing(call_pk: int) -> None:
    from . import tasks

    tasks.schedule_call_closing(Call.objects.get(pk=call_pk))


def call_cancel(*, actor: Any, call: Call, reason: str, note: str = "") -> Call:
    """Cancel the call (art. 18a OPP) with its reason; published like the call."""
    _require(actor, "commissioning.manage_call", call)
    if reason not in CancelReason.values:
        raise ValidationError(_("Podaj przyczynę unieważnienia."))
    with transaction.atomic():
        call = _lock(Call, call.pk)
        call_workflow(call.mode).apply(call, CallState.CANCELLED)
        call.cancel_reason = reason
        call.cancel_note = note
        call.cancelled_at = timezone.now()
        call.save()
        record_event(
            actor=actor, verb="commissioning.call_cancelled", target=call, data={"reason": reason, "note": note}
        )
    return call


def call_open_offers(*, actor: Any, call: Call) -> Call:
    """After the deadline (server clock): close the call and start the formal review; with no offers the call
    must be cancelled (art. 18a ust. 1 OPP) and is."""
    _require(actor, "commissioning.manage_call", call)
    now = timezone.now()
    with transaction.atomic():
        call = _lock(Call, call.pk)
        if selectors.is_sealed(call, now):
            raise ValidationError(_("Oferty są zapieczętowane do upływu terminu składania ofert."))
        wf = call_workflow(call.mode)
        if call.state == CallState.PUBLISHED:
            wf.apply(call, CallState.CLOSED)
            call.closed_at = now
            call.save()  # every step of the table is recorded in the history
        Offer.objects.filter(call=call, state__in=[OfferState.DRAFT, OfferState.WITHDRAWN]).update(updated_at=now)
        if not call.offers.filter(state=OfferState.SUBMITTED).exists():
            wf.apply(call, CallState.CANCELLED)
            call.cancel_reason = CancelReason.NO_OFFERS
            call.cancel_note = str(legal.CANCELLATION)
            call.cancelled_at = now
            call.save()
            record_event(actor=actor, verb="commissioning.call_cancelled", target=call, data={"reason": "no_offers"})
            return call
        wf.apply(call, CallState.FORMAL_REVIEW)
        call.save()
        record_event(
            actor=actor,
            verb="commissioning.offers_opened",
            target=call,
            data={"count": selectors.submitted_count(call)},
        )
    return call


# --- offers -----------------------------------------------------------------------------------------------

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


def offer_create(*, actor: Any, call: Call, lead_organisation: Organisation, title: str) -> Offer:
    _require(actor, "commissioning.prepare_offer")
    if lead_organisation.pk not in selectors.member_org_ids(actor) or not lead_organisation.is_verified:
        raise PermissionDenied(_("Ofertę składa się w imieniu zweryfikowanej organizacji, do której należysz."))
    if call.mode in {CallMode.OPP_SMALL_GRANT, CallMode.OPP_OWN_INITIATIVE}:
        raise ValidationError(_("W tym trybie ofertę składa się formularzem małego grantu."))
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=call.pk)
        _check_call_open(call, timezone.now())
        offer = Offer.objects.create(call=call, lead_organisation=lead_organisation, title=title, created_by=actor)
        OfferPartner.objects.create(offer=offer, organisation=lead_organisation, role=PartnerRole.LEAD)
        record_event(actor=actor, verb="commissioning.offer_created", target=offer, data={"call": call.pk})
    return offer


@dataclass
class BudgetLine:
    name: str
    quantity: Decimal
    unit: str
    unit_cost: Decimal
    category: str = "task"
    lot_id: int | None = None
    partner_org_id: int | None = None
    from_grant: Decimal | None = None  # None = the remainder (automatic arithmetic)
    from_other: Decimal = ZERO
    own_financial: Decimal = ZERO
    personal: Decimal = ZERO
    in_kind: Decimal = ZERO


@dataclass
class ActionLine:
    name: str
    description: str = ""
    lot_id: int | None = None
    responsible_org_id: int | None = None
    start_date: date | None = None
    end_date: date | None = None


@dataclass
class IndicatorLine:
    name: str
    planned_level: Decimal
    unit: str = ""
    monitoring: str = ""
    lot_id: int | None = None


@dataclass
class PartnerLine:
    organisation_id: int
    actions: str = ""


def budget_arithmetic(line: BudgetLine) -> dict[str, Decimal]:
    """Total = quantity × unit cost; the grant share is the remainder when not given. Raises with a Polish hint."""
    total = money(Decimal(line.quantity) * Decimal(line.unit_cost))
    others = money(line.from_other) + money(line.own_financial) + money(line.personal) + money(line.in_kind)
    grant = total - others if line.from_grant is None else money(line.from_grant)
    if grant < 0:
        raise ValidationError(
            _("„%(name)s”: wkłady i inne środki (%(o)s zł) przekraczają koszt razem (%(t)s zł).")
            % {"name": line.name, "o": others, "t": total}
        )
    if grant + others != total:
        raise ValidationError(
            _("„%(name)s”: suma źródeł (%(s)s zł) musi być równa kosztowi razem %(q)s × %(c)s = %(t)s zł.")
            % {"name": line.name, "s": grant + others, "q": line.quantity, "c": line.unit_cost, "t": total}
        )
    return {
        "total": total,
        "from_grant": grant,
        "from_other": money(line.from_other),
        "own_financial": money(line.own_financial),
        "personal": money(line.personal),
        "in_kind": money(line.in_kind),
    }


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


EDITABLE_OFFER_STATES = frozenset({OfferState.DRAFT, OfferState.WITHDRAWN, OfferState.CORRECTION_REQUESTED})


def offer_save(
    *,
    actor: Any,
    offer: Offer,
    data: dict[str, Any],
    partners: Sequence[PartnerLine] | None = None,
    lot_ids: Sequence[int] | None = None,
    actions: Sequence[ActionLine] | None = None,
    indicators: Sequence[IndicatorLine] | None = None,
    budget: Sequence[BudgetLine] | None = None,
) -> Offer:
    """Save the offer as a draft (Annex 1 sections I-VII); recomputes the budget arithmetic and the totals."""
    _require(actor, "commissioning.edit_offer", offer)
    with transaction.atomic():
        offer = _lock(Offer, offer.pk)
        if offer.state not in EDITABLE_OFFER_STATES:
            raise ValidationError(_("Oferty w tym stanie nie można zmieniać."))
        if offer.state != OfferState.CORRECTION_REQUESTED:
            _check_call_open(Call.objects.get(pk=offer.call_id), timezone.now())
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
        _recompute_totals(offer)
        offer.full_clean(exclude=["call", "lead_organisation"])
        offer.save()
        record_event(actor=actor, verb="commissioning.offer_saved", target=offer, data={"state": offer.state})
    return offer


def offer_limit_errors(offer: Offer) -> list[str]:
    """What stops the offer from being submitted: the call's limits and the form's completeness."""
    call = offer.call
    errors: list[str] = []
    required = {
        "title": _("tytuł zadania (sekcja III)"),
        "start_date": _("data rozpoczęcia (sekcja III)"),
        "end_date": _("data zakończenia (sekcja III)"),
        "summary": _("syntetyczny opis zadania (sekcja III)"),
        "expected_results": _("zakładane rezultaty (sekcja III)"),
        "contact_person": _("osoba do kontaktu (sekcja II)"),
        "experience": _("doświadczenie oferenta (sekcja IV)"),
    }
    for field, label in required.items():
        if not getattr(offer, field):
            errors.append(_("Uzupełnij: %(f)s.") % {"f": label})
    if not offer.declarations_accepted:
        errors.append(_("Złóż oświadczenia z sekcji VII."))
    rows = list(offer.budget_rows.all())
    if not rows:
        errors.append(_("Kosztorys (sekcja V) musi mieć co najmniej jedną pozycję."))
    if not offer.actions.exists():
        errors.append(_("Plan i harmonogram działań (sekcja III) musi mieć co najmniej jedno działanie."))
    if call.lots.exists() and not offer.offer_lots.exists():
        errors.append(_("Wskaż, które części pakietu obejmuje oferta."))
    total = offer.total_cost
    req = offer.requested_amount
    if req <= 0:
        errors.append(_("Wnioskowana kwota dotacji musi być większa od zera."))
    if call.min_grant is not None and req < call.min_grant:
        errors.append(
            _("Wnioskowana dotacja (%(r)s zł) jest niższa od minimalnej (%(m)s zł).") % {"r": req, "m": call.min_grant}
        )
    if call.max_grant is not None and req > call.max_grant:
        errors.append(
            _("Wnioskowana dotacja (%(r)s zł) przekracza maksymalną (%(m)s zł).") % {"r": req, "m": call.max_grant}
        )
    if call.mode == CallMode.OPP_SMALL_GRANT and req > legal.SMALL_GRANT_MAX.value:
        errors.append(f"{legal.SMALL_GRANT_MAX.text} ({legal.SMALL_GRANT_MAX.basis})")
    if total > 0:
        shares = (
            (call.min_own_share, total - req, _("wkład własny ogółem")),
            (call.min_financial_share, offer.own_financial, _("wkład finansowy")),
            (call.min_personal_share, offer.personal_contribution, _("wkład osobowy")),
            (call.min_in_kind_share, offer.in_kind_contribution, _("wkład rzeczowy")),
        )
        for pct, amount, label in shares:
            if pct and amount * 100 < pct * total:
                errors.append(
                    _("%(l)s: wymagane co najmniej %(p)s%% kosztów (%(need)s zł), w ofercie %(a)s zł.")
                    % {"l": label, "p": pct, "need": money(total * pct / 100), "a": amount}
                )
    if call.task_form == TaskForm.SUPPORT and call.mode in OPP_MODES and total > 0 and req >= total:
        errors.append(
            _("Przy wspieraniu dotacja współfinansuje zadanie – wykaż inne źródła lub wkład (art. 5 ust. 4 pkt 1 OPP).")
        )
    if offer.start_date and offer.end_date:
        if offer.start_date > offer.end_date:
            errors.append(_("Data rozpoczęcia jest późniejsza niż data zakończenia."))
        if call.delivery_start and offer.start_date < call.delivery_start:
            errors.append(
                _("Zadanie nie może zacząć się przed %(d)s (termin z ogłoszenia).")
                % {"d": call.delivery_start.strftime("%d.%m.%Y")}
            )
        if call.delivery_end and offer.end_date > call.delivery_end:
            errors.append(
                _("Zadanie nie może skończyć się po %(d)s (termin z ogłoszenia).")
                % {"d": call.delivery_end.strftime("%d.%m.%Y")}
            )
        if (
            call.mode == CallMode.OPP_SMALL_GRANT
            and (offer.end_date - offer.start_date).days + 1 > legal.SMALL_GRANT_MAX_DAYS.value
        ):
            errors.append(f"{legal.SMALL_GRANT_MAX_DAYS.text} ({legal.SMALL_GRANT_MAX_DAYS.basis})")
    if offer.is_joint:
        partners = list(offer.partners.select_related("organisation"))
        if len(partners) < legal.JOINT_OFFER.value:
            errors.append(f"{legal.JOINT_OFFER.text} ({legal.JOINT_OFFER.basis})")
        if any(not p.organisation.is_verified for p in partners):
            errors.append(_("Wszyscy oferenci oferty wspólnej muszą być zweryfikowani."))
        if any(a.responsible_id is None for a in offer.actions.all()):
            errors.append(
                _("W ofercie wspólnej każde działanie wskazuje oferenta, który je realizuje (art. 14 ust. 2 OPP).")
            )
        if sum((p.cost_share for p in partners), ZERO) != total:
            errors.append(_("Podział kosztów między oferentów nie sumuje się do kosztu całkowitego."))
    return errors


def offer_submit(*, actor: Any, offer: Offer) -> Offer:
    """Submit before the deadline; the server clock decides. After the deadline nothing is stored."""
    _require(actor, "commissioning.edit_offer", offer)
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=offer.call_id)
        offer = _lock(Offer, offer.pk)
        now = timezone.now()
        if offer.state == OfferState.CORRECTION_REQUESTED:
            return offer_answer_correction(actor=actor, offer=offer, answer=_("Uzupełniono ofertę."))
        _check_call_open(call, now)
        errors = offer_limit_errors(offer)
        if errors:
            raise ValidationError(errors)
        OFFER.apply(offer, OfferState.SUBMITTED)
        offer.submitted_at = now
        if not offer.number:
            seq = call.offers.exclude(number="").count() + 1
            offer.number = f"{call.pk}/{seq:03d}"
        offer.save()
        record_event(actor=actor, verb="commissioning.offer_submitted", target=offer, data={"at": now.isoformat()})
    return offer


def offer_withdraw(*, actor: Any, offer: Offer) -> Offer:
    _require(actor, "commissioning.edit_offer", offer)
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=offer.call_id)
        offer = _lock(Offer, offer.pk)
        _check_call_open(call, timezone.now())
        OFFER.apply(offer, OfferState.WITHDRAWN)
        offer.withdrawn_at = timezone.now()
        offer.save()
        record_event(actor=actor, verb="commissioning.offer_withdrawn", target=offer)
    return offer


def offer_reopen(*, actor: Any, offer: Offer) -> Offer:
    """A withdrawn offer goes back to draft so it can be corrected and submitted again before the deadline."""
    _require(actor, "commissioning.edit_offer", offer)
    with transaction.atomic():
        call = Call.objects.select_for_update().get(pk=offer.call_id)
        offer = _lock(Offer, offer.pk)
        _check_call_open(call, timezone.now())
        OFFER.apply(offer, OfferState.DRAFT)
        # A draft has not been submitted: the earlier submission lives on in the timeline, not on the offer.
        previous = {"submitted_at": offer.submitted_at.isoformat() if offer.submitted_at else None}
        offer.submitted_at = None
        offer.withdrawn_at = None
        offer.save()
        record_event(actor=actor, verb="commissioning.offer_reopened", target=offer, data=previous)
    return offer


def _attachment_name(name: str | None, limit: int) -> str:
    """The file's own name cut to `limit` characters in the stem, so the extension (its type) is kept."""
    base = Path(name or "plik").name or "plik"
    if len(base) <= limit:
        return base
    suffix = Path(base).suffix[: limit // 2]
    return base[: limit - len(suffix)] + suffix


def offer_attach(*, actor: Any, offer: Offer, upload: UploadedFile, description: str = "") -> OfferAttachment:
    _require(actor, "commissioning.edit_offer", offer)
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
            original_name=_attachment_name(upload.name, OfferAttachment._meta.get_field("original_name").max_length),
            description=description,
            content_type=legal.ATTACHMENT_TYPES[ext],
            size=upload.size,
            uploaded_by=actor,
        )
        att.file.save(att.original_name, upload, save=False)
        att.save()
        record_event(
            actor=actor, verb="commissioning.offer_attachment_added", target=offer, data={"name": att.original_name}
        )
    return att


# --- formal review ----------------------------------------------------------------------------------------


def _require_review(actor: Any, offer: Offer) -> None:
    call = Call.objects.get(pk=offer.call_id)
    _require(actor, "commissioning.review_offer", call)
    if call.state != CallState.FORMAL_REVIEW:
        raise ValidationError(_("Ocena formalna odbywa się po otwarciu ofert, przed opiniowaniem przez komisję."))


def offer_request_correction(*, actor: Any, offer: Offer, message: str, due_date: date) -> CorrectionRequest:
    _require_review(actor, offer)
    if due_date <= timezone.localdate():
        raise ValidationError(_("Termin uzupełnienia musi przypadać w przyszłości."))
    with transaction.atomic():
        offer = _lock(Offer, offer.pk)
        OFFER.apply(offer, OfferState.CORRECTION_REQUESTED)
        offer.save()
        req = CorrectionRequest.objects.create(offer=offer, message=message, due_date=due_date, requested_by=actor)
        record_event(
            actor=actor, verb="commissioning.correction_requested", target=offer, data={"due": due_date.isoformat()}
        )
    return req


def offer_answer_correction(*, actor: Any, offer: Offer, answer: str) -> Offer:
    _require(actor, "commissioning.edit_offer", offer)
    with transaction.atomic():
        offer = _lock(Offer, offer.pk)
        req = offer.correction_requests.filter(answered_at__isnull=True).first()
        if req is None:
            raise ValidationError(_("Brak otwartego wezwania do uzupełnienia."))
        if req.due_date < timezone.localdate():
            raise ValidationError(_("Termin uzupełnienia upłynął %(d)s.") % {"d": req.due_date.strftime("%d.%m.%Y")})
        OFFER.apply(offer, OfferState.SUBMITTED)
        offer.save()
        req.answer = answer
        req.answered_at = timezone.now()
        req.save()
        record_event(actor=actor, verb="commissioning.correction_answered", target=offer)
    return offer


def offer_formal_decision(*, actor: Any, offer: Offer, eligible: bool, reason: str = "") -> Offer:
    _require_review(actor, offer)
    with transaction.atomic():
        offer = _lock(Offer, offer.pk)
        if eligible:
            OFFER.apply(offer, OfferState.ELIGIBLE)
        else:
            if not reason.strip():
                raise ValidationError(_("Podaj powód odrzucenia formalnego."))
            OFFER.apply(offer, OfferState.FORMALLY_REJECTED)
            offer.formal_rejection_reason = reason
        offer.save()
        record_event(
            actor=actor,
            verb="commissioning.offer_formal_decision",
            target=offer,
            data={"eligible": eligible, "reason": reason},
        )
    return offer


def call_finish_formal_review(*, actor: Any, call: Call) -> Call:
    _require(actor, "commissioning.manage_call", call)
    with transaction.atomic():
        call = _lock(Call, call.pk)
        if call.state != CallState.FORMAL_REVIEW:
            raise ValidationError(_("Ocena formalna nie jest prowadzona."))
        pending = call.offers.filter(state__in=[OfferState.SUBMITTED, OfferState.CORRECTION_REQUESTED]).count()
        if pending:
            raise ValidationError(_("Oceń formalnie wszystkie oferty (pozostało: %(n)s).") % {"n": pending})
        wf = call_workflow(call.mode)
        if not call.offers.filter(state=OfferState.ELIGIBLE).exists():
            wf.apply(call, CallState.CANCELLED)
            call.cancel_reason = CancelReason.NONE_COMPLIANT
            call.cancel_note = str(legal.CANCELLATION)
            call.cancelled_at = timezone.now()
            call.save()
            record_event(
                actor=actor, verb="commissioning.call_cancelled", target=call, data={"reason": "none_compliant"}
            )
            return call
        wf.apply(call, CallState.COMMISSION_OPINION)
        call.save()
        record_event(actor=actor, verb="commissioning.formal_review_finished", target=call)
    return call


# --- commission -------------------------------------------------------------------------------------------


def offeror_org_ids(call: Call) -> set[int]:
    ids = set(call.offers.filter(state__in=OFFER_SUBMITTED_STATES).values_list("lead_organisation_id", flat=True))
    ids |= set(
        OfferPartner.objects.filter(offer__call=call, offer__state__in=OFFER_SUBMITTED_STATES).values_list(
            "organisation_id", flat=True
        )
    )
    return ids


def _conflict_reason(call: Call, user: Any, nominated_by: Organisation | None) -> str:
    bidders = offeror_org_ids(call)
    if nominated_by is not None and nominated_by.pk in bidders:
        return _("%(org)s bierze udział w konkursie – jej kandydat nie może zasiadać w komisji (%(basis)s).") % {
            "org": nominated_by,
            "basis": legal.COMMISSION_NO_BIDDER_NOMINEES.basis,
        }
    mine = set(
        Membership.objects.filter(user=user, status="active", organisation_id__in=bidders).values_list(
            "organisation__name", flat=True
        )
    )
    if mine:
        return _("Osoba należy do organizacji składającej ofertę (%(orgs)s) – %(basis)s.") % {
            "orgs": ", ".join(sorted(mine)),
            "basis": legal.COMMISSION_NO_BIDDER_NOMINEES.basis,
        }
    return ""


def commission_appoint(
    *,
    actor: Any,
    call: Call,
    user: Any,
    role: str = CommissionRole.AUTHORITY,
    nominated_by: Organisation | None = None,
    is_chair: bool = False,
) -> CommissionMember:
    """The authority appoints the commission after the offers are opened (its members must know the offerors)."""
    _require(actor, "commissioning.manage_call", call)
    call = Call.objects.get(pk=call.pk)
    if call.state not in {CallState.FORMAL_REVIEW, CallState.COMMISSION_OPINION}:
        raise ValidationError(_("Komisję powołuje się po otwarciu ofert, gdy znani są oferenci."))
    reason = _conflict_reason(call, user, nominated_by)
    if reason:
        raise ValidationError(reason)
    with transaction.atomic():
        member, created = CommissionMember.objects.get_or_create(
            call=call,
            user=user,
            defaults={"role": role, "nominated_by": nominated_by, "is_chair": is_chair, "appointed_by": actor},
        )
        if not created:
            raise ValidationError(_("Ta osoba już jest w komisji."))
        record_event(
            actor=actor, verb="commissioning.commission_appointed", target=call, data={"user": user.pk, "role": role}
        )
    return member


def declaration_text(call: Call) -> tuple[list[str], str]:
    names = sorted(Organisation.objects.filter(pk__in=offeror_org_ids(call)).values_list("name", flat=True))
    text = _(
        "Oświadczam, że nie pozostaję z żadnym z oferentów (%(list)s) w takim stosunku prawnym lub faktycznym, "
        "który mógłby budzić uzasadnione wątpliwości co do mojej bezstronności (art. 15 ust. 2d i 2f OPP w zw. "
        "z art. 24 KPA), i nie zostałem/am wskazany/a przez organizację biorącą udział w konkursie."
    ) % {"list": "; ".join(names)}
    return names, text


def declaration_sign(*, actor: Any, call: Call, confirm: bool) -> ConflictDeclaration:
    member = selectors.seat_of(actor, call)
    if member is None:
        raise PermissionDenied(_("Nie jesteś członkiem tej komisji."))
    if not confirm:
        raise ValidationError(_("Potwierdź treść oświadczenia."))
    reason = _conflict_reason(call, actor, member.nominated_by)
    if reason:
        raise ValidationError(reason)
    with transaction.atomic():
        if hasattr(member, "declaration"):
            return member.declaration
        names, text = declaration_text(call)
        decl = ConflictDeclaration.objects.create(
            member=member, signed_at=timezone.now(), offerors=names, statement=text
        )
        record_event(actor=actor, verb="commissioning.declaration_signed", target=call, data={"offerors": names})
    return decl


def score_submit(*, actor: Any, offer: Offer, scores: dict[int, tuple[Decimal, str]]) -> list[Score]:
    """A member scores every criterion with a justification; only after signing the declaration."""
    call = Call.objects.get(pk=offer.call_id)
    member = selectors.seat_of(actor, call)
    if member is None:
        raise PermissionDenied(_("Nie jesteś członkiem tej komisji."))
    if not selectors.has_declared(member):
        raise PermissionDenied(_("Najpierw podpisz oświadczenie o bezstronności."))
    if member.role == CommissionRole.EXPERT:
        raise PermissionDenied(_("Ekspert ma głos doradczy i nie ocenia ofert (art. 15 ust. 2d OPP)."))
    if call.state != CallState.COMMISSION_OPINION:
        raise ValidationError(_("Oceny ofert dokonuje się na etapie opiniowania przez komisję."))
    criteria = {c.pk: c for c in call.criteria.all()}
    if call.task_form == TaskForm.ENTRUST:
        criteria = {k: c for k, c in criteria.items() if not c.support_only}
    missing = set(criteria) - set(scores)
    if missing:
        raise ValidationError(_("Oceń wszystkie kryteria."))
    errors = []
    for cid, (points, justification) in scores.items():
        crit = criteria.get(cid)
        if crit is None:
            raise ValidationError(_("Nieznane kryterium."))
        if points < 0 or points > crit.max_points:
            errors.append(_("„%(c)s”: od 0 do %(m)s pkt.") % {"c": crit.name, "m": crit.max_points})
        if not (justification or "").strip():
            errors.append(_("„%(c)s”: podaj uzasadnienie oceny.") % {"c": crit.name})
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        offer = _lock(Offer, offer.pk)
        if offer.state not in {OfferState.ELIGIBLE, OfferState.SCORED}:
            raise ValidationError(_("Ocenia się tylko oferty poprawne formalnie."))
        saved = []
        for cid, (points, justification) in scores.items():
            s, _c = Score.objects.update_or_create(
                offer=offer,
                member=member,
                criterion_id=cid,
                defaults={"points": points, "justification": justification},
            )
            saved.append(s)
        if offer.state == OfferState.ELIGIBLE:
            OFFER.apply(offer, OfferState.SCORED)
        row = next(r for r in selectors.ranking(call) if r["offer"].pk == offer.pk)
        offer.average_score = row["average"]
        offer.save()
        record_event(actor=actor, verb="commissioning.offer_scored", target=offer, data={"member": member.pk})
    return saved


def call_record_opinion(*, actor: Any, call: Call, opinion: str) -> Call:
    member = selectors.seat_of(actor, call)
    if not (
        actor.has_perm("commissioning.manage_call", call)
        or (member and member.is_chair and selectors.has_declared(member))
    ):
        raise PermissionDenied(_("Opinię komisji zapisuje przewodniczący komisji lub organ."))
    with transaction.atomic():
        call = _lock(Call, call.pk)
        if call.state != CallState.COMMISSION_OPINION:
            raise ValidationError(_("Komisja opiniuje oferty po ocenie formalnej."))
        if call.offers.filter(state=OfferState.ELIGIBLE).exists():
            raise ValidationError(_("Nie wszystkie oferty poprawne formalnie zostały ocenione."))
        if not opinion.strip():
            raise ValidationError(_("Wpisz treść opinii."))
        call.commission_opinion = opinion
        call.commission_opinion_at = timezone.now()
        call.save()
        record_event(actor=actor, verb="commissioning.commission_opinion", target=call)
    return call


def _split(amount: Decimal, weights: list[Decimal]) -> list[Decimal]:
    total = sum(weights, ZERO)
    if not weights:
        return []
    if total <= 0:
        weights = [Decimal(1)] * len(weights)
        total = Decimal(len(weights))
    parts = [money(amount * w / total) for w in weights]
    parts[-1] += amount - sum(parts, ZERO)
    return parts


def call_decide(*, actor: Any, call: Call, awards: dict[int, Decimal | None], note: str = "") -> Call:
    """The AUTHORITY chooses offers and amounts after the commission's opinion (art. 15 ust. 2h OPP)."""
    _require(actor, "commissioning.manage_call", call)
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
                OFFER.apply(offer, OfferState.SELECTED)
                offer.awarded_amount = amount
                lots = list(offer.offer_lots.all())
                for ol, part in zip(lots, _split(amount, [ol.requested_amount for ol in lots]), strict=True):
                    ol.awarded_amount = part
                    ol.save(update_fields=["awarded_amount"])
            else:
                OFFER.apply(offer, OfferState.NOT_SELECTED)
                offer.awarded_amount = None
            offer.decision_note = note
            offer.save()
        call_workflow(call.mode).apply(call, CallState.DECIDED)
        call.decided_at = timezone.now()
        call.save()
        record_event(
            actor=actor,
            verb="commissioning.call_decided",
            target=call,
            data={str(k): str(v) for k, v in awards.items()},
        )
    return call


def call_publish_results(*, actor: Any, call: Call) -> Call:
    _require(actor, "commissioning.manage_call", call)
    with transaction.atomic():
        call = _lock(Call, call.pk)
        call_workflow(call.mode).apply(call, CallState.RESULTS_PUBLISHED)
        call.results_published_at = timezone.now()
        call.save()
        due = timezone.localdate() + timedelta(days=legal.OFFER_UPDATE_DAYS.value)
        for offer in call.offers.select_for_update().filter(state=OfferState.SELECTED):
            if offer.awarded_amount is not None and offer.awarded_amount < offer.requested_amount:
                OFFER.apply(offer, OfferState.UPDATE_REQUIRED)
                offer.update_due = due
                offer.save()
        record_event(actor=actor, verb="commissioning.results_published", target=call)
    return call


def offer_accept_award(*, actor: Any, offer: Offer, schedule_note: str = "") -> Offer:
    """The offeror accepts the grant; with a lower amount the budget is updated keeping the same grant share."""
    _require(actor, "commissioning.edit_offer", offer)
    with transaction.atomic():
        offer = _lock(Offer, offer.pk)
        if offer.state == OfferState.UPDATE_REQUIRED:
            _scale_budget(offer, offer.awarded_amount or ZERO)
            if schedule_note:
                offer.other_info = (
                    offer.other_info + "\n\n" + _("Zaktualizowany harmonogram: ") + schedule_note
                ).strip()
        elif offer.state != OfferState.SELECTED:
            raise ValidationError(_("Tej oferty nie można teraz przyjąć do realizacji."))
        OFFER.apply(offer, OfferState.ACCEPTED)
        offer.save()
        record_event(
            actor=actor, verb="commissioning.award_accepted", target=offer, data={"amount": str(offer.awarded_amount)}
        )
    return offer


def _scale_budget(offer: Offer, awarded: Decimal) -> None:
    """Scale every cost row by awarded/requested: the grant share of the total stays the same."""
    requested = offer.requested_amount
    if requested <= 0 or awarded >= requested:
        return
    factor = awarded / requested
    rows = list(offer.budget_rows.all())
    grants = _split(awarded, [r.from_grant for r in rows])
    for row, grant in zip(rows, grants, strict=True):
        parts = {k: money(getattr(row, k) * factor) for k in ("from_other", "own_financial", "personal", "in_kind")}
        row.from_grant = grant
        for k, v in parts.items():
            setattr(row, k, v)
        row.total = grant + sum(parts.values(), ZERO)
        row.unit_cost = money(row.total / row.quantity)
        # keep quantity × unit cost = total exact by adjusting the quantity to 1 when rounding would break it
        if money(row.quantity * row.unit_cost) != row.total:
            row.quantity = Decimal(1)
            row.unit = (row.unit + " " + _("(ryczałt)"))[:30]
            row.unit_cost = row.total
        row.save()
    _recompute_totals(offer)


def offer_decline_award(*, actor: Any, offer: Offer, reason: str) -> Offer:
    _require(actor, "commissioning.edit_offer", offer)
    with transaction.atomic():
        offer = _lock(Offer, offer.pk)
        OFFER.apply(offer, OfferState.DECLINED)
        offer.decision_note = (offer.decision_note + "\n" + _("Rezygnacja oferenta: ") + reason).strip()
        offer.save()
        record_event(actor=actor, verb="commissioning.award_declined", target=offer, data={"reason": reason})
    return offer


def reasons_request_create(
    *,
    call: Call,
    requester_name: str,
    requester_email: str,
    question: str,
    offer: Offer | None = None,
    actor: Any = None,
) -> ReasonsRequest:
    if call.results_published_at is None:
        raise ValidationError(_("Uzasadnienia można żądać po ogłoszeniu wyników."))
    with transaction.atomic():
        req = ReasonsRequest.objects.create(
            call=call, offer=offer, requester_name=requester_name, requester_email=requester_email, question=question
        )
        record_event(actor=actor, verb="commissioning.reasons_requested", target=call, data={"request": req.pk})
    return req


def reasons_answer(*, actor: Any, request: ReasonsRequest, answer: str) -> ReasonsRequest:
    _require(actor, "commissioning.manage_call", request.call)
    with transaction.atomic():
        request.answer = answer
        request.answered_at = timezone.now()
        request.answered_by = actor
        request.save()
        record_event(
            actor=actor, verb="commissioning.reasons_answered", target=request.call, data={"request": request.pk}
        )
    return request


# --- contracts --------------------------------------------------------------------------------------------


def contract_create(
    *,
    actor: Any,
    offer: Offer,
    number: str,
    tranches: Sequence[tuple[date, Decimal]],
    start_date: date | None = None,
    end_date: date | None = None,
) -> Contract:
    call = offer.call
    _require(actor, "commissioning.manage_contract", call)
    with transaction.atomic():
        call = _lock(Call, call.pk)
        offer = _lock(Offer, offer.pk)
        if offer.state != OfferState.ACCEPTED:
            raise ValidationError(_("Umowę zawiera się z ofertą przyjętą do realizacji."))
        amount = offer.awarded_amount or offer.requested_amount
        if sum((money(a) for _d, a in tranches), ZERO) != amount:
            raise ValidationError(_("Suma transz musi być równa kwocie dotacji (%(a)s zł).") % {"a": amount})
        start = start_date or offer.start_date or call.delivery_start
        end = end_date or offer.end_date or call.delivery_end
        if start is None or end is None:
            raise ValidationError(_("Podaj okres realizacji zadania."))
        contract = Contract(
            offer=offer,
            call=call,
            authority=call.authority,
            contractor=offer.lead_organisation,
            number=number,
            title=offer.title,
            amount=amount,
            own_contribution=offer.total_cost - offer.requested_amount,
            start_date=start,
            end_date=end,
            created_by=actor,
        )
        contract.full_clean()
        contract.save()
        for ol in offer.offer_lots.all():
            ContractLot.objects.create(contract=contract, lot=ol.lot, amount=ol.awarded_amount or ol.requested_amount)
        for i, (day, value) in enumerate(sorted(tranches), start=1):
            Tranche.objects.create(contract=contract, number=i, due_date=day, amount=money(value))
        wf = call_workflow(call.mode)
        if call.state in {CallState.RESULTS_PUBLISHED, CallState.COMMENTS_REVIEWED} and wf.allowed(
            call.state, CallState.CONTRACTING
        ):
            wf.apply(call, CallState.CONTRACTING)
            call.save()
        record_event(actor=actor, verb="commissioning.contract_created", target=contract, data={"amount": str(amount)})
    return contract


def contract_sign(*, actor: Any, contract: Contract, signed_on: date) -> Contract:
    """Signing starts the delivery and schedules the final report, due 30 days after the end (art. 18 ust. 1)."""
    _require(actor, "commissioning.manage_contract", contract)
    with transaction.atomic():
        contract = _lock(Contract, contract.pk)
        CONTRACT.apply(contract, ContractState.SIGNED)
        contract.signed_on = signed_on
        contract.save()
        CONTRACT.apply(contract, ContractState.IN_DELIVERY)
        contract.save()
        offer = _lock(Offer, contract.offer_id)
        OFFER.apply(offer, OfferState.CONTRACT_SIGNED)
        offer.save()
        Report.objects.get_or_create(
            contract=contract,
            kind=ReportKind.FINAL,
            defaults={
                "period_start": contract.start_date,
                "period_end": contract.end_date,
                "due_date": contract.end_date + timedelta(days=legal.FINAL_REPORT_DAYS.value),
            },
        )
        record_event(
            actor=actor, verb="commissioning.contract_signed", target=contract, data={"on": signed_on.isoformat()}
        )
    return contract


def tranche_mark_paid(*, actor: Any, tranche: Tranche, paid_on: date) -> Tranche:
    _require(actor, "commissioning.manage_contract", tranche.contract)
    with transaction.atomic():
        tranche.paid_on = paid_on
        tranche.save()
        record_event(
            actor=actor, verb="commissioning.tranche_paid", target=tranche.contract, data={"tranche": tranche.number}
        )
    return tranche


def annex_create(
    *,
    actor: Any,
    contract: Contract,
    signed_on: date,
    summary: str,
    new_amount: Decimal | None = None,
    new_end_date: date | None = None,
) -> Annex:
    _require(actor, "commissioning.manage_contract", contract)
    with transaction.atomic():
        contract = _lock(Contract, contract.pk)
        if contract.state not in {ContractState.SIGNED, ContractState.IN_DELIVERY}:
            raise ValidationError(_("Aneks zawiera się do umowy w realizacji."))
        amount = money(new_amount) if new_amount is not None else contract.amount
        end = new_end_date or contract.end_date
        paid = contract.tranches.exclude(paid_on=None).aggregate(s=Sum("amount"))["s"] or ZERO
        if amount < paid:
            raise ValidationError(
                _("Kwota po zmianie nie może być niższa od przekazanych transz (%(p)s zł).") % {"p": paid}
            )
        if end < contract.start_date:
            raise ValidationError(_("Koniec realizacji nie może poprzedzać jej początku."))
        number = (contract.annexes.aggregate(m=Max("number"))["m"] or 0) + 1
        annex = Annex.objects.create(
            contract=contract,
            number=number,
            signed_on=signed_on,
            summary=summary,
            previous_amount=contract.amount,
            new_amount=amount,
            previous_end_date=contract.end_date,
            new_end_date=end,
            created_by=actor,
        )
        if amount != contract.amount:
            lots = list(contract.contract_lots.all())
            for cl, part in zip(lots, _split(amount, [cl.amount for cl in lots]), strict=True):
                cl.amount = part
                cl.save(update_fields=["amount"])
            unpaid = list(contract.tranches.filter(paid_on=None).order_by("number"))
            if unpaid:
                last = unpaid[-1]
                last.amount = amount - (contract.tranches.exclude(pk=last.pk).aggregate(s=Sum("amount"))["s"] or ZERO)
                if last.amount <= 0:
                    raise ValidationError(_("Zmiana kwoty wymaga korekty harmonogramu transz."))
                last.save(update_fields=["amount"])
        contract.amount = amount
        contract.end_date = end
        contract.save()
        contract.reports.filter(kind=ReportKind.FINAL, state=ReportState.DRAFT).update(
            period_end=end,
            due_date=end + timedelta(days=legal.FINAL_REPORT_DAYS.value),
        )
        record_event(
            actor=actor, verb="commissioning.annex_signed", target=contract, data={"number": number, "summary": summary}
        )
    return annex


def report_demand(*, actor: Any, contract: Contract, period_start: date, period_end: date, due_date: date) -> Report:
    """The authority demands a partial report, due at least 30 days after the demand (art. 18 ust. 2 OPP)."""
    _require(actor, "commissioning.manage_contract", contract)
    minimum = timezone.localdate() + timedelta(days=legal.PARTIAL_REPORT_MIN_DAYS.value)
    if due_date < minimum:
        raise ValidationError(f"{legal.PARTIAL_REPORT_MIN_DAYS.text} ({legal.PARTIAL_REPORT_MIN_DAYS.basis})")
    contract = Contract.objects.get(pk=contract.pk)
    if contract.state not in {ContractState.IN_DELIVERY, ContractState.SIGNED}:
        raise ValidationError(_("Sprawozdanie częściowe dotyczy umowy w realizacji."))
    with transaction.atomic():
        report = Report(
            contract=contract,
            kind=ReportKind.PARTIAL,
            period_start=period_start,
            period_end=period_end,
            due_date=due_date,
        )
        report.full_clean()
        report.save()
        record_event(actor=actor, verb="commissioning.report_demanded", target=contract, data={"report": report.pk})
    return report


@dataclass
class ExpenseLine:
    budget_row_id: int
    from_grant: Decimal = ZERO
    from_other: Decimal = ZERO
    own_financial: Decimal = ZERO
    personal: Decimal = ZERO
    in_kind: Decimal = ZERO


@dataclass
class InvoiceLine:
    budget_row_id: int
    number: str
    issuer: str
    issue_date: date
    amount: Decimal
    from_grant: Decimal


def report_save(
    *,
    actor: Any,
    report: Report,
    actions_done: str,
    indicators: dict[int, Decimal] | None = None,
    expenses: Sequence[ExpenseLine] | None = None,
    invoices: Sequence[InvoiceLine] | None = None,
    other_info: str = "",
) -> Report:
    _require(actor, "commissioning.report_contract", report.contract)
    with transaction.atomic():
        report = _lock(Report, report.pk)
        if report.state not in {ReportState.DRAFT, ReportState.CORRECTIONS_REQUESTED}:
            raise ValidationError(_("Złożonego sprawozdania nie można zmieniać."))
        offer = report.contract.offer
        report.actions_done = actions_done
        report.other_info = other_info
        report.save()
        if indicators is not None:
            valid = set(offer.indicators.values_list("pk", flat=True))
            report.indicator_values.all().delete()
            for ind_id, achieved in indicators.items():
                if ind_id not in valid:
                    raise ValidationError(_("Nieznany rezultat."))
                ReportIndicator.objects.create(report=report, indicator_id=ind_id, achieved=achieved)
        if expenses is not None:
            rows = {r.pk: r for r in offer.budget_rows.all()}
            report.expenses.all().delete()
            for e in expenses:
                if e.budget_row_id not in rows:
                    raise ValidationError(_("Nieznana pozycja kosztorysu."))
                ReportExpense.objects.create(
                    report=report,
                    budget_row_id=e.budget_row_id,
                    from_grant=money(e.from_grant),
                    from_other=money(e.from_other),
                    own_financial=money(e.own_financial),
                    personal=money(e.personal),
                    in_kind=money(e.in_kind),
                )
            over = [t for t in selectors.running_totals(report.contract, upto=report) if t["grant_left"] < 0]
            if over:
                raise ValidationError(
                    _("Wydatki z dotacji przekraczają kosztorys w pozycji: %(rows)s.")
                    % {"rows": ", ".join(t["row"].name for t in over)}
                )
        if invoices is not None:
            report.invoices.all().delete()
            for inv in invoices:
                if inv.from_grant > inv.amount:
                    raise ValidationError(
                        _("Część z dotacji nie może przekraczać kwoty dokumentu %(n)s.") % {"n": inv.number}
                    )
                Invoice.objects.create(
                    report=report,
                    budget_row_id=inv.budget_row_id,
                    number=inv.number,
                    issuer=inv.issuer,
                    issue_date=inv.issue_date,
                    amount=money(inv.amount),
                    from_grant=money(inv.from_grant),
                )
        record_event(actor=actor, verb="commissioning.report_saved", target=report.contract, data={"report": report.pk})
    return report


def report_submit(*, actor: Any, report: Report) -> Report:
    _require(actor, "commissioning.report_contract", report.contract)
    with transaction.atomic():
        report = _lock(Report, report.pk)
        if not report.actions_done.strip():
            raise ValidationError(_("Opisz wykonane działania."))
        REPORT.apply(report, ReportState.SUBMITTED)
        report.submitted_at = timezone.now()
        report.save()
        contract = _lock(Contract, report.contract_id)
        if report.kind == ReportKind.FINAL and contract.state == ContractState.IN_DELIVERY:
            CONTRACT.apply(contract, ContractState.REPORTING)
            contract.save()
        record_event(actor=actor, verb="commissioning.report_submitted", target=contract, data={"report": report.pk})
    return report


def report_review(
    *,
    actor: Any,
    report: Report,
    decision: str,
    note: str = "",
    corrections_due: date | None = None,
    return_amount: Decimal | None = None,
) -> Report:
    """Accept / request corrections / demand return of the grant (art. 18 and art. 251 ufp)."""
    _require(actor, "commissioning.manage_contract", report.contract)
    with transaction.atomic():
        report = _lock(Report, report.pk)
        contract = _lock(Contract, report.contract_id)
        if decision == "accept":
            REPORT.apply(report, ReportState.ACCEPTED)
        elif decision == "corrections":
            if corrections_due is None or corrections_due <= timezone.localdate():
                raise ValidationError(_("Podaj przyszły termin poprawek."))
            REPORT.apply(report, ReportState.CORRECTIONS_REQUESTED)
            report.corrections_due = corrections_due
        elif decision == "return":
            if not return_amount or return_amount <= 0:
                raise ValidationError(_("Podaj kwotę dotacji do zwrotu."))
            REPORT.apply(report, ReportState.RETURN_DEMANDED)
            report.return_amount = money(return_amount)
            if contract.state == ContractState.REPORTING:
                CONTRACT.apply(contract, ContractState.RETURN_DEMANDED)
                contract.return_amount = report.return_amount
                contract.save()
        else:
            raise ValidationError(_("Nieznana decyzja."))
        report.review_note = note
        report.reviewed_at = timezone.now()
        report.reviewed_by = actor
        report.save()
        record_event(
            actor=actor,
            verb="commissioning.report_reviewed",
            target=contract,
            data={"report": report.pk, "decision": decision},
        )
    return report


def contract_settle(*, actor: Any, contract: Contract, note: str = "") -> Contract:
    _require(actor, "commissioning.manage_contract", contract)
    with transaction.atomic():
        contract = _lock(Contract, contract.pk)
        final = contract.reports.filter(kind=ReportKind.FINAL).first()
        if final is None or final.state not in {ReportState.ACCEPTED, ReportState.RETURN_DEMANDED}:
            raise ValidationError(_("Rozliczenie zamyka umowę po przyjęciu sprawozdania końcowego."))
        if contract.reports.filter(
            state__in=[ReportState.DRAFT, ReportState.SUBMITTED, ReportState.CORRECTIONS_REQUESTED]
        ).exists():
            raise ValidationError(_("Najpierw oceń wszystkie sprawozdania."))
        CONTRACT.apply(contract, ContractState.SETTLED)
        contract.settled_at = timezone.now()
        contract.save()
        call = _lock(Call, contract.call_id)
        wf = call_workflow(call.mode)
        if (
            wf.allowed(call.state, CallState.ARCHIVED)
            and not Contract.objects.filter(call=call)
            .exclude(state__in=[ContractState.SETTLED, ContractState.TERMINATED])
            .exists()
        ):
            wf.apply(call, CallState.ARCHIVED)
            call.save()
        record_event(actor=actor, verb="commissioning.contract_settled", target=contract, data={"note": note})
    return contract


# --- small grants (art. 19a) and own initiative (art. 12) -------------------------------------------------


def small_grant_submit(
    *,
    actor: Any,
    authority: Organisation,
    organisation: Organisation,
    title: str,
    data: dict[str, Any],
    actions: Sequence[ActionLine],
    indicators: Sequence[IndicatorLine],
    budget: Sequence[BudgetLine],
) -> Offer:
    """An organisation files a small-grant offer; the caps of art. 19a are checked at once."""
    _require(actor, "commissioning.submit_small_grant")
    if organisation.pk not in selectors.member_org_ids(actor):
        raise PermissionDenied(_("Ofertę składa się w imieniu własnej, zweryfikowanej organizacji."))
    if authority.legal_form != LegalForm.JST_OFFICE:
        raise ValidationError(_("Mały grant przyznaje jednostka samorządu terytorialnego."))
    with transaction.atomic():
        call = Call.objects.create(
            title=title,
            mode=CallMode.OPP_SMALL_GRANT,
            task_form=TaskForm.SUPPORT,
            state=CallState.SUBMITTED,
            authority=authority,
            proposed_by=organisation,
            max_grant=legal.SMALL_GRANT_MAX.value,
            created_by=actor,
        )
        _default_criteria(call)
        offer = Offer.objects.create(call=call, lead_organisation=organisation, title=title, created_by=actor)
        OfferPartner.objects.create(offer=offer, organisation=organisation, role=PartnerRole.LEAD)
        offer.declarations_accepted = bool(data.get("declarations_accepted"))
        for key in OFFER_FIELDS:
            if key in data:
                setattr(offer, key, data[key])
        offer.save()
        for i, a in enumerate(actions, start=1):
            OfferAction.objects.create(
                offer=offer,
                order=i,
                name=a.name,
                description=a.description,
                start_date=a.start_date,
                end_date=a.end_date,
            )
        for ind in indicators:
            OfferIndicator.objects.create(
                offer=offer, name=ind.name, planned_level=ind.planned_level, unit=ind.unit, monitoring=ind.monitoring
            )
        for i, line in enumerate(budget, start=1):
            BudgetRow.objects.create(
                offer=offer,
                order=i,
                category=line.category,
                name=line.name,
                quantity=line.quantity,
                unit=line.unit,
                unit_cost=money(line.unit_cost),
                **budget_arithmetic(line),
            )
        _recompute_totals(offer)
        offer.save()
        errors = offer_limit_errors(offer)
        year = offer.start_date.year if offer.start_date else timezone.localdate().year
        granted = (
            Offer.objects.filter(
                call__mode=CallMode.OPP_SMALL_GRANT,
                lead_organisation=organisation,
                state__in=[OfferState.ACCEPTED, OfferState.CONTRACT_SIGNED],
                start_date__year=year,
            ).aggregate(s=Sum("requested_amount"))["s"]
            or ZERO
        )
        if granted + offer.requested_amount > legal.SMALL_GRANT_ORG_YEAR_CAP.value:
            errors.append(
                _("%(text)s (%(basis)s): przyznano już %(g)s zł w %(y)s r.")
                % {
                    "text": legal.SMALL_GRANT_ORG_YEAR_CAP.text,
                    "basis": legal.SMALL_GRANT_ORG_YEAR_CAP.basis,
                    "g": granted,
                    "y": year,
                }
            )
        planned = (
            Call.objects.filter(authority=authority, mode__in=OPP_MODES, delivery_start__year=year)
            .exclude(mode=CallMode.OPP_SMALL_GRANT)
            .aggregate(s=Sum("funds_total"))["s"]
        )
        if planned:
            small_total = (
                Offer.objects.filter(
                    call__authority=authority,
                    call__mode=CallMode.OPP_SMALL_GRANT,
                    state__in=[OfferState.ACCEPTED, OfferState.CONTRACT_SIGNED],
                    start_date__year=year,
                ).aggregate(s=Sum("requested_amount"))["s"]
                or ZERO
            )
            if (small_total + offer.requested_amount) * 100 > planned * legal.SMALL_GRANT_BUDGET_SHARE.value:
                errors.append(f"{legal.SMALL_GRANT_BUDGET_SHARE.text} ({legal.SMALL_GRANT_BUDGET_SHARE.basis})")
        if errors:
            raise ValidationError(errors)
        OFFER.apply(offer, OfferState.SUBMITTED)
        offer.submitted_at = timezone.now()
        offer.number = f"MG/{call.pk}"
        offer.save()
        record_event(actor=actor, verb="commissioning.small_grant_submitted", target=call, data={"offer": offer.pk})
    return offer


def small_grant_publish(*, actor: Any, call: Call, today: date | None = None) -> Call:
    """Publish the offer for 7 days of public comment (art. 19a ust. 3 OPP)."""
    _require(actor, "commissioning.manage_call", call)
    today = today or timezone.localdate()
    with transaction.atomic():
        call = _lock(Call, call.pk)
        call_workflow(call.mode).apply(call, CallState.PUBLISHED_FOR_COMMENT)
        call.published_at = timezone.now()
        call.save()
        offer = call.offers.select_for_update().get()
        OFFER.apply(offer, OfferState.PUBLISHED_FOR_COMMENT)
        offer.comment_from = today
        offer.comment_until = today + timedelta(days=legal.SMALL_GRANT_COMMENT_DAYS.value - 1)
        offer.save()
        record_event(actor=actor, verb="commissioning.small_grant_published", target=call)
    return call


def public_comment_add(*, call: Call, author_name: str, body: str, actor: Any = None) -> PublicComment:
    call = Call.objects.get(pk=call.pk)
    offer = call.offers.get()
    today = timezone.localdate()
    if call.state != CallState.PUBLISHED_FOR_COMMENT or not (
        offer.comment_from and offer.comment_until and offer.comment_from <= today <= offer.comment_until
    ):
        raise ValidationError(_("Uwagi można zgłaszać tylko w okresie publikacji oferty (art. 19a ust. 3 OPP)."))
    if not body.strip() or not author_name.strip():
        raise ValidationError(_("Podaj autora i treść uwagi."))
    with transaction.atomic():
        comment = PublicComment.objects.create(
            offer=offer,
            author_name=author_name,
            body=body,
            author=actor if getattr(actor, "is_authenticated", False) else None,
        )
        record_event(actor=actor, verb="commissioning.small_grant_comment", target=call, data={"comment": comment.pk})
    return comment


def small_grant_decide(*, actor: Any, call: Call, accept: bool, note: str = "") -> Call:
    """After the 7 days the authority considers the comments and awards the grant or refuses it."""
    _require(actor, "commissioning.manage_call", call)
    with transaction.atomic():
        call = _lock(Call, call.pk)
        offer = call.offers.select_for_update().get()
        wf = call_workflow(call.mode)
        if offer.comment_until and timezone.localdate() <= offer.comment_until:
            raise ValidationError(
                _("Okres zgłaszania uwag trwa do %(d)s.") % {"d": offer.comment_until.strftime("%d.%m.%Y")}
            )
        wf.apply(call, CallState.COMMENTS_REVIEWED)
        call.save()
        offer.decision_note = note
        if accept:
            OFFER.apply(offer, OfferState.ACCEPTED)
            offer.awarded_amount = offer.requested_amount
            call.decided_at = timezone.now()
            call.results_published_at = timezone.now()
        else:
            OFFER.apply(offer, OfferState.REJECTED)
            wf.apply(call, CallState.REJECTED)
        offer.save()
        call.save()
        record_event(actor=actor, verb="commissioning.small_grant_decided", target=call, data={"accept": accept})
    return call


def own_initiative_submit(
    *,
    actor: Any,
    authority: Organisation,
    organisation: Organisation,
    title: str,
    description: str,
    cost_estimate: Decimal,
) -> Call:
    """An organisation proposes a public task with a cost estimate (art. 12 ust. 1 OPP)."""
    _require(actor, "commissioning.submit_small_grant")
    if organisation.pk not in selectors.member_org_ids(actor):
        raise PermissionDenied(_("Wniosek składa się w imieniu własnej, zweryfikowanej organizacji."))
    if not description.strip() or cost_estimate <= 0:
        raise ValidationError(_("Opisz zadanie i podaj szacunkowy koszt."))
    with transaction.atomic():
        call = Call.objects.create(
            title=title,
            mode=CallMode.OPP_OWN_INITIATIVE,
            task_form=TaskForm.SUPPORT,
            state=CallState.SUBMITTED,
            authority=authority,
            proposed_by=organisation,
            task_type=description,
            funds_total=money(cost_estimate),
            assessment_due=add_months(timezone.localdate(), legal.OWN_INITIATIVE_ASSESS_MONTHS.value),
            created_by=actor,
        )
        record_event(actor=actor, verb="commissioning.own_initiative_submitted", target=call)
    return call


def own_initiative_assess(*, actor: Any, call: Call, positive: bool, note: str) -> Call:
    """The authority assesses the request: priorities, quality, funds, benefit (art. 12 ust. 2 OPP)."""
    _require(actor, "commissioning.manage_call", call)
    if not note.strip():
        raise ValidationError(_("Uzasadnij ocenę celowości realizacji zadania."))
    with transaction.atomic():
        call = _lock(Call, call.pk)
        call_workflow(call.mode).apply(call, CallState.ASSESSED_POSITIVE if positive else CallState.REJECTED)
        call.assessment_note = note
        call.published_at = call.published_at or timezone.now()
        call.save()
        record_event(
            actor=actor, verb="commissioning.own_initiative_assessed", target=call, data={"positive": positive}
        )
    return call


# --- social clauses (Pzp) ---------------------------------------------------------------------------------


class _SafeDict(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def clause_render(template_body: str, parameters: dict[str, Any]) -> str:
    values = {k: (", ".join(map(str, v)) if isinstance(v, list | tuple) else v) for k, v in parameters.items()}
    return template_body.format_map(_SafeDict(values))


def art361_check(*, call: Call, contractor: Organisation | None = None, today: date | None = None) -> dict[str, Any]:
    """CPV codes against the art. 361 list and, for a contractor, the 3-year history with this authority."""
    codes = [str(c) for c in call.cpv_codes]
    listed = [c for c in codes if legal.cpv_in_art361(c)]
    result: dict[str, Any] = {
        "codes": [(c, legal.cpv_in_art361(c)) for c in codes],
        "all_listed": bool(codes) and len(listed) == len(codes),
        "basis": "art. 361 ust. 1 Pzp",
        "history": [],
        "history_ok": True,
        "history_basis": legal.ART361_HISTORY_YEARS.basis,
    }
    if contractor is not None:
        history = list(
            selectors.authority_history(
                call.authority_id, contractor.pk, years=legal.ART361_HISTORY_YEARS.value, today=today
            )
        )
        result["history"] = history
        result["history_ok"] = not any(
            c.call.mode in {CallMode.PZP_SOCIAL, CallMode.PZP_RESERVED}
            and c.call.clauses.filter(kind=ClauseKind.ART_361).exists()
            for c in history
        )
    return result


def clause_add(
    *, actor: Any, call: Call, kind: str, parameters: dict[str, Any], template: ClauseTemplate | None = None
) -> CallClause:
    """Generate the clause text for the tender documents and record that the call uses it."""
    _require(actor, "commissioning.use_clause_helper", call)
    if kind not in ClauseKind.values:
        raise ValidationError(_("Nieznany rodzaj klauzuli."))
    if template is None:
        template = ClauseTemplate.objects.filter(kind=kind, is_active=True).order_by("id").first()
    if template is None:
        raise ValidationError(_("Brak aktywnego wzoru klauzuli tego rodzaju – dodaj go w panelu administracyjnym."))
    errors: list[str] = []
    if kind == ClauseKind.ART_94:
        pct = Decimal(str(parameters.get("percent") or 0))
        if pct < legal.ART94_MIN_PERCENT.value:
            errors.append(f"{legal.ART94_MIN_PERCENT.text} ({legal.ART94_MIN_PERCENT.basis})")
        if not parameters.get("groups"):
            errors.append(_("Wskaż grupy osób (art. 94 ust. 1 Pzp)."))
    if kind == ClauseKind.ART_96 and (
        not parameters.get("groups") or not parameters.get("people") or not parameters.get("months")
    ):
        errors.append(_("Art. 96 ust. 2 pkt 2 Pzp: określ grupy, liczbę osób i okres zatrudnienia."))
    if kind == ClauseKind.ART_95 and not parameters.get("activities"):
        errors.append(_("Art. 95 ust. 2 Pzp: wskaż czynności, których dotyczy wymóg zatrudnienia."))
    if kind == ClauseKind.ART_242:
        weight = Decimal(str(parameters.get("weight") or 0))
        if not (0 < weight < 100):
            errors.append(_("Waga kryterium musi być większa od 0 i mniejsza od 100% (art. 242 ust. 2 Pzp)."))
    if kind == ClauseKind.ART_361:
        check = art361_check(call=call)
        if not check["all_listed"]:
            bad = [c for c, ok in check["codes"] if not ok] or [_("brak kodów CPV")]
            errors.append(
                _("Zastrzeżenie z art. 361 Pzp dotyczy tylko usług z wykazu; poza wykazem: %(c)s.")
                % {"c": ", ".join(map(str, bad))}
            )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        clause = CallClause.objects.create(
            call=call,
            template=template,
            kind=kind,
            parameters=parameters,
            text=clause_render(template.body, parameters),
            created_by=actor,
        )
        record_event(actor=actor, verb="commissioning.clause_added", target=call, data={"kind": kind})
    return clause
