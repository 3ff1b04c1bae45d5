"""Permissions of the Cooperation Model (need-to-know), registered from the policies (`policies.py`).

Object permissions wrap `Policy.can`, so a page, a service and a list (`Policy.scope`) answer from one definition.
"""

from __future__ import annotations

from typing import Any

import rules

from kooperacja.accounts.enums import Role
from kooperacja.accounts.rules import has_role, is_platform_admin, is_regional_analyst
from kooperacja.core.policy import register_rules

from . import policies
from .policies import CASES, PROPOSALS, REFERRALS, TEAMS, has_teams, orgs_of


@rules.predicate
def is_team_member_user(user: Any) -> bool:
    return has_teams(user, "view")


@rules.predicate
def receives_referrals(user: Any) -> bool:
    """Staff of a provider whose catalogue service was named on a referral (it need not be a member of the team)."""
    return policies.receives_referrals(user)


is_case_worker = has_role(Role.SOCIAL_WORKER)

# Teams and meetings (no personal data of beneficiaries, but the team's deliberations): member institutions'
# people only; the platform administrator is not a member (docs/architecture.md).
rules.add_perm("cooperation.see_teams", is_team_member_user)
register_rules("cooperation", TEAMS, {"see_team": "view", "manage_team": "manage", "run_planner": "plan"})
# Cases: need-to-know only; a platform administrator has no access to case files.
rules.add_perm("cooperation.see_cases", is_team_member_user)
rules.add_perm("cooperation.open_case", is_team_member_user & is_case_worker)
register_rules("cooperation", CASES, {"see_case": "view", "manage_case": "manage", "see_case_log": "see_log"})
# Referrals: the receiving institution closes the loop.
rules.add_perm("cooperation.see_referral_inbox", is_team_member_user | receives_referrals)
register_rules("cooperation", REFERRALS, {"handle_referral": "handle"})
# Basket planner (a proposal changes nothing until a planner of the team decides) and aggregated figures.
register_rules("cooperation", PROPOSALS, {"decide_proposal": "decide"})
rules.add_perm("cooperation.see_statistics", is_regional_analyst | is_platform_admin)


# Editing and ending a membership (issue 17): the team's coordinator, or the member institution itself.
@rules.predicate
def manages_members_team(user: Any, member: Any) -> bool:
    return member is not None and TEAMS.can(user, "manage", member.team)


@rules.predicate
def works_for_member(user: Any, member: Any) -> bool:
    return member is not None and member.organisation_id in orgs_of(user)


rules.add_perm("cooperation.change_membership", manages_members_team | works_for_member)
