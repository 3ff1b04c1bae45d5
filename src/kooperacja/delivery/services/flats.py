"""Art. 53 training and supported flats: placements."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kooperacja.core.actors import Actor, require
from kooperacja.delivery.events import DeliveryEvent, event

from ..enums import (
    FlatKind,
    PlacementEndReason,
)
from ..models import (
    Flat,
    Person,
    Placement,
)
from .common import CapacityFull
from .people import _link

if TYPE_CHECKING:
    from kooperacja.organisations.models import Organisation


FLAT_FIELDS = ("kind", "name", "street", "city", "territory", "places", "max_stay_months", "service")


@transaction.atomic
def flat_create(*, actor: Actor, operator: Organisation, data: dict[str, Any]) -> Flat:
    """A training or supported flat (art. 53) run by `operator` (its staff, or the platform)."""
    require(actor, "delivery.add_flat", operator)
    flat = Flat(operator=operator, **{k: v for k, v in data.items() if k in FLAT_FIELDS})
    if flat.kind not in FlatKind.values:
        raise ValidationError({"kind": _("Wybierz rodzaj mieszkania.")})
    if flat.service_id and flat.service.provider_id != operator.pk:
        raise ValidationError({"service": _("Usługa musi być prowadzona przez tę samą organizację.")})
    flat.full_clean(exclude=["operator"])
    flat.save()
    event(actor=actor, verb=DeliveryEvent.FLAT_CREATED, target=flat, data={"places": flat.places})
    return flat


@transaction.atomic
def placement_start(
    *, actor: Actor, flat: Flat, person: Person, starts_on: date, planned_end_on: date | None = None
) -> Placement:
    require(actor, "delivery.operate_flat", flat)
    flat = Flat.objects.select_for_update().get(pk=flat.pk)
    current = flat.placements.filter(ended_on__isnull=True).count()
    if current >= flat.places:
        raise CapacityFull(_("Wszystkie miejsca w mieszkaniu są zajęte."))
    if Placement.objects.filter(person=person, ended_on__isnull=True).exists():
        raise ValidationError(_("Ta osoba mieszka już w innym mieszkaniu."))
    if planned_end_on is None and flat.max_stay_months:
        planned_end_on = starts_on + timedelta(days=30 * flat.max_stay_months)
    placement = Placement.objects.create(flat=flat, person=person, starts_on=starts_on, planned_end_on=planned_end_on)
    _link(person, flat.operator, _("pobyt w mieszkaniu: %(f)s") % {"f": flat.name}, starts_on)
    event(actor=actor, verb=DeliveryEvent.PLACEMENT_STARTED, target=flat, data={"person": person.code})
    return placement


@transaction.atomic
def placement_end(*, actor: Actor, placement: Placement, ended_on: date, reason: str) -> Placement:
    require(actor, "delivery.operate_flat", placement.flat)
    if reason not in PlacementEndReason.values:
        raise ValidationError(_("Wybierz przyczynę zakończenia pobytu."))
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    if placement.ended_on:
        raise ValidationError(_("Pobyt został już zakończony."))
    if ended_on < placement.starts_on:
        raise ValidationError(_("Data zakończenia nie może być wcześniejsza niż początek pobytu."))
    placement.ended_on = ended_on
    placement.end_reason = reason
    placement.save(update_fields=["ended_on", "end_reason", "updated_at"])
    event(actor=actor, verb=DeliveryEvent.PLACEMENT_ENDED, target=placement.flat, data={"reason": reason})
    return placement
