"""Shared helpers of the commissioning services: row locks."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kooperacja.core.actors import Actor, is_system

if TYPE_CHECKING:
    from kooperacja.accounts.models import User


def _lock(model: type, pk: int) -> Any:
    return model.objects.select_for_update().get(pk=pk)


def _person(actor: Actor | None) -> User | None:
    """The user to store as author (`created_by`, `reviewed_by`...): none when the platform itself acts."""
    return None if actor is None or is_system(actor) else actor
