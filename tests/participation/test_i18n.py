"""The English catalogue of participation: every message translated (no empty msgstr, nothing fuzzy), compiled,
and the residents' pages and the phase e-mail switch language."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from django.conf import settings
from django.urls import reverse

import kooperacja.participation
from kooperacja.participation.tasks import phase_notice
from tests.participation import helpers as h

PO = Path(kooperacja.participation.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


def test_catalogue_complete_and_compiled() -> None:
    text = PO.read_text(encoding="utf-8")
    entries = text.split("\n\n")[1:]
    assert len(entries) > 600
    empty = []
    for entry in entries:
        for value in re.findall(r'^msgstr(?:\[\d\])? ((?:".*"\n?)+)', entry + "\n", re.M):
            if not "".join(re.findall(r'"(.*)"', value)):
                empty.append(entry)
    assert not empty, empty[:3]
    assert "#, fuzzy" not in text
    mo = PO.with_suffix(".mo")
    assert mo.exists() and mo.stat().st_mtime >= PO.stat().st_mtime - 5


def test_pages_in_english_with_the_language_cookie(client_as: Any, demo: Any) -> None:
    client = client_as("resident")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    listing = client.get(reverse("participation:process_list")).content.decode()
    assert "Consultations and plebiscites" in listing and "Konsultacje i plebiscyty" not in listing
    page = client.get(h.process().get_absolute_url()).content.decode()
    assert "Comments and discussion" in page and "running now" in page and "Uwagi i dyskusja" not in page
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pl"
    assert "Uwagi i dyskusja" in client.get(h.process().get_absolute_url()).content.decode()


def test_phase_email_in_the_readers_language(demo: Any) -> None:
    phase = h.process().phases.get(allows_comment=True)
    subject, body = phase_notice(phase, "en")
    assert subject.startswith("The phase “") and "(Polish time)" in body and "add comments" in body
    subject, body = phase_notice(phase, "pl")
    assert subject.startswith("Rozpoczął się etap") and "(czas polski)" in body
