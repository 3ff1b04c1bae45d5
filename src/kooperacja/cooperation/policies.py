"""Need-to-know of the Cooperation Model: one policy per aggregate (team, case, referral, planner proposal).

Each answers `can(user, action, obj)` (pages, services, `rules`) and `scope(user, action) -> Q` (lists, counts,
the API) from one definition; `tests/cooperation/test_policies.py` checks that the two agree for every demo user
and object, and `tests/cooperation/test_access.py::EXPECTED` is the table they answer.

Who sees a case (`CasePolicy` "view"):
- the owner institution's staff (its active members with the social-worker role);
- an institution to which the case was referred (it sees the summary and its own referrals);
- an institution holding an active consent (not withdrawn, not expired) for parts of the case;
- Niebieska Karta (domestic violence) cases: only people named on the case, whatever their institution.
Nobody else, not even a platform administrator: they get 404.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from django.db.models import Q, QuerySet
from django.utils import timezone

from kooperacja.accounts import roles
from kooperacja.accounts.enums import Role
from kooperacja.core.policy import NOTHING, Policy

from .enums import CaseStatus, MemberLevel, ProposalStatus, TeamFunction
from .models import Case, CaseNamedMember, Consent, PlanProposal, Referral, Team, TeamMember, TeamPerson


def _signed(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def orgs_of(user: Any) -> set[int]:
    """The verified institutions the user works in (any role)."""
    return roles.organisation_ids(user, verified_only=True) if _signed(user) else set()


def staff_orgs_of(user: Any) -> set[int]:
    """Institutions in which the user does case work (social-worker role)."""
    return roles.organisation_ids(user, Role.SOCIAL_WORKER, verified_only=True) if _signed(user) else set()


def active_consents(today: date | None = None) -> QuerySet[Consent]:
    today = today or timezone.localdate()
    return Consent.objects.filter(withdrawn_at__isnull=True, given_on__lte=today, valid_until__gte=today)


# --- teams ------------------------------------------------------------------------------------------------


def _member_teams(user: Any) -> QuerySet[Team] | None:
    """Teams in which one of the user's institutions is an active member (or the lead institution)."""
    orgs = orgs_of(user)
    if not orgs:
        return None
    members = TeamMember.objects.filter(organisation_id__in=orgs, left_on__isnull=True).values("team_id")
    return Team.objects.filter(Q(pk__in=members) | Q(lead_organisation_id__in=orgs)).order_by()


def _managed_teams(user: Any) -> QuerySet[Team] | None:
    """Teams the user runs: staff of the lead institution, or a named animator."""
    if not _signed(user):
        return None
    animators = TeamPerson.objects.filter(
        user_id=user.pk, function__in=[TeamFunction.ANIMATOR_GMINA, TeamFunction.ANIMATOR_POWIAT]
    ).values("team_id")
    return Team.objects.filter(Q(lead_organisation_id__in=staff_orgs_of(user)) | Q(pk__in=animators)).order_by()


def _planner_teams(user: Any) -> QuerySet[Team] | None:
    """Teams whose basket planner the user may run: case workers of the lead institution (they own the cases)."""
    staff = staff_orgs_of(user)
    return Team.objects.filter(lead_organisation_id__in=staff).order_by() if staff else None


_TEAMS = {"view": _member_teams, "manage": _managed_teams, "plan": _planner_teams}
# "has any team" per action: the menu's question, one EXISTS each among the user's role facts (accounts.roles)
for _action, _rows in _TEAMS.items():
    roles.register_flag(f"cooperation.teams.{_action}", _rows)


def _team_ids(user: Any, action: str) -> set[int]:
    def compute() -> set[int]:
        qs = _TEAMS[action](user)
        return set(qs.values_list("pk", flat=True)) if qs is not None else set()

    if not _signed(user):
        return set()
    return set(roles.remember(user, f"cooperation.teams.{action}", compute))  # a copy: callers may change theirs


def member_team_ids(user: Any) -> set[int]:
    """Teams in which one of the user's institutions is an active member (or the lead institution)."""
    return _team_ids(user, "view")


def managed_team_ids(user: Any) -> set[int]:
    """Teams the user runs: staff of the lead institution, or a named animator."""
    return _team_ids(user, "manage")


def planner_team_ids(user: Any) -> set[int]:
    """Teams whose basket planner the user may run: case workers of the lead institution (they own the cases)."""
    return _team_ids(user, "plan")


def has_teams(user: Any, action: str = "view") -> bool:
    """`bool(member_team_ids(user))` (or of the action's set) without loading the set: the menu asks this."""
    return roles.flag(user, f"cooperation.teams.{action}")


def _referred_to(user: Any) -> QuerySet[Referral] | None:
    """Referrals to one of the user's institutions (a provider named on a referral sees its inbox)."""
    orgs = orgs_of(user)
    return Referral.objects.filter(to_organisation_id__in=orgs).order_by() if orgs else None


roles.register_flag("cooperation.receives_referrals", _referred_to)
roles.watch(Team, TeamMember, TeamPerson, Referral)  # a write outdates the facts above within the request


def receives_referrals(user: Any) -> bool:
    return roles.flag(user, "cooperation.receives_referrals")


class TeamPolicy(Policy[Team]):
    """A team and its meetings (no personal data of beneficiaries, but the team's deliberations): the member
    institutions' people only; the platform administrator is not a member (docs/architecture.md)."""

    model = Team
    actions: ClassVar[tuple[str, ...]] = ("view", "manage", "plan")

    def _ids(self, user: Any, action: str) -> set[int]:
        self._check_action(action)
        if action == "manage":
            return managed_team_ids(user)
        if action == "plan":
            return planner_team_ids(user)
        return member_team_ids(user)

    def scope(self, user: Any, action: str) -> Q:
        ids = self._ids(user, action)
        return Q(pk__in=ids) if ids else NOTHING

    def can(self, user: Any, action: str, obj: Team) -> bool:
        return obj is not None and obj.pk is not None and obj.pk in self._ids(user, action)

    def can_without_object(self, user: Any, action: str) -> bool:
        self._check_action(action)
        return has_teams(user, action)


# --- cases ------------------------------------------------------------------------------------------------


def _named_ids(user: Any) -> QuerySet[CaseNamedMember]:
    return CaseNamedMember.objects.filter(user_id=user.pk).values("case_id")


def is_case_owner(user: Any, case: Case) -> bool:
    """The user works for the owner institution (and, for a Niebieska Karta case, is named on it)."""
    if case.owner_id not in staff_orgs_of(user):
        return False
    if case.is_domestic_violence:
        return CaseNamedMember.objects.filter(case=case, user_id=user.pk).exists()
    return True


class CasePolicy(Policy[Case]):
    """view: need-to-know (above); manage: the owner while the case is open; see_log: the owner."""

    model = Case
    actions: ClassVar[tuple[str, ...]] = ("view", "manage", "see_log")

    def visible_q(self, user: Any, today: date | None = None) -> Q:
        orgs = orgs_of(user)
        if not orgs:
            return NOTHING
        # Uncorrelated `id IN (…)` sets, not `EXISTS` per row: PostgreSQL hashes each set once (from the indexes
        # on referral.to_organisation, consent.organisation, namedmember.user) and estimates the filter right;
        # three OR'd correlated EXISTS were costed per case row (~320k at 20,000 cases), which switched on JIT
        # compilation for every case list (issue 15 §3, docs/performance.md).
        referred = Q(pk__in=Referral.objects.filter(to_organisation_id__in=orgs).values("case_id"))
        consented = Q(pk__in=active_consents(today).filter(organisation_id__in=orgs).values("case_id"))
        owned = Q(owner_id__in=staff_orgs_of(user))
        ordinary = Q(is_domestic_violence=False) & (owned | referred | consented)
        return ordinary | (Q(is_domestic_violence=True) & Q(pk__in=_named_ids(user)))

    def owned_q(self, user: Any) -> Q:
        staff = staff_orgs_of(user)
        if not staff:
            return NOTHING
        return Q(owner_id__in=staff) & (Q(is_domestic_violence=False) | Q(pk__in=_named_ids(user)))

    def scope(self, user: Any, action: str) -> Q:
        self._check_action(action)
        if action == "view":
            return self.visible_q(user)
        if action == "manage":
            return self.owned_q(user) & ~Q(status=CaseStatus.CLOSED)
        return self.owned_q(user)

    def can(self, user: Any, action: str, obj: Case) -> bool:
        self._check_action(action)
        if obj is None or obj.pk is None:
            return False
        if action == "view":
            return super().can(user, action, obj)
        if action == "manage" and obj.status == CaseStatus.CLOSED:
            return False
        return is_case_owner(user, obj)


# --- referrals --------------------------------------------------------------------------------------------


class ReferralPolicy(Policy[Referral]):
    """view: addressed to the user's institutions or sent by their owner institution, of a case they see;
    handle: the receiving institution closes the loop (of a case it sees)."""

    model = Referral
    actions: ClassVar[tuple[str, ...]] = ("view", "handle")

    def scope(self, user: Any, action: str) -> Q:
        self._check_action(action)
        orgs = orgs_of(user)
        if not orgs:
            return NOTHING
        of_visible_case = Q(case__in=Case.objects.filter(CasePolicy().visible_q(user)))
        if action == "handle":
            return of_visible_case & Q(to_organisation_id__in=orgs)
        return of_visible_case & (Q(to_organisation_id__in=orgs) | Q(case__owner_id__in=staff_orgs_of(user)))


# --- planner proposals ------------------------------------------------------------------------------------


class ProposalPolicy(Policy[PlanProposal]):
    """view: the planners of the team; decide: the same, while the proposal waits for a decision."""

    model = PlanProposal
    actions: ClassVar[tuple[str, ...]] = ("view", "decide")

    def scope(self, user: Any, action: str) -> Q:
        self._check_action(action)
        teams = planner_team_ids(user)
        if not teams:
            return NOTHING
        q = Q(team_id__in=teams)
        # a powiat-wide plan is decided part by part, by each gmina team (its child proposals)
        return q & Q(status=ProposalStatus.PROPOSED, team__level=MemberLevel.GMINA) if action == "decide" else q

    def can(self, user: Any, action: str, obj: PlanProposal) -> bool:
        self._check_action(action)
        if obj is None or obj.pk is None:
            return False
        if action == "decide" and (obj.status != ProposalStatus.PROPOSED or obj.team.is_powiat):
            return False
        return obj.team_id in planner_team_ids(user)


TEAMS = TeamPolicy()
CASES = CasePolicy()
REFERRALS = ReferralPolicy()
PROPOSALS = ProposalPolicy()
