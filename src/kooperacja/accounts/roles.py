"""What the platform knows about a user's roles, computed once per request and cached on the user object.

Memberships are stored by the organisations app (reverse relation `user.memberships`); this module reads
them without importing it, so accounts stays at the bottom of the layers.

The role facts every signed-in page asks (the menu and the "may see this section" predicates) are computed at
most once per request (docs/performance.md §5 p. 6), in two queries whatever the number of apps:
- the memberships (with the organisation's verification and territory), one query;
- the yes/no facts the apps register with `register_flag` ("has a commission seat", "moderates a
  consultation", "belongs to a cooperation team", ...), all together as `EXISTS` columns of one query. Each app
  registers the same queryset its policy reads, so a flag and the policy's sets cannot disagree.
Sets an app needs for object checks are kept with `remember` for the rest of the request. Nothing outlives the
request: the user object is loaded anew on every request, so a change of membership shows on the next one
(whichever process served it, with or without a shared cache). Within a request (or a task, a test holding one
user object) a write to a model the facts read (`watch`, declared by each app next to its flags) makes every
fact remembered before it out of date, and `forget_memberships` drops one user's facts at once.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import models
from django.db.models import Exists, QuerySet

from kooperacja.core.signals import on_write

from .enums import ROLES_REQUIRING_2FA, MembershipStatus

_CACHE_ATTR = "_kooperacja_memberships"
_FACTS_ATTR = "_kooperacja_role_facts"
_FLAGS_KEY = "accounts.flags"

T = TypeVar("T")


@dataclass(frozen=True)
class MembershipInfo:
    organisation_id: int
    role: str
    is_admin: bool
    organisation_verified: bool
    territory_id: int | None = None
    territory_code: str = ""


def memberships_of(user: Any) -> tuple[MembershipInfo, ...]:
    if user is None or not getattr(user, "is_authenticated", False):
        return ()
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is not None and cached[0] != _generation:
        cached = None  # a role-relevant write since (watch)
    if cached is None:
        rows = user.memberships.filter(status=MembershipStatus.ACTIVE).values_list(
            "organisation_id",
            "role",
            "is_admin",
            "organisation__is_verified",
            "organisation__territory_id",
            "organisation__territory__code",
        )
        found = tuple(MembershipInfo(oid, role, adm, ver, tid, code or "") for oid, role, adm, ver, tid, code in rows)
        cached = (_generation, found)
        setattr(user, _CACHE_ATTR, cached)
    return cached[1]


def forget_memberships(user: Any) -> None:
    """Drop every role fact cached on this user object (after a change of membership within the request)."""
    for attr in (_CACHE_ATTR, _FACTS_ATTR):
        if hasattr(user, attr):
            delattr(user, attr)


# bumped by every write to a watched model (in this process): facts remembered under an older value are recomputed
_generation = 0
_counter = itertools.count(1)


def _bump(*args: Any, **kwargs: Any) -> None:
    global _generation
    _generation = next(_counter)


def watch(*watched: type[models.Model]) -> None:
    """The role facts read these models: a row saved or deleted (or an m2m of it changed) outdates them."""
    for model in watched:
        on_write(_bump, model, f"accounts.roles:{model._meta.label}")


def remember(user: Any, key: str, compute: Callable[[], T]) -> T:
    """`compute()` once per request and user object (role facts of the apps: team ids, consortium access, ...),
    again after a write to a watched model."""
    store: dict[str, Any] = user.__dict__.setdefault(_FACTS_ATTR, {})
    if store.get("generation") != _generation:
        store.clear()
        store["generation"] = _generation
    if key not in store:
        store[key] = compute()
    return store[key]


# name -> rows(user): the queryset whose existence is the fact, or None when it is false without asking
_FLAGS: dict[str, Callable[[Any], QuerySet[Any] | None]] = {}


def register_flag(name: str, rows: Callable[[Any], QuerySet[Any] | None]) -> None:
    """An app's yes/no role fact ("commissioning.commission_seat"): true when `rows(user)` has a row.

    `rows` is called with a signed-in, active user and may read `memberships_of` (already loaded)."""
    _FLAGS[name] = rows


def flag(user: Any, name: str) -> bool:
    """A registered role fact; all of them are computed together, in one query, the first time one is asked."""
    if name not in _FLAGS:
        raise KeyError(f"unknown role fact {name!r} (registered: {sorted(_FLAGS)})")
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    flags = remember(user, _FLAGS_KEY, lambda: _compute_flags(user))
    if name not in flags:  # registered after the others were computed (an app imported late): on its own
        qs = _FLAGS[name](user)
        flags[name] = qs is not None and qs.exists()
    return flags[name]


def _compute_flags(user: Any) -> dict[str, bool]:
    found: dict[str, bool] = {}
    columns: dict[str, Exists] = {}
    column_of: dict[str, str] = {}
    for i, (name, rows) in enumerate(sorted(_FLAGS.items())):
        found[name] = False
        qs = rows(user)
        if qs is not None:
            columns[f"flag_{i}"] = Exists(qs)
            column_of[f"flag_{i}"] = name
    if columns:
        row = type(user)._default_manager.filter(pk=user.pk).annotate(**columns).values(*columns).first() or {}
        for column, value in row.items():
            found[column_of[column]] = bool(value)
    return found


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
