"""Polish has three plural forms (1 oferta, 2 oferty, 5 ofert); gettext's two-form fallback writes "2 ofert".

Every counted string of the interface (`{% blocktranslate count %}` in templates, `ngettext` in code) must have an
entry in the Polish catalogue (src/kooperacja/locale/pl) with three distinct-where-Polish-needs forms.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import ngettext

SRC = Path(__file__).resolve().parents[2] / "src" / "kooperacja"
BLOCK = re.compile(r"{% blocktranslate count (\w+)=[^%]*%}(.*?){% plural %}(.*?){% endblocktranslate %}", re.S)
NGETTEXT = re.compile(r"\bn?gettext(?:_lazy)?\(\s*\"([^\"]+)\",\s*\"([^\"]+)\"")


def _as_msgid(text: str) -> str:
    return re.sub(r"{{\s*(\w+)\s*}}", r"%(\1)s", text)


def _counted_strings() -> list[tuple[str, str, str]]:
    found: dict[tuple[str, str], str] = {}
    for path in sorted(SRC.rglob("*.html")):
        for m in BLOCK.finditer(path.read_text(encoding="utf-8")):
            found[(_as_msgid(m.group(2)), _as_msgid(m.group(3)))] = str(path.relative_to(SRC))
    for path in sorted(SRC.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for m in NGETTEXT.finditer(path.read_text(encoding="utf-8")):
            if m.group(0).startswith(("ngettext", "ngettext_lazy")):
                found[(m.group(1), m.group(2))] = str(path.relative_to(SRC))
    return [(s, p, where) for (s, p), where in found.items()]


COUNTED = _counted_strings()


def test_there_are_counted_strings_to_check() -> None:
    assert len(COUNTED) >= 20


@pytest.mark.parametrize(("singular", "plural", "where"), COUNTED, ids=[c[0][:40] for c in COUNTED])
def test_counted_string_has_three_polish_forms(singular: str, plural: str, where: str) -> None:
    with translation.override("pl"):
        one, few, many, teen, twenty_two = (ngettext(singular, plural, n) for n in (1, 2, 5, 12, 22))
    assert one == singular, where
    assert many == teen, f"{where}: 5 and 12 take the same form"
    assert few == twenty_two, f"{where}: 2 and 22 take the same form"
    # the catalogue must answer for 2 (gettext's fallback would give the plural msgid for 2, 5 and 12 alike):
    with translation.override("pl"):
        from django.utils.translation import trans_real

        catalog = trans_real.translation("pl")._catalog  # type: ignore[attr-defined]
    assert (singular, 1) in catalog, f"{where}: no Polish plural entry for {singular!r} in locale/pl"


def test_rendered_forms_read_as_polish() -> None:
    template = Template(
        "{% load i18n %}{% blocktranslate count n=n %}Złożono {{ n }} ofertę.{% plural %}Złożono {{ n }} ofert(y)."
        "{% endblocktranslate %}"
    )
    with translation.override("pl"):
        rendered = {n: template.render(Context({"n": n})) for n in (0, 1, 2, 4, 5, 12, 22, 25)}
    assert rendered == {
        0: "Złożono 0 ofert.",
        1: "Złożono 1 ofertę.",
        2: "Złożono 2 oferty.",
        4: "Złożono 4 oferty.",
        5: "Złożono 5 ofert.",
        12: "Złożono 12 ofert.",
        22: "Złożono 22 oferty.",
        25: "Złożono 25 ofert.",
    }
