from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from kooperacja.core.pdf import format_pln

from ..workflows import EDITABLE_OFFER_STATES, SCORABLE_OFFER_STATES, workflow_of

register = template.Library()


@register.filter
def pln(value: Decimal | None) -> str:
    return format_pln(value)


# What the "new call" buttons say: the action and its legal basis, not the mode's lowercase name.
NEW_CALL_LABELS = {
    "opp_open": _("Nowy konkurs ofert (art. 11 i 13 OPP)"),
    "pzp_social": _("Nowe zamówienie na usługi społeczne (art. 359 Pzp)"),
    "pzp_reserved": _("Nowe zamówienie zastrzeżone (art. 94 Pzp)"),
    "opp_small_grant": _("Nowy mały grant (art. 19a OPP)"),
    "opp_own_initiative": _("Nowa inicjatywa własna (art. 12 OPP)"),
}


@register.filter
def new_call_label(mode: str) -> str:
    """`{{ mode|new_call_label }}`: the button that starts a call of that mode ("Nowy konkurs ofert (art. 11 i 13
    OPP)")."""
    label = NEW_CALL_LABELS.get(str(mode))
    return str(label) if label is not None else str(mode)


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
    "approved": "badge-ok",
    "returned": "badge-warn",
    "draft": "badge-info",
}


@register.filter
def state_badge(state: str) -> str:
    return STATE_BADGES.get(state, "badge-info")
