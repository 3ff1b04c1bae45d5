from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from kooperacja.core.pdf import format_pln

register = template.Library()


@register.filter
def pln(value: Decimal | None) -> str:
    return format_pln(value)


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
