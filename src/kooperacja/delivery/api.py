"""Delivery API: outcome indicators (aggregates only, never personal data), scoped like the outcome pages."""
# No `from __future__ import annotations`: django-ninja reads the annotations at import time.

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from kooperacja.core.api_types import ErrorOut, Id

from . import selectors

router = Router(tags=["Realizacja usług"])


class IndicatorOut(Schema):
    kind: str
    label: str
    period_start: date
    period_end: date
    planned: float
    achieved: float
    lot_ref: str


class LotOutcomeOut(Schema):
    lot_id: int
    lot: str
    package: str
    period_start: date
    period_end: date
    planned_participants: int
    participants: int
    planned_hours: int
    hours: float
    sessions: int
    attendance_rate: float
    service_ids: list[int]


def _indicator(v: Any) -> dict[str, Any]:
    ind = v.indicator
    return {
        "kind": ind.kind,
        "label": str(ind.get_kind_display()),
        "period_start": ind.period_start,
        "period_end": ind.period_end,
        "planned": float(ind.planned),
        "achieved": float(v.achieved),
        "lot_ref": ind.lot_ref,
    }


@router.get("/delivery/services/{pk}/indicators", response={200: list[IndicatorOut], 403: ErrorOut})
def service_indicators(request: HttpRequest, pk: Id) -> list[dict[str, Any]]:
    service = get_object_or_404(selectors.outcome_services_for(request.user), pk=pk)
    if not request.user.has_perm("delivery.view_outcomes", service):
        raise PermissionDenied
    return [_indicator(v) for v in selectors.indicator_values(service)]


@router.get("/delivery/lots/{pk}/outcomes", response={200: LotOutcomeOut, 403: ErrorOut})
def lot_outcomes(request: HttpRequest, pk: Id) -> dict[str, Any]:
    if not request.user.has_perm("delivery.view_outcomes"):
        raise PermissionDenied
    lot = get_object_or_404(selectors.lots_visible_to(request.user), pk=pk)
    o = selectors.lot_outcomes(lot)
    return {
        "lot_id": lot.pk,
        "lot": str(lot),
        "package": str(lot.package),
        "period_start": o.start,
        "period_end": o.end,
        "planned_participants": o.planned_participants,
        "participants": o.participants,
        "planned_hours": o.planned_hours,
        "hours": float(o.hours),
        "sessions": o.sessions,
        "attendance_rate": float(o.attendance_rate),
        "service_ids": [s.pk for s in o.services],
    }
