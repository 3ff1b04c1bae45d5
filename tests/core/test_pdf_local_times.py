"""Every time printed in a PDF is Warsaw time, the same as the page shows (issue 16: the call PDF printed UTC)."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest
from pypdf import PdfReader

from kooperacja.core.pdf import format_date, format_datetime, format_number, format_percent


def _pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


@pytest.mark.parametrize(
    ("utc", "warsaw"),
    [
        (datetime(2026, 12, 30, 14, 0, tzinfo=UTC), "30.12.2026 15:00"),  # CET, UTC+1
        (datetime(2026, 7, 1, 11, 0, tzinfo=UTC), "01.07.2026 13:00"),  # CEST, UTC+2
        (datetime(2026, 12, 31, 23, 30, tzinfo=UTC), "01.01.2027 00:30"),  # the date changes too
    ],
)
def test_format_datetime_is_warsaw_time(utc: datetime, warsaw: str) -> None:
    assert format_datetime(utc) == warsaw
    assert format_date(utc) == warsaw[:10]


def test_numbers_read_as_polish() -> None:
    assert format_number(Decimal("10.00")) == "10"
    assert format_number(Decimal("4.0")) == "4"
    assert format_number(Decimal("12.5")) == "12,50"
    assert format_percent(Decimal("10.00")) == "10\u00a0%"
    assert format_number(None) == format_percent(None) == "—"


@pytest.mark.parametrize("month", [12, 7])
def test_call_pdf_prints_the_deadline_the_page_shows(demo: Any, client_as: Any, month: int) -> None:
    from django.utils import timezone

    from kooperacja.commissioning.models import Call

    call = (
        Call.objects.filter(offer_deadline__isnull=False, state="published").first()
        or Call.objects.filter(offer_deadline__isnull=False).first()
    )
    assert call is not None, "the demo has a call with an offer deadline"
    deadline = datetime(2026, month, 30, 13, 0, tzinfo=UTC)
    Call.objects.filter(pk=call.pk).update(offer_deadline=deadline)
    shown = timezone.localtime(deadline).strftime("%d.%m.%Y %H:%M")
    assert shown.endswith("14:00" if month == 12 else "15:00")

    officer = client_as("officer")
    page = officer.get(f"/zlecanie/ogloszenia/{call.pk}/").content.decode()
    assert shown[-5:] in page, "the page shows Warsaw time"
    pdf = officer.get(f"/zlecanie/ogloszenia/{call.pk}/pdf/")
    assert pdf.status_code == 200
    text = _pdf_text(pdf.content)
    assert shown in text, text[:2000]
    assert deadline.strftime("%d.%m.%Y %H:%M") not in text, "UTC must not be printed"
