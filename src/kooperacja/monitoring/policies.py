"""Who sees which figures: ONE reach per user, mapped onto each aggregate the app reads.

- a platform administrator: everything;
- a regional analyst (ROPS): the gminas of the voivodeship of their verified organisation(s), aggregated:
  the comparison, the gmina profiles, the OZPS export and the legality of PUBLISHED calls (public acts);
  NOT the package dashboards and effects reports of a gmina (decided for issue 14: journey 9 and the issue
  give the analyst "aggregated figures of their voivodeship only" and the officer "the figures of their
  authority"; a dashboard is the authority's own management tool - tranches, late reports, each consortium
  member's delivery, votes and support requests - so it stays with the authority, 404 for the analyst);
- a municipal officer: the gmina of their verified authority (its packages, calls, figures);
- nobody else (residents, providers, social workers use their own apps' pages).

`reach_of(user)` is computed once per request (cached on the user object); every policy below is the same
reach written as a filter on its model, so `can` and `scope` cannot disagree (`assert_policy_consistent`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from django.db.models import Q

from kooperacja.accounts import roles
from kooperacja.accounts.enums import Role
from kooperacja.commissioning.models import Call, ServicePackage
from kooperacja.core.policy import EVERYTHING, NOTHING, Policy, signed_in

from .models import GminaYearFigures

_CACHE = "_kooperacja_monitoring_reach"


@dataclass(frozen=True)
class Reach:
    everything: bool = False
    voivodeships: frozenset[str] = frozenset()  # TERC codes "20"
    gminas: frozenset[int] = frozenset()  # Territory ids (officers' authorities)
    authorities: frozenset[int] = frozenset()  # Organisation ids (officers' authorities)

    @property
    def empty(self) -> bool:
        return not (self.everything or self.voivodeships or self.gminas)

    @property
    def regional(self) -> bool:
        return self.everything or bool(self.voivodeships)

    def territory_q(self, code_field: str, id_field: str) -> Q:
        if self.everything:
            return EVERYTHING
        q = NOTHING
        for code in sorted(self.voivodeships):
            q |= Q(**{f"{code_field}__startswith": code})
        if self.gminas:
            q |= Q(**{f"{id_field}__in": sorted(self.gminas)})
        return q

    @property
    def local(self) -> bool:
        """Sees one or more authorities' own records (officers; administrators see everything)."""
        return self.everything or bool(self.gminas)

    def local_q(self, id_field: str) -> Q:
        """The authorities' own records only (no voivodeship-wide reach)."""
        if self.everything:
            return EVERYTHING
        return Q(**{f"{id_field}__in": sorted(self.gminas)}) if self.gminas else NOTHING

    def sees_code(self, code: str, territory_id: int | None) -> bool:
        return self.everything or code[:2] in self.voivodeships or territory_id in self.gminas


def reach_of(user: Any) -> Reach:
    if not signed_in(user):
        return Reach()
    return roles.remember(user, _CACHE, lambda: _reach(user))


def _reach(user: Any) -> Reach:
    if roles.is_platform_admin(user):
        return Reach(everything=True)
    # the memberships carry their organisation's territory: no query of their own
    verified = [m for m in roles.memberships_of(user) if m.organisation_verified]
    analyst = [m for m in verified if m.role == Role.REGIONAL_ANALYST]
    officer = [m for m in verified if m.role == Role.MUNICIPAL_OFFICER]
    return Reach(
        voivodeships=frozenset(m.territory_code[:2] for m in analyst if m.territory_code),
        gminas=frozenset(m.territory_id for m in officer if m.territory_id),
        authorities=frozenset(m.organisation_id for m in officer),
    )


class FiguresPolicy(Policy[GminaYearFigures]):
    """The precomputed regional figures (GminaYearFigures)."""

    model = GminaYearFigures
    actions: ClassVar[tuple[str, ...]] = ("view", "refresh")

    def scope(self, user: Any, action: str) -> Q:
        self._check_action(action)
        reach = reach_of(user)
        if action == "refresh" and not reach.regional:
            return NOTHING
        return reach.territory_q("voivodeship_code", "territory_id")

    def can(self, user: Any, action: str, obj: GminaYearFigures) -> bool:
        self._check_action(action)
        reach = reach_of(user)
        if action == "refresh" and not reach.regional:
            return False
        return reach.sees_code(obj.voivodeship_code, obj.territory_id)

    def can_without_object(self, user: Any, action: str) -> bool:
        reach = reach_of(user)
        return reach.regional if action == "refresh" else not reach.empty


class PackagePolicy(Policy[ServicePackage]):
    """Service packages: the dashboard, the effects report, the ESF+ indicators - the authority's own
    (officers of the gmina, administrators); regional analysts see the aggregated figures instead."""

    model = ServicePackage
    actions: ClassVar[tuple[str, ...]] = ("view",)

    def scope(self, user: Any, action: str) -> Q:
        self._check_action(action)
        return reach_of(user).local_q("territory_id")

    def can_without_object(self, user: Any, action: str) -> bool:
        return reach_of(user).local


class CallPolicy(Policy[Call]):
    """Calls, for the legality of commissioning (published calls only: drafts are the authority's work)."""

    model = Call
    actions: ClassVar[tuple[str, ...]] = ("view",)

    def scope(self, user: Any, action: str) -> Q:
        self._check_action(action)
        reach = reach_of(user)
        if reach.empty:
            return NOTHING
        return Q(published_at__isnull=False) & reach.territory_q(
            "authority__territory__code", "authority__territory_id"
        )

    def can_without_object(self, user: Any, action: str) -> bool:
        return not reach_of(user).empty


FIGURES = FiguresPolicy()
PACKAGES = PackagePolicy()
CALLS = CallPolicy()
