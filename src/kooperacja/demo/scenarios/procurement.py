"""Demo public procurement (Pzp) and the criteria and clauses of a draft competition (issue 17).

Hajnówka's reserved contract (art. 94 Pzp) for cleaning municipal buildings: the notice's conditions of
participation (art. 112 ust. 2 pkt 4 Pzp) and optional exclusion grounds (art. 109 ust. 1 pkt 1 and 4 Pzp), the
art. 94 reservation from the clause helper, published in the past; two offers on paper: the social cooperative
„Dobre Ręce” (its share of employees from the groups of art. 94 entered in the registry with a date and a source,
qualified) and a foundation (not an entity of art. 94 ust. 1, excluded with the reason); the formal review finished,
so the procedure waits for the commission's opinion. Its BZP notice is on the call's page ("Ogłoszenie do BZP").

A draft OPP competition whose criteria the officer edited before publication (the art. 15 ust. 1 OPP list with an
own criterion of the notice) and which uses a social clause of the OPP helper (art. 13 ust. 2 pkt 4 OPP).

Everything goes through the services, as `urzednik@hajnowka.demo`; past moments through the services' `now`.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from kooperacja.commissioning import services
from kooperacja.commissioning.enums import CallMode, ClauseKind, QualificationResult, TaskForm
from kooperacja.commissioning.services import ActionLine, BudgetLine, IndicatorLine, criteria, qualification
from kooperacja.demo.context import DemoContext

D = Decimal
RESERVED_TITLE = "Sprzątanie budynków komunalnych Hajnówki (zamówienie zastrzeżone, art. 94 Pzp)"
DRAFT_TITLE = "Otwarty konkurs ofert – Usługi opiekuńcze w miejscu zamieszkania (projekt)"


def _at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def seed(ctx: DemoContext) -> None:
    reserved = _reserved_call(ctx)
    draft = _draft_competition(ctx)
    ctx.extra["procurement"] = {"reserved_call": reserved, "draft_competition": draft}
    ctx.stdout(
        f"Zamówienia publiczne: „{RESERVED_TITLE}” po kwalifikacji wykonawców (1 zakwalifikowany, 1 wykluczony); "
        f"projekt konkursu z edytowanymi kryteriami i klauzulą społeczną."
    )


def _reserved_call(ctx: DemoContext) -> Any:
    today = ctx.today
    officer = ctx.users["officer"]
    published, deadline = today - dt.timedelta(days=30), today - dt.timedelta(days=6)
    call = services.call_create(
        actor=officer,
        authority=ctx.orgs["um_hajnowka"],
        mode=CallMode.PZP_RESERVED,
        title=RESERVED_TITLE,
        data={
            "number": f"ZP.271.9.{today.year}",
            "task_type": "Sprzątanie i utrzymanie czystości w 4 budynkach komunalnych Hajnówki "
            "(ok. 2 400 m² powierzchni), 5 dni w tygodniu, przez 24 miesiące.",
            "cpv_codes": ["90910000-9", "90919200-4"],
            "estimated_value": D("310000.00"),
            "offer_deadline": _at(deadline, 10),
            "selection_procedure": "Cena 60%, aspekty społeczne 20%, dostępność 20% (art. 242 Pzp).",
            "delivery_start": today + dt.timedelta(days=30),
            "delivery_end": today + dt.timedelta(days=30 + 730),
        },
    )
    qualification.qualification_setup_save(
        actor=officer,
        call=call,
        conditions={
            "112_4": "wykonanie w ostatnich 3 latach co najmniej jednej usługi sprzątania budynków o powierzchni "
            "co najmniej 1 000 m² przez co najmniej 12 miesięcy",
        },
        optional_grounds=["109_1", "109_4"],
    )
    services.clause_add(
        actor=officer,
        call=call,
        kind=ClauseKind.ART_94,
        parameters={
            "percent": 30,
            "groups": ["osoby z niepełnosprawnościami", "bezrobotni", "osoby bezdomne"],
        },
    )
    call = services.call_publish(
        actor=officer,
        call=call,
        publications=[("bip", published, "https://bip.hajnowka.pl/zamowienia")],
        now=_at(published, 9),
    )
    received = _at(deadline - dt.timedelta(days=1), 11)
    start, end = call.delivery_start, call.delivery_end

    def paper_offer(org: str, title: str, summary: str, contact: str, experience: str, price: str) -> Any:
        return services.offer_register_paper(
            actor=officer,
            call=call,
            lead_organisation=ctx.orgs[org],
            received_at=received,
            data={
                "title": title,
                "start_date": start,
                "end_date": end,
                "summary": summary,
                "expected_results": "Sprzątanie 4 budynków 5 dni w tygodniu przez 24 miesiące.",
                "contact_person": contact,
                "experience": experience,
                "declarations_accepted": True,
            },
            actions=[ActionLine(name="Sprzątanie budynków komunalnych", start_date=start, end_date=end)],
            indicators=[IndicatorLine(name="Sprzątane budynki", planned_level=D(4), unit="budynków")],
            budget=[BudgetLine(name="Usługa sprzątania", quantity=D(24), unit="mies.", unit_cost=D(price))],
        )

    cooperative = paper_offer(
        "ss_dobre_rece",
        "Sprzątanie budynków komunalnych – oferta SS „Dobre Ręce”",
        "Sprzątanie 5 dni w tygodniu przez zespół 6 osób, w tym 3 osoby z niepełnosprawnościami.",
        "Biuro spółdzielni",
        "Od 2019 r. sprząta budynki Starostwa Powiatowego (1 600 m²).",
        "12400.00",
    )
    foundation = paper_offer(
        "fundacja_puszcza",
        "Sprzątanie budynków – oferta Fundacji „Puszczańska Młodzież”",
        "Sprzątanie z udziałem wolontariuszy fundacji.",
        "Julia Fundacyjna",
        "Fundacja prowadzi programy młodzieżowe od 2015 r.",
        "11900.00",
    )
    call = services.call_open_offers(actor=officer, call=call, now=_at(deadline, 11))
    # the cooperative's statement of 2 months ago, entered into the registry during the qualification
    qualification.contractor_employment_share_record(
        actor=officer,
        offer=cooperative,
        share=D("50.00"),
        employees=12,
        as_of=today - dt.timedelta(days=60),
        source="Oświadczenie wykonawcy o zatrudnieniu z wykazem stanowisk (bez danych osobowych), dołączone do oferty",
    )
    answers = {item.code: True for item in qualification.checklist(call)}
    qualification.offer_qualify(actor=officer, offer=cooperative, answers=answers, result=QualificationResult.QUALIFIED)
    qualification.offer_qualify(
        actor=officer,
        offer=foundation,
        answers=answers,
        result=QualificationResult.EXCLUDED,
        reason="Fundacja nie jest zakładem pracy chronionej, spółdzielnią socjalną ani wykonawcą, którego głównym "
        "celem jest społeczna i zawodowa integracja osób marginalizowanych; zamówienie jest zastrzeżone.",
    )
    return services.call_finish_formal_review(actor=officer, call=call)


def _draft_competition(ctx: DemoContext) -> Any:
    today = ctx.today
    officer = ctx.users["officer"]
    call = services.call_create(
        actor=officer,
        authority=ctx.orgs["um_hajnowka"],
        mode=CallMode.OPP_OPEN,
        title=DRAFT_TITLE,
        data={
            "number": f"OKS.524.5.{today.year}",
            "task_form": TaskForm.ENTRUST,
            "task_type": "Powierzenie realizacji usług opiekuńczych w miejscu zamieszkania dla seniorów Hajnówki.",
            "funds_total": D("240000.00"),
            "delivery_start": today + dt.timedelta(days=75),
            "delivery_end": today + dt.timedelta(days=75 + 365),
        },
    )
    lines = criteria.criteria_defaults(call)
    # the office gives more weight to the quality of care and adds its own criterion of the notice
    lines = [
        criteria.CriterionLine(line.name, line.basis, D("15"), line.weight, line.support_only)
        if line.basis == "art. 15 ust. 1 pkt 3 OPP"
        else line
        for line in lines
    ]
    lines.append(
        criteria.CriterionLine(
            "współpraca z GOPS i Partnerskim Zespołem Kooperacyjnym przy kierowaniu osób",
            criteria.OWN_BASIS,
            D("5"),
        )
    )
    criteria.criteria_save(actor=officer, call=call, lines=lines)
    services.clause_add(
        actor=officer,
        call=call,
        kind=ClauseKind.OPP_CONDITIONS,
        parameters={"groups": ["bezrobotni", "osoby z niepełnosprawnościami"], "people": 2, "months": 12},
    )
    return call
