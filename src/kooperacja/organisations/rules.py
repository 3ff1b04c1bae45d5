"""Permissions of the organisation registry. Seeing and changing an organisation and deciding join requests wrap
the policies (policies.py); registering, verifying, importing and asking to join are role checks."""

from __future__ import annotations

from typing import Any

import rules

from kooperacja.accounts.rules import is_logged_in, is_platform_admin

from . import policies


@rules.predicate
def is_verified_organisation(user: Any, organisation: Any) -> bool:
    return organisation is not None and organisation.is_verified


policies.register()
rules.add_perm("organisations.add_organisation", is_logged_in)
rules.add_perm("organisations.verify_organisation", is_platform_admin)
rules.add_perm("organisations.import_organisations", is_platform_admin)
rules.add_perm("organisations.request_membership", is_logged_in & is_verified_organisation)
