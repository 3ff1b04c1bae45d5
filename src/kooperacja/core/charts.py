"""Server-rendered SVG charts (no JavaScript; CSP stays strict). Each chart carries <title> and <desc>, and the
page shows its data table next to it. Colours meet AA contrast on white; sizes scale with the viewBox."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import uuid4

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR = "#1d5f8a"
MUTED = "#5a6470"
ACCENT = "#b3261e"
OK = "#1e6b35"
INK = "#1f2328"


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | int | None  # None: suppressed or not applicable (no bar)
    text: str


def _head(width: int, height: int, title: str, desc: str, css_class: str = "chart") -> tuple[str, str]:
    uid = uuid4().hex[:8]
    head = (
        f'<svg class="{css_class}" role="img" viewBox="0 0 {width} {height}" width="100%" '
        f'preserveAspectRatio="xMinYMin meet" aria-labelledby="t{uid} d{uid}" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="t{uid}">{escape(title)}</title><desc id="d{uid}">{escape(desc)}</desc>'
    )
    return head, uid


def ranking(bars: Sequence[Bar], *, title: str, desc: str) -> SafeString:
    """Horizontal ranking bars: label on the left, bar, value text on the right. On a phone (CSS, max-width 40rem)
    the same bars are drawn narrower with the label above each bar, so the text keeps its size instead of shrinking
    with a 640-unit-wide drawing to half of it; only one of the two drawings is displayed (and read) at a time."""
    return mark_safe(_ranking_wide(bars, title, desc) + _ranking_narrow(bars, title, desc))  # noqa: S308 - escaped


def _ranking_wide(bars: Sequence[Bar], title: str, desc: str) -> str:
    row_h, label_w, text_w, width = 26, 190, 130, 640
    plot_w = width - label_w - text_w
    height = max(row_h * len(bars) + 10, 40)
    head, _uid = _head(width, height, title, desc, "chart chart-wide")
    top = max((float(b.value) for b in bars if b.value is not None), default=0.0) or 1.0
    parts = [head]
    for i, b in enumerate(bars):
        y = 5 + i * row_h
        w = 0 if b.value is None else max(1.0, float(b.value) / top * plot_w)
        label = b.label if len(b.label) <= 26 else b.label[:25] + "…"
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 17}" text-anchor="end" font-size="13" fill="{INK}">'
            f"{escape(label)}</text>"
            f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{row_h - 8}" fill="{BAR}"></rect>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + 17}" font-size="13" fill="{MUTED if b.value is None else INK}">'
            f"{escape(b.text)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _ranking_narrow(bars: Sequence[Bar], title: str, desc: str) -> str:
    row_h, text_w, width = 40, 125, 320
    plot_w = width - text_w
    height = max(row_h * len(bars) + 6, 40)
    head, _uid = _head(width, height, title, desc, "chart chart-narrow")
    top = max((float(b.value) for b in bars if b.value is not None), default=0.0) or 1.0
    parts = [head]
    for i, b in enumerate(bars):
        y = 2 + i * row_h
        w = 0 if b.value is None else max(1.0, float(b.value) / top * plot_w)
        label = b.label if len(b.label) <= 44 else b.label[:43] + "…"
        parts.append(
            f'<text x="0" y="{y + 14}" font-size="13" fill="{INK}">{escape(label)}</text>'
            f'<rect x="0" y="{y + 20}" width="{w:.1f}" height="14" fill="{BAR}"></rect>'
            f'<text x="{w + 6:.1f}" y="{y + 32}" font-size="13" fill="{MUTED if b.value is None else INK}">'
            f"{escape(b.text)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def trend(points: Sequence[tuple[int, Decimal | int | None, str]], *, title: str, desc: str) -> SafeString:
    """A line over years; suppressed years (None) break the line and show their text only."""
    width, height, left, bottom, top_pad = 640, 220, 60, 30, 20
    head, _uid = _head(width, height, title, desc)
    vals = [float(v) for _y, v, _t in points if v is not None]
    top = max(vals, default=0.0) or 1.0
    n = len(points)
    step = (width - left - 40) / max(n - 1, 1)
    plot_h = height - bottom - top_pad
    parts = [
        head,
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 20}" y2="{height - bottom}" stroke="{MUTED}"></line>',
    ]
    coords: list[tuple[float, float] | None] = []
    for i, (year, value, text) in enumerate(points):
        x = left + i * step if n > 1 else left + (width - left) / 2
        parts.append(f'<text x="{x:.1f}" y="{height - 10}" text-anchor="middle" font-size="13">{year}</text>')
        if value is None:
            coords.append(None)
            parts.append(
                f'<text x="{x:.1f}" y="{height - bottom - 8}" text-anchor="middle" font-size="12" fill="{MUTED}">'
                f"{escape(text)}</text>"
            )
            continue
        y = height - bottom - float(value) / top * plot_h
        coords.append((x, y))
        parts.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{BAR}"></circle>'
            f'<text x="{x:.1f}" y="{y - 8:.1f}" text-anchor="middle" font-size="12">{escape(text)}</text>'
        )
    segment: list[str] = []
    for c in [*coords, None]:
        if c is None:
            if len(segment) > 1:
                parts.append(
                    f'<polyline points="{" ".join(segment)}" fill="none" stroke="{BAR}" stroke-width="2"></polyline>'
                )
            segment = []
        else:
            segment.append(f"{c[0]:.1f},{c[1]:.1f}")
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308


@dataclass(frozen=True)
class Moment:
    day: date
    label: str
    kind: str  # call | decision | contract | tranche | report | settlement
    late: bool = False
    future: bool = False


KIND_COLOURS = {
    "call": BAR,
    "decision": "#6a3d9a",
    "contract": OK,
    "tranche": "#8a5a00",
    "report": "#005f73",
    "settlement": "#1f2328",
}


def timeline(moments: Sequence[Moment], *, title: str, desc: str, today: date) -> SafeString:
    """A vertical timeline: one row per moment, dated, coloured by kind; late ones in red, future ones hollow."""
    row_h, width = 28, 640
    height = max(row_h * len(moments) + 16, 40)
    head, _uid = _head(width, height, title, desc)
    parts = [head, f'<line x1="110" y1="8" x2="110" y2="{height - 8}" stroke="{MUTED}" stroke-width="2"></line>']
    for i, m in enumerate(moments):
        y = 16 + i * row_h
        colour = ACCENT if m.late else KIND_COLOURS.get(m.kind, BAR)
        fill = "#ffffff" if m.future else colour
        parts.append(
            f'<text x="100" y="{y + 5}" text-anchor="end" font-size="13" fill="{INK}">{m.day:%d.%m.%Y}</text>'
            f'<circle cx="110" cy="{y}" r="6" fill="{fill}" stroke="{colour}" stroke-width="2"></circle>'
            f'<text x="124" y="{y + 5}" font-size="13" fill="{ACCENT if m.late else INK}">'
            f"{escape(m.label[:80])}</text>"
        )
    if moments and moments[0].day <= today <= moments[-1].day:
        idx = sum(1 for m in moments if m.day <= today)
        now_y = 16 + idx * row_h - row_h / 2
        parts.append(
            f'<line x1="96" y1="{now_y:.1f}" x2="{width - 10}" y2="{now_y:.1f}" '
            f'stroke="{ACCENT}" stroke-dasharray="4 3"></line>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308


def bars_from(items: Sequence[tuple[str, Any, str]]) -> list[Bar]:
    return [Bar(label, value, text) for label, value, text in items]
