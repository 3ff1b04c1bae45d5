"""The audit vocabulary: every app declares its verbs, and the timeline speaks in their labels.

Per app an `events.py` (Saleor's `order/events.py`):

    @declare
    class CallEvent(models.TextChoices):
        PUBLISHED = "commissioning.call_published", _("Opublikowano ogłoszenie")

    def call_published(*, actor: Actor, call: Call, channels: list[str]) -> AuditEvent:
        return record(actor=actor, verb=CallEvent.PUBLISHED, target=call, data={"channels": channels})

The label is an impersonal past-tense sentence ("Opublikowano ogłoszenie"), so the timeline reads
"Opublikowano ogłoszenie · Marek Urzędnik · 30.11.2026 14:05" whatever the actor's grammatical gender.
`record_event` (core.audit) refuses a verb nobody declared; `label_for` turns a stored verb into its label,
and a verb no longer declared shows a neutral "Zdarzenie" rather than its code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from .actors import Actor
    from .models import AuditEvent

_REGISTRY: dict[str, Any] = {}
_CHOICES: list[type[models.TextChoices]] = []

C = TypeVar("C", bound=type[models.TextChoices])


class UndeclaredEventVerb(ValueError):
    """`record_event` was called with a verb that no app's events.py declares."""


def declare(choices: C) -> C:
    """Class decorator: registers the verbs of a TextChoices class (each `app.verb`, each declared once)."""
    for member in choices:
        value = str(member.value)
        if "." not in value:
            raise ValueError(f"{choices.__name__}.{member.name}: a verb is 'app.verb', got {value!r}")
        if value in _REGISTRY and _REGISTRY[value] is not member:
            raise ValueError(f"verb {value!r} declared twice")
        _REGISTRY[value] = member
    _CHOICES.append(choices)
    return choices


def is_declared(verb: str) -> bool:
    return str(verb) in _REGISTRY


def declared_verbs() -> dict[str, Any]:
    return dict(_REGISTRY)


def label_for(verb: str) -> str:
    member = _REGISTRY.get(str(verb))
    return str(member.label) if member is not None else str(_("Zdarzenie"))


@declare
class CoreEvent(models.TextChoices):
    TERYT_IMPORTED = "core.teryt_imported", _("Zaimportowano rejestr TERYT")
    IMPORT_FINISHED = "core.import_finished", _("Zakończono import pliku")
    AUDIT_CHECKPOINT = "core.audit_checkpoint", _("Zapisano punkt kontrolny dziennika")


def record(
    *, actor: Actor | None, verb: models.TextChoices | str, target: models.Model, data: Any = None
) -> AuditEvent:
    """Typed front door for the apps' recorders: the same as `core.audit.record_event`."""
    from .audit import record_event

    return record_event(actor=actor, verb=str(verb), target=target, data=data)
