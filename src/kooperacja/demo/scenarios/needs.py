"""Demo needs behind the package: Hajnówka's diagnosis of local needs (the diagnosis in its strategy for solving
social problems, art. 16b ustawy o pomocy społecznej) with the needs of seniors, youth, children, homeless and
unemployed people and NGOs, and of families; the OdNowa package rests on it and each lot answers named needs. The
seniors' transport need comes from the finished consultation on the package (participation) and a seventh lot in a
sector of Model na więcej answers it (transport for seniors); the families' need is left uncovered to show the gap.

Runs after `participation` (it cites the finished consultation) and `commissioning` (the package and its lots).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from kooperacja.catalog.enums import TargetGroup as T
from kooperacja.commissioning import services
from kooperacja.commissioning.enums import DiagnosisBasis, LotSector, NeedSource
from kooperacja.demo.context import DemoContext

D = Decimal
DIAGNOSIS_TITLE = "Diagnoza potrzeb społecznych Hajnówki"
TRANSPORT_LOT = "Dowóz seniorów z okolicznych wsi"

# target group, description, people, source, source detail, lot numbers answering it ("consultation": cite it)
NEEDS: list[tuple[str, str, int, str, str, list[int]]] = [
    (
        T.SENIORS,
        "Samotni seniorzy potrzebują miejsca codziennych spotkań, ruchu i posiłku blisko domu.",
        310,
        NeedSource.SURVEY,
        "ankieta wśród mieszkańców 60+, 212 odpowiedzi",
        [1],
    ),
    (
        T.SENIORS,
        "Seniorzy z okolicznych wsi nie dojeżdżają na zajęcia i do lekarza: brak komunikacji publicznej.",
        85,
        NeedSource.CONSULTATION,
        "propozycja Stowarzyszenia Emerytów i Rencistów w konsultacjach pakietu",
        [1, 7],
    ),
    (
        T.YOUTH,
        "Młodzież 13–18 lat nie ma miejsca na popołudniowe zajęcia i wsparcia psychologa.",
        140,
        NeedSource.STATISTICS,
        "dane szkół i poradni psychologiczno-pedagogicznej",
        [2],
    ),
    (
        T.CHILDREN,
        "Dzieci z rodzin w trudnej sytuacji potrzebują opieki po lekcjach, pomocy w nauce i posiłku.",
        60,
        NeedSource.SERVICE_DATA,
        "rodziny korzystające z pomocy MOPS w Hajnówce",
        [3],
    ),
    (
        T.HOMELESS,
        "Osoby w kryzysie bezdomności potrzebują indywidualnych programów i mieszkań treningowych.",
        24,
        NeedSource.SERVICE_DATA,
        "ocena zasobów pomocy społecznej, dane MOPS",
        [4],
    ),
    (
        T.UNEMPLOYED,
        "Osoby długotrwale bezrobotne potrzebują doradztwa, treningu pracy i staży u lokalnych pracodawców.",
        95,
        NeedSource.STATISTICS,
        "Powiatowy Urząd Pracy w Hajnówce",
        [5],
    ),
    (
        T.ORGANISATIONS,
        "Organizacje i grupy nieformalne potrzebują doradztwa prawnego i księgowego oraz pomocy w pisaniu ofert.",
        18,
        NeedSource.INTERVIEWS,
        "spotkania z organizacjami pozarządowymi",
        [6],
    ),
    (
        T.FAMILIES,
        "Rodziny w kryzysie potrzebują poradnictwa rodzinnego i mediacji; w mieście nie ma takiego punktu.",
        45,
        NeedSource.SERVICE_DATA,
        "wnioski asystentów rodziny MOPS",
        [],  # not answered by the package: the gap the package page shows
    ),
]


def seed(ctx: DemoContext) -> None:
    data = ctx.extra.get("commissioning")
    if not data:
        return
    officer = ctx.users["officer"]
    package = data["package"]
    year = package.year
    diagnosis = services.diagnosis_save(
        actor=officer,
        package=package,
        data={
            "title": f"{DIAGNOSIS_TITLE} na lata {year - 1}–{year + 2}",
            "basis": DiagnosisBasis.STRATEGY,
            "prepared_on": min(dt.date(year - 1, 9, 30), ctx.today),
            "author": "Miejski Ośrodek Pomocy Społecznej w Hajnówce z zespołem ds. strategii",
            "source_document": "Strategia rozwiązywania problemów społecznych Miasta Hajnówka, rozdział 2",
            "document_url": "https://bip.hajnowka.pl/strategia-rozwiazywania-problemow-spolecznych",
            "year_from": year - 1,
            "year_to": year + 2,
            "potential": "Spółdzielnie socjalne „Żubr” i „Dobre Ręce”, Centrum Aktywności Lokalnej, Klub Integracji "
            "Społecznej, Fundacja „Puszcza”, schronisko „Przystań”; lokale miejskie po rewitalizacji.",
        },
    )
    transport = services.lot_save(
        actor=officer,
        package=package,
        data={
            "name": TRANSPORT_LOT,
            "sector": LotSector.TRANSPORT,
            "target_group": "Seniorzy i osoby z niepełnosprawnościami z wsi wokół Hajnówki.",
            "scope": "Bus z kierowcą-opiekunem trzy razy w tygodniu: dowóz na zajęcia klubu seniora, do lekarza i "
            "urzędu (część planowana do kolejnego naboru).",
            "minimum_standard": "Pojazd przystosowany do przewozu osoby na wózku; opiekun w każdym kursie.",
            "planned_participants": 40,
            "planned_hours": 600,
            "planned_places": 8,
            "budget": D("45000.00"),
            "indicators": [{"name": "Seniorzy dowożeni co najmniej raz w tygodniu", "target": 30, "unit": "osób"}],
        },
    )
    lots = {lot.number: lot for lot in [*data["lots"], transport]}
    consultation = ctx.extra.get("finished_consultation")
    links: dict[int, list[int]] = {}
    for group, description, people, source, detail, numbers in NEEDS:
        need = services.need_save(
            actor=officer,
            diagnosis=diagnosis,
            data={
                "target_group": group,
                "description": description,
                "people": people,
                "source": source,
                "source_detail": detail,
                "consultation_url": reverse("participation:process_detail", args=[consultation.pk])
                if source == NeedSource.CONSULTATION and consultation is not None
                else "",
            },
        )
        links[need.pk] = [lots[n].pk for n in numbers]
    covered = services.need_lots_set(actor=officer, package=package, links=links)
    ctx.extra["needs"] = {"diagnosis": diagnosis, "transport_lot": transport}
    ctx.stdout(
        f"Potrzeby: diagnoza „{diagnosis.title}” ({len(NEEDS)} potrzeb), pakiet odpowiada na {covered}; "
        f"część 7 „{TRANSPORT_LOT}” (transport, Model na więcej)."
    )
