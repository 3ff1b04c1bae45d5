"""Polish number formats for pages, charts and PDFs: 1 234,56 zł; 12,5 %; 1 234."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kooperacja.core.pdf import format_pln

NBSP = "\u00a0"


def group(n: int) -> str:
    sign = "-" if n < 0 else ""
    s = str(abs(n))
    parts: list[str] = []
    while s:
        parts.insert(0, s[-3:])
        s = s[:-3]
    return sign + NBSP.join(parts)


def number(value: Any, kind: str = "count") -> str:
    if value is None:
        return "—"
    if kind == "money":
        return format_pln(value)
    if kind in ("percent", "days"):
        text = f"{Decimal(value):.1f}".replace(".", ",")
        return f"{text}{NBSP}%" if kind == "percent" else text
    return group(int(value))


def percent(part: Any, whole: Any) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))
