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
def get_item(mapping: Any, key: Any) -> Any:
    return mapping.get(key) if mapping else None
