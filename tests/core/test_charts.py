"""core.charts.ranking: one drawing for wide screens and one for phones, the same bars in both, texts escaped."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from kooperacja.core.charts import Bar, ranking


class _Svgs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.svgs: list[dict[str, list]] = []
        self._in_text = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "svg":
            self.svgs.append({"class": [a.get("class")], "rects": [], "texts": [], "title": []})
        elif tag == "rect":
            self.svgs[-1]["rects"].append(float(a["width"] or 0))
        elif tag in ("text", "title"):
            self._in_text = tag

    def handle_endtag(self, tag: str) -> None:
        self._in_text = False

    def handle_data(self, data: str) -> None:
        if self._in_text == "text":
            self.svgs[-1]["texts"].append(data)
        elif self._in_text == "title":
            self.svgs[-1]["title"].append(data)


BARS = [
    Bar("wysłane", 30, "30 (60 %)"),
    Bar("Gmina <Wiejska> & Miejska – nazwa dłuższa niż 26 znaków", 20, "20"),
    Bar("utajnione", None, "< 3"),
]


def _parse() -> list[dict[str, list]]:
    parser = _Svgs()
    parser.feed(str(ranking(BARS, title="Tytuł", desc="Opis")))
    return parser.svgs


def test_two_drawings_one_for_phones() -> None:
    wide, narrow = _parse()
    assert wide["class"] == ["chart chart-wide"] and narrow["class"] == ["chart chart-narrow"]
    assert wide["title"] == narrow["title"] == ["Tytuł"]


def test_same_bars_in_both_drawings_in_proportion() -> None:
    for svg in _parse():
        first, second, suppressed = svg["rects"]
        assert suppressed == 0  # no bar where the figure is suppressed
        assert abs(second / first - 20 / 30) < 0.01
        assert "30 (60 %)" in svg["texts"] and "< 3" in svg["texts"]


def test_labels_escaped_and_shortened_to_fit() -> None:
    html = str(ranking(BARS, title="T", desc="D"))
    assert "<Wiejska>" not in html and "&lt;Wiejska&gt;" in html
    wide, narrow = _parse()
    long = BARS[1].label
    assert any(t.endswith("…") and long.startswith(t[:-1]) and len(t) == 26 for t in wide["texts"])
    assert any(t.endswith("…") and long.startswith(t[:-1]) and len(t) == 44 for t in narrow["texts"])
    assert re.search(r'font-size="13"', html)


def _texts(svg: str) -> list[tuple[str, str]]:
    """(text-anchor, text) of every <text> of one drawing."""
    return re.findall(r'<text[^>]*?text-anchor="(\w+)"[^>]*>([^<]*)</text>', svg)


def _drawings(html: str) -> tuple[str, str]:
    wide, narrow = html.split("</svg>")[:2]
    assert 'class="chart chart-wide"' in wide and 'class="chart chart-narrow"' in narrow
    return wide, narrow


def test_trend_texts_at_the_edges_grow_inwards() -> None:
    from kooperacja.core.charts import trend

    points = [(2024, 1_595_000, "1 595 000,00 zł"), (2025, None, "< 3"), (2026, 3_029_000, "3 029 000,00 zł")]
    for drawing in _drawings(str(trend(points, title="Wartość umów", desc="Opis"))):
        texts = _texts(drawing)
        assert ("start", "2024") in texts and ("end", "2026") in texts and ("middle", "2025") in texts
        assert ("start", "1 595 000,00 zł") in texts and ("end", "3 029 000,00 zł") in texts
        assert ("middle", "< 3") not in texts and any(t == "&lt; 3" for _a, t in texts)  # escaped, no point


def test_trend_on_a_phone_labels_every_other_point_when_they_are_close() -> None:
    from kooperacja.core.charts import trend

    points = [(2020 + i, 100 + i, f"{100 + i} osób") for i in range(7)]
    wide, narrow = _drawings(str(trend(points, title="T", desc="D")))
    assert {t for _a, t in _texts(wide)} >= {f"{100 + i} osób" for i in range(7)}  # 640 units: room for all
    shown = {t for _a, t in _texts(narrow) if t.endswith("osób")}
    assert shown == {"106 osób", "104 osób", "102 osób", "100 osób"}  # the last and every other one back from it
    assert narrow.count("<circle") == 7  # every point is still drawn


def test_timeline_has_both_drawings_with_every_moment() -> None:
    from datetime import date

    from kooperacja.core.charts import Moment, timeline

    moments = [
        Moment(date(2026, 3, 1), "Ogłoszenie konkursu", "call"),
        Moment(date(2026, 6, 30), "Sprawozdanie częściowe – złożone po terminie, z uzupełnieniem", "report", late=True),
        Moment(date(2027, 1, 31), "Rozliczenie", "settlement", future=True),
    ]
    wide, narrow = _drawings(str(timeline(moments, title="Oś czasu", desc="D", today=date(2026, 12, 1))))
    for drawing in (wide, narrow):
        assert "01.03.2026" in drawing and "30.06.2026" in drawing and "31.01.2027" in drawing
        assert drawing.count("<circle") == 3 and 'stroke-dasharray="4 3"' in drawing  # today's line
    assert "Sprawozdanie częściowe – złożone po terminie, z uzupełnieniem" in wide
    assert "Sprawozdanie częściowe – złożone po termi…" in narrow  # 42 characters on a phone
