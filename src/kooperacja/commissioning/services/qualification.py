"""Qualification of contractors in a Pzp procedure, before the evaluation.

The notice sets the conditions of participation (art. 112 ust. 2 Pzp) and names the optional exclusion grounds
(art. 109 ust. 1 Pzp); the mandatory ones (art. 108 ust. 1 Pzp) always apply. During the formal review the officer
goes through the checklist per offer; the registry checks are made by the platform: for a reserved contract
(art. 94 Pzp) the contractor's legal form and the share of employees from the listed groups (at least 30 %,
art. 94 ust. 2), for a reservation of social services (art. 361 Pzp) the 3-year history of the contractor with the
same authority (art. 361 ust. 2 pkt 4) against the platform's own contracts. Only a qualified offer becomes
eligible for the evaluation; an excluded one is rejected with its reason. This is the formal decision of a Pzp
offer: `offer_formal_decision` does not admit a Pzp offer to the evaluation without it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core.actors import Actor, person_of, require
from kooperacja.core.pdf import format_percent
from kooperacja.organisations import selectors as org_selectors
from kooperacja.organisations.enums import LegalForm
from kooperacja.organisations.models import Organisation

from .. import legal
from ..enums import PZP_MODES, CallMode, CallState, ClauseKind, QualificationResult
from ..events import CommissioningEvent as E
from ..events import event
from ..models import Call, Offer, OfferQualification, QualificationSetup
from ..workflows import OFFER
from .calculations import art361_check
from .common import _lock


@dataclass(frozen=True)
class Item:
    """One line of the checklist: what is confirmed, the article, and for a registry check its result."""

    code: str
    text: str
    basis: str
    automatic: bool = False
    ok: bool | None = None
    detail: str = ""


OPTIONAL_CODES = frozenset(code for code, _t, _b in legal.PZP_EXCLUSIONS_OPTIONAL)
CONDITION_CODES = frozenset(code for code, _t, _b in legal.PZP_CONDITIONS)


def setup_of(call: Call) -> QualificationSetup:
    """The call's qualification settings (an unsaved empty one when the officer has set none: art. 108 only)."""
    setup = QualificationSetup.objects.filter(call=call).first()
    return setup if setup is not None else QualificationSetup(call=call)


def reserved_361(call: Call) -> bool:
    """The call reserves social services under art. 361 Pzp (the clause helper recorded the reservation)."""
    return call.mode in PZP_MODES and call.clauses.filter(kind=ClauseKind.ART_361).exists()


def checklist(call: Call) -> list[Item]:
    """The items the officer confirms for each contractor of this call, in the order of the act."""
    setup = setup_of(call)
    items = [Item(code, str(text), basis) for code, text, basis in legal.PZP_EXCLUSIONS_MANDATORY]
    items += [
        Item(code, str(text), basis)
        for code, text, basis in legal.PZP_EXCLUSIONS_OPTIONAL
        if code in set(setup.optional_grounds or [])
    ]
    for code, text, basis in legal.PZP_CONDITIONS:
        described = (setup.conditions or {}).get(code, "").strip()
        if described:
            items.append(Item(code, f"{text}: {described}", basis))
    if reserved_361(call):
        items += [Item(code, str(text), basis) for code, text, basis in legal.ART361_CONDITIONS]
    return items


def _reference_day(call: Call) -> date:
    """The day the registry data must be valid on: the offer deadline (today for a call without one)."""
    return timezone.localdate(call.offer_deadline) if call.offer_deadline else timezone.localdate()


def art94_check(organisation: Organisation, *, on: date) -> list[Item]:
    """Art. 94 Pzp against the registry: the legal form (ust. 1) and the latest share of employees from the
    listed groups (ust. 2: at least 30 %), recorded with a date and a source not older than 12 months."""
    forms = legal.ART94_LEGAL_FORMS
    form_ok = organisation.legal_form in forms.value
    form_label = LegalForm(organisation.legal_form).label if organisation.legal_form in LegalForm.values else ""
    items = [
        Item(
            "94_form",
            _("wykonawca jest podmiotem, o którym mowa w art. 94 ust. 1 Pzp"),
            forms.basis,
            automatic=True,
            ok=form_ok,
            detail=_("forma prawna w rejestrze: %(f)s") % {"f": form_label},
        )
    ]
    minimum = Decimal(legal.ART94_MIN_PERCENT.value)
    share = org_selectors.employment_share_latest(organisation.pk, on=on)
    months = legal.ART94_SHARE_MAX_AGE_MONTHS.value
    oldest = _months_before(on, months)
    if share is None:
        ok, detail = False, _("brak danych o udziale zatrudnionych w rejestrze organizacji")
    elif share.as_of < oldest:
        ok, detail = (
            False,
            _("dane z %(d)s są starsze niż %(m)s miesięcy przed terminem składania ofert")
            % {"d": share.as_of.strftime("%d.%m.%Y"), "m": months},
        )
    else:
        ok = share.share >= minimum
        detail = _("%(share)s zatrudnionych z grup art. 94 (stan na %(d)s; źródło: %(src)s)") % {
            "share": format_percent(share.share),
            "d": share.as_of.strftime("%d.%m.%Y"),
            "src": share.source,
        }
    items.append(
        Item(
            "94_share",
            _("co najmniej %(p)s zatrudnionych to osoby z grup wskazanych w art. 94 ust. 1 Pzp")
            % {"p": format_percent(minimum)},
            "art. 94 ust. 2 Pzp",
            automatic=True,
            ok=ok,
            detail=detail,
        )
    )
    return items


def _months_before(day: date, months: int) -> date:
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    month += 1
    for d in (day.day, 30, 29, 28):
        try:
            return date(year, month, d)
        except ValueError:
            continue
    return date(year, month, 28)


def registry_checks(call: Call, organisation: Organisation) -> list[Item]:
    """The checks the platform makes itself for this contractor (none for an ordinary Pzp procedure)."""
    items: list[Item] = []
    if call.mode == CallMode.PZP_RESERVED:
        items += art94_check(organisation, on=_reference_day(call))
    if reserved_361(call):
        start = timezone.localdate(call.published_at) if call.published_at else timezone.localdate()
        check = art361_check(call=call, contractor=organisation, today=start)
        earlier = [c for c in check["history"] if c.call.clauses.filter(kind=ClauseKind.ART_361).exists()]
        items.append(
            Item(
                "361_4",
                _("w ciągu ostatnich 3 lat zamawiający nie udzielił wykonawcy zamówienia zastrzeżonego na te usługi"),
                legal.ART361_HISTORY_YEARS.basis,
                automatic=True,
                ok=check["history_ok"],
                detail=(
                    _("umowy w systemie: %(list)s")
                    % {"list": ", ".join(f"{c.number} ({c.signed_on:%d.%m.%Y})" for c in earlier)}
                    if earlier
                    else _("brak takich umów w systemie od %(d)s")
                    % {"d": start.replace(year=start.year - legal.ART361_HISTORY_YEARS.value).strftime("%d.%m.%Y")}
                ),
            )
        )
    return items


def qualification_setup_save(
    *, actor: Actor, call: Call, conditions: dict[str, str], optional_grounds: list[str]
) -> QualificationSetup:
    """What the notice requires: set while the call is a draft (the notice cannot change after publication)."""
    require(actor, "commissioning.manage_call", call)
    if call.mode not in PZP_MODES:
        raise ValidationError(_("Kwalifikacja wykonawców dotyczy postępowań Pzp."))
    unknown = sorted(set(optional_grounds) - OPTIONAL_CODES) + sorted(set(conditions) - CONDITION_CODES)
    if unknown:
        raise ValidationError(_("Nieznana pozycja listy: %(c)s.") % {"c": ", ".join(unknown)})
    with transaction.atomic():
        call = _lock(Call, call.pk)
        if call.state != CallState.DRAFT:
            raise ValidationError(
                _("Warunki udziału i podstawy wykluczenia określa ogłoszenie – po publikacji nie można ich zmienić.")
            )
        setup = setup_of(call)
        setup.conditions = {k: v.strip() for k, v in conditions.items() if v and v.strip()}
        setup.optional_grounds = sorted(set(optional_grounds), key=lambda c: int(c.split("_")[1]))
        setup.full_clean()
        setup.save()
        event(
            actor=actor,
            verb=E.QUALIFICATION_SET,
            target=call,
            data={"conditions": sorted(setup.conditions), "grounds": setup.optional_grounds},
        )
    return setup


def offer_qualify(
    *, actor: Actor, offer: Offer, answers: dict[str, bool], result: str, reason: str = ""
) -> OfferQualification:
    """Record the qualification of the offer's contractor and move the offer: qualified -> eligible for the
    evaluation, excluded -> rejected with the reason (the failed items are named in it)."""
    call = Call.objects.get(pk=offer.call_id)
    require(actor, "commissioning.review_offer", call)
    if call.mode not in PZP_MODES:
        raise ValidationError(_("Kwalifikacja wykonawców dotyczy postępowań Pzp."))
    if call.state != CallState.FORMAL_REVIEW:
        raise ValidationError(_("Kwalifikacja wykonawców odbywa się po otwarciu ofert, przed ich oceną."))
    if result not in QualificationResult.values:
        raise ValidationError({"result": _("Wybierz wynik kwalifikacji.")})
    with transaction.atomic():
        offer = _lock(Offer, offer.pk)
        if OfferQualification.objects.filter(offer=offer).exists():
            raise ValidationError(_("Kwalifikacja tego wykonawcy została już rozstrzygnięta."))
        items = checklist(call)
        checks = registry_checks(call, offer.lead_organisation)
        failed = [i for i in items if not answers.get(i.code)] + [c for c in checks if not c.ok]
        if result == QualificationResult.QUALIFIED:
            if failed:
                raise ValidationError(
                    [_("Nie można zakwalifikować wykonawcy – niespełnione:")]
                    + [f"{i.text} ({i.basis})" for i in failed]
                )
            OFFER.apply(offer, "accept_formally")
        else:
            if not reason.strip():
                raise ValidationError({"reason": _("Podaj uzasadnienie wykluczenia lub odrzucenia oferty.")})
            named = "; ".join(f"{i.basis}" for i in failed)
            full = f"{reason.strip()} ({named})" if named else reason.strip()
            OFFER.apply(offer, "reject_formally", reason=full)
            offer.formal_rejection_reason = full
        offer.save()
        record = OfferQualification(
            offer=offer,
            answers={i.code: bool(answers.get(i.code)) for i in items},
            checks=[_snapshot(c) for c in checks],
            result=result,
            reason=reason.strip(),
            decided_by=person_of(actor),
        )
        record.full_clean()
        record.save()
        event(
            actor=actor,
            verb=E.OFFER_QUALIFIED,
            target=offer,
            data={"result": result, "failed": [i.code for i in failed]},
        )
    return record


def _snapshot(item: Item) -> dict[str, Any]:
    return {"code": item.code, "text": item.text, "basis": item.basis, "ok": item.ok, "detail": item.detail}


def qualification_view(call: Call, offer: Offer) -> dict[str, Any]:
    """What the qualification page shows for one offer: the checklist, the registry checks now (or as decided)."""
    decided = OfferQualification.objects.filter(offer=offer).first()
    items = checklist(call)
    return {
        "items": items,
        "answered": [(i, bool(decided.answers.get(i.code))) for i in items] if decided else [],
        "checks": [Item(**c, automatic=True) for c in decided.checks]
        if decided
        else registry_checks(call, offer.lead_organisation),
        "decided": decided,
    }


def contractor_employment_share_record(
    *, actor: Actor, offer: Offer, share: Decimal, as_of: date, source: str, employees: int | None = None
) -> Any:
    """During the qualification of a reserved contract the officer enters the share of employees from the groups
    of art. 94 from the contractor's documents into the registry (with its date and source)."""
    from kooperacja.organisations import services as org_services

    call = Call.objects.get(pk=offer.call_id)
    require(actor, "commissioning.review_offer", call)
    if call.mode != CallMode.PZP_RESERVED:
        raise ValidationError(_("Udział zatrudnionych z grup art. 94 sprawdza się w zamówieniu zastrzeżonym."))
    return org_services.employment_share_record(
        actor=actor, organisation=offer.lead_organisation, share=share, as_of=as_of, source=source, employees=employees
    )
