"""No code on screen: every page of the demo, as every role that may open it, shows sentences, not identifiers.

A dotted or snake_case code (`commissioning.call_created`, `organisation_unique_nip`) or the stored value of an
enumeration shown instead of its Polish label ("programme", "diagnosis") in the visible text of a page fails here.
The pages are the GET rows of the permission matrix (every URL of the project has one), fetched as each role the
row allows.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.db import models

from tests.matrix import Case
from tests.test_permission_matrix import CASES

# what a page prints comes from templates and labels, not from the database engine: once in CI (tests/conftest.py)
pytestmark = pytest.mark.one_database

# Stored values that are also the Polish (or loan) word the label would show: not a missing label.
POLISH_WORDS = {"gmina", "powiat", "online", "mentoring", "transport"}  # stored values that are Polish words
CODE = re.compile(r"\b[a-z]+(?:\.[a-z]+)?_[a-z_]+\b|\b[a-z]+\.[a-z]+_[a-z_]+\b")


class _Text(HTMLParser):
    """The text a person reads: text nodes outside script/style, plus the attributes read aloud or shown."""

    # code/kbd/samp hold what a user must type (CSV column names of an import): shown as code on purpose
    SKIP = {"script", "style", "template", "code", "kbd", "samp"}
    SHOWN_ATTRS = {"title", "alt", "aria-label", "placeholder"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self._skip += 1
        for name, value in attrs:
            if name in self.SHOWN_ATTRS and value:
                self.parts.append(value)
            if tag == "input" and name == "value" and value and dict(attrs).get("type") in {"submit", "button"}:
                self.parts.append(value)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def _enum_values() -> set[str]:
    """Stored values of every choices enum of ours that differ from their label (what a missing label would show)."""
    from django.apps import apps

    values: set[str] = set()
    seen: set[type] = set()
    for model in apps.get_models():
        if not model.__module__.startswith("kooperacja."):
            continue
        for field in model._meta.get_fields():
            choices = getattr(field, "choices", None)
            if not choices or not isinstance(field, models.Field):
                continue
            for value, label in field.flatchoices:
                if value in POLISH_WORDS:
                    continue
                if isinstance(value, str) and re.fullmatch(r"[a-z][a-z_]{4,}", value) and value != str(label).lower():
                    values.add(value)
        seen.add(model)
    return values


def _roles_to_read(case: Case) -> list[str]:
    """Two readers per page keep the run short: a signed-in role the row allows (the first in ROLES order, not the
    admin unless only they may) and, when the page is public, the anonymous visitor (what residents see)."""
    from tests.matrix import ROLES

    allowed = [r for r in ROLES if r in case.allowed]
    signed_in = [r for r in allowed if r not in {"anonymous", "admin"}] or [r for r in allowed if r == "admin"]
    return signed_in[:1] + (["anonymous"] if "anonymous" in allowed else [])


PAGES = [
    pytest.param(case, role, id=case.id_for(role))
    for case in CASES
    if case.method == "get" and 200 in case.ok_status
    for role in _roles_to_read(case)
]


@pytest.mark.parametrize(("case", "role"), PAGES)
def test_page_shows_no_codes(case: Case, role: str, demo: Any, client_as: Any) -> None:
    from django.db import connection
    from django.urls import reverse

    if connection.vendor != "sqlite":
        pytest.skip("rendering does not depend on the database: read on SQLite, the PostgreSQL phase skips it")
    url = reverse(case.url_name, kwargs=case.kwargs(demo))
    response = client_as(role).get(url, data=case.data(demo))
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        pytest.skip(f"{url} answers {response.status_code} {response.get('Content-Type')} (not an HTML page)")
    text = visible_text(response.content.decode())
    codes = sorted(set(CODE.findall(text)))
    assert not codes, f"{url} jako {role} pokazuje kody zamiast tekstu: {codes}"
    shown_values = sorted(v for v in _enum_values_cached() if re.search(rf"(?<![\w.@/-]){v}(?![\w.@/-])", text))
    assert not shown_values, f"{url} jako {role} pokazuje wartości wyliczeń bez etykiet: {shown_values}"


_CACHE: dict[str, set[str]] = {}


def _enum_values_cached() -> set[str]:
    if "v" not in _CACHE:
        _CACHE["v"] = _enum_values()
    return _CACHE["v"]
