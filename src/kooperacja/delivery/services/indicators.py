"""Outcome indicators planned for a delivered service."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kooperacja.catalog.models import Service
from kooperacja.core.actors import Actor, require
from kooperacja.delivery.events import DeliveryEvent, event

from ..enums import (
    IndicatorKind,
)
from ..models import (
    OutcomeIndicator,
)


@transaction.atomic
def indicator_plan(
    *,
    actor: Actor,
    service: Service,
    kind: str,
    planned: Decimal,
    period_start: date,
    period_end: date,
    lot_ref: str = "",
) -> OutcomeIndicator:
    require(actor, "delivery.plan_outcomes", service)
    if kind not in IndicatorKind.values:
        raise ValidationError(_("Nieznany wskaźnik."))
    indicator, _created = OutcomeIndicator.objects.update_or_create(
        service=service,
        kind=kind,
        period_start=period_start,
        defaults={"planned": planned, "period_end": period_end, "lot_ref": lot_ref},
    )
    indicator.full_clean()
    event(
        actor=actor, verb=DeliveryEvent.INDICATOR_PLANNED, target=service, data={"kind": kind, "planned": str(planned)}
    )
    return indicator
