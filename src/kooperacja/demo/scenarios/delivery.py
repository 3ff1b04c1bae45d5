"""Demo delivery: ~60 participants with valid synthetic data, three months of sessions and attendance,
individual support meetings, two art. 49 programmes, a training flat and planned outcome indicators.

Everything is deterministic relative to `ctx.today` and written through the delivery services, acting as SYSTEM:
the quarter's sessions and attendance marks (thousands of rows) through `register_backfill`, which checks each mark
as `attendance_set` does and inserts them in bulk.
"""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any

from kooperacja.catalog import services as catalog_services
from kooperacja.catalog.enums import AssistanceReason as R
from kooperacja.core.actors import SYSTEM
from kooperacja.delivery import services
from kooperacja.delivery.enums import (
    AttendanceStatus,
    ConsentScope,
    EsfDisability,
    EsfEducation,
    EsfEmployment,
    FlatKind,
    IndicatorKind,
    LeaveReason,
    MeetingKind,
    PlacementEndReason,
    ProgrammeArea,
)
from kooperacja.delivery.services.esf import add_months
from kooperacja.demo.context import DemoContext
from kooperacja.demo.ids import make_pesel
from kooperacja.demo.scenarios.foundation import HAJNOWKA, NAREWKA

FEMALE = [
    "Anna",
    "Maria",
    "Zofia",
    "Helena",
    "Julia",
    "Natalia",
    "Oliwia",
    "Irena",
    "Halina",
    "Lena",
    "Wiktoria",
    "Alicja",
    "Nina",
    "Teresa",
    "Jadwiga",
    "Katarzyna",
    "Agnieszka",
    "Ewa",
    "Hanna",
    "Pola",
]
MALE = [
    "Jan",
    "Piotr",
    "Andrzej",
    "Mikołaj",
    "Szymon",
    "Filip",
    "Jakub",
    "Antoni",
    "Stanisław",
    "Józef",
    "Tadeusz",
    "Kacper",
    "Wojciech",
    "Bartosz",
    "Igor",
    "Marek",
    "Tomasz",
    "Paweł",
    "Adam",
    "Leon",
]
SURNAMES = [
    ("Kowalczuk", "Kowalczuk"),
    ("Jakimiuk", "Jakimiuk"),
    ("Sawicki", "Sawicka"),
    ("Łukaszuk", "Łukaszuk"),
    ("Wasiluk", "Wasiluk"),
    ("Nazaruk", "Nazaruk"),
    ("Kondratiuk", "Kondratiuk"),
    ("Michalski", "Michalska"),
    ("Romaniuk", "Romaniuk"),
    ("Gryc", "Gryc"),
    ("Zabrocki", "Zabrocka"),
    ("Oksiuta", "Oksiuta"),
    ("Dmitruk", "Dmitruk"),
    ("Sienkiewicz", "Sienkiewicz"),
    ("Borowski", "Borowska"),
]
STREETS = [
    "ul. Lipowa",
    "ul. Parkowa",
    "ul. 3 Maja",
    "ul. Piłsudskiego",
    "ul. Białowieska",
    "ul. Kolejowa",
    "ul. Batorego",
    "ul. Warszawska",
    "ul. Armii Krajowej",
    "ul. Dziewiatowskiego",
]

# service key, how many active, how many left, ages (from, to), weekdays of sessions (0=Mon), topic, hours,
# reasons of the people
GROUPS: list[tuple[Any, ...]] = [
    ("day_room", 13, 1, (6, 13), (0, 1, 2, 3, 4), "Zajęcia świetlicowe i odrabianie lekcji", Decimal("4"), []),
    ("youth", 16, 2, (13, 19), (1, 3, 5), "Warsztaty i wolontariat", Decimal("3"), []),
    ("senior_club", 12, 0, (62, 84), (0, 2, 4), "Spotkanie klubu seniora", Decimal("3"), []),
    ("job_club", 8, 1, (24, 58), (0, 2), "Warsztat poszukiwania pracy", Decimal("3"), [R.UNEMPLOYMENT]),
    ("homelessness", 5, 0, (35, 63), (), "", Decimal("0"), [R.HOMELESSNESS, R.UNEMPLOYMENT]),
]
WEEKS = 13  # three months of sessions


def _person_data(ctx: DemoContext, n: int, age: int, reasons: list[str], gmina: str) -> dict[str, Any]:
    female = n % 2 == 0
    first = (FEMALE if female else MALE)[(n * 7) % 20]
    last = SURNAMES[(n * 5) % len(SURNAMES)][1 if female else 0]
    # `age` full years on the enrolment date (about three months before ctx.today)
    ref = ctx.today - timedelta(weeks=WEEKS, days=7)
    month, day = 1 + (n * 5) % 12, 1 + (n * 11) % 28
    year = ref.year - age - (1 if (month, day) > (ref.month, ref.day) else 0)
    territory = ctx.territories[gmina]
    return {
        "first_name": first,
        "last_name": last,
        "pesel": make_pesel(1000 + n, birth_year=year, month=month, day=day, female=female),
        "phone": f"+48 600 {100 + n:03d} {(n * 37) % 1000:03d}" if age >= 16 else "",
        "street": f"{STREETS[n % len(STREETS)]} {1 + (n * 3) % 40}",
        "postal_code": "17-200" if gmina == HAJNOWKA else "17-220",
        "city": territory.name,
        "territory": territory,
        "reasons": [str(r) for r in reasons],
    }


def _session_dates(ctx: DemoContext, weekdays: tuple[int, ...]) -> list[date]:
    start = ctx.today - timedelta(weeks=WEEKS)
    return [start + timedelta(days=i) for i in range(WEEKS * 7) if (start + timedelta(days=i)).weekday() in weekdays]


EMPLOYMENT_CYCLE = [
    EsfEmployment.LONG_TERM_UNEMPLOYED,
    EsfEmployment.UNEMPLOYED,
    EsfEmployment.LONG_TERM_UNEMPLOYED,
    EsfEmployment.INACTIVE,
    EsfEmployment.UNEMPLOYED,
]
EDUCATION_CYCLE = [
    EsfEducation.ISCED_2,
    EsfEducation.ISCED_3_4,
    EsfEducation.ISCED_3_4,
    EsfEducation.ISCED_0_1,
    EsfEducation.ISCED_3_4,
    EsfEducation.ISCED_5_8,
]


def _esf_answers(key: str, i: int, age: int) -> dict[str, Any]:
    """ESF+ data at entry, deterministic: the job club's unemployed adults, the youth club's pupils."""
    if key == "job_club":
        employment, education = EMPLOYMENT_CYCLE[i % 5], EDUCATION_CYCLE[i % 6]
    else:
        employment = EsfEmployment.INACTIVE  # pupils: outside the labour market
        education = EsfEducation.ISCED_0_1 if age < 15 else EsfEducation.ISCED_2
    disability = EsfDisability.YES if i % 5 == 1 else EsfDisability.REFUSED if i % 7 == 3 else EsfDisability.NO
    return {"employment": employment, "education": education, "disability": disability}


def _esf_participants(
    ctx: DemoContext, cat: dict[str, Any], enrolments: dict[str, list[Any]], people: dict[str, Any], n: int
) -> int:
    """ESF+ data of the EU-funded services (job club, youth club), through `esf_record_save`; and an earlier job
    club cohort that finished about seven months ago, with results at exit and six months later."""
    for key in ("job_club", "youth"):
        for i, enrolment in enumerate(enrolments[key]):
            person = enrolment.person
            age = (enrolment.enrolled_on - person.birth_date).days // 365
            data = _esf_answers(key, i, age)
            if enrolment.left_on is not None:  # the leavers of the current cohort, asked a week after leaving
                data |= {
                    "exit_recorded_on": enrolment.left_on + timedelta(days=7),
                    "exit_employed": key == "job_club",
                    "exit_qualification": key == "job_club",
                    "exit_in_education": key == "youth",
                }
            services.esf_record_save(actor=SYSTEM, enrolment=enrolment, data=data, today=ctx.today)
    club = cat["job_club"]
    entered, left = ctx.today - timedelta(days=400), ctx.today - timedelta(days=215)
    for i in range(6):
        n += 1
        person = services.person_register(
            actor=SYSTEM,
            organisation=club.provider,
            data=_person_data(ctx, n, 26 + i * 6, [R.UNEMPLOYMENT], HAJNOWKA),
        )
        services.consent_record(
            actor=SYSTEM,
            person=person,
            organisation=club.provider,
            scope=ConsentScope.PROCESSING,
            purpose=f"udział w usłudze „{club.name}”",
            given_on=entered,
        )
        enrolment = services.enrolment_request(actor=SYSTEM, person=person, service=club, on=entered)
        enrolment = services.enrolment_leave(
            actor=SYSTEM,
            enrolment=enrolment,
            reason=LeaveReason.GOAL_ACHIEVED if i % 2 == 0 else LeaveReason.COMPLETED,
            on=left,
        )
        employed = i % 2 == 0
        services.esf_record_save(
            actor=SYSTEM,
            enrolment=enrolment,
            data={
                **_esf_answers("job_club", i + 8, 26 + i * 6),
                "exit_recorded_on": left + timedelta(days=10),
                "exit_employed": employed,
                "exit_job_seeking": not employed,
                "exit_qualification": i < 4,
                "exit_in_education": i == 5,
                "six_months_recorded_on": add_months(left, 6) + timedelta(days=5),
                "six_months_employed": employed or i == 1,
            },
            today=ctx.today,
        )
        people[f"job_club_earlier_{i + 1}"] = person
    return n


def _day_room_today(ctx: DemoContext, day_room: Any, people: dict[str, Any], n: int) -> int:
    """Today's session of the day room, its register not filled in yet; and a child on the waiting list: the day
    room was full when the family asked ten days ago and has had two more places since a second tutor started."""
    day_room.refresh_from_db()  # places taken were recounted by the enrolments above
    services.session_create(
        actor=SYSTEM,
        service=day_room,
        on=ctx.today,
        topic="Zajęcia świetlicowe i odrabianie lekcji",
        duration_hours=Decimal("4"),
        starts_at=time(12),
        location=day_room.locations.first(),
        led_by=day_room.contact_name,
    )
    places = day_room.capacity_places
    catalog_services.service_update(actor=SYSTEM, service=day_room, data={"capacity_places": day_room.places_taken})
    n += 1
    child = services.person_register(
        actor=SYSTEM, organisation=day_room.provider, data=_person_data(ctx, n, 8, [], HAJNOWKA)
    )
    asked = ctx.today - timedelta(days=10)
    services.consent_record(
        actor=SYSTEM,
        person=child,
        organisation=day_room.provider,
        scope=ConsentScope.PROCESSING,
        purpose=f"udział w usłudze „{day_room.name}”",
        given_on=asked,
    )
    services.enrolment_request(actor=SYSTEM, person=child, service=day_room, on=asked)
    catalog_services.service_update(actor=SYSTEM, service=day_room, data={"capacity_places": places})
    people["day_room_waiting"] = child
    return n


def seed(ctx: DemoContext) -> None:
    cat = ctx.extra["catalog"]["services"]
    people: dict[str, Any] = {}
    enrolments: dict[str, list[Any]] = {}
    n = 0
    start = ctx.today - timedelta(weeks=WEEKS, days=7)
    for key, active, left, (age_from, age_to), weekdays, topic, hours, reasons in GROUPS:
        service = cat[key]
        enrolments[key] = []
        for i in range(active + left):
            n += 1
            age = age_from + (i * 3) % (age_to - age_from + 1)
            person = services.person_register(
                actor=SYSTEM, organisation=service.provider, data=_person_data(ctx, n, age, reasons, HAJNOWKA)
            )
            services.consent_record(
                actor=SYSTEM,
                person=person,
                organisation=service.provider,
                scope=ConsentScope.PROCESSING,
                purpose=f"udział w usłudze „{service.name}”",
                given_on=start,
            )
            if i % 3 == 0:
                services.consent_record(
                    actor=SYSTEM,
                    person=person,
                    organisation=service.provider,
                    scope=ConsentScope.SHARING,
                    purpose="współpraca z OPS i partnerami PZK",
                    shared_with="MOPS Hajnówka, PCPR Hajnówka",
                    given_on=start,
                    expires_on=ctx.today + timedelta(days=365),
                )
            enrolment = services.enrolment_request(actor=SYSTEM, person=person, service=service, on=start)
            enrolments[key].append(enrolment)
            people[f"{key}_{i + 1}"] = person
        # leavers left half-way through the period
        for j, enrolment in enumerate(list(enrolments[key][active:]), start=active):
            enrolments[key][j] = services.enrolment_leave(
                actor=SYSTEM,
                enrolment=enrolment,
                reason=LeaveReason.MOVED if key == "day_room" else LeaveReason.COMPLETED,
                on=ctx.today - timedelta(weeks=WEEKS // 2),
            )
        # sessions and the attendance register, deterministic: the paper register of the quarter entered at once
        if weekdays:
            dates = _session_dates(ctx, weekdays)
            marks = []
            for s_i, day in enumerate(dates):
                for e_i, enrolment in enumerate(enrolments[key]):
                    if enrolment.left_on is not None and enrolment.left_on < day:
                        continue
                    roll = (s_i * 31 + e_i * 17 + n) % 10
                    status = (
                        AttendanceStatus.PRESENT
                        if roll < 8
                        else AttendanceStatus.EXCUSED
                        if roll == 8
                        else AttendanceStatus.ABSENT
                    )
                    marks.append((s_i, enrolment, status))
            services.register_backfill(
                actor=SYSTEM,
                service=service,
                dates=dates,
                topic=topic,
                duration_hours=hours,
                marks=marks,
                starts_at=time(16 if key == "youth" else 12),
                location=service.locations.first(),
                led_by=service.contact_name,
            )
        for i, enrolment in enumerate(enrolments[key][:active]):
            if key in ("homelessness", "job_club") or i < 2:
                for week in range(0, WEEKS, 2 if key == "homelessness" else 4):
                    services.meeting_record(
                        actor=SYSTEM,
                        enrolment=enrolment,
                        held_on=start + timedelta(weeks=week, days=8 + i % 3),
                        kind=MeetingKind.SOCIAL_WORK
                        if key == "homelessness"
                        else MeetingKind.CAREER
                        if key == "job_club"
                        else MeetingKind.CONSULTATION,
                        minutes=45 + 15 * (i % 3),
                        summary="Omówiono postępy i plan na kolejne tygodnie.",
                    )

    n = _esf_participants(ctx, cat, enrolments, people, n)
    n = _day_room_today(ctx, cat["day_room"], people, n)

    # A family from Narewka with the GOPS family assistant and the GOK after-school club.
    gops, narewka_family = ctx.orgs["gops_narewka"], {}
    for role, age, reasons in (
        ("mother", 34, [R.HELPLESSNESS, R.MOTHERHOOD_LARGE_FAMILY, R.POVERTY]),
        ("child1", 9, []),
        ("child2", 12, []),
        ("father", 38, [R.ADDICTION, R.UNEMPLOYMENT]),
    ):
        n += 1
        data = _person_data(ctx, n, age, reasons, NAREWKA)
        data["last_name"] = "Jakimiuk"
        data["first_name"] = {"mother": "Agnieszka", "child1": "Lena", "child2": "Kacper", "father": "Marek"}[role]
        data["pesel"] = make_pesel(
            2000 + n,
            birth_year=ctx.today.year - age,
            month=3 + n % 9,
            day=1 + n % 27,
            female=role in ("mother", "child1"),
        )
        person = services.person_register(actor=SYSTEM, organisation=gops, data=data)
        services.consent_record(
            actor=SYSTEM,
            person=person,
            organisation=gops,
            scope=ConsentScope.PROCESSING,
            purpose="praca socjalna i asystentura rodziny",
            given_on=start,
        )
        narewka_family[role] = person
    services.enrolment_request(actor=SYSTEM, person=narewka_family["mother"], service=cat["family_assistant"], on=start)
    for child in ("child1", "child2"):
        services.enrolment_request(actor=SYSTEM, person=narewka_family[child], service=cat["after_school"], on=start)

    # Art. 49: two programmes of homeless residents of Narewka, supported by „Przystań”, approved by GOPS Narewka.
    homeless = cat["homelessness"]
    head = ctx.users["social_worker"]
    programmes = []
    for idx, (target, months_ago) in enumerate((("approved", 2), ("submitted", 0))):
        person = services.person_update(
            actor=SYSTEM, person=people[f"homelessness_{idx + 1}"], data={"territory": ctx.territories[NAREWKA]}
        )
        people[f"homelessness_{idx + 1}"] = person
        drawn = ctx.today - timedelta(days=30 * months_ago + 5)
        prog = services.programme_create(
            actor=SYSTEM,
            person=person,
            ops=gops,
            service=homeless,
            drawn_up_on=drawn,
            starts_on=drawn,
            planned_end_on=drawn + timedelta(days=365),
            situation="Osoba w kryzysie bezdomności od 2 lat, korzysta z noclegowni; utrzymuje kontakt z siostrą; "
            "pracuje dorywczo.",
            person_agreed=True,
        )
        goals = {
            ProgrammeArea.HOUSING: "Zamieszkanie w mieszkaniu treningowym, a potem w lokalu socjalnym",
            ProgrammeArea.WORK: "Podjęcie stałego zatrudnienia",
            ProgrammeArea.FAMILY: "Odbudowa kontaktów z rodziną",
        }
        for g_i, (area, text) in enumerate(goals.items()):
            goal = services.programme_goal_add(actor=SYSTEM, programme=prog, area=area, text=text)
            services.programme_action_add(
                actor=SYSTEM,
                programme=prog,
                goal=goal,
                text={
                    ProgrammeArea.HOUSING: "Złożenie wniosku o lokal socjalny",
                    ProgrammeArea.WORK: "Udział w Klubie pracy KIS i staż",
                    ProgrammeArea.FAMILY: "Spotkania z siostrą z udziałem asystenta",
                }[area],
                due_on=drawn + timedelta(days=60 * (g_i + 1)),
                responsible_organisation=[ctx.orgs["ug_narewka"], ctx.orgs["kis_hajnowka"], ctx.orgs["przystan"]][g_i],
            )
        prog = services.programme_submit(actor=SYSTEM, programme=prog)
        if target == "approved":
            prog = services.programme_approve(actor=head, programme=prog, on=drawn + timedelta(days=7))
            for r in (1, 2):
                services.programme_review_add(
                    actor=SYSTEM,
                    programme=prog,
                    reviewed_on=drawn + timedelta(days=30 * r),
                    progress="Osoba uczestniczy w Klubie pracy; złożyła wniosek o lokal."
                    if r == 1
                    else "Podjęła pracę na okres próbny; zamieszkała w mieszkaniu treningowym.",
                    next_review_on=drawn + timedelta(days=30 * (r + 1)),
                )
        programmes.append(prog)

    # Art. 53: a training flat with one current and one finished placement.
    przystan = ctx.orgs["przystan"]
    flat_address = {"city": "Hajnówka", "territory": ctx.territories[HAJNOWKA], "service": cat["supported_flat"]}
    flat = services.flat_create(
        actor=SYSTEM,
        operator=przystan,
        data={
            **flat_address,
            "kind": FlatKind.TRAINING,
            "name": "Mieszkanie treningowe „Nowy Start”",
            "street": "ul. Kolejowa 9 m. 2",
            "places": 4,
            "max_stay_months": 12,
        },
    )
    legacy = services.flat_create(
        actor=SYSTEM,
        operator=przystan,
        data={
            **flat_address,
            "kind": FlatKind.PROTECTED_LEGACY,
            "name": "Mieszkanie chronione (dawne)",
            "street": "ul. Kolejowa 9 m. 4",
            "places": 2,
        },
    )
    services.placement_start(
        actor=SYSTEM, flat=flat, person=people["homelessness_1"], starts_on=ctx.today - timedelta(days=20)
    )
    earlier = services.placement_start(
        actor=SYSTEM, flat=flat, person=people["homelessness_3"], starts_on=ctx.today - timedelta(days=300)
    )
    services.placement_end(
        actor=SYSTEM, placement=earlier, ended_on=ctx.today - timedelta(days=25), reason=PlacementEndReason.INDEPENDENT
    )
    services.placement_start(
        actor=SYSTEM, flat=legacy, person=people["homelessness_4"], starts_on=ctx.today - timedelta(days=200)
    )

    # Planned indicators for the year; achieved values are computed from the records above.
    year_start, year_end = ctx.today.replace(month=1, day=1), ctx.today.replace(month=12, day=31)
    plans = {
        "day_room": [
            (IndicatorKind.PARTICIPANTS, 15),
            (IndicatorKind.HOURS, 4000),
            (IndicatorKind.ATTENDANCE_RATE, 75),
            (IndicatorKind.SESSIONS, 200),
        ],
        "youth": [(IndicatorKind.PARTICIPANTS, 20), (IndicatorKind.COMPLETED, 10), (IndicatorKind.HOURS, 2000)],
        "senior_club": [(IndicatorKind.PARTICIPANTS, 25), (IndicatorKind.SESSIONS, 150)],
        "job_club": [(IndicatorKind.PARTICIPANTS, 16), (IndicatorKind.COMPLETED, 6), (IndicatorKind.MEETINGS, 40)],
        "homelessness": [
            (IndicatorKind.PARTICIPANTS, 12),
            (IndicatorKind.PROGRAMMES_SUCCESS, 3),
            (IndicatorKind.MEETINGS, 100),
        ],
        "supported_flat": [(IndicatorKind.PLACEMENTS, 6), (IndicatorKind.INDEPENDENT, 2)],
    }
    for key, rows in plans.items():
        for kind, planned in rows:
            services.indicator_plan(
                actor=SYSTEM,
                service=cat[key],
                kind=kind,
                planned=Decimal(planned),
                period_start=year_start,
                period_end=year_end,
                lot_ref=f"OdNowa – część {list(plans).index(key) + 1}",
            )
    ctx.extra["delivery"] = {
        "people": people,
        "narewka_family": narewka_family,
        "enrolments": enrolments,
        "programmes": programmes,
        "flats": [flat, legacy],
    }
