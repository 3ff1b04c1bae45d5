"""Demo programme of cooperation (art. 5a OPP): Hajnówka's programme with NGOs for the year of the package's calls,
its draft consulted with the organisations on the participation platform, adopted by the council's resolution,
with three priority tasks linked to the calls of the OdNowa package and the small grant; its yearly report is
generated on its page (art. 5a ust. 3 OPP). The multi-year contract with its yearly report comes from the
commissioning scenario (the OdNowa contract runs over two budget years; art. 16 ust. 3 OPP).

Runs after `participation`: it opens the consultation of the programme's draft there, through the services.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import timezone

from kooperacja.commissioning import selectors as commissioning_selectors
from kooperacja.commissioning import services
from kooperacja.commissioning.enums import CooperationForm
from kooperacja.core.actors import SYSTEM
from kooperacja.demo.context import DemoContext
from kooperacja.participation import services as participation_services
from kooperacja.participation.enums import PhaseKind, ProcessKind, SubjectKind

D = Decimal
TITLE = "Program współpracy Miasta Hajnówka z organizacjami pozarządowymi"
PRIORITIES = [
    (
        "Pomoc społeczna i wspieranie rodziny – pakiet usług społecznych OdNowa",
        "pomoc społeczna, wspieranie rodziny, przeciwdziałanie bezdomności (art. 4 ust. 1 pkt 1 i 1a OPP)",
        D("700000.00"),
    ),
    (
        "Ekonomia społeczna i aktywizacja zawodowa, inkubator organizacji",
        "integracja i reintegracja zawodowa, wspieranie organizacji (art. 4 ust. 1 pkt 7 i 33 OPP)",
        D("200000.00"),
    ),
    (
        "Wypoczynek i rozwój dzieci i młodzieży",
        "wypoczynek dzieci i młodzieży, działalność na rzecz dzieci i młodzieży (art. 4 ust. 1 pkt 15 i 32 OPP)",
        D("60000.00"),
    ),
]


def _at(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _consultation(ctx: DemoContext, year: int) -> Any:
    """The draft's consultation with the NGOs (art. 5 ust. 5 OPP) as a finished participation process."""
    um = ctx.orgs["um_hajnowka"]
    start = min(dt.date(year - 1, 10, 1), ctx.today - dt.timedelta(days=60))
    process = participation_services.process_create(
        actor=SYSTEM,
        authority=um,
        territory=um.territory,
        kind=ProcessKind.CONSULTATION,
        title=f"Konsultacje projektu programu współpracy z organizacjami pozarządowymi na {year} r.",
        subject_kind=SubjectKind.PROGRAMME,
        subject="Projekt rocznego programu współpracy (art. 5a OPP)",
        description=(
            "Burmistrz zaprasza organizacje pozarządowe i podmioty z art. 3 ust. 3 ustawy o działalności pożytku "
            "publicznego do zgłaszania uwag do projektu programu współpracy: priorytetów, form współpracy i "
            "wysokości środków."
        ),
    )
    participation_services.phase_add(
        actor=SYSTEM,
        process=process,
        kind=PhaseKind.DISCUSSION,
        starts_at=_at(start),
        ends_at=_at(start + dt.timedelta(days=21)),
        title="Uwagi organizacji do projektu",
        allows=("comment",),
    )
    return participation_services.process_publish(actor=SYSTEM, process=process)


def seed(ctx: DemoContext) -> None:
    data = ctx.extra.get("commissioning")
    if not data:
        return
    officer = ctx.users["officer"]
    um = ctx.orgs["um_hajnowka"]
    calls = [data["finished_call"], data["open_call"], data["small_grant"]]
    years = [commissioning_selectors.call_year(c) for c in calls]
    year_from, year_to = min(years), max(years)
    period = str(year_from) if year_from == year_to else f"{year_from}–{year_to}"
    programme = services.programme_create(
        actor=officer,
        authority=um,
        data={
            "title": f"{TITLE} na {'rok' if year_from == year_to else 'lata'} {period}",
            "year_from": year_from,
            "year_to": year_to,
            "goals": "Cel główny: zaspokajanie potrzeb mieszkańców Hajnówki we współpracy z organizacjami. "
            "Cele szczegółowe: usługi społeczne w pakiecie OdNowa, rozwój ekonomii społecznej, "
            "wzmocnienie organizacji pozarządowych.",
            "cooperation_forms": [
                CooperationForm.COMMISSIONING,
                CooperationForm.INFORMATION,
                CooperationForm.CONSULTATION,
                CooperationForm.JOINT_TEAMS,
            ],
            "amount_planned": D("960000.00"),
            "evaluation_method": "Wskaźniki: liczba ogłoszonych konkursów, złożonych ofert, zawartych umów, "
            "organizacji realizujących zadania i wysokość dotacji; ocena Rady Działalności Pożytku Publicznego.",
        },
    )
    for name, sphere, amount in PRIORITIES:
        services.priority_save(actor=officer, programme=programme, name=name, sphere=sphere, amount_planned=amount)
    process = _consultation(ctx, year_from)
    programme = services.programme_consult(
        actor=officer,
        programme=programme,
        consultation_url=reverse("participation:process_detail", args=[process.pk]),
    )
    adopted_on = min(dt.date(year_from - 1, 11, 27), ctx.today)
    programme = services.programme_adopt(
        actor=officer,
        programme=programme,
        resolution_number=f"XVI/112/{adopted_on.year % 100:02d}",
        resolution_date=adopted_on,
        consultation_summary="Konsultacje na platformie przez 21 dni i spotkanie z organizacjami; zgłoszono "
        "4 uwagi, uwzględniono 3 (m.in. inkubator organizacji jako osobny priorytet).",
    )
    first, second, third = list(programme.priorities.order_by("number"))
    services.call_priority_set(actor=officer, call=data["finished_call"], priority=first)
    services.call_priority_set(actor=officer, call=data["open_call"], priority=second)
    services.call_priority_set(actor=officer, call=data["small_grant"], priority=third)
    draft = _multi_year_draft(ctx, year_to + 1)
    ctx.extra["programme"] = {"programme": programme, "consultation": process, "draft": draft}
    ctx.stdout(
        f"Program współpracy: „{programme.title}” (uchwała {programme.resolution_number}), 3 zadania priorytetowe, "
        f"sprawozdanie za {year_from} r. do {programme.report_due(year_from):%d.%m.%Y}."
    )


DRAFT_TITLE = "Wieloletni program współpracy Miasta Hajnówka z organizacjami pozarządowymi"


def _multi_year_draft(ctx: DemoContext, year: int) -> Any:
    """The next, multi-year programme still in preparation (a draft only the office sees)."""
    officer = ctx.users["officer"]
    draft = services.programme_create(
        actor=officer,
        authority=ctx.orgs["um_hajnowka"],
        data={
            "title": f"{DRAFT_TITLE} na lata {year}–{year + 2} (projekt)",
            "year_from": year,
            "year_to": year + 2,
            "goals": "Kontynuacja pakietu OdNowa i rozwój kooperacji z gminami powiatu hajnowskiego.",
            "cooperation_forms": [CooperationForm.COMMISSIONING, CooperationForm.PARTNERSHIP],
            "amount_planned": D("3000000.00"),
            "evaluation_method": "Coroczne sprawozdanie i ocena śródokresowa po drugim roku.",
        },
    )
    services.priority_save(
        actor=officer,
        programme=draft,
        name="Usługi społeczne w modelu kooperacji",
        sphere="pomoc społeczna (art. 4 ust. 1 pkt 1 OPP)",
        amount_planned=D("2400000.00"),
    )
    return draft
