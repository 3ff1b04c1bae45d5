"""One way to hear every write to a model: what the caches invalidated on write listen to (`core.pagecache.watch`,
`accounts.roles.watch`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save


def on_write(handler: Callable[..., None], model: type[models.Model], uid: str) -> None:
    """Call `handler` (with the signal's arguments) whenever a row of `model` is saved or deleted, or one of its
    many-to-many relations changes. Idempotent: `uid` names this listener (one per handler and model)."""
    post_save.connect(handler, sender=model, dispatch_uid=f"{uid}:save", weak=False)
    post_delete.connect(handler, sender=model, dispatch_uid=f"{uid}:delete", weak=False)
    for field in model._meta.local_many_to_many:
        through: Any = field.remote_field.through
        m2m_changed.connect(handler, sender=through, dispatch_uid=f"{uid}:{field.name}", weak=False)
