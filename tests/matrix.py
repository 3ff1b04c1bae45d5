"""The permission matrix: one table of (URL name, role) -> the exact answer, walked for the demo roles of two
authorities.

Each app adds its rows in `tests/<app>/matrix.py` as `CASES = [Case(...)]`. `tests/test_permission_matrix.py`
collects them all and also fails when a URL of the project has no row.

What a row asserts (DESIGN.md, "Tests"):
- a role in `allowed` gets one of `ok_status` (200 for pages, 302 for actions that redirect);
- anyone else gets one exact status: `status[role]` when the row names the role, else `anonymous` for the
  anonymous visitor (`LOGIN` = redirected to the login page) and `denied` for a signed-in role: 404 for a record
  the role may not know exists, 403 for what it may know exists but may not do;
- a POST row also asserts its effect: `effect(demo)` counts what the action writes (by default the audit events,
  `audit_events()`); it grows when the role is allowed and stays the same when it is denied, so a redirect after
  a refused service does not pass as "allowed" (give such a row `effect=nothing_written` only when the refusal is
  what the row is about, and say so in `note`).

The roles are those of the first authority (Hajnówka, with Gmina Narewka's GOPS and PZK and Konsorcjum OdNowa)
and the shared ones (`ROLES`), plus those of the second authority, Gmina Białowieża (`SECOND_AUTHORITY`, from
`kooperacja.demo.scenarios.second_authority`). A row is walked for `ROLES`, for the roles it allows and for the
roles in `walk`; `EVERYONE` and `LOGGED_IN` include the second authority, so public pages are walked for both.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

ROLES = (
    "anonymous",
    "admin",
    "officer",
    "commission",
    "coordinator",
    "pes_staff",
    "ngo_staff",
    "social_worker",
    "partner",
    "police",
    "trainer",
    "analyst",
    "resident",
)
# Gmina Białowieża: its office, its GOPS (and PZK), the coordinator and a member of Konsorcjum Puszcza.
SECOND_AUTHORITY = ("officer_b", "social_worker_b", "coordinator_b", "pes_staff_b")
ALL_ROLES = ROLES + SECOND_AUTHORITY
EVERYONE = frozenset(ALL_ROLES)
LOGGED_IN = EVERYONE - {"anonymous"}
NOBODY: frozenset[str] = frozenset()

LOGIN = 302  # the anonymous visitor is redirected to the login page (the test checks where)
FORBIDDEN = 403  # the role may know the record or page exists, but may not use it
NOT_FOUND = 404  # a record the role may not know exists


def no_kwargs(demo: Any) -> dict[str, Any]:
    return {}


def no_data(demo: Any) -> dict[str, Any]:
    return {}


def audit_events(verb: str = "") -> Callable[[Any], int]:
    """A POST row's effect: the number of audit events (of `verb` when given)."""

    def count(demo: Any) -> int:
        from kooperacja.core.models import AuditEvent

        qs = AuditEvent.objects.all()
        return (qs.filter(verb=verb) if verb else qs).count()

    count.__name__ = f"audit_events({verb})"
    return count


def rows_of(model: str, **filters: Any) -> Callable[[Any], int]:
    """A POST row's effect: the number of rows of `app_label.Model` (matching `filters`)."""

    def count(demo: Any) -> int:
        from django.apps import apps

        return apps.get_model(model).objects.filter(**filters).count()

    count.__name__ = f"rows_of({model})"
    return count


@dataclass(frozen=True)
class Case:
    url_name: str
    allowed: frozenset[str]
    kwargs: Callable[[Any], dict[str, Any]] = no_kwargs
    method: str = "get"
    data: Callable[[Any], dict[str, Any]] = no_data
    # what an allowed request answers: 200 for pages, 302 for actions that redirect
    ok_status: tuple[int, ...] = (200,)
    note: str = ""
    # The exact answer to a signed-in role outside `allowed`. None: 404 for a row about a record (it has
    # kwargs), 403 for a page without one (a page for a role one lacks).
    denied: int | None = None
    # The exact answer to the anonymous visitor when not allowed (LOGIN: redirected to the login page).
    anonymous: int = LOGIN
    # Exact answers for named roles, over `denied`/`anonymous` (e.g. {"admin": 403}).
    status: Mapping[str, int] = field(default_factory=dict)
    # More roles to walk besides ROLES and the allowed ones (e.g. SECOND_AUTHORITY on the first one's records).
    walk: frozenset[str] = frozenset()
    # POST rows: what the action writes, counted before and after (default: the audit events).
    effect: Callable[[Any], int] | None = None

    def id_for(self, role: str) -> str:
        return f"{self.url_name}[{self.method}]-{role}"

    def roles(self) -> tuple[str, ...]:
        return tuple(r for r in ALL_ROLES if r in ROLES or r in self.allowed or r in self.walk)

    def expected_denial(self, role: str) -> int:
        if role in self.status:
            return self.status[role]
        if role == "anonymous":
            return self.anonymous
        if self.denied is not None:
            return self.denied
        return NOT_FOUND if self.kwargs is not no_kwargs else FORBIDDEN

    def effect_counter(self) -> Callable[[Any], int] | None:
        if self.method.lower() != "post":
            return None
        return self.effect or audit_events()


def allowed(*roles: str) -> frozenset[str]:
    unknown = set(roles) - set(ALL_ROLES)
    assert not unknown, unknown
    return frozenset(roles)


def knows(*roles: str) -> dict[str, int]:
    """`status=` for roles that may know the record exists (it is public, or theirs to see) but may not act: 403."""
    assert not set(roles) - set(ALL_ROLES), roles
    return dict.fromkeys(roles, FORBIDDEN)


def nothing_written(demo: Any) -> int:
    """`effect=` for a POST row that writes no record by design (logout; a form sent incomplete on purpose)."""
    return 0


def effect_not_checked(demo: Any) -> int:
    """`effect=` for a POST row that does not yet send a complete form, so its effect is not asserted (listed in
    the issue 11 note as left to do: give the row real data and an effect)."""
    return 0
