"""Permissions of the organisation registry, composed from the shared role predicates."""

from __future__ import annotations

from typing import Any

import rules

from kooperacja.accounts import roles
from kooperacja.accounts.rules import is_logged_in, is_platform_admin


@rules.predicate
def is_verified_organisation(user: Any, organisation: Any) -> bool:
    return organisation is not None and organisation.is_verified


@rules.predicate
def is_member_of(user: Any, organisation: Any) -> bool:
    return organisation is not None and organisation.pk in roles.organisation_ids(user)


@rules.predicate
def is_admin_of(user: Any, organisation: Any) -> bool:
    return organisation is not None and organisation.pk in roles.organisation_ids(user, admin_only=True)


rules.add_perm("organisations.view_organisation", is_verified_organisation | is_member_of | is_platform_admin)
rules.add_perm("organisations.change_organisation", is_admin_of | is_platform_admin)
rules.add_perm("organisations.add_organisation", is_logged_in)
rules.add_perm("organisations.verify_organisation", is_platform_admin)
rules.add_perm("organisations.import_organisations", is_platform_admin)
rules.add_perm("organisations.request_membership", is_logged_in & is_verified_organisation)
rules.add_perm("organisations.decide_membership", is_admin_of | is_platform_admin)
rules.add_perm("organisations.view_members", is_member_of | is_platform_admin)


@rules.predicate
def administers_any_organisation(user: Any) -> bool:
    return bool(roles.organisation_ids(user, admin_only=True))


rules.add_perm("organisations.view_membership_requests", administers_any_organisation | is_platform_admin)
