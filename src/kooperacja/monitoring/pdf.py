"""The effects report of a package as one PDF (kooperacja.core.pdf): charts drawn as bars, each with its table.
Times in Europe/Warsaw, money `1 234,56 zł`, suppressed counts "<5"."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core.pdf import PdfDocument, format_datetime, format_pln

from .formatting import number
from .package import PackageDashboard


def _bar_chart(doc: PdfDocument, items: list[tuple[str, float, str]]) -> None:
    """Horizontal bars drawn with rectangles (the table that follows holds the same figures)."""
    pdf = doc.pdf
    top = max((v for _l, v, _t in items), default=0.0) or 1.0
    pdf.set_font("DejaVu", "", 8)
    for label, value, text in items:
        y = pdf.get_y()
        pdf.set_xy(pdf.l_margin, y)
        pdf.cell(55, 5, label[:38])
        pdf.set_fill_color(29, 95, 138)
        w = max(0.5, value / top * 95)
        pdf.rect(pdf.l_margin + 56, y + 1, w, 3.5, style="F")
        pdf.set_xy(pdf.l_margin + 58 + w, y)
        pdf.cell(30, 5, text)
        pdf.ln(5.5)
    pdf.ln(2)


def effects_pdf(package: Any, board: PackageDashboard, legality: list[Any], consortia: list[Any]) -> bytes:
    now = timezone.localtime()
    doc = PdfDocument(
        title=_("Analiza efektów pakietu usług: %s") % package,
        subtitle=_("%(gmina)s · stan na %(when)s (czas polski)")
        % {"gmina": package.municipality, "when": format_datetime(now)},
    )
    doc.heading(_("1. Finanse pakietu według części"))
    _bar_chart(doc, [(str(lv.lot), float(lv.awarded), format_pln(lv.awarded)) for lv in board.lots])
    doc.table(
        [_("Część"), _("Plan"), _("Umowy"), _("Wypłacono"), _("Rozliczono")],
        [
            [str(lv.lot), format_pln(lv.planned), format_pln(lv.awarded), format_pln(lv.paid), format_pln(lv.accounted)]
            for lv in board.lots
        ]
        + [[_("Razem"), *(format_pln(board.totals[k]) for k in ("planned", "awarded", "paid", "accounted"))]],
        widths=[60, 30, 30, 30, 30],
    )
    doc.heading(_("2. Wskaźniki części wobec wartości docelowych (te same jednostki)"))
    rows = []
    for lv in board.lots:
        for m in lv.measures:
            rows.append(
                [
                    str(lv.lot.number),
                    m.name,
                    m.unit,
                    number(m.target),
                    m.achieved_cell.text
                    if m.people
                    else number(
                        m.achieved, "days" if m.achieved is not None and not float(m.achieved).is_integer() else "count"
                    ),
                    number(m.percent, "percent") if m.percent is not None and not m.achieved_cell.suppressed else "—",
                ]
            )
    doc.table(
        [_("Część"), _("Wskaźnik"), _("Jedn."), _("Cel"), _("Osiągnięto"), _("%")],
        rows,
        widths=[12, 70, 18, 22, 26, 22],
    )
    doc.heading(_("3. Standardy, zasięg i koszty"))
    doc.table(
        [
            _("Część"),
            _("Uczestnicy"),
            _("Godz. usługi"),
            _("Frekwencja"),
            _("Zgodność ze standardem"),
            _("Koszt/uczestnika"),
            _("Koszt/godz."),
        ],
        [
            [
                str(lv.lot.number),
                lv.participants_cell.text,
                number(lv.service_hours, "days"),
                number(lv.attendance_rate, "percent"),
                f"{lv.compliance_met}/{lv.compliance_total}",
                format_pln(lv.cost_per_participant) if lv.cost_per_participant else "—",
                format_pln(lv.cost_per_hour) if lv.cost_per_hour else "—",
            ]
            for lv in board.lots
        ],
    )
    if board.esf_report and board.esf_report.eu_funded:
        doc.heading(_("3a. Wskaźniki uczestników EFS+ (rozporządzenie 2021/1057, załącznik I)"))
        doc.table(
            [_("Kod"), _("Wskaźnik"), _("Wartość"), _("Źródło w platformie")],
            [[r.code, str(r.label), r.text, str(r.source)] for r in board.esf_report.rows],
            widths=[16, 70, 24, 80],
        )
    doc.heading(_("4. Legalność zlecania"))
    for item in legality:
        doc.paragraph(f"{item.call.title}", size=9)
        doc.table(
            [_("Krok"), _("Podstawa"), _("Stan"), _("Szczegóły")],
            [[s.title, s.basis, s.status_label, s.detail] for s in item.steps],
            widths=[55, 30, 25, 80],
        )
    doc.heading(_("5. Zarządzanie konsorcjum"))
    if not consortia:
        doc.paragraph(_("Brak zatwierdzonego podziału zadań konsorcjum dla umów pakietu."))
    for c in consortia:
        doc.paragraph(
            _(
                "%(name)s: udział małych członków w podziale %(share)s, w wykonaniu %(done)s; "
                "wnioski o wsparcie %(n)d (rozwiązane %(r)d)."
            )
            % {
                "name": c.consortium,
                "share": number(c.small_share, "percent"),
                "done": number(c.small_delivered_share, "percent"),
                "n": c.support_total,
                "r": c.support_resolved,
            },
            size=9,
        )
        doc.table(
            [_("Członek"), _("Przydział"), _("Wykonanie"), _("Sprawozdania w terminie"), _("Udział w głosowaniach")],
            [
                [
                    str(m.member.organisation),
                    format_pln(m.allocated),
                    format_pln(m.delivered),
                    f"{m.reports_on_time}/{m.reports}",
                    number(m.vote_participation, "percent"),
                ]
                for m in c.members
            ],
        )
    doc.heading(_("6. Sprawozdania"))
    doc.paragraph(
        _("Po terminie: %(late)d; oczekujące: %(due)d.")
        % {"late": len(board.reports_late), "due": len(board.reports_due)}
    )
    return doc.output()
