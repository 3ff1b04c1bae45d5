from __future__ import annotations

from typing import Any

from kooperacja.core.actors import Actor, is_system


def _user(actor: Actor | None) -> Any:
    """The user to store on a record (None for the system actor)."""
    return None if actor is None or is_system(actor) else actor
