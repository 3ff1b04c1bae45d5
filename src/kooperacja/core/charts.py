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
    parts = [head]
    for i, (b, w) in enumerate(zip(bars, _bar_lengths(bars, plot_w), strict=True)):
        y = 5 + i * row_h
        label = _shorten(b.label, 26)
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
    parts = [head]
    for i, (b, w) in enumerate(zip(bars, _bar_lengths(bars, plot_w), strict=True)):
        y = 2 + i * row_h
        label = _shorten(b.label, 44)
        parts.append(
            f'<text x="0" y="{y + 14}" font-size="13" fill="{INK}">{escape(label)}</text>'
            f'<rect x="0" y="{y + 20}" width="{w:.1f}" height="14" fill="{BAR}"></rect>'
            f'<text x="{w + 6:.1f}" y="{y + 32}" font-size="13" fill="{MUTED if b.value is None else INK}">'
            f"{escape(b.text)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _bar_lengths(bars: Sequence[Bar], plot_w: int) -> list[float]:
    """Each bar's length in a plot `plot_w` units wide, the longest filling it; 0 for a suppressed figure (None), at
    least 1 unit otherwise (a zero stays visible as a hairline)."""
    top = max((float(b.value) for b in bars if b.value is not None), default=0.0) or 1.0
    return [0.0 if b.value is None else max(1.0, float(b.value) / top * plot_w) for b in bars]


def trend(points: Sequence[tuple[int, Decimal | int | None, str]], *, title: str, desc: str) -> SafeString:
    """A line over years; suppressed years (None) break the line and show their text only. Two drawings like
    `ranking`: the phone one is narrower, so its text keeps its size."""
    wide = _trend(points, title, desc, width=640, height=220, left=60, right=40, css_class="chart chart-wide")
    narrow = _trend(points, title, desc, width=340, height=200, left=16, right=16, css_class="chart chart-narrow")
    return mark_safe(wide + narrow)  # noqa: S308 - every text is escaped


def _trend(
    points: Sequence[tuple[int, Decimal | int | None, str]],
    title: str,
    desc: str,
    *,
    width: int,
    height: int,
    left: int,
    right: int,
    css_class: str,
) -> str:
    bottom, top_pad = 30, 20
    head, _uid = _head(width, height, title, desc, css_class)
    vals = [float(v) for _y, v, _t in points if v is not None]
    top = max(vals, default=0.0) or 1.0
    n = len(points)
    step = (width - left - right) / max(n - 1, 1)
    # a value's text is up to ~88 units wide: where the points are closer, every other one is labelled (the last always;
    # the data table under the chart has them all)
    label_every = 1 if step >= 88 else 2
    plot_h = height - bottom - top_pad
    parts = [
        head,
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - right / 2}" y2="{height - bottom}" '
        f'stroke="{MUTED}"></line>',
    ]
    coords: list[tuple[float, float] | None] = []
    for i, (year, value, text) in enumerate(points):
        x = left + i * step if n > 1 else left + (width - left - right) / 2
        # the first and the last text grow inwards, so they are never cut at the edge of the drawing
        anchor = "start" if i == 0 and n > 1 else "end" if i == n - 1 and n > 1 else "middle"
        labelled = (n - 1 - i) % label_every == 0
        parts.append(f'<text x="{x:.1f}" y="{height - 10}" text-anchor="{anchor}" font-size="13">{year}</text>')
        if value is None:
            coords.append(None)
            parts.append(
                f'<text x="{x:.1f}" y="{height - bottom - 8}" text-anchor="{anchor}" font-size="12" fill="{MUTED}">'
                f"{escape(text)}</text>"
            )
            continue
        y = height - bottom - float(value) / top * plot_h
        coords.append((x, y))
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{BAR}"></circle>')
        if labelled:
            parts.append(
                f'<text x="{x:.1f}" y="{y - 8:.1f}" text-anchor="{anchor}" font-size="12">{escape(text)}</text>'
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
    return "".join(parts)


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
    """A vertical timeline: one row per moment, dated, coloured by kind; late ones in red, future ones hollow. Two
    drawings like `ranking`: on a phone the date stands above the label, so both keep their size."""
    return mark_safe(_timeline_wide(moments, title, desc, today) + _timeline_narrow(moments, title, desc, today))  # noqa: S308


def _now_line(moments: Sequence[Moment], today: date, first_y: float, row_h: int, x1: float, x2: float) -> str:
    if not (moments and moments[0].day <= today <= moments[-1].day):
        return ""
    idx = sum(1 for m in moments if m.day <= today)
    now_y = first_y + idx * row_h - row_h / 2
    return (
        f'<line x1="{x1}" y1="{now_y:.1f}" x2="{x2}" y2="{now_y:.1f}" stroke="{ACCENT}" stroke-dasharray="4 3"></line>'
    )


def _dot(m: Moment, cx: float, cy: float) -> str:
    colour = ACCENT if m.late else KIND_COLOURS.get(m.kind, BAR)
    fill = "#ffffff" if m.future else colour
    return f'<circle cx="{cx}" cy="{cy}" r="6" fill="{fill}" stroke="{colour}" stroke-width="2"></circle>'


def _timeline_wide(moments: Sequence[Moment], title: str, desc: str, today: date) -> str:
    row_h, width = 28, 640
    height = max(row_h * len(moments) + 16, 40)
    head, _uid = _head(width, height, title, desc, "chart chart-wide")
    parts = [head, f'<line x1="110" y1="8" x2="110" y2="{height - 8}" stroke="{MUTED}" stroke-width="2"></line>']
    for i, m in enumerate(moments):
        y = 16 + i * row_h
        parts.append(
            f'<text x="100" y="{y + 5}" text-anchor="end" font-size="13" fill="{INK}">{m.day:%d.%m.%Y}</text>'
            + _dot(m, 110, y)
            + f'<text x="124" y="{y + 5}" font-size="13" fill="{ACCENT if m.late else INK}">'
            f"{escape(_shorten(m.label, 80))}</text>"
        )
    parts.append(_now_line(moments, today, 16, row_h, 96, width - 10))
    parts.append("</svg>")
    return "".join(parts)


def _timeline_narrow(moments: Sequence[Moment], title: str, desc: str, today: date) -> str:
    row_h, width = 40, 340
    height = max(row_h * len(moments) + 12, 40)
    head, _uid = _head(width, height, title, desc, "chart chart-narrow")
    parts = [head, f'<line x1="10" y1="8" x2="10" y2="{height - 8}" stroke="{MUTED}" stroke-width="2"></line>']
    for i, m in enumerate(moments):
        y = 20 + i * row_h
        parts.append(
            _dot(m, 10, y)
            + f'<text x="24" y="{y - 4}" font-size="12" fill="{MUTED}">{m.day:%d.%m.%Y}</text>'
            + f'<text x="24" y="{y + 12}" font-size="13" fill="{ACCENT if m.late else INK}">'
            f"{escape(_shorten(m.label, 42))}</text>"
        )
    parts.append(_now_line(moments, today, 20, row_h, 0, width - 4))
    parts.append("</svg>")
    return "".join(parts)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bars_from(items: Sequence[tuple[str, Any, str]]) -> list[Bar]:
    return [Bar(label, value, text) for label, value, text in items]
