"""The basket of services: recommendations that explain themselves, and the planner's view of the basket.

A recommendation is a catalogue service that answers a diagnosed need (its category), may serve the family's
gmina (territorial restriction and powiat), suits the diagnosed art. 7 reasons and the ages of the people in
the case, and has free places. Services of the team's member institutions come first, then local ones.
"""

from __future__ import annotations

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

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)

# Where a distance is measured from (a case) and to (a service): its own coordinates, or a stand-in.
OWN = "own"  # the case's address / the service location's own coordinates
GMINA = "gmina"  # the centre of the gmina (core.Territory), the address or location has no coordinates
POWIAT = "powiat"  # the centre of the powiat: neither the address nor the gmina has coordinates
NONE = "none"  # no coordinates at all: the conventional distance (0 within a powiat, OTHER_POWIAT_KM between)


def haversine_km(lat1: Any, lon1: Any, lat2: Any, lon2: Any) -> Any:
    """Great-circle distance in km (arrays broadcast)."""
    p1, p2 = np.radians(lat1), np.radians(lat2)
    dp, dl = p2 - p1, np.radians(lon2) - np.radians(lon1)
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))


@dataclass(frozen=True)
class Point:
    """A place for the planner: coordinates (None when unknown), how they were found, and the gmina it lies in."""

    lat: float | None
    lon: float | None
    source: str
    gmina_code: str
    place: str = ""


def territory_point(gmina: Any, *, own: tuple[Any, Any] | None = None, place: str = "") -> Point:
    """The point of an address or location in `gmina`: its own coordinates, else the gmina's centre, else the
    powiat's (gmina.parent must be loaded)."""
    if own is not None and own[0] is not None and own[1] is not None:
        return Point(float(own[0]), float(own[1]), OWN, gmina.code, place)
    if gmina.latitude is not None and gmina.longitude is not None:
        return Point(float(gmina.latitude), float(gmina.longitude), GMINA, gmina.code, place or gmina.name)
    powiat = gmina.parent
    if powiat is not None and powiat.latitude is not None and powiat.longitude is not None:
        return Point(float(powiat.latitude), float(powiat.longitude), POWIAT, gmina.code, place or gmina.name)
    return Point(None, None, NONE, gmina.code, place or gmina.name)


def distance_matrix(origins: list[Point], destinations: list[Point]) -> np.ndarray:
    """km from each origin to each destination: haversine where both have coordinates, else the conventional
    distance (0 within one powiat, OTHER_POWIAT_KM between powiats)."""
    out = np.zeros((len(origins), len(destinations)), dtype=float)
    if not origins or not destinations:
        return out
    olat = np.array([np.nan if p.lat is None else p.lat for p in origins])[:, None]
    olon = np.array([np.nan if p.lon is None else p.lon for p in origins])[:, None]
    dlat = np.array([np.nan if p.lat is None else p.lat for p in destinations])[None, :]
    dlon = np.array([np.nan if p.lon is None else p.lon for p in destinations])[None, :]
    known = ~np.isnan(olat) & ~np.isnan(dlat)
    with np.errstate(invalid="ignore"):
        out = np.where(known, haversine_km(olat, olon, dlat, dlon), 0.0)
    same_powiat = np.array([[o.gmina_code[:4] == d.gmina_code[:4] for d in destinations] for o in origins])
    return np.where(known, out, np.where(same_powiat, 0.0, OTHER_POWIAT_KM))


def _case_point(case: Case) -> Point:
    return territory_point(case.gmina, own=(case.latitude, case.longitude), place=case.locality)


def _service_point(service: Any) -> Point:
    """The service's first location with coordinates, else its first location, else its provider's seat."""
    locations = list(service.locations.all())
    located = [loc for loc in locations if loc.latitude is not None and loc.longitude is not None]
    loc = (located or locations or [None])[0]
    if loc is None:
        return territory_point(service.provider.territory)
    return territory_point(loc.territory, own=(loc.latitude, loc.longitude), place=f"{loc.name}, {loc.city}")


def build_planner_instance(
    *, team: Team | None = None, teams: list[Team] | None = None, max_distance_km: int = 40, today: date | None = None
) -> tuple[PlannerInstance, list[Action], list[Any], list[Point], list[Point]]:
    """Open basket items (no service yet) of the open cases of `team` (or of all `teams`: a powiat-wide run) vs
    active catalogue services with free places. Also returns each need's origin and each service's point, so that
    the proposal can say where every distance was measured from."""
    from kooperacja.catalog.models import Service

    today = today or timezone.localdate()
    team_ids = [t.pk for t in (teams if teams is not None else [team] if team is not None else [])]
    needs = list(
        Action.objects.filter(programme__case__team_id__in=team_ids, service__isnull=True)
        .exclude(category="")
        .exclude(programme__case__status=CaseStatus.CLOSED)
        .exclude(programme__status=ProgrammeStatus.CLOSED)
        .select_related("programme__case__gmina__parent", "beneficiary__person", "programme__case__diagnosis")
        .order_by("id")
    )
    categories = sorted({a.category for a in needs})
    services = list(
        catalog_selectors.with_free_places(
            Service.objects.filter(status=ServiceStatus.ACTIVE, provider__is_verified=True, category__in=categories)
        )
        .select_related("provider__territory__parent")
        .prefetch_related("eligible_gminas", "locations__territory__parent")
        .order_by("id")
    )
    services = [s for s in services if s.free is None or s.free > 0]
    # Origins: one per distinct point (a case address with coordinates, or a gmina whose centre stands in).
    need_points = [_case_point(a.programme.case) for a in needs]
    origin_index: dict[Point, int] = {}
    for p in need_points:
        origin_index.setdefault(Point(p.lat, p.lon, p.source, p.gmina_code), len(origin_index))
    origins = list(origin_index)
    need_origin = [origin_index[Point(p.lat, p.lon, p.source, p.gmina_code)] for p in need_points]
    svc_points = [_service_point(s) for s in services]
    dist = distance_matrix(origins, svc_points)
    by_gmina: dict[str, set[int]] = {}
    for k, o in enumerate(origins):
        by_gmina.setdefault(o.gmina_code, set()).add(k)

    def allowed(service: Any) -> frozenset[int] | None:
        restricted = [g.code for g in service.eligible_gminas.all()]
        if not restricted:
            return None
        return frozenset(k for code in restricted for k in by_gmina.get(code, ()))

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
        gmina_xy=np.zeros((len(origins), 2)),
        need_category=np.array([cat_index[a.category] for a in needs], dtype=np.int64),
        need_gmina=np.array(need_origin, dtype=np.int64),
        need_weight=np.array([a.priority for a in needs], dtype=np.int64),
        need_age=need_age,
        need_reasons=need_reasons,
        svc_category=np.array([cat_index[s.category] for s in services], dtype=np.int64),
        svc_xy=np.zeros((m, 2)),
        svc_capacity=capacity,
        svc_min_age=np.array([-1 if s.min_age is None else s.min_age for s in services], dtype=np.int64),
        svc_max_age=np.array([-1 if s.max_age is None else s.max_age for s in services], dtype=np.int64),
        svc_reasons=svc_reasons,
        svc_gminas=[allowed(s) for s in services],
        max_distance_km=float(max_distance_km),
        dist_km=dist.reshape(len(origins), m),
    )
    return instance, needs, services, need_points, svc_points


def assignment_rows(
    plan: Any, needs: list[Action], services: list[Any], need_points: list[Point], svc_points: list[Point]
) -> list[dict[str, Any]]:
    """The plan's assignments as stored in a proposal: ids, the distance and where it was measured from and to."""
    rows = []
    for i, j, d in plan.assignments:
        origin, dest = need_points[i], svc_points[j]
        rows.append(
            {
                "action": needs[i].pk,
                "service": services[j].pk,
                "team": needs[i].programme.case.team_id,
                "distance_km": round(float(d), 1),
                "from": origin.source,
                "from_place": origin.place,
                "to": dest.source,
                "to_place": dest.place,
            }
        )
    return rows


def distance_note(row: dict[str, Any]) -> str:
    """One sentence: where the distance of a proposal row was measured from and to, and why (a stand-in centre)."""
    start = {
        OWN: _("od adresu sprawy (%(p)s)"),
        GMINA: _("od środka gminy %(p)s, bo adres nie ma współrzędnych"),
        POWIAT: _("od środka powiatu (gmina %(p)s), bo ani adres, ani gmina nie mają współrzędnych"),
    }
    end = {
        OWN: _("Do miejsca usługi (%(p)s)"),
        GMINA: _("Do środka gminy %(p)s (miejsce usługi nie ma współrzędnych)"),
        POWIAT: _("Do środka powiatu (gmina %(p)s; ani miejsce usługi, ani gmina nie mają współrzędnych)"),
    }
    src, dst = str(row.get("from") or ""), str(row.get("to") or "")
    if not src:  # a proposal from before the planner measured from addresses
        return _("Odległość liczona między środkami gmin.")
    if src == NONE or dst == NONE:
        return _(
            "Odległość umowna (0 km w tym samym powiecie, %(km)s km do innego powiatu): brak współrzędnych adresu, "
            "miejsca i gminy."
        ) % {"km": int(OTHER_POWIAT_KM)}
    return _("%(to)s w linii prostej %(from)s.") % {
        "to": end[dst] % {"p": row.get("to_place") or "–"},
        "from": start[src] % {"p": row.get("from_place") or "–"},
    }
