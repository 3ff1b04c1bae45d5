"""PDF documents of commissioning: the announcement (art. 13 OPP), the grant contract and the report on the
programme of cooperation (art. 5a ust. 3 OPP)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

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
    if contract.end_date.year > contract.start_date.year:
        doc.paragraph(
            f"Umowa obejmuje lata {contract.start_date.year}–{contract.end_date.year} "
            f"({legal.CONTRACT_MAX_YEARS.basis}): za każdy rok budżetowy poza ostatnim Zleceniobiorca składa "
            f"sprawozdanie roczne w terminie {legal.YEARLY_REPORT_DAYS.value} dni od zakończenia roku."
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


def programme_report_pdf(report: dict[str, Any]) -> bytes:
    """The report on the implementation of the programme of cooperation in a year (art. 5a ust. 3 OPP), from
    `selectors.programme_report`: Polish numbers, Warsaw time of generation."""
    programme = report["programme"]
    year = report["year"]
    doc = PdfDocument(
        title=f"Sprawozdanie z realizacji programu współpracy za {year} r.",
        subtitle=f"{programme.authority.name} · {programme.title}",
        footer=f"Kooperacja · program współpracy {programme.pk} · {year}",
    )
    resolution = (
        f"uchwała nr {programme.resolution_number} z dnia {format_date(programme.resolution_date)}"
        if programme.resolution_number
        else "program nieuchwalony"
    )
    doc.field("Program (art. 5a ust. 1 OPP)", f"{programme.title}; {resolution}")
    doc.field(
        f"Termin ({legal.PROGRAMME_REPORT.basis})",
        f"przedłożenie radzie i publikacja w BIP do {format_date(report['due'])}",
    )
    doc.field("Wygenerowano", format_datetime(timezone.now()))
    totals = report["totals"]
    doc.heading("Podsumowanie")
    doc.table(
        ["Wskaźnik", "Wartość"],
        [
            ["Ogłoszenia i tryby pozakonkursowe w ramach programu", format_number(totals["calls"], 0)],
            ["Złożone oferty", format_number(totals["offers"], 0)],
            ["Zawarte umowy", format_number(totals["contracts"], 0)],
            ["Organizacje realizujące zadania", format_number(report["organisations"], 0)],
            ["Kwota dotacji w umowach", format_pln(totals["granted"])],
            ["Środki planowane w programie", format_pln(programme.amount_planned)],
            ["Wykonanie planu", format_percent(report["share"]) if report["share"] is not None else "—"],
            [
                "Sprawozdania z umów za rok (przyjęte / wszystkie)",
                f"{format_number(report['reports']['accepted'], 0)} / {format_number(report['reports']['due'], 0)}",
            ],
        ],
        widths=[70, 30],
    )
    doc.heading("Zadania priorytetowe (art. 5a ust. 4 pkt 5 OPP)")
    doc.table(
        ["Zadanie", "Ogłoszenia", "Oferty", "Umowy", "Dotacje", "Plan"],
        [
            [
                str(row["priority"]),
                format_number(len(row["calls"]), 0),
                format_number(row["offers"], 0),
                format_number(row["contracts"], 0),
                format_pln(row["granted"]),
                format_pln(row["priority"].amount_planned),
            ]
            for row in report["rows"]
        ],
        widths=[40, 12, 10, 10, 14, 14],
    )
    if report["forms"]:
        doc.heading("Formy współpracy (art. 5 ust. 2 OPP)")
        doc.paragraph("; ".join(str(f) for f in report["forms"]))
    doc.heading("Sposób oceny realizacji programu")
    doc.paragraph(programme.evaluation_method)
    if report["unlinked"]:
        doc.heading("Ogłoszenia roku bez przypisanego zadania priorytetowego")
        doc.paragraph("; ".join(c.title for c in report["unlinked"]))
    submitted = report["submitted"]
    if submitted is not None:
        doc.heading("Przedłożenie")
        doc.paragraph(
            f"Przedłożono radzie {format_date(submitted.submitted_on)}"
            + (f"; BIP: {submitted.bip_url}" if submitted.bip_url else "")
        )
        if submitted.conclusions:
            doc.field("Wnioski", submitted.conclusions)
    return doc.output()
