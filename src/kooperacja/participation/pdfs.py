"""PDFs of the participation app: the consultation report and the plebiscite's results (times in Europe/Warsaw)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core.pdf import PdfDocument


def _when(value: Any) -> str:
    return timezone.localtime(value).strftime("%d.%m.%Y %H:%M") if value else "—"


def report_pdf_bytes(data: dict[str, Any]) -> bytes:
    process = data["process"]
    doc = PdfDocument(
        title=_("Raport z konsultacji: %(t)s") % {"t": process.title},
        subtitle=f"{process.authority} · {_('opublikowano')} {_when(process.report_published_at)}",
    )
    doc.heading(_("Podsumowanie"))
    doc.paragraph(process.report_summary)
    doc.heading(_("Co wpłynęło, według kanału"))
    doc.table(
        [_("Kanał"), _("Uwagi"), _("Propozycje")],
        [[label, str(v["comments"]), str(v["proposals"])] for label, v in data["per_channel"]] or [["—", "0", "0"]],
    )
    doc.heading(_("Odpowiedzi organu na propozycje"))
    rows = [
        [p.topic or "—", p.title, str(p.get_channel_display()), str(p.get_state_display()), p.answer]
        for p in data["proposals"]
    ]
    if rows:
        doc.table(
            [_("Temat"), _("Propozycja"), _("Kanał"), _("Odpowiedź"), _("Uzasadnienie")],
            rows,
            widths=[20, 40, 20, 25, 60],
        )
    else:
        doc.paragraph(_("Nie złożono propozycji."))
    doc.heading(_("Uwagi według tematów"))
    for topic, items in data["topics"]:
        if items["comments"]:
            doc.field(topic, "\n".join(f"• {c.body} ({c.get_channel_display()})" for c in items["comments"]))
    if data["workshops"]:
        doc.heading(_("Spotkania i warsztaty"))
        for w in data["workshops"]:
            doc.field(f"{w.title} – {_when(w.starts_at)}, {w.place}", w.minutes or _("(brak zapisu przebiegu)"))
    return doc.output()


def results_pdf_bytes(plebiscite: Any, res: Any, draws: list[Any]) -> bytes:
    doc = PdfDocument(
        title=_("Wyniki plebiscytu: %(t)s") % {"t": plebiscite.process.title},
        subtitle=f"{plebiscite.process.authority} · {_('stan')}: {plebiscite.get_results_state_display()} · "
        f"{_('wydruk')} {_when(timezone.now())}",
    )
    doc.table(
        [_("Nr"), _("Propozycja"), _("Razem"), _("Internet"), _("Papier"), "%"],
        [
            [
                str(r["candidate"].number),
                r["candidate"].title,
                str(r["total"]),
                str(r["online"]),
                str(r["paper"]),
                f"{r['percent']:.1f}".replace(".", ","),
            ]
            for r in res.rows
        ],
        widths=[10, 70, 20, 20, 20, 15],
    )
    doc.field(_("Liczba głosujących"), str(res.voters))
    if res.by_channel:
        doc.field(_("Według kanału"), ", ".join(f"{k}: {v}" for k, v in res.by_channel.items()))
    if res.by_age:
        doc.field(_("Frekwencja według wieku"), ", ".join(f"{k}: {v}" for k, v in res.by_age))
    if res.by_area:
        doc.field(_("Frekwencja według części gminy"), ", ".join(f"{k}: {v}" for k, v in res.by_area))
    for d in draws:
        doc.field(
            _("Losowanie przy remisie"),
            _("%(when)s, losowanie przeprowadzone przez: %(who)s, ziarno losowania: %(seed)s, wylosowano: %(winner)s")
            % {"when": _when(d.drawn_at), "who": d.drawn_by_label, "seed": d.seed, "winner": d.winner.title},
        )
    if plebiscite.winner_id:
        doc.field(_("Zwycięska propozycja"), plebiscite.winner.title)
    return doc.output()
