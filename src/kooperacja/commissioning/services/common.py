"""Shared helpers of the commissioning services: row locks."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.db import models

from kooperacja.core.actors import Actor, is_system

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kooperacja.accounts.models import User

M = TypeVar("M", bound=models.Model)


def _lock(model: type[M], pk: int | None) -> M:
    return model._default_manager.select_for_update().get(pk=pk)


def _person(actor: Actor | None) -> User | None:
    """The user to store as author (`created_by`, `reviewed_by`...): none when the platform itself acts."""
    return None if actor is None or is_system(actor) else actor


def _public_actor(actor: Actor | AnonymousUser | None) -> Actor | None:
    """Who a public action (a comment, a request for reasons) is recorded as: a signed-in user or the system,
    `None` for an anonymous member of the public."""
    if actor is None or is_system(actor) or getattr(actor, "is_authenticated", False):
        return actor  # type: ignore[return-value]
    return None
