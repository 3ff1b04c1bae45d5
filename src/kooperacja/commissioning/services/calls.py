"""Calls: create, edit, clone, publish (with the legal checklist), cancel, open the offers."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core.actors import Actor, require
from kooperacja.organisations.models import Organisation

from .. import legal, selectors
from ..enums import (
    OPP_MODES,
    CallMode,
    CallState,
    CancelReason,
    OfferState,
    PublicationChannel,
    TaskForm,
)
from ..events import CommissioningEvent as E
from ..events import event
from ..models import (
    Call,
    CallPublication,
    Criterion,
    Lot,
    Offer,
    ServicePackage,
)
from ..workflows import call_workflow
from .calculations import announcement_missing
from .common import _lock

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
    actor: Actor,
    authority: Organisation,
    mode: str,
    title: str,
    package: ServicePackage | None = None,
    data: dict[str, Any] | None = None,
    lots: Iterable[Lot] | None = None,
) -> Call:
    """A draft announcement; with a package, its lots (all of them, or the chosen `lots`)."""
    if mode in {CallMode.OPP_SMALL_GRANT, CallMode.OPP_OWN_INITIATIVE}:
        raise ValidationError(_("Mały grant i inicjatywę własną składa organizacja – użyj odpowiedniego formularza."))
    call = Call(
        authority=authority,
        mode=mode,
        title=title,
        package=package,
        created_by=actor,
        state=call_workflow(mode).initial,
    )
    require(actor, "commissioning.manage_call", call)
    if package is not None and package.municipality_id != authority.pk:
        raise ValidationError(_("Pakiet należy do innej jednostki samorządu."))
    with transaction.atomic():
        for key, value in (data or {}).items():
            if key in CALL_FIELDS:
                setattr(call, key, value)
        if mode not in OPP_MODES:
            call.task_form = ""
        call.full_clean()
        call.save()
        if package is not None:
            call.lots.set(package.lots.all() if lots is None else lots)
        _default_criteria(call)
        event(actor=actor, verb=E.CALL_CREATED, target=call, data={"mode": mode})
    return call


def call_update(*, actor: Actor, call: Call, data: dict[str, Any], lots: Iterable[Lot] | None = None) -> Call:
    require(actor, "commissioning.manage_call", call)
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
        event(actor=actor, verb=E.CALL_UPDATED, target=call, data={"fields": sorted(data)})
    return call


def call_clone(*, actor: Actor, call: Call) -> Call:
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
        event(actor=actor, verb=E.CALL_CLONED, target=new, data={"from": call.pk})
    return new


def call_publish(
    *, actor: Actor, call: Call, publications: Sequence[tuple[str, date, str]], now: datetime | None = None
) -> Call:
    """Publish the announcement in the given channels (art. 13 ust. 3 OPP) after checking art. 13 ust. 1-2."""
    require(actor, "commissioning.manage_call", call)
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
        call_workflow(call.mode).apply(call, "publish", actor=actor)
        call.published_at = now
        call.save(update_fields=["state", "published_at", "updated_at"])
        for channel, day, reference in publications:
            CallPublication.objects.update_or_create(
                call=call, channel=channel, defaults={"published_on": day, "reference": reference}
            )
        event(
            actor=actor,
            verb=E.CALL_PUBLISHED,
            target=call,
            data={
                "channels": sorted(channels),
                "deadline": call.offer_deadline.isoformat() if call.offer_deadline else None,
            },
        )
        transaction.on_commit(lambda: _schedule_call_closing(call.pk))
    return call


def _schedule_call_closing(call_pk: int) -> None:
    from .. import tasks

    tasks.schedule_call_closing(Call.objects.get(pk=call_pk))


def call_cancel(*, actor: Actor, call: Call, reason: str, note: str = "") -> Call:
    """Cancel the call (art. 18a OPP) with its reason; published like the call."""
    require(actor, "commissioning.manage_call", call)
    if reason not in CancelReason.values:
        raise ValidationError(_("Podaj przyczynę unieważnienia."))
    with transaction.atomic():
        call = _lock(Call, call.pk)
        call_workflow(call.mode).apply(call, "cancel", actor=actor, reason=reason)
        call.cancel_reason = reason
        call.cancel_note = note
        call.cancelled_at = timezone.now()
        call.save()
        event(actor=actor, verb=E.CALL_CANCELLED, target=call, data={"reason": reason, "note": note})
    return call


def call_open_offers(*, actor: Actor, call: Call, now: datetime | None = None) -> Call:
    """After the deadline (server clock): close the call and start the formal review; with no offers the call
    must be cancelled (art. 18a ust. 1 OPP) and is. `now`: the moment for records made after the fact (the demo's
    past competitions); never later than the server clock, so nothing opens before its deadline."""
    require(actor, "commissioning.manage_call", call)
    real_now = timezone.now()
    now = min(now, real_now) if now else real_now
    with transaction.atomic():
        call = _lock(Call, call.pk)
        if selectors.is_sealed(call, now):
            raise ValidationError(_("Oferty są zapieczętowane do upływu terminu składania ofert."))
        wf = call_workflow(call.mode)
        if call.state == CallState.PUBLISHED:
            wf.apply(call, "close", actor=actor)
            call.closed_at = now
            call.save()  # every step of the table is recorded in the history
        Offer.objects.filter(call=call, state__in=[OfferState.DRAFT, OfferState.WITHDRAWN]).update(updated_at=now)
        if not call.offers.filter(state=OfferState.SUBMITTED).exists():
            wf.apply(call, "cancel", actor=actor, reason=CancelReason.NO_OFFERS)
            call.cancel_reason = CancelReason.NO_OFFERS
            call.cancel_note = str(legal.CANCELLATION)
            call.cancelled_at = now
            call.save()
            event(actor=actor, verb=E.CALL_CANCELLED, target=call, data={"reason": "no_offers"})
            return call
        wf.apply(call, "open_offers", actor=actor)
        call.save()
        event(
            actor=actor,
            verb=E.OFFERS_OPENED,
            target=call,
            data={"count": selectors.submitted_count(call)},
        )
    return call
