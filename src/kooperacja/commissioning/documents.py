"""PDF documents of commissioning: the announcement (art. 13 OPP) and the grant contract."""

from __future__ import annotations

from kooperacja.core.pdf import PdfDocument, format_date, format_datetime, format_number, format_percent, format_pln

from . import legal
from .enums import OPP_MODES
from .models import Call, Contract


def announcement_pdf(call: Call) -> bytes:
    doc = PdfDocument(
        title=call.title,
        subtitle=f"{call.authority.name} · {call.get_mode_display()} · {call.number or ''}",
        footer=f"Kooperacja · ogłoszenie {call.pk}",
    )
    if call.mode in OPP_MODES:
        for field, label, basis in legal.ANNOUNCEMENT_ELEMENTS:
            value = getattr(call, field)
            if field in {"funds_total"}:
                text = format_pln(value)
            elif field == "offer_deadline":
                text = format_datetime(value)
            elif field in {"delivery_start", "delivery_end", "selection_date"}:
                text = format_date(value)
            else:
                text = str(value or "—")
            doc.field(f"{label} ({basis})", text)
        if call.task_form:
            doc.field("Forma zlecenia", call.get_task_form_display())
    else:
        doc.field("Przedmiot zamówienia", call.task_type)
        doc.field("Kody CPV", ", ".join(call.cpv_codes) or "—")
        doc.field("Wartość szacunkowa", format_pln(call.estimated_value))
        doc.field("Termin składania ofert", format_datetime(call.offer_deadline))
        doc.field("Kryteria", call.selection_procedure)
    limits = [
        ("Minimalna kwota dotacji", format_pln(call.min_grant)),
        ("Maksymalna kwota dotacji", format_pln(call.max_grant)),
        ("Wymagany wkład własny ogółem", format_percent(call.min_own_share)),
        ("Oferty wspólne (art. 14 ust. 2 OPP)", "dopuszczalne" if call.allow_joint_offers else "niedopuszczalne"),
    ]
    doc.heading("Warunki naboru")
    doc.table(["Warunek", "Wartość"], limits, widths=[60, 40])
    lots = list(call.lots.all())
    if lots:
        doc.heading("Części pakietu")
        doc.table(
            ["Nr", "Część", "Obszar", "Budżet"],
            [[str(lot.number), lot.name, lot.get_sector_display(), format_pln(lot.budget)] for lot in lots],
            widths=[8, 52, 25, 20],
        )
    criteria = list(call.criteria.all())
    if criteria:
        doc.heading("Kryteria oceny ofert")
        doc.table(
            ["Kryterium", "Podstawa", "Maks. pkt"],
            [[c.name, c.basis, format_number(c.max_points)] for c in criteria],
            widths=[60, 25, 15],
        )
    clauses = list(call.clauses.all())
    if clauses:
        doc.heading("Klauzule społeczne")
        for clause in clauses:
            doc.field(clause.get_kind_display(), clause.text)
    pubs = list(call.publications.all())
    if pubs:
        doc.heading("Publikacja (art. 13 ust. 3 OPP)")
        doc.table(
            ["Miejsce", "Data", "Adres"],
            [[p.get_channel_display(), format_date(p.published_on), p.reference] for p in pubs],
            widths=[35, 15, 50],
        )
    return doc.output()


def contract_pdf(contract: Contract) -> bytes:
    offer = contract.offer
    doc = PdfDocument(
        title=f"Umowa nr {contract.number}",
        subtitle="o wsparcie realizacji zadania publicznego (art. 16 ust. 1 OPP)",
        footer=f"Kooperacja · umowa {contract.number}",
    )
    doc.paragraph(
        f"zawarta w dniu {format_date(contract.signed_on)} pomiędzy {contract.authority.name} (Zleceniodawca) "
        f"a {contract.contractor.name}"
        + (
            " działającym w imieniu własnym i oferentów wspólnych: "
            + ", ".join(p.organisation.name for p in offer.partners.select_related("organisation") if p.role != "lead")
            if offer.is_joint
            else ""
        )
        + " (Zleceniobiorca)."
    )
    doc.heading("§ 1. Przedmiot umowy")
    doc.paragraph(
        f"Zleceniodawca zleca realizację zadania publicznego „{contract.title}” określonego w ofercie nr "
        f"{offer.number}, stanowiącej załącznik do umowy, w okresie od {format_date(contract.start_date)} do "
        f"{format_date(contract.end_date)}."
    )
    doc.heading("§ 2. Dotacja")
    doc.paragraph(
        f"Kwota dotacji: {format_pln(contract.amount)}; wkład własny Zleceniobiorcy: "
        f"{format_pln(contract.own_contribution)}."
    )
    lots = list(contract.contract_lots.select_related("lot"))
    if lots:
        doc.table(["Część pakietu", "Kwota"], [[str(cl.lot), format_pln(cl.amount)] for cl in lots], widths=[70, 30])
    doc.heading("§ 3. Transze")
    doc.table(
        ["Nr", "Termin", "Kwota"],
        [[str(t.number), format_date(t.due_date), format_pln(t.amount)] for t in contract.tranches.all()],
        widths=[10, 40, 50],
    )
    doc.heading("§ 4. Sprawozdania")
    doc.paragraph(
        f"Zleceniobiorca składa sprawozdanie końcowe w terminie {legal.FINAL_REPORT_DAYS.value} dni od dnia "
        f"zakończenia realizacji zadania ({legal.FINAL_REPORT_DAYS.basis}); sprawozdania częściowe na wezwanie, "
        f"w terminie nie krótszym niż {legal.PARTIAL_REPORT_MIN_DAYS.value} dni "
        f"({legal.PARTIAL_REPORT_MIN_DAYS.basis})."
    )
    if offer.is_joint:
        doc.heading("§ 5. Oferta wspólna")
        doc.paragraph(
            "Oferenci wspólni odpowiadają solidarnie za realizację zadania. Podział działań i kosztów określa oferta."
        )
        doc.table(
            ["Oferent", "Działania", "Udział w kosztach"],
            [
                [p.organisation.name, p.actions, format_pln(p.cost_share)]
                for p in offer.partners.select_related("organisation")
            ],
            widths=[40, 40, 20],
        )
    annexes = list(contract.annexes.all())
    if annexes:
        doc.heading("Aneksy")
        doc.table(
            ["Nr", "Data", "Zmiany", "Kwota po zmianie"],
            [[str(a.number), format_date(a.signed_on), a.summary, format_pln(a.new_amount)] for a in annexes],
            widths=[8, 15, 55, 22],
        )
    return doc.output()
