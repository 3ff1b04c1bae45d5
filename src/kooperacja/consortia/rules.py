"""Permissions of the consortium app. Insiders = the office and member representatives.

The platform administrator is not an insider: the consortium's deliberations and records belong to its members
(docs/architecture.md, "Administrator platformy a dane wewnętrzne"). The admin keeps the public profile, the
menu entry to the list, and founding a consortium for a verified lead organisation (onboarding).
"""

from __future__ import annotations

from typing import Any

import rules

from kooperacja.accounts import roles
from kooperacja.accounts.rules import is_consortium_coordinator, is_logged_in, is_platform_admin

from .access import REP_ROLES, access_of, consortium_id_of, is_in_an_office, represents_any_member
from .enums import OPEN_SUPPORT, ResolutionStatus
from .policies import incubations, plans, support_requests


@rules.predicate
def is_office(user: Any, obj: Any = None) -> bool:
    """The office of the record's consortium (without a record: of any consortium)."""
    if obj is None:
        return is_in_an_office(user)
    return consortium_id_of(obj) in access_of(user).office


@rules.predicate
def is_member_rep(user: Any, obj: Any = None) -> bool:
    if obj is None:
        return represents_any_member(user)
    return consortium_id_of(obj) in access_of(user).member_consortia


@rules.predicate
def can_vote_now(user: Any, resolution: Any) -> bool:
    if resolution is None or resolution.status != ResolutionStatus.VOTING:
        return False
    eligible = set(resolution.eligible_member_ids or [])
    return any(m.can_vote and m.member_id in eligible for m in access_of(user).members_in(resolution.consortium_id))


@rules.predicate
def is_draft_resolution(user: Any, resolution: Any) -> bool:
    return resolution is not None and resolution.status == ResolutionStatus.DRAFT


@rules.predicate
def is_voting_resolution(user: Any, resolution: Any) -> bool:
    return resolution is not None and resolution.status == ResolutionStatus.VOTING


@rules.predicate
def works_for_pes(user: Any) -> bool:
    """Staff of any organisation (also unverified, a would-be member) who may ask the office for support."""
    return bool(roles.organisation_ids(user, *REP_ROLES))


@rules.predicate
def is_requester(user: Any, request: Any) -> bool:
    return request is not None and request.organisation_id in roles.organisation_ids(user, *REP_ROLES)


@rules.predicate
def is_open_request(user: Any, request: Any) -> bool:
    return request is not None and request.status in OPEN_SUPPORT


@rules.predicate
def reports_for_allocation(user: Any, allocation: Any) -> bool:
    if allocation is None:
        return False
    return any(m.member_id == allocation.member_id for m in access_of(user).members)


is_insider = is_office | is_member_rep

rules.add_perm("consortia.use_consortia", is_office | is_member_rep | is_platform_admin)
rules.add_perm("consortia.found_consortium", is_consortium_coordinator | is_platform_admin)
rules.add_perm("consortia.view_internal", is_insider)
rules.add_perm("consortia.manage_consortium", is_office)
rules.add_perm("consortia.edit_resolution", is_office & is_draft_resolution)
rules.add_perm("consortia.open_vote", is_office & is_draft_resolution)
rules.add_perm("consortia.close_vote", is_office & is_voting_resolution)
rules.add_perm("consortia.cast_vote", can_vote_now)
rules.add_perm("consortia.file_support_request", is_logged_in & works_for_pes)
rules.add_perm("consortia.view_support_request", support_requests.predicate("view"))
rules.add_perm("consortia.handle_support_request", is_office)
rules.add_perm("consortia.comment_support_request", (is_office | is_requester) & is_open_request)
rules.add_perm("consortia.view_incubation", incubations.predicate("view"))
rules.add_perm("consortia.manage_incubation", is_office)
rules.add_perm("consortia.report_delivery", reports_for_allocation)
# The authority's officers see a version only once a resolution approved it (PlanPolicy): the rule used to let
# them see a draft that every list hid.
rules.add_perm("consortia.view_split", plans.predicate("view"))


@rules.predicate
def represents_a_member(user: Any) -> bool:
    return represents_any_member(user)


rules.add_perm("consortia.view_obligations", represents_a_member)
rules.add_perm("consortia.view_support", is_office | works_for_pes)
