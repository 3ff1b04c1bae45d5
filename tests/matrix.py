"""The permission matrix: one table of (URL name, role) -> allowed / denied, walked for every demo role.

Each app adds its rows in `tests/<app>/matrix.py` as `CASES = [Case(...)]`. `tests/test_permission_matrix.py`
collects them all and also fails when a URL of the project has no row.
"""

from __future__ import annotations

from collections.abc import Callable
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
EVERYONE = frozenset(ROLES)
LOGGED_IN = EVERYONE - {"anonymous"}
NOBODY: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Case:
    url_name: str
    allowed: frozenset[str]
    kwargs: Callable[[Any], dict[str, Any]] = field(default=lambda demo: {})
    method: str = "get"
    data: Callable[[Any], dict[str, Any]] = field(default=lambda demo: {})
    # what an allowed request answers: 200 for pages, 302 for actions that redirect
    ok_status: tuple[int, ...] = (200,)
    note: str = ""

    def id_for(self, role: str) -> str:
        return f"{self.url_name}[{self.method}]-{role}"


def allowed(*roles: str) -> frozenset[str]:
    unknown = set(roles) - set(ROLES)
    assert not unknown, unknown
    return frozenset(roles)
