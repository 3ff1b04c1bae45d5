"""The basket planner: a proposal is computed and stored; a person accepts or rejects it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core.actors import Actor, require

from ..enums import (
    CaseStatus,
    ProposalStatus,
)
from ..events import CooperationEvent as E
from ..events import event
from ..models import (
    Action,
    PlanProposal,
    Team,
)
from ..workflows import PROPOSAL_WF

if TYPE_CHECKING:
    from kooperacja.accounts.models import User


from ._common import _person

# --- basket planner ---------------------------------------------------------------------------------------


def plan_propose(*, actor: User, team: Team, max_distance_km: int = 40) -> PlanProposal:
    """Run the planner over the open basket items of the team's cases; store the proposal, change nothing else."""
    from ..basket import assignment_rows, build_planner_instance
    from ..planner import solve

    require(actor, "cooperation.run_planner", team)
    if team.is_powiat:
        raise ValidationError(_("Zespół powiatowy planuje dla całego powiatu (planer powiatowy)."))
    instance, needs, services, need_points, svc_points = build_planner_instance(
        team=team, max_distance_km=max_distance_km
    )
    plan = solve(instance)
    assignments = assignment_rows(plan, needs, services, need_points, svc_points)
    stats = plan_stats(plan, needs, services, need_points)
    with transaction.atomic():
        proposal = PlanProposal.objects.create(
            team=team, created_by=actor, max_distance_km=max_distance_km, assignments=assignments, stats=stats
        )
        event(actor=actor, verb=E.PLAN_PROPOSED, target=proposal, **stats)
    return proposal


def plan_stats(plan: Any, needs: list[Any], services: list[Any], need_points: list[Any]) -> dict[str, Any]:
    """The figures of a proposal (no personal data); `from_centre`: needs whose distance counts from a stand-in centre
    because the case's address has no coordinates."""
    from ..basket import OWN

    return {
        "needs": len(needs),
        "services": len(services),
        "met": plan.met,
        "weight_met": plan.weight_met,
        "weight_total": plan.weight_total,
        "seconds": round(plan.seconds, 3),
        "status": plan.status,
        "from_centre": sum(1 for p in need_points if p.source != OWN),
    }


def plan_decide(*, actor: Actor, proposal: PlanProposal, accept: bool) -> PlanProposal:
    """A person accepts (the basket items get their services) or rejects the proposal."""
    from kooperacja.catalog.models import Service

    require(actor, "cooperation.run_planner", proposal.team)
    with transaction.atomic():
        locked = PlanProposal.objects.select_for_update().get(pk=proposal.pk)
        if locked.status != ProposalStatus.PROPOSED:
            raise ValidationError(_("O tej propozycji już zdecydowano."))
        if locked.team.is_powiat:
            raise ValidationError(_("O planie powiatowym decydują zespoły gminne, każdy o swojej części."))
        applied = 0
        if accept:
            # Re-check at acceptance: a basket item may have got a service meanwhile, places may have gone.
            wanted: dict[int, int] = {}
            for row in locked.assignments:
                wanted[row["service"]] = wanted.get(row["service"], 0) + 1
            services = {s.pk: s for s in Service.objects.select_for_update().filter(pk__in=wanted)}
            used: dict[int, int] = {}
            for row in locked.assignments:
                service = services.get(row["service"])
                action = (
                    Action.objects.select_for_update()
                    .filter(pk=row["action"], service__isnull=True, programme__case__team=locked.team)
                    .exclude(programme__case__status=CaseStatus.CLOSED)
                    .select_related("programme__case")
                    .first()
                )
                if (
                    service is None
                    or action is None
                    or not actor.has_perm("cooperation.manage_case", action.programme.case)
                ):
                    continue
                free = service.free_places
                if free is not None and used.get(service.pk, 0) >= free:
                    continue
                used[service.pk] = used.get(service.pk, 0) + 1
                action.service = service
                action.save(update_fields=["service", "updated_at"])
                applied += 1
        PROPOSAL_WF.apply(locked, "accept" if accept else "reject", actor=actor)
        locked.decided_by = _person(actor)
        locked.decided_at = timezone.now()
        locked.stats = {**locked.stats, "applied": applied}
        locked.save()
        event(actor=actor, verb=E.PLAN_ACCEPTED if accept else E.PLAN_REJECTED, target=locked, applied=applied)
    return locked
