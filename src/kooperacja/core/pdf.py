"""PDF documents (announcements, contracts, resolutions) with fpdf2 and the bundled DejaVu font (Polish letters).

Usage:
    doc = PdfDocument(title="Ogłoszenie otwartego konkursu ofert")
    doc.heading("1. Rodzaj zadania")
    doc.paragraph("...")
    doc.table(["Część", "Kwota"], [["Seniorzy", "120 000,00 zł"]])
    data: bytes = doc.output()
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from django.utils import timezone
from fpdf import FPDF

FONT_DIR = Path(__file__).resolve().parent / "fonts"


def format_pln(amount: Decimal | int | float | None) -> str:
    """1234567.8 -> '1 234 567,80 zł' (non-breaking spaces)."""
    if amount is None:
        return "—"
    value = Decimal(amount).quantize(Decimal("0.01"))
    sign = "-" if value < 0 else ""
    whole, frac = f"{abs(value):.2f}".split(".")
    groups: list[str] = []
    while whole:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    return f"{sign}{chr(0xA0).join(groups)},{frac}\u00a0zł"


def format_date(value: date | None) -> str:
    """A date as Polish documents print it; an aware datetime is first turned into Warsaw time (its date there)."""
    if not value:
        return "—"
    if isinstance(value, datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%d.%m.%Y")


def format_datetime(value: datetime | None) -> str:
    """An aware datetime in Europe/Warsaw, '30.12.2026 15:00': what the page shows, never UTC."""
    if not value:
        return "—"
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%d.%m.%Y %H:%M")


def format_number(value: Decimal | int | float | None, places: int = 2) -> str:
    """Comma decimals and no trailing zeros for whole numbers: 10 -> '10', 10.5 -> '10,50', 4.0 -> '4'."""
    if value is None:
        return "—"
    number = Decimal(str(value))
    if number == number.to_integral_value():
        return str(int(number))
    return f"{number:.{places}f}".replace(".", ",")


def format_percent(value: Decimal | int | float | None) -> str:
    """'10 %' / '12,50 %' with a non-breaking space, as Polish typography writes percentages."""
    return "—" if value is None else f"{format_number(value)}\u00a0%"


class PdfDocument:
    def __init__(self, *, title: str, subtitle: str = "", footer: str = "Kooperacja"):
        self.pdf = FPDF(format="A4")
        self.pdf.set_auto_page_break(auto=True, margin=18)
        self.pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.pdf.set_title(title)
        self.pdf.set_creator("Kooperacja")
        self.pdf.set_lang("pl")
        footer_text = footer
        pdf = self.pdf

        def _footer() -> None:
            pdf.set_y(-12)
            pdf.set_font("DejaVu", "", 8)
            pdf.cell(0, 6, f"{footer_text} · {pdf.page_no()}/{{nb}}", align="C")

        self.pdf.footer = _footer  # type: ignore[method-assign]
        self.pdf.add_page()
        self.pdf.set_font("DejaVu", "B", 15)
        self.pdf.multi_cell(0, 8, title, new_x="LMARGIN", new_y="NEXT")
        if subtitle:
            self.pdf.set_font("DejaVu", "", 10)
            self.pdf.multi_cell(0, 6, subtitle, new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(3)

    def heading(self, text: str) -> None:
        self.pdf.ln(2)
        self.pdf.set_font("DejaVu", "B", 12)
        self.pdf.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")

    def paragraph(self, text: str, size: int = 10) -> None:
        self.pdf.set_font("DejaVu", "", size)
        self.pdf.multi_cell(0, 5.5, text or "—", new_x="LMARGIN", new_y="NEXT")
        self.pdf.ln(1)

    def field(self, label: str, value: str) -> None:
        self.pdf.set_font("DejaVu", "B", 10)
        self.pdf.multi_cell(0, 5.5, label, new_x="LMARGIN", new_y="NEXT")
        self.paragraph(value)

    def table(self, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int] | None = None) -> None:
        self.pdf.set_font("DejaVu", "", 9)
        with self.pdf.table(col_widths=widths, text_align="LEFT", line_height=5.5) as table:
            head = table.row()
            for cell in header:
                head.cell(cell)
            for row in rows:
                r = table.row()
                for cell in row:
                    r.cell(str(cell))
        self.pdf.ln(2)

    def output(self) -> bytes:
        return bytes(self.pdf.output())
