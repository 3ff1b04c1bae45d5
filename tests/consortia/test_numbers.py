"""Percentages in the consortium's PDFs and pages read as Polish typography writes them ("3 %", "50 %"), never
"3.00%" (issue 16)."""

from __future__ import annotations

import io
from typing import Any

from django.urls import reverse
from pypdf import PdfReader

from . import helpers as h


def _pdf_text(content: bytes) -> str:
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(content)).pages)


def test_agreement_and_resolution_pdfs_write_percentages_the_polish_way(demo: Any, client_as: Any) -> None:
    c = h.consortium()
    client = client_as("coordinator")
    agreement = _pdf_text(client.get(reverse("consortia:agreement_pdf", kwargs={"pk": c.pk})).content)
    assert "Udział w kosztach biura 3 %" in agreement
    assert "Kworum 50 %" in agreement
    assert "3.00" not in agreement and "50%" not in agreement
    res = h.resolution("adopted")
    text = _pdf_text(client.get(reverse("consortia:resolution_pdf", kwargs={"pk": res.pk})).content)
    assert f"kworum {res.quorum_percent} % uprawnionych" in text


def test_resolution_page_writes_the_quorum_the_polish_way(demo: Any, client_as: Any) -> None:
    res = h.resolution("adopted")
    html = client_as("coordinator").get(reverse("consortia:resolution", kwargs={"pk": res.pk})).content.decode()
    assert f"kworum {res.quorum_percent}\xa0% uprawnionych członków" in html


def test_incubation_progress_is_a_labelled_bar_with_its_count(demo: Any, client_as: Any) -> None:
    from kooperacja.consortia.models import IncubationPath

    path = IncubationPath.objects.get(organisation=demo.org("nowa_inicjatywa"))
    total = path.items.count()
    done = path.items.exclude(done_on=None).count()
    html = client_as("coordinator").get(reverse("consortia:incubation", kwargs={"pk": path.pk})).content.decode()
    assert f'<progress max="{total}" value="{done}" aria-label="Postęp inkubacji">' in html
    assert f"{done}/{total} ({round(done * 100 / total)}\xa0%)" in html.replace("&nbsp;", "\xa0")
