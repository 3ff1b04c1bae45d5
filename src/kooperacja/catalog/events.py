"""The catalog app's audit verbs (impersonal Polish past tense) and its recorder."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from kooperacja.core.events import declare, record

if TYPE_CHECKING:
    from kooperacja.core.actors import Actor
    from kooperacja.core.models import AuditEvent


@declare
class CatalogEvent(models.TextChoices):
    SERVICE_CREATED = "catalog.service_created", _("Dodano usługę do katalogu")
    SERVICE_UPDATED = "catalog.service_updated", _("Zmieniono opis usługi")
    SERVICE_STATUS = "catalog.service_status", _("Zmieniono status usługi")
    LOCATION_CREATED = "catalog.location_created", _("Dodano miejsce świadczenia usług")
    LOCATION_COORDINATES_SET = "catalog.location_coordinates_set", _("Zapisano współrzędne miejsca świadczenia usług")
    STANDARD_CREATED = "catalog.standard_created", _("Dodano standard usługi")
    COMPLIANCE_CHECKED = "catalog.compliance_checked", _("Sprawdzono zgodność usługi z wymogami")


def event(*, actor: Actor, verb: CatalogEvent, target: models.Model, data: dict[str, Any] | None = None) -> AuditEvent:
    """The one recorder of the app: a declared verb, a target and small data."""
    return record(actor=actor, verb=verb, target=target, data=data)
