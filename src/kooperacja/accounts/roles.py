"""What the platform knows about a user's roles, computed once per request and cached on the user object.

Memberships are stored by the organisations app (reverse relation `user.memberships`); this module reads
them without importing it, so accounts stays at the bottom of the layers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .enums import ROLES_REQUIRING_2FA, MembershipStatus

_CACHE_ATTR = "_kooperacja_memberships"


@dataclass(frozen=True)
class MembershipInfo:
    organisation_id: int
    role: str
    is_admin: bool
    organisation_verified: bool


def memberships_of(user: Any) -> tuple[MembershipInfo, ...]:
    if user is None or not getattr(user, "is_authenticated", False):
        return ()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        rows = user.memberships.filter(status=MembershipStatus.ACTIVE).values_list(
            "organisation_id", "role", "is_admin", "organisation__is_verified"
        )
        cached = tuple(MembershipInfo(*row) for row in rows)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_memberships(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def roles_of(user: Any) -> set[str]:
    return {m.role for m in memberships_of(user)}


def organisation_ids(user: Any, *roles: str, verified_only: bool = False, admin_only: bool = False) -> set[int]:
    """Organisations in which the user holds one of `roles` (any role when none given)."""
    return {
        m.organisation_id
        for m in memberships_of(user)
        if (not roles or m.role in roles)
        and (m.organisation_verified or not verified_only)
        and (m.is_admin or not admin_only)
    }


def is_platform_admin(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_staff)


def requires_two_factor(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return is_platform_admin(user) or bool(roles_of(user) & ROLES_REQUIRING_2FA)
