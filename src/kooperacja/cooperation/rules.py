"""Permissions of the Cooperation Model (need-to-know). Object checks go through the same selectors as lists."""

from __future__ import annotations

from typing import Any

import rules

from kooperacja.accounts.enums import Role
from kooperacja.accounts.rules import has_role, is_platform_admin, is_regional_analyst

from . import selectors
from .enums import CaseStatus, ProposalStatus


@rules.predicate
def is_team_member_user(user: Any) -> bool:
    return bool(selectors.member_team_ids(user))


@rules.predicate
def sees_team(user: Any, team: Any) -> bool:
    ids = selectors.member_team_ids(user)
    return bool(ids) if team is None else team.pk in ids


@rules.predicate
def runs_team(user: Any, team: Any = None) -> bool:
    managed = selectors.managed_team_ids(user)
    return bool(managed) if team is None else team.pk in managed


@rules.predicate
def plans_team(user: Any, team: Any = None) -> bool:
    planned = selectors.planner_team_ids(user)
    return bool(planned) if team is None else team.pk in planned


@rules.predicate
def sees_case(user: Any, case: Any) -> bool:
    return case is not None and selectors.cases_visible_to(user).filter(pk=case.pk).exists()


@rules.predicate
def owns_case(user: Any, case: Any) -> bool:
    return case is not None and selectors.is_case_owner(user, case)


@rules.predicate
def case_is_open(user: Any, case: Any) -> bool:
    return case is not None and case.status != CaseStatus.CLOSED


@rules.predicate
def receives_referral(user: Any, referral: Any) -> bool:
    return (
        referral is not None
        and selectors.is_referral_receiver(user, referral)
        and selectors.cases_visible_to(user).filter(pk=referral.case_id).exists()
    )


@rules.predicate
def decides_proposal(user: Any, proposal: Any) -> bool:
    return (
        proposal is not None
        and proposal.status == ProposalStatus.PROPOSED
        and proposal.team_id in selectors.planner_team_ids(user)
    )


is_case_worker = has_role(Role.SOCIAL_WORKER)

# Teams and meetings (no personal data of beneficiaries, but the team's deliberations): member institutions'
# people only; the platform administrator is not a member (docs/architecture.md).
rules.add_perm("cooperation.see_teams", is_team_member_user)
rules.add_perm("cooperation.see_team", sees_team)
rules.add_perm("cooperation.manage_team", runs_team)
# Cases: need-to-know only; a platform administrator has no access to case files.
rules.add_perm("cooperation.see_cases", is_team_member_user)
rules.add_perm("cooperation.open_case", is_team_member_user & is_case_worker)
rules.add_perm("cooperation.see_case", sees_case)
rules.add_perm("cooperation.manage_case", owns_case & case_is_open)
rules.add_perm("cooperation.see_case_log", owns_case)
# Referrals: the receiving institution closes the loop.
rules.add_perm("cooperation.see_referral_inbox", is_team_member_user)
rules.add_perm("cooperation.handle_referral", receives_referral)
# Basket planner and aggregated figures.
rules.add_perm("cooperation.run_planner", plans_team)
rules.add_perm("cooperation.decide_proposal", decides_proposal)
rules.add_perm("cooperation.see_statistics", is_regional_analyst | is_platform_admin)
