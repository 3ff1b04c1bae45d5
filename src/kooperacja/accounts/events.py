"""The accounts app's audit verbs (impersonal Polish past tense) and its recorder.

The verbs predate the `<app>.<verb>` convention (`user.*`, `api_token.*`): they are stored in the timeline and
the security history as they are, so they keep their strings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from kooperacja.core.events import declare, record

if TYPE_CHECKING:
    from kooperacja.core.actors import Actor
    from kooperacja.core.models import AuditEvent


@declare
class AccountEvent(models.TextChoices):
    REGISTERED = "user.registered", _("Założono konto")
    CREATED = "user.created", _("Założono konto dla użytkownika")
    TWO_FACTOR_DEVICE_ADDED = "user.2fa_device_added", _("Dodano urządzenie logowania dwuetapowego")
    TWO_FACTOR_DEVICE_REMOVED = "user.2fa_device_removed", _("Usunięto urządzenie logowania dwuetapowego")
    BACKUP_CODES_REGENERATED = "user.backup_codes_regenerated", _("Wygenerowano nowe kody zapasowe")
    PASSWORD_FAILURES = "user.2fa_password_failures", _("Wylogowano po zbyt wielu błędnych hasłach")
    API_TOKEN_CREATED = "api_token.created", _("Utworzono token API")
    API_TOKEN_REVOKED = "api_token.revoked", _("Unieważniono token API")


def event(*, actor: Actor, verb: AccountEvent, target: models.Model, data: dict[str, Any] | None = None) -> AuditEvent:
    """The one recorder of the app: a declared verb, a target and small data."""
    return record(actor=actor, verb=verb, target=target, data=data)
