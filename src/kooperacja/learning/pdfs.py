"""The certificate as a PDF (core.pdf, fpdf2) with a QR code to its public check; dates in Europe/Warsaw."""

from __future__ import annotations

import io

import segno
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core.pdf import PdfDocument, format_date

from .models import Certificate
from .selectors import hours_text


def certificate_pdf(certificate: Certificate, verify_url: str) -> bytes:
    doc = PdfDocument(
        title=_("Zaświadczenie o ukończeniu szkolenia"),
        subtitle=f"{certificate.programme} · {certificate.issuer_name}",
        footer=_("Kooperacja · sprawdź ważność: %(url)s") % {"url": verify_url},
    )
    pdf = doc.pdf
    pdf.ln(4)
    pdf.set_font("DejaVu", "", 12)
    # "osoba" agrees with "ukończyła" whoever holds it: no "ukończył(a)" on a certificate
    pdf.multi_cell(0, 7, _("Zaświadcza się, że szkolenie"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 14)
    pdf.multi_cell(0, 8, f"„{certificate.course_title}”", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 12)
    pdf.multi_cell(0, 7, _("ukończyła osoba"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 18)
    pdf.multi_cell(0, 10, certificate.holder_name, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(3)
    dates = (
        f"{format_date(certificate.first_date)} – {format_date(certificate.last_date)}"
        if certificate.first_date
        else "—"
    )
    doc.field(_("Liczba godzin"), hours_text(certificate.hours))
    doc.field(_("Termin szkolenia"), dates)
    doc.field(_("Trenerzy"), certificate.trainer_names or "—")
    doc.field(_("Wystawca"), certificate.issuer_name)
    doc.field(_("Data wydania"), timezone.localtime(certificate.issued_at).strftime("%d.%m.%Y"))
    doc.field(_("Ważne do"), format_date(certificate.expires_on) if certificate.expires_on else _("bezterminowo"))
    doc.field(_("Kod zaświadczenia"), certificate.code)
    qr = segno.make(verify_url, error="m")
    buf = io.BytesIO()
    qr.save(buf, kind="png", scale=6, border=2)
    buf.seek(0)
    y = pdf.get_y() + 2
    pdf.image(buf, x=pdf.l_margin, y=y, w=38, h=38)
    pdf.set_xy(pdf.l_margin + 42, y + 8)
    pdf.set_font("DejaVu", "", 9)
    pdf.multi_cell(
        0,
        5,
        _("Zeskanuj kod albo otwórz adres, aby sprawdzić, czy zaświadczenie jest ważne:\n%(url)s")
        % {"url": verify_url},
    )
    return doc.output()
