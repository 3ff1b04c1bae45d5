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
