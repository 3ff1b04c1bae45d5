"""The English catalogue of monitoring: every message translated (no empty msgstr, nothing fuzzy), compiled,
and the pages switch language with the language cookie."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse

import kooperacja.monitoring

PO = Path(kooperacja.monitoring.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_catalogue_complete_and_compiled() -> None:
    text = PO.read_text(encoding="utf-8")
    entries = text.split("\n\n")[1:]
    assert len(entries) > 300
    empty = []
    for entry in entries:
        for value in re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', entry + "\n", re.M):
            if not "".join(re.findall(r'"(.*)"', value)):
                empty.append(entry)
    assert not empty, empty[:3]
    assert "#, fuzzy" not in text
    mo = PO.with_suffix(".mo")
    assert mo.exists() and mo.stat().st_mtime >= PO.stat().st_mtime - 5


@pytest.mark.django_db
def test_pages_in_english_with_the_language_cookie(client_as: Any, demo: Any) -> None:
    client = client_as("analyst")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("monitoring:index")).content.decode()
    assert "Gmina comparison" in page and "Comparison table" in page and "Porównanie gmin" not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pl"
    assert "Tabela porównawcza" in client.get(reverse("monitoring:index")).content.decode()
