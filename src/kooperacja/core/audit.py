"""The two audit helpers every app calls: `record_event` (business timeline) and `log_access` (personal data)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import HttpRequest

from .actors import is_system
from .enums import AccessAction
from .middleware import mark_personal_data
from .models import AccessLog, AuditEvent


def record_event(*, actor: Any, verb: str, target: models.Model, data: dict[str, Any] | None = None) -> AuditEvent:
    """Append one event to the timeline. The platform's own actions (`SYSTEM`) are recorded as the system."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    label = getattr(user, "email", "") if user is not None else ""
    if is_system(actor):
        label = str(actor.label)
    return AuditEvent.objects.create(
        actor=user,
        actor_label=label,
        verb=verb,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        data=data or {},
    )


def events_for(target: models.Model) -> models.QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    ).select_related("actor")


def log_access(
    *,
    user: Any,
    targets: models.Model | Iterable[models.Model],
    purpose: str,
    part: str = "",
    action: str = AccessAction.VIEW,
    request: HttpRequest | None = None,
) -> list[AccessLog]:
    """Write one append-only row per record of personal data shown or exported. Call it before rendering."""
    mark_personal_data()  # the response gets Cache-Control: no-store (core.middleware)
    items = [targets] if isinstance(targets, models.Model) else list(targets)
    if not items:
        return []
    label = getattr(user, "email", "") or str(user)
    path = request.get_full_path()[:300] if request is not None else ""
    rows = [
        AccessLog(
            user=user if getattr(user, "is_authenticated", False) else None,
            user_label=label,
            action=action,
            target_type=ContentType.objects.get_for_model(obj),
            target_id=str(obj.pk),
            part=part,
            purpose=purpose,
            path=path,
        )
        for obj in items
    ]
    return AccessLog.objects.bulk_create(rows)


def access_log_for(target: models.Model) -> models.QuerySet[AccessLog]:
    return AccessLog.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=str(target.pk)
    ).select_related("user")
