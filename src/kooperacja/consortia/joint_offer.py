"""Reading the register of members' capacity for a call (issue 17): the calls the consortium may answer with a joint
offer, and for each lot of a call the members that can deliver it, best first, with the reasons.

A member's capacity row fits a lot when it is in the lot's sector; it fits better when it is in the package's gmina
(then in its powiat), when it covers the lot's planned participants and when it is available by the start of
delivery. A suspended member is shown but never proposed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from .capacity import register
from .enums import MemberStatus


@dataclass
class Candidate:
    capacity: Any  # consortia.MemberCapacity
    score: int
    fits: list[str] = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)

    @property
    def member(self) -> Any:
        return self.capacity.member

    @property
    def proposable(self) -> bool:
        return self.member.status == MemberStatus.ACTIVE


@dataclass
class LotProposal:
    lot: Any  # commissioning.Lot
    candidates: list[Candidate]

    @property
    def proposed(self) -> Candidate | None:
        return next((c for c in self.candidates if c.proposable), None)


def open_calls_for(consortium: Any) -> QuerySet[Any]:
    """Published calls still taking offers that admit joint offers (art. 14 ust. 2 OPP) and have lots."""
    from kooperacja.commissioning.enums import CallMode
    from kooperacja.commissioning.selectors import open_calls

    return (
        open_calls()
        .filter(allow_joint_offers=True, lots__isnull=False)
        .exclude(mode__in=[CallMode.OPP_SMALL_GRANT, CallMode.OPP_OWN_INITIATIVE])
        .distinct()
    )


def offers_of_lead(consortium: Any, call: Any) -> QuerySet[Any]:
    """The lead's offers already started in the call (a joint offer built before, or typed by hand)."""
    from kooperacja.commissioning.models import Offer

    return Offer.objects.filter(call=call, lead_organisation_id=consortium.lead_id).order_by("pk")


def _delivery_start(call: Any) -> dt.date:
    return call.delivery_start or timezone.localdate()


def _assess(capacity: Any, lot: Any, call: Any) -> Candidate:
    from kooperacja.core.pdf import format_date

    score = 0
    fits: list[str] = []
    gaps: list[str] = []
    gmina = getattr(call.package, "territory", None)
    here = capacity.territory
    if gmina is not None and here.pk == gmina.pk:
        score += 4
        fits.append(_("działa w gminie pakietu (%(g)s)") % {"g": here.name})
    elif gmina is not None and here.code[:4] == (gmina.code or "")[:4]:
        score += 2
        fits.append(_("działa w tym samym powiecie (%(g)s)") % {"g": here.name})
    else:
        gaps.append(_("działa poza powiatem pakietu (%(g)s)") % {"g": here.name})
    planned = lot.planned_participants or 0
    if planned and capacity.people >= planned:
        score += 3
        fits.append(_("liczba miejsc: %(n)s (plan części: %(p)s)") % {"n": capacity.people, "p": planned})
    elif planned:
        gaps.append(_("za mało miejsc: %(n)s (plan części: %(p)s)") % {"n": capacity.people, "p": planned})
    start = _delivery_start(call)
    if capacity.available_from and capacity.available_from > start:
        gaps.append(_("dostępne dopiero od %(d)s") % {"d": format_date(capacity.available_from)})
    else:
        score += 1
    if capacity.member.status != MemberStatus.ACTIVE:
        gaps.append(_("członkostwo zawieszone"))
        score -= 10
    return Candidate(capacity=capacity, score=score, fits=fits, gaps=gaps)


def proposals(consortium: Any, call: Any) -> list[LotProposal]:
    """Per lot of the call: the capacity rows of the lot's sector, best first (score, then more people)."""
    rows = list(register(consortium))
    out = []
    for lot in call.lots.order_by("number"):
        candidates = [_assess(r, lot, call) for r in rows if r.sector == lot.sector]
        candidates.sort(key=lambda c: (-c.score, -c.capacity.people, c.member.organisation.name))
        out.append(LotProposal(lot=lot, candidates=candidates))
    return out
