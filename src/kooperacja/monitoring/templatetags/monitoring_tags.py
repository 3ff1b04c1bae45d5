from __future__ import annotations

from typing import Any

from django import template

from ..formatting import number

register = template.Library()


@register.filter
def pln(value: Any) -> str:
    return number(value, "money")


@register.filter
def pct(value: Any) -> str:
    return number(value, "percent")


@register.filter
def num(value: Any) -> str:
    if value is None:
        return "—"
    try:
        return number(value, "count" if float(value).is_integer() else "days")
    except (TypeError, ValueError):
        return str(value)
