"""What the demo scenarios share: organisations and users by key, the reference date and the password."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

DEMO_PASSWORD = "Kooperacja-Demo-2026"  # noqa: S105 - printed for the demo on purpose


@dataclass
class DemoContext:
    today: date
    orgs: dict[str, Any] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)
    territories: dict[str, Any] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (email, role label, what to try)

    def stdout(self, text: str) -> None:
        self.extra.setdefault("log", []).append(text)
