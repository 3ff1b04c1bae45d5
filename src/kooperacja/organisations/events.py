"""The organisations app's audit verbs (impersonal Polish past tense) and its recorder.

The verbs predate the `<app>.<verb>` convention (`organisation.*`, `membership.*`): they are stored in the
timeline as they are, so they keep their strings.
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
class OrganisationEvent(models.TextChoices):
    REGISTERED = "organisation.registered", _("Zarejestrowano organizację")
    UPDATED = "organisation.updated", _("Zmieniono dane organizacji")
    VERIFIED = "organisation.verified", _("Zweryfikowano organizację")
    UNVERIFIED = "organisation.unverified", _("Cofnięto weryfikację organizacji")
    IMPORTED = "organisation.imported", _("Zaimportowano organizację")
    ADDED = "organisation.added", _("Wpisano organizację do rejestru")
    MEMBERSHIP_REQUESTED = "membership.requested", _("Złożono wniosek o członkostwo w organizacji")
    MEMBERSHIP_ACCEPTED = "membership.accepted", _("Przyjęto wniosek o członkostwo")
    MEMBERSHIP_REJECTED = "membership.rejected", _("Odrzucono wniosek o członkostwo")
    MEMBERSHIP_GRANTED = "membership.granted", _("Nadano członkostwo w organizacji")
    EMPLOYMENT_SHARE_RECORDED = (
        "organisation.employment_share_recorded",
        _("Zapisano udział zatrudnionych z grup art. 94 Pzp"),
    )


def event(
    *, actor: Actor, verb: OrganisationEvent, target: models.Model, data: dict[str, Any] | None = None
) -> AuditEvent:
    """The one recorder of the app: a declared verb, a target and small data."""
    return record(actor=actor, verb=verb, target=target, data=data)
