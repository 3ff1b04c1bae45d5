"""The learning app's English catalogue: complete (no empty or fuzzy entry) and used by the pages."""

from __future__ import annotations

import gettext
import re
from pathlib import Path
from typing import Any

from django.urls import reverse

import kooperacja.learning

CATALOGUE = Path(kooperacja.learning.__file__).parent / "locale" / "en" / "LC_MESSAGES"


def test_english_catalogue_is_complete() -> None:
    text = (CATALOGUE / "django.po").read_text(encoding="utf-8")
    assert "#, fuzzy" not in text
    entries = text.split("\n\n")[1:]
    assert len(entries) > 500
    empty = [
        e
        for e in entries
        if re.search(r'^msgstr(\[\d\])? ""$', e, re.M) and not re.search(r'^msgstr(\[\d\])? ""\n"', e, re.M)
    ]
    assert empty == []
    # the compiled catalogue is the one committed with it: every entry of the .po is in the .mo
    with (CATALOGUE / "django.mo").open("rb") as f:
        compiled = gettext.GNUTranslations(f)
    assert compiled.gettext("Biblioteka materiałów") == "Materials library"
    assert len(compiled._catalog) >= len(entries)  # type: ignore[attr-defined]


def test_pages_in_english(demo: Any, client_as: Any) -> None:
    from django.conf import settings

    client = client_as("trainer")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    library = client.get(reverse("learning:library")).content.decode()
    assert "Materials library" in library and "Biblioteka materiałów" not in library
    panel = client.get(reverse("learning:trainer_panel")).content.decode()
    assert "Trainer panel" in panel
