"""The two audit helpers every app calls: `record_event` (business timeline) and `log_access` (personal data)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.http import HttpRequest

from .actors import is_system
from .enums import AccessAction
from .middleware import mark_personal_data
from .models import AccessLog, AuditEvent
from .notifications import dispatch


def record_event(*, actor: Any, verb: str, target: models.Model, data: dict[str, Any] | None = None) -> AuditEvent:
    """Append one event to the timeline. The platform's own actions (`SYSTEM`) are recorded as the system."""
    user = actor if getattr(actor, "is_authenticated", False) else None
    label = getattr(user, "email", "") if user is not None else ""
    if is_system(actor):
        label = str(actor.label)
    event = AuditEvent.objects.create(
        actor=user,
        actor_label=label,
        verb=verb,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        data=data or {},
    )
    # the inbox rows the apps' notifications.py declare for this verb, in the same transaction as the event
    dispatch(verb=verb, target=target, actor_id=user.pk if user is not None else None, data=data)
    return event


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
    """Log a display or export of personal data before rendering: ONE insert per call, one row per kind of
    record naming every id shown (issue 15 §4; a list of 50 people was 50 rows per page view)."""
    mark_personal_data()  # the response gets Cache-Control: no-store (core.middleware)
    items = [targets] if isinstance(targets, models.Model) else list(targets)
    if not items:
        return []
    label = getattr(user, "email", "") or str(user)
    path = request.get_full_path()[:300] if request is not None else ""
    by_type: dict[type[models.Model], dict[str, None]] = {}
    for obj in items:
        by_type.setdefault(type(obj), {})[str(obj.pk)] = None
    rows = [
        AccessLog(
            user=user if getattr(user, "is_authenticated", False) else None,
            user_label=label,
            action=action,
            target_type=ContentType.objects.get_for_model(model),
            # One record: its id in the indexed `target_id` (as every row before issue 15); several: the list.
            target_id=next(iter(ids)) if len(ids) == 1 else "",
            target_ids=pack_ids(ids) if len(ids) > 1 else "",
            record_count=len(ids),
            part=part,
            purpose=purpose,
            path=path,
        )
        for model, ids in by_type.items()
    ]
    return AccessLog.objects.bulk_create(rows)


def pack_ids(ids: Iterable[str]) -> str:
    """ ",12,15,40,": the delimiters on both ends let `LIKE '%,15,%'` find one id (SQLite)."""
    return "," + ",".join(ids) + ","


def access_log_for(target: models.Model) -> models.QuerySet[AccessLog]:
    """Every logged display or export of this one record, alone or in a list (newest first)."""
    pk = str(target.pk)
    rows = AccessLog.objects.filter(target_type=ContentType.objects.get_for_model(target))
    return rows.filter(Q(target_id=pk) | in_list(pk)).select_related("user")


def in_list(pk: str) -> Q:
    """The condition "this id is in the row's list of several". On PostgreSQL it uses the GIN index of core
    migration 0005 over `string_to_array(target_ids, ',')`; elsewhere a LIKE on the delimited list."""
    if connection.vendor == "postgresql":
        return Q(
            RawSQL(
                "string_to_array(core_accesslog.target_ids, ',') @> ARRAY[%s]::text[]",
                [pk],
                output_field=models.BooleanField(),
            )
        )
    return Q(target_ids__contains=f",{pk},")
