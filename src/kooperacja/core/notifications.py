"""Notifications in the platform: the bell in the header with the unread items, beside the e-mails.

Apps do not call this module from their services. Each app declares, in its own `notifications.py`, which of
its audit events tell whom what (`@on(verb)`); `core.audit.record_event` hands every recorded event to
`dispatch`, which writes the inbox rows in the same transaction as the event (a refused or rolled-back action
notifies nobody). Scheduled reminders (deadlines), which record no event, call `notify` directly.

    @on(ResolutionEvent.VOTE_OPENED)
    def vote_opened(resolution: Resolution, data: dict) -> Iterable[Notice]:
        yield Notice(
            recipients=representatives(resolution),
            message=gettext_noop("Otwarto głosowanie nad uchwałą %(number)s"),
            params={"number": resolution.number},
            url=reverse("consortia:resolution_detail", args=[resolution.pk]),
        )

A message is a Polish msgid (`gettext_noop`) with its parameters, translated when shown. It names records by
their number and never carries personal data (the same rule as the e-mails). The person who caused the event
is not notified of it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import timezone

from .models import Notification

INBOX_PAGE = 30


@dataclass(frozen=True)
class Notice:
    """What to tell whom: `message` is a msgid (`gettext_noop`), `params` its %-parameters, `url` a path."""

    recipients: Iterable[Any]
    message: str
    url: str
    params: dict[str, Any] = field(default_factory=dict)


Handler = Callable[[Any, dict[str, Any]], Iterable[Notice]]
_HANDLERS: dict[str, list[Handler]] = defaultdict(list)


def on(*verbs: models.TextChoices | str) -> Callable[[Handler], Handler]:
    """Decorator: `handler(target, data)` is called for every recorded event of these verbs (declared verbs only)."""
    from .events import is_declared

    def register(handler: Handler) -> Handler:
        for verb in verbs:
            if not is_declared(str(verb)):
                raise ValueError(f"{handler.__name__}: verb {verb!s} is not declared in any events.py")
            if handler not in _HANDLERS[str(verb)]:
                _HANDLERS[str(verb)].append(handler)
        return handler

    return register


def handled_verbs() -> set[str]:
    return {verb for verb, handlers in _HANDLERS.items() if handlers}


def _rows(notices: Iterable[Notice], *, verb: str, skip_user_id: int | None) -> list[Notification]:
    rows: list[Notification] = []
    seen: set[tuple[int, str, str]] = set()
    for notice in notices:
        for user in notice.recipients:
            if user is None or not getattr(user, "is_active", False) or user.pk == skip_user_id:
                continue
            key = (user.pk, notice.message, notice.url)
            if key in seen:
                continue
            seen.add(key)
            rows.append(
                Notification(
                    recipient_id=user.pk,
                    verb=verb,
                    message=str(notice.message)[:300],
                    params=dict(notice.params),
                    url=notice.url[:300],
                )
            )
    return rows


def dispatch(*, verb: str, target: models.Model, actor_id: int | None, data: dict[str, Any] | None = None) -> int:
    """Write the inbox rows the handlers of `verb` ask for (called by `record_event`). Returns the count."""
    handlers = _HANDLERS.get(str(verb))
    if not handlers:
        return 0
    notices = [notice for handler in handlers for notice in handler(target, data or {})]
    rows = _rows(notices, verb=str(verb), skip_user_id=actor_id)
    Notification.objects.bulk_create(rows)
    return len(rows)


def notify(
    *, recipients: Iterable[Any], message: str, url: str, params: dict[str, Any] | None = None, verb: str = ""
) -> int:
    """Notify directly (scheduled reminders of deadlines, which record no audit event). Returns the count.

    A daily reminder does not pile up: whoever still has an unread notification of the same verb and link is
    not notified again.
    """
    rows = _rows(
        [Notice(recipients=recipients, message=message, url=url, params=params or {})], verb=verb, skip_user_id=None
    )
    if verb and rows:
        pending = set(
            Notification.objects.filter(
                verb=verb, url=url, read_at__isnull=True, recipient_id__in=[r.recipient_id for r in rows]
            ).values_list("recipient_id", flat=True)
        )
        rows = [r for r in rows if r.recipient_id not in pending]
    Notification.objects.bulk_create(rows)
    return len(rows)


# -- reading and marking (the inbox pages) ---------------------------------------------------------------------


def inbox(user: Any) -> models.QuerySet[Notification]:
    """The person's own notifications, newest first (nobody sees another person's inbox)."""
    return Notification.objects.filter(recipient_id=user.pk).order_by("-created_at", "-pk")


def unread_count(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def mark_read(*, user: Any, notification: Notification) -> Notification:
    """Mark one of the person's own notifications read (someone else's: LookupError, the view answers 404)."""
    if notification.recipient_id != user.pk:
        raise LookupError("not the recipient")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def mark_all_read(*, user: Any) -> int:
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).update(read_at=timezone.now())
