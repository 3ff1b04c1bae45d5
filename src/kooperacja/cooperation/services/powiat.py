"""The powiat level of the Cooperation Model: the powiat team and the basket planner run across its gminas.

A powiat team (PCPR, crisis centre, police, probation officers, the powiat's counselling centre) works with the
gmina teams of its powiat: their cases refer families to its member institutions (`referral_send` accepts them),
and its planner allocates the scarce places of shared services across all the gminas' cases at once. It owns no
cases: what it sees of a family is what a referral or a consent shares with one of its institutions.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kooperacja.accounts import roles
from kooperacja.core.actors import Actor, is_system, require
from kooperacja.organisations.models import Organisation

from .. import selectors
from ..enums import MemberLevel
from ..events import CooperationEvent as E
from ..events import event
from ..models import PlanProposal, Team, TeamMember
from .planning import plan_stats

if TYPE_CHECKING:
    from kooperacja.accounts.models import User
    from kooperacja.core.models import Territory


def powiat_team_create(
    *,
    actor: Actor,
    powiat: Territory,
    lead_organisation: Organisation,
    name: str,
    founded_on: date,
    description: str = "",
) -> Team:
    """The lead powiat institution (usually the PCPR) founds the powiat team and becomes its first member."""
    if not (
        is_system(actor)
        or roles.is_platform_admin(actor)
        or lead_organisation.pk in roles.organisation_ids(actor, admin_only=True)
    ):
        raise PermissionDenied
    if not lead_organisation.is_verified:
        raise ValidationError(_("Tylko zweryfikowana instytucja może powołać zespół."))
    if powiat.kind != "powiat":
        raise ValidationError({"powiat": _("Zespół powiatowy działa na obszarze powiatu.")})
    if lead_organisation.territory.parent_id != powiat.pk and lead_organisation.territory_id != powiat.pk:
        raise ValidationError(_("Instytucja wiodąca ma siedzibę w tym powiecie."))
    with transaction.atomic():
        team = Team(
            level=MemberLevel.POWIAT,
            powiat=powiat,
            lead_organisation=lead_organisation,
            name=name,
            founded_on=founded_on,
            description=description,
        )
        team.full_clean()
        team.save()
        TeamMember.objects.create(
            team=team,
            organisation=lead_organisation,
            level=MemberLevel.POWIAT,
            agreement_signed_on=founded_on,
            agreement_scope=_("Instytucja wiodąca zespołu powiatowego: współpraca z zespołami gmin powiatu."),
        )
        event(actor=actor, verb=E.POWIAT_TEAM_CREATED, target=team, powiat=powiat.code)
    return team


def plan_propose_powiat(*, actor: User, team: Team, max_distance_km: int = 40) -> PlanProposal:
    """One optimal plan over the open basket items of every gmina team of the powiat (shared services' places go
    where they meet the most weighted needs across the gminas). Stored as the powiat's proposal (figures only) and
    one part per gmina team, which that gmina's planners accept or reject for their own cases."""
    from ..basket import OWN, assignment_rows, build_planner_instance
    from ..planner import solve

    require(actor, "cooperation.run_planner", team)
    if not team.is_powiat:
        raise ValidationError(_("Planer powiatowy uruchamia zespół powiatowy."))
    gmina_teams = list(selectors.gmina_teams_of(team))
    if not gmina_teams:
        raise ValidationError(_("W powiecie nie ma jeszcze zespołów gminnych."))
    instance, needs, services, need_points, svc_points = build_planner_instance(
        teams=gmina_teams, max_distance_km=max_distance_km
    )
    plan = solve(instance)
    rows = assignment_rows(plan, needs, services, need_points, svc_points)
    stats = plan_stats(plan, needs, services, need_points)
    stats["gminas"] = _per_gmina(gmina_teams, needs, rows)
    stats["services_used"] = _per_service(rows, services)
    with transaction.atomic():
        # The powiat's proposal keeps figures only: which family gets what is for the gmina team that owns the case.
        parent = PlanProposal.objects.create(
            team=team, created_by=actor, max_distance_km=max_distance_km, assignments=[], stats=stats
        )
        for gmina_team in gmina_teams:
            part_rows = [r for r in rows if r["team"] == gmina_team.pk]
            mine = [i for i, a in enumerate(needs) if a.programme.case.team_id == gmina_team.pk]
            if not mine:
                continue
            met = {r["action"] for r in part_rows}
            part_stats = {
                **{k: v for k, v in stats.items() if k not in ("gminas", "services_used")},
                "needs": len(mine),
                "met": len(part_rows),
                "weight_met": sum(needs[i].priority for i in mine if needs[i].pk in met),
                "weight_total": sum(needs[i].priority for i in mine),
                "from_centre": sum(1 for i in mine if need_points[i].source != OWN),
            }
            part = PlanProposal.objects.create(
                team=gmina_team,
                parent=parent,
                created_by=actor,
                max_distance_km=max_distance_km,
                assignments=part_rows,
                stats=part_stats,
            )
            event(actor=actor, verb=E.PLAN_PROPOSED, target=part, met=len(part_rows), powiat=team.pk)
        event(actor=actor, verb=E.POWIAT_PLAN_PROPOSED, target=parent, needs=stats["needs"], met=stats["met"])
    return parent


def _per_gmina(gmina_teams: list[Team], needs: list[Any], rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for t in gmina_teams:
        own = [a for a in needs if a.programme.case.team_id == t.pk]
        out.append(
            {
                "team": t.pk,
                "name": t.name,
                "gmina": t.gmina.name if t.gmina else "",
                "needs": len(own),
                "met": sum(1 for r in rows if r["team"] == t.pk),
            }
        )
    return out


def _per_service(rows: list[dict[str, Any]], services: list[Any]) -> list[dict[str, Any]]:
    names = {s.pk: (s.name, str(s.provider)) for s in services}
    used: dict[int, int] = {}
    for r in rows:
        used[r["service"]] = used.get(r["service"], 0) + 1
    return [
        {"service": pk, "name": names[pk][0], "provider": names[pk][1], "places": n}
        for pk, n in sorted(used.items(), key=lambda kv: (-kv[1], names[kv[0]][0]))
    ]
