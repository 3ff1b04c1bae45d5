from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from kooperacja.core.pdf import format_pln

from ..workflows import EDITABLE_OFFER_STATES, SCORABLE_OFFER_STATES, workflow_of

register = template.Library()


@register.filter
def pln(value: Decimal | None) -> str:
    return format_pln(value)


@register.filter
def can_move(obj: Any, name: str) -> bool:
    """`{% if offer|can_move:"withdraw" %}`: the transition `name` of the object's workflow starts from its state.

    Templates ask this (or the view's `available(obj, user)`) instead of comparing states. Who may make the move
    is the view's flag (`can_manage`, `can_edit`...) and the service's check."""
    return workflow_of(obj).can(obj, name)


@register.filter
def offer_editable(offer: Any) -> bool:
    return offer.state in EDITABLE_OFFER_STATES


@register.filter
def scorable(offer: Any) -> bool:
    return offer.state in SCORABLE_OFFER_STATES


@register.filter
def get(mapping: dict[Any, Any], key: Any) -> Any:
    return mapping.get(key) if mapping else None


STATE_BADGES = {
    "published": "badge-ok",
    "submitted": "badge-info",
    "eligible": "badge-ok",
    "scored": "badge-info",
    "selected": "badge-ok",
    "accepted": "badge-ok",
    "contract_signed": "badge-ok",
    "in_delivery": "badge-ok",
    "settled": "badge-ok",
    "results_published": "badge-ok",
    "cancelled": "badge-danger",
    "formally_rejected": "badge-danger",
    "not_selected": "badge-warn",
    "rejected": "badge-danger",
    "return_demanded": "badge-danger",
    "correction_requested": "badge-warn",
    "corrections_requested": "badge-warn",
    "update_required": "badge-warn",
    "draft": "badge-info",
}


@register.filter
def state_badge(state: str) -> str:
    return STATE_BADGES.get(state, "badge-info")
