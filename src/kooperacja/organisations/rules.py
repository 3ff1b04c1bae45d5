"""Permissions of the organisation registry. Seeing and changing an organisation and deciding join requests wrap
the policies (policies.py); registering, verifying, importing and asking to join are role checks."""

from __future__ import annotations

from typing import Any

import rules

from kooperacja.accounts.rules import is_logged_in, is_municipal_officer, is_platform_admin

from . import policies


@rules.predicate
def is_verified_organisation(user: Any, organisation: Any) -> bool:
    return organisation is not None and organisation.is_verified


@rules.predicate
def can_change_organisation(user: Any, organisation: Any) -> bool:
    return bool(user.has_perm("organisations.change_organisation", organisation))


policies.register()
rules.add_perm("organisations.add_organisation", is_logged_in)
rules.add_perm("organisations.verify_organisation", is_platform_admin)
rules.add_perm("organisations.import_organisations", is_platform_admin)
# entering an organisation into the registry without a person registering it, and giving someone a membership
# without a join request: the platform's administrators (and the platform itself: the demo, imports)
rules.add_perm("organisations.add_to_registry", is_platform_admin)
rules.add_perm("organisations.grant_membership", is_platform_admin)
rules.add_perm("organisations.request_membership", is_logged_in & is_verified_organisation)
# the share of employees from the groups of art. 94 Pzp: the organisation itself (who may change its data), the
# platform's administrators, and a municipal officer checking a reserved contract against the contractor's documents
rules.add_perm(
    "organisations.record_employment_share",
    is_platform_admin | is_municipal_officer | can_change_organisation,
)
