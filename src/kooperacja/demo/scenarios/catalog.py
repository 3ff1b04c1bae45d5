"""Demo catalogue: the Hajnówka package's services and a few Narewka services the cooperation basket can use."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from kooperacja.catalog import services
from kooperacja.catalog.enums import AssistanceReason as R
from kooperacja.catalog.enums import ServiceCategory as C
from kooperacja.catalog.enums import TargetGroup as T
from kooperacja.core.actors import SYSTEM
from kooperacja.demo.context import DemoContext
from kooperacja.demo.scenarios.foundation import HAJNOWKA, NAREWKA

STANDARDS = {
    "day_room": (
        C.CHILDREN_DAY_ROOM,
        "Standard świetlicy środowiskowej (placówka wsparcia dziennego)",
        "art. 24–26 ustawy o wspieraniu rodziny i systemie pieczy zastępczej; rozporządzenie MPiPS z 13.10.2011 [?]",
        [
            ("hours", "Czynna co najmniej 4 godziny dziennie w dni nauki szkolnej, także w czasie ferii [?]"),
            ("ratio", "Jeden wychowawca na nie więcej niż 15 dzieci"),
            ("programme", "Plan pracy i program zajęć opiekuńczo-wychowawczych na rok szkolny"),
            ("meal", "Posiłek dla dzieci przebywających dłużej niż 4 godziny"),
            ("parents", "Współpraca z rodzicami (co najmniej raz w miesiącu kontakt)"),
        ],
    ),
    "seniors": (
        C.SENIORS,
        "Standard klubu seniora",
        "program „Aktywni+” / Senior+ [?]",
        [
            ("hours", "Czynny co najmniej 5 dni w tygodniu po 4 godziny [?]"),
            ("space", "Pomieszczenie dostępne dla osób z ograniczoną mobilnością"),
            ("programme", "Miesięczny program zajęć ustalany z uczestnikami"),
        ],
    ),
    "homelessness": (
        C.HOMELESSNESS,
        "Standard wsparcia w wychodzeniu z bezdomności",
        "art. 48a–49 ustawy o pomocy społecznej; Gminny Standard Wychodzenia z Bezdomności [?]",
        [
            ("ipwb", "Każdy uczestnik ma indywidualny program wychodzenia z bezdomności (art. 49)"),
            ("worker", "Pracownik socjalny lub asystent osoby bezdomnej na nie więcej niż 20 osób [?]"),
            ("review", "Ocena postępów co najmniej raz na 3 miesiące"),
        ],
    ),
}

# key: provider, name, summary, category, groups, min/max age, reasons, places, hours, location key, standard,
# only Narewka residents
SERVICES: list[tuple[Any, ...]] = [
    (
        "senior_club",
        "ss_dobre_rece",
        "Klub Seniora „Złota Jesień”",
        "Spotkania, gimnastyka, warsztaty i wyjścia dla osób 60+.",
        C.SENIORS,
        [T.SENIORS],
        60,
        None,
        [],
        25,
        Decimal("20"),
        "dobre_rece",
        "seniors",
        False,
    ),
    (
        "youth",
        "fundacja_puszcza",
        "Program „Młodzi dla Puszczy”",
        "Warsztaty, wolontariat przyrodniczy i doradztwo dla młodzieży 13–19 lat.",
        C.YOUTH,
        [T.YOUTH],
        13,
        19,
        [],
        20,
        Decimal("12"),
        "puszcza",
        None,
        False,
    ),
    (
        "day_room",
        "ss_zubr",
        "Świetlica środowiskowa „Żubrzątko”",
        "Pomoc w lekcjach, zajęcia rozwijające i ciepły posiłek dla dzieci 6–13 lat.",
        C.CHILDREN_DAY_ROOM,
        [T.CHILDREN, T.FAMILIES],
        6,
        13,
        [],
        15,
        Decimal("25"),
        "zubr",
        "day_room",
        False,
    ),
    (
        "homelessness",
        "przystan",
        "Wsparcie w wychodzeniu z bezdomności",
        "Praca socjalna, indywidualne programy wychodzenia z bezdomności, pomoc w znalezieniu pracy i mieszkania.",
        C.HOMELESSNESS,
        [T.HOMELESS, T.ADULTS],
        18,
        None,
        [R.HOMELESSNESS],
        12,
        Decimal("30"),
        "przystan",
        "homelessness",
        False,
    ),
    (
        "supported_flat",
        "przystan",
        "Mieszkanie treningowe „Nowy Start”",
        "Mieszkanie treningowe dla osób kończących indywidualny program wychodzenia z bezdomności.",
        C.HOUSING,
        [T.HOMELESS],
        18,
        None,
        [R.HOMELESSNESS],
        4,
        None,
        "przystan_flat",
        None,
        False,
    ),
    (
        "job_club",
        "kis_hajnowka",
        "Klub pracy",
        "Warsztaty szukania pracy, doradca zawodowy, staże u lokalnych pracodawców.",
        C.UNEMPLOYED,
        [T.UNEMPLOYED, T.ADULTS],
        18,
        64,
        [R.UNEMPLOYMENT],
        16,
        Decimal("16"),
        "kis",
        None,
        False,
    ),
    (
        "incubator",
        "cal_hajnowka",
        "Inkubator organizacji pozarządowych",
        "Doradztwo prawne i księgowe, pomoc w pisaniu ofert i zakładaniu spółdzielni socjalnych.",
        C.INCUBATOR,
        [T.ORGANISATIONS],
        None,
        None,
        [],
        None,
        Decimal("40"),
        "cal",
        None,
        False,
    ),
    (
        "family_assistant",
        "gops_narewka",
        "Asystent rodziny",
        "Asystent pomaga rodzinie w sprawach opiekuńczo-wychowawczych i prowadzeniu domu, według planu pracy.",
        C.FAMILY_SUPPORT,
        [T.FAMILIES],
        None,
        None,
        [R.HELPLESSNESS, R.MOTHERHOOD_LARGE_FAMILY],
        15,
        Decimal("60"),
        "gops",
        None,
        True,
    ),
    (
        "after_school",
        "gok_narewka",
        "Świetlica popołudniowa GOK",
        "Zajęcia plastyczne, muzyczne i sportowe po lekcjach dla dzieci 7–15 lat.",
        C.CULTURE,
        [T.CHILDREN],
        7,
        15,
        [],
        20,
        Decimal("15"),
        "gok",
        None,
        False,
    ),
    (
        "school_counselling",
        "sp_narewka",
        "Poradnictwo pedagogiczne i psychologiczne w szkole",
        "Konsultacje dla uczniów i rodziców z pedagogiem i psychologiem szkolnym.",
        C.COUNSELLING,
        [T.CHILDREN, T.YOUTH, T.FAMILIES],
        6,
        16,
        [],
        10,
        Decimal("8"),
        "sp",
        None,
        True,
    ),
    (
        "neighbours",
        "razem_narewka",
        "Sąsiedzka pomoc dla rodzin i seniorów",
        "Wolontariusze pomagają w zakupach, dojazdach do lekarza i opiece nad dziećmi.",
        C.FAMILY_SUPPORT,
        [T.FAMILIES, T.SENIORS],
        None,
        None,
        [],
        12,
        Decimal("20"),
        "razem",
        None,
        False,
    ),
    (
        "addiction",
        "fundacja_zubry",
        "Profilaktyka i wsparcie w uzależnieniach",
        "Grupa wsparcia dla rodzin z problemem alkoholowym i zajęcia profilaktyczne dla młodzieży.",
        C.ADDICTION,
        [T.FAMILIES, T.YOUTH],
        12,
        None,
        [],
        10,
        Decimal("10"),
        "zubry",
        None,
        False,
    ),
]

# key: organisation, name, street, gmina, accessibility
LOCATIONS = {
    "dobre_rece": (
        "ss_dobre_rece",
        "Klub „Złota Jesień”",
        "ul. Batorego 12",
        HAJNOWKA,
        ["step_free", "accessible_toilet", "parking"],
    ),
    "puszcza": ("fundacja_puszcza", "Centrum Młodzieży", "ul. Lipowa 4", HAJNOWKA, ["step_free"]),
    "zubr": ("ss_zubr", "Świetlica „Żubrzątko”", "ul. Białowieska 31", HAJNOWKA, ["step_free", "accessible_toilet"]),
    "przystan": ("przystan", "Punkt wsparcia „Przystań”", "ul. Kolejowa 7", HAJNOWKA, []),
    "przystan_flat": ("przystan", "Mieszkanie treningowe", "ul. Kolejowa 9 m. 2", HAJNOWKA, ["lift"]),
    "kis": (
        "kis_hajnowka",
        "Klub Integracji Społecznej",
        "ul. Ks. Ignacego Wierobieja 2",
        HAJNOWKA,
        ["step_free", "lift", "accessible_toilet", "induction_loop"],
    ),
    "cal": ("cal_hajnowka", "Centrum Aktywności Lokalnej", "ul. 3 Maja 25", HAJNOWKA, ["step_free"]),
    "gops": ("gops_narewka", "GOPS Narewka", "ul. Mickiewicza 50", NAREWKA, ["step_free", "parking"]),
    "gok": ("gok_narewka", "Gminny Ośrodek Kultury", "ul. Mickiewicza 52", NAREWKA, ["step_free"]),
    "sp": ("sp_narewka", "Szkoła Podstawowa w Narewce", "ul. Białowieska 4", NAREWKA, ["step_free", "lift"]),
    "razem": ("razem_narewka", "Świetlica wiejska", "ul. Hajnowska 3", NAREWKA, []),
    "zubry": ("fundacja_zubry", "Siedziba Fundacji", "Siemianówka 12", NAREWKA, ["parking", "quiet_room"]),
}

# services co-funded by the European Social Fund Plus (Fundusze Europejskie dla Podlaskiego 2021-2027)
EU_FUNDED = ("job_club", "youth")
EU_PROJECT = "FEPD.07.07-IZ.00-0031/24"

SCHEDULES = {
    C.CHILDREN_DAY_ROOM: "poniedziałek–piątek 12:00–17:00 (w ferie 9:00–14:00)",
    C.SENIORS: "poniedziałek–piątek 10:00–14:00",
    C.YOUTH: "wtorek i czwartek 16:00–19:00, sobota 10:00–13:00",
    C.HOMELESSNESS: "poniedziałek–piątek 8:00–16:00, telefon całodobowy",
    C.UNEMPLOYED: "poniedziałek, środa 9:00–13:00",
}


def seed(ctx: DemoContext) -> None:
    standards = {}
    for key, (category, name, basis, reqs) in STANDARDS.items():
        standards[key] = services.standard_create(
            actor=SYSTEM, category=category, name=name, legal_basis=basis, requirements=reqs
        )
    locations = {}
    for key, (org_key, name, street, gmina, access) in LOCATIONS.items():
        org = ctx.orgs[org_key]
        locations[key] = services.location_create(
            actor=SYSTEM,
            organisation=org,
            data={
                "name": name,
                "street": street,
                "postal_code": org.postal_code,
                "city": org.city,
                "territory": ctx.territories[gmina],
                "accessibility": access,
                "transport": "Przystanek autobusowy w pobliżu." if gmina == HAJNOWKA else "",
            },
        )
    found = {}
    for (
        key,
        org_key,
        name,
        summary,
        category,
        groups,
        min_age,
        max_age,
        reasons,
        places,
        hours,
        loc,
        std,
        narewka_only,
    ) in SERVICES:
        org = ctx.orgs[org_key]
        found[key] = services.service_create(
            actor=SYSTEM,
            provider=org,
            data={
                "name": name,
                "summary": summary,
                "description": summary + "\n\nUdział jest bezpłatny. Zapraszamy – wystarczy zadzwonić lub przyjść.",
                "category": category,
                "target_groups": [str(g) for g in groups],
                "eligibility": "Mieszkańcy gminy Narewka." if narewka_only else "Mieszkańcy powiatu hajnowskiego.",
                "min_age": min_age,
                "max_age": max_age,
                "required_reasons": [str(r) for r in reasons],
                "is_free": True,
                "schedule": SCHEDULES.get(category, "według harmonogramu uzgodnionego z uczestnikami"),
                "capacity_places": places,
                "capacity_hours": hours,
                "contact_name": "Koordynator usługi",
                "contact_email": org.email,
                "contact_phone": org.phone,
                "application_process": "Zgłoszenie telefoniczne lub osobiste; skierowanie z OPS nie jest wymagane.",
                "funding": "Pakiet usług społecznych „OdNowa” (Gmina Miejska Hajnówka)"
                if org.territory.code == HAJNOWKA
                else "Budżet Gminy Narewka",
                "standard": standards.get(std) if std else None,
                "starts_on": ctx.today.replace(month=1, day=1),
                # ESF+: the job club and the youth activation of the OdNowa package are co-funded by the
                # regional programme (synthetic project number in the real format)
                "eu_funded": key in EU_FUNDED,
                "eu_project_number": EU_PROJECT if key in EU_FUNDED else "",
            },
            locations=[locations[loc]],
            eligible_gminas=[ctx.territories[NAREWKA]] if narewka_only else None,
        )
    day_room = found["day_room"]
    services.compliance_record(
        actor=SYSTEM,
        service=day_room,
        results={
            "hours": (True, "12:00–17:00"),
            "ratio": (True, "2 wychowawczynie na 15 dzieci"),
            "programme": (True, ""),
            "meal": (False, "Posiłek tylko 3 dni w tygodniu – do uzupełnienia"),
            "parents": (True, ""),
        },
        checked_on=ctx.today,
    )
    ctx.extra["catalog"] = {"services": found, "locations": locations, "standards": standards}
