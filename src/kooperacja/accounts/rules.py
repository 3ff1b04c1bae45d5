"""Shared role predicates. Every app composes its own rules from these (see DESIGN.md, Inside an app)."""

from __future__ import annotations

from typing import Any

import rules

from . import roles
from .enums import Role


@rules.predicate
def is_platform_admin(user: Any) -> bool:
    return roles.is_platform_admin(user)


@rules.predicate
def is_logged_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active)


def has_role(*wanted: str) -> rules.Predicate:
    """True when the user holds one of the roles in a verified organisation."""
    name = "has_role:" + ",".join(wanted)

    def check(user: Any) -> bool:
        return bool(roles.organisation_ids(user, *wanted, verified_only=True))

    return rules.Predicate(check, name=name)


is_municipal_officer = has_role(Role.MUNICIPAL_OFFICER)
is_commission_member = has_role(Role.COMMISSION_MEMBER)
is_pes_staff = has_role(Role.PES_STAFF)
is_consortium_coordinator = has_role(Role.CONSORTIUM_COORDINATOR)
is_social_worker = has_role(Role.SOCIAL_WORKER)
is_trainer = has_role(Role.TRAINER)
is_regional_analyst = has_role(Role.REGIONAL_ANALYST)
has_any_membership = rules.Predicate(lambda user: bool(roles.memberships_of(user)), name="has_any_membership")
is_resident = is_logged_in & ~has_any_membership & ~is_platform_admin

rules.add_perm("accounts.view_profile", is_logged_in)
rules.add_perm("accounts.view_admin_panel", is_platform_admin)
# an account made for someone (with a known first password and, where the role needs one, a second factor)
rules.add_perm("accounts.create_account", is_platform_admin)
