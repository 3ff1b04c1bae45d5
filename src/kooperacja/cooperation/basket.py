"""The basket of services: recommendations that explain themselves, and the planner's view of the basket.

A recommendation is a catalogue service that answers a diagnosed need (its category), may serve the family's
gmina (territorial restriction and powiat), suits the diagnosed art. 7 reasons and the ages of the people in
the case, and has free places. Services of the team's member institutions come first, then local ones.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import numpy as np
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.catalog import selectors as catalog_selectors
from kooperacja.catalog.enums import AssistanceReason, ServiceCategory, ServiceStatus

from .enums import CaseStatus, ProgrammeStatus, ReferralState
from .models import Action, Case, CasePerson, Diagnosis, Referral, Team
from .planner import PlannerInstance

if TYPE_CHECKING:
    from .selectors import Viewer

REASON_BITS = {value: 1 << i for i, value in enumerate(AssistanceReason.values)}
OTHER_POWIAT_KM = 80.0  # fallback distance between powiats when gminas have no coordinates


def age_on(birth: date | None, today: date) -> int | None:
    if birth is None:
        return None
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


@dataclass
class Recommendation:
    service: Any
    category: str
    why: list[str] = field(default_factory=list)
    for_persons: list[CasePerson] = field(default_factory=list)
    is_member_offer: bool = False


# A basket item with a referral in one of these states is served (or being served): no second referral for it.
REFERRAL_BLOCKING_STATES = (
    ReferralState.SENT,
    ReferralState.ACCEPTED,
    ReferralState.IN_PROGRESS,
    ReferralState.COMPLETED,
)


def referral_blocking(action: Action) -> Referral | None:
    """The referral that already serves this basket item (sent, accepted, in progress or completed), if any."""
    return action.referrals.filter(state__in=REFERRAL_BLOCKING_STATES).order_by("-sent_at").first()


def with_referral_state(actions: Any) -> list[Action]:
    """The basket items with `serving` = the referral that serves each (or None), in one query for all of them."""
    items = list(actions)
    serving: dict[int, Referral] = {}
    for r in Referral.objects.filter(action__in=items, state__in=REFERRAL_BLOCKING_STATES).order_by("sent_at"):
        serving[r.action_id] = r  # type: ignore[index]
    for a in items:
        a.serving = serving.get(a.pk)  # type: ignore[attr-defined]
    return items


def recommendations_for(
    case: Case, *, user: Viewer, today: date | None = None, limit: int = 12
) -> list[Recommendation]:
    today = today or timezone.localdate()
    diagnosis = Diagnosis.objects.filter(case=case).first()
    needs = list(dict.fromkeys(diagnosis.needs if diagnosis else []))
    needs += [
        c
        for c in Action.objects.filter(programme__case=case, service__isnull=True)
        .exclude(category="")
        .values_list("category", flat=True)
        if c not in needs
    ]
    if not needs:
        return []
    reasons = list(diagnosis.reasons) if diagnosis else []
    persons = list(case.persons.select_related("person"))
    ages = [(cp, age_on(cp.person.birth_date, today)) for cp in persons]
    member_orgs = set(case.team.members.filter(left_on__isnull=True).values_list("organisation_id", flat=True))
    in_basket = set(
        Action.objects.filter(programme__case=case, service__isnull=False).values_list("service_id", flat=True)
    )
    labels = dict(ServiceCategory.choices)
    reason_labels = dict(AssistanceReason.choices)
    found: list[Recommendation] = []
    for category in needs:
        qs = catalog_selectors.services_matching(gmina=case.gmina, categories=[category], reasons=reasons, user=user)
        for service in qs[:20]:
            if service.pk in in_basket:
                continue
            fits = [
                cp
                for cp, age in ages
                if age is not None
                and (service.min_age is None or age >= service.min_age)
                and (service.max_age is None or age <= service.max_age)
            ]
            limited = service.min_age is not None or service.max_age is not None
            if limited and ages and not fits:
                continue
            why = [_("odpowiada na rozpoznaną potrzebę: %(c)s") % {"c": labels.get(category, category)}]
            if getattr(service, "is_local", 0):
                why.append(_("realizowana w gminie %(g)s") % {"g": case.gmina.name})
            else:
                why.append(_("dostępna dla mieszkańców powiatu"))
            if service.required_reasons:
                matched = [str(reason_labels.get(r, r)) for r in service.required_reasons if r in reasons]
                why.append(_("przesłanka z diagnozy: %(r)s") % {"r": ", ".join(matched)})
            if limited and fits:
                why.append(
                    _("wiek %(lo)s–%(hi)s pasuje: %(who)s")
                    % {
                        "lo": service.min_age if service.min_age is not None else 0,
                        "hi": service.max_age if service.max_age is not None else "…",
                        "who": ", ".join(cp.relation for cp in fits),
                    }
                )
            why.append(
                _("wolne miejsca: %(n)s") % {"n": service.free} if service.free is not None else _("bez limitu miejsc")
            )
            is_member = service.provider_id in member_orgs
            if is_member:
                why.append(_("oferta instytucji członkowskiej zespołu"))
            found.append(
                Recommendation(service=service, category=category, why=why, for_persons=fits, is_member_offer=is_member)
            )
    found.sort(key=lambda r: (needs.index(r.category), not r.is_member_offer, -getattr(r.service, "is_local", 0)))
    return found[:limit]


# --- planner instance from the database --------------------------------------------------------------------


def _xy(lat: float, lon: float) -> tuple[float, float]:
    """Equirectangular projection to km around Poland's latitude (good enough for travel-distance limits)."""
    return lon * 111.32 * math.cos(math.radians(52.0)), lat * 110.57


def _allowed(service: Any, codes: dict[str, int]) -> frozenset[int] | None:
    """Indices of the gminas whose residents may use the service (None = anyone; -1 = a gmina not in play)."""
    restricted = [g.code for g in service.eligible_gminas.all()]
    if not restricted:
        return None
    return frozenset(codes.get(code, -1) for code in restricted)


def build_planner_instance(
    *, team: Team, max_distance_km: int = 40, today: date | None = None
) -> tuple[PlannerInstance, list[Action], list[Any]]:
    """Open basket items (no service yet) of the team's open cases vs active catalogue services with free places."""
    from kooperacja.catalog.models import Location, Service

    today = today or timezone.localdate()
    needs = list(
        Action.objects.filter(programme__case__team=team, service__isnull=True)
        .exclude(category="")
        .exclude(programme__case__status=CaseStatus.CLOSED)
        .exclude(programme__status=ProgrammeStatus.CLOSED)
        .select_related("programme__case__gmina", "beneficiary__person", "programme__case__diagnosis")
        .order_by("id")
    )
    categories = sorted({a.category for a in needs})
    services = list(
        catalog_selectors.with_free_places(
            Service.objects.filter(status=ServiceStatus.ACTIVE, provider__is_verified=True, category__in=categories)
        )
        .select_related("provider__territory")
        .prefetch_related("eligible_gminas", "locations__territory")
        .order_by("id")
    )
    services = [s for s in services if s.free is None or s.free > 0]
    # Gminas involved and their positions (mean of known location coordinates, else none).
    codes: dict[str, int] = {}
    for a in needs:
        codes.setdefault(a.programme.case.gmina.code, len(codes))
    svc_code = []
    for s in services:
        loc = next(iter(s.locations.all()), None)
        code = loc.territory.code if loc is not None else s.provider.territory.code
        svc_code.append(code)
        codes.setdefault(code, len(codes))
    coords: dict[str, list[tuple[float, float]]] = {}
    for loc in Location.objects.filter(
        territory__code__in=codes, latitude__isnull=False, longitude__isnull=False
    ).select_related("territory"):
        coords.setdefault(loc.territory.code, []).append(_xy(float(loc.latitude), float(loc.longitude)))
    gmina_list = sorted(codes, key=codes.get)  # type: ignore[arg-type]
    have_all = all(c in coords for c in gmina_list)
    if have_all:
        gmina_xy = np.array([np.mean(coords[c], axis=0) for c in gmina_list], dtype=float)
    else:
        # Without coordinates of every gmina: one point per powiat, powiats OTHER_POWIAT_KM apart
        # (documented fallback: within a powiat everything counts as reachable).
        powiats = sorted({c[:4] for c in gmina_list})
        gmina_xy = np.array([(powiats.index(c[:4]) * OTHER_POWIAT_KM, 0.0) for c in gmina_list], dtype=float)
    cat_index = {c: i for i, c in enumerate(categories)}
    n, m = len(needs), len(services)
    need_age = np.full(n, -1, dtype=np.int64)
    need_reasons = np.zeros(n, dtype=np.int64)
    for i, a in enumerate(needs):
        if a.beneficiary_id is not None:
            age = age_on(a.beneficiary.person.birth_date, today)
            need_age[i] = -1 if age is None else age
        diagnosis = getattr(a.programme.case, "diagnosis", None)
        for r in diagnosis.reasons if diagnosis else []:
            need_reasons[i] |= REASON_BITS.get(r, 0)
    svc_reasons = np.zeros(m, dtype=np.int64)
    for j, s in enumerate(services):
        for r in s.required_reasons:
            svc_reasons[j] |= REASON_BITS.get(r, 0)
    capacity = np.array([s.free if s.free is not None else max(n, 1) for s in services], dtype=np.int64)
    instance = PlannerInstance(
        gmina_xy=gmina_xy.reshape(-1, 2),
        need_category=np.array([cat_index[a.category] for a in needs], dtype=np.int64),
        need_gmina=np.array([codes[a.programme.case.gmina.code] for a in needs], dtype=np.int64),
        need_weight=np.array([a.priority for a in needs], dtype=np.int64),
        need_age=need_age,
        need_reasons=need_reasons,
        svc_category=np.array([cat_index[s.category] for s in services], dtype=np.int64),
        svc_xy=np.array([gmina_xy[codes[c]] for c in svc_code], dtype=float).reshape(-1, 2),
        svc_capacity=capacity,
        svc_min_age=np.array([-1 if s.min_age is None else s.min_age for s in services], dtype=np.int64),
        svc_max_age=np.array([-1 if s.max_age is None else s.max_age for s in services], dtype=np.int64),
        svc_reasons=svc_reasons,
        svc_gminas=[_allowed(s, codes) for s in services],
        max_distance_km=float(max_distance_km),
    )
    return instance, needs, services
