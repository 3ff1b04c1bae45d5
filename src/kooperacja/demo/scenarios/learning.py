"""Demo of the learning app: the materials library, the School of Cooperation course for the Narewka PZK, the
Model na więcej course for municipal officers, an exchange meeting with its report and a focus-group study.

Everything is written through the services as SYSTEM. Two extra learners are created here (a teacher of the
Narewka school, a member of the Narewka team, and an officer of the Narewka gmina office) because no foundation
user holds those places."""

from __future__ import annotations

import io
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import segno
from django.core.files.base import ContentFile

from kooperacja.accounts.enums import Role
from kooperacja.core.actors import SYSTEM
from kooperacja.core.pdf import PdfDocument
from kooperacja.demo.context import DemoContext
from kooperacja.demo.people import demo_account
from kooperacja.learning import services
from kooperacja.learning.enums import (
    AttendanceStatus,
    Audience,
    EnrolmentMode,
    GrantKind,
    MaterialKind,
    Visibility,
)
from kooperacja.organisations.enums import LegalForm

WARSAW = ZoneInfo("Europe/Warsaw")
EXTRA_USERS = [
    (
        "teacher",
        "pedagog@sp-narewka.demo",
        "Irena Pedagogiczna",
        "sp_narewka",
        Role.SOCIAL_WORKER,
        "Szkoła Kooperacji (uczestniczka)",
    ),
    (
        "officer_narewka",
        "urzednik@ug-narewka.demo",
        "Jan Gminny",
        "ug_narewka",
        Role.MUNICIPAL_OFFICER,
        "zgłoszenie na szkolenie o klauzulach",
    ),
]

PZK = [(GrantKind.TEAM, "", None)]

# title, kind, topics, audience, restricted to PZK members, url
MATERIALS = [
    (
        "Model Kooperacji – przewodnik dla gmin",
        MaterialKind.DOCUMENT,
        "model kooperacji, PZK, gmina",
        Audience.ALL,
        False,
        "",
    ),
    (
        "Wzór porozumienia o współpracy w Partnerskim Zespole Kooperacji",
        MaterialKind.TEMPLATE,
        "porozumienie, PZK, wzór",
        Audience.PZK,
        True,
        "",
    ),
    (
        "Formularz indywidualnego programu współpracy (IPW)",
        MaterialKind.TEMPLATE,
        "IPW, rodzina, wzór",
        Audience.PZK,
        True,
        "",
    ),
    (
        "Warsztat diagnostyczny z rodziną – scenariusz",
        MaterialKind.DOCUMENT,
        "diagnoza, rodzina, warsztat",
        Audience.SOCIAL_WORKERS,
        True,
        "",
    ),
    (
        "Koszyk usług – jak go zbudować (nagranie)",
        MaterialKind.VIDEO,
        "koszyk usług, PZK",
        Audience.PZK,
        True,
        "https://video.example.org/koszyk-uslug",
    ),
    (
        "Klauzule społeczne w Pzp – ściąga",
        MaterialKind.DOCUMENT,
        "klauzule społeczne, Pzp, zamówienia",
        Audience.OFFICERS,
        False,
        "",
    ),
    (
        "Zlecanie usług społecznych organizacjom – ustawa o działalności pożytku publicznego",
        MaterialKind.LINK,
        "OPP, zlecanie, konkurs",
        Audience.OFFICERS,
        False,
        "https://isap.sejm.gov.pl/isap.nsf/DocDetails.xsp?id=WDU20030960873",
    ),
    (
        "Ekonomia społeczna – ustawa z 2022 r.",
        MaterialKind.LINK,
        "PES, ekonomia społeczna",
        Audience.PES,
        False,
        "https://isap.sejm.gov.pl/isap.nsf/DocDetails.xsp?id=WDU20220001812",
    ),
    (
        "Jak pracować w zespole interdyscyplinarnym (film)",
        MaterialKind.VIDEO,
        "zespół interdyscyplinarny, współpraca",
        Audience.ALL,
        False,
        "https://video.example.org/zespol-interdyscyplinarny",
    ),
    (
        "Partnerstwo PES i samorządu – dobre praktyki",
        MaterialKind.LINK,
        "PES, samorząd, partnerstwo",
        Audience.ALL,
        False,
        "https://www.ekonomiaspoleczna.gov.pl/",
    ),
]


def _pdf(title: str, *paragraphs: str) -> ContentFile:
    doc = PdfDocument(title=title)
    for p in paragraphs:
        doc.paragraph(p)
    return ContentFile(doc.output(), name=f"{title[:40]}.pdf")


def _poster() -> ContentFile:
    buf = io.BytesIO()
    segno.make("Wizyta studyjna MOPS Hajnowka", error="m").save(buf, kind="png", scale=8)
    return ContentFile(buf.getvalue(), name="plakat.png")


def _at(day: Any, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=WARSAW)


def _extra_users(ctx: DemoContext) -> None:
    for key, email, name, org, role, hint in EXTRA_USERS:
        # the school's teacher works with families (an authenticator); the gmina officer only enrols
        demo_account(
            ctx,
            key=key,
            email=email,
            full_name=name,
            memberships=[(org, role, False)],
            hint=hint,
            two_factor=role == Role.SOCIAL_WORKER,
        )


def seed(ctx: DemoContext) -> None:
    if "trainer" not in ctx.users or "gops_narewka" not in ctx.orgs:
        return
    _extra_users(ctx)
    today = ctx.today
    trainer = ctx.users["trainer"]
    owop = ctx.orgs["owop"]
    # the Narewka PZK, made by the cooperation scenario (absent when that scenario is not run)
    team = ctx.extra.get("cooperation", {}).get("team")

    materials = {}
    for i, (title, kind, topics, audience, restricted, url) in enumerate(MATERIALS):
        has_file = kind in (MaterialKind.DOCUMENT, MaterialKind.TEMPLATE)
        materials[title] = services.material_create(
            actor=SYSTEM,
            organisation=owop,
            title=title,
            summary=f"{title}. Materiał Szkoły Kooperacji do pracy w zespołach i instytucjach regionu.",
            kind=kind,
            topics=topics,
            audience=audience,
            language="pl",
            licence="CC BY 4.0" if not restricted else "do użytku wewnętrznego członków PZK",
            author="Zofia Trenerka" if i % 2 else "Zespół Szkoły Kooperacji",
            url=url,
            visibility=Visibility.GROUPS if restricted else Visibility.PUBLIC,
            grants=PZK if restricted else [],
            file=_pdf(title, f"{title}.", "Wersja demonstracyjna materiału.") if has_file else None,
        )
    guide = materials[MATERIALS[0][0]]
    services.material_version_add(
        actor=SYSTEM,
        material=guide,
        file=_pdf(guide.title, "Wersja 2: dodano rozdział o powiecie."),
        note="dodano rozdział o współpracy z powiatem",
    )

    # --- Model Kooperacji w praktyce (School of Cooperation, the Narewka PZK by cohort) ---
    course = services.course_create(
        actor=SYSTEM,
        organisation=owop,
        trainers=[trainer],
        title="Model Kooperacji w praktyce",
        programme="Szkoła Kooperacji",
        summary="Trzy spotkania warsztatowe dla członków Partnerskiego Zespołu Kooperacji Gminy Narewka: "
        "diagnoza rodziny, indywidualny program współpracy, koszyk usług.",
        hours=Decimal("12"),
        capacity=20,
        enrolment_mode=EnrolmentMode.COHORT,
        visibility=Visibility.GROUPS,
        grants=PZK,
        min_attendance=80,
        requires_check=True,
        pass_mark=70,
        max_attempts=3,
        certificate_months=24,
    )
    pzk_only = [materials[str(row[0])] for row in MATERIALS if row[4]]
    services.module_add(
        actor=SYSTEM,
        course=course,
        title="Diagnoza rodziny",
        body="Warsztat diagnostyczny krok po kroku.",
        materials=pzk_only[2:3],
    )
    services.module_add(
        actor=SYSTEM,
        course=course,
        title="Indywidualny program współpracy",
        body="Cele, działania, odpowiedzialni, terminy.",
        materials=pzk_only[1:2],
    )
    services.module_add(
        actor=SYSTEM,
        course=course,
        title="Koszyk usług",
        body="Jak dobrać usługi z katalogu.",
        materials=pzk_only[3:4],
    )
    for text, choices in [
        (
            "Kto jest w centrum Partnerskiego Zespołu Kooperacji na starcie?",
            [("Ośrodek pomocy społecznej", True), ("Policja", False), ("Szkoła", False)],
        ),
        (
            "Co zawiera indywidualny program współpracy?",
            [
                ("Cele i działania", True),
                ("Odpowiedzialną instytucję i terminy", True),
                ("Numer PESEL sąsiadów", False),
            ],
        ),
        ("Z czego składa się koszyk usług?", [("Z działań programu", True), ("Z faktur", False)]),
    ]:
        services.question_add(
            actor=SYSTEM, course=course, text=text, choices=choices, multiple=sum(c for _t, c in choices) > 1
        )
    sessions = [
        services.session_add(
            actor=SYSTEM,
            course=course,
            title=title,
            starts_at=_at(today - timedelta(days=d), 9),
            ends_at=_at(today - timedelta(days=d), 13),
            trainer=trainer,
            place="Gminny Ośrodek Kultury w Narewce, ul. Mickiewicza 52",
        )
        for title, d in [
            ("Diagnoza rodziny w zespole", 42),
            ("Program współpracy", 35),
            ("Koszyk usług i skierowania", 28),
        ]
    ]
    services.course_transition(actor=SYSTEM, course=course, name="publish")
    learners: dict[str, Any] = {}
    if team is not None:
        people = [ctx.users[k] for k in ("social_worker", "partner", "police", "teacher")]
        cohort = services.cohort_create(
            actor=SYSTEM,
            name="PZK Narewka – Szkoła Kooperacji 2026",
            users=people,
            team=team,
            description="Przedstawiciele instytucji członkowskich Partnerskiego Zespołu Kooperacji Gminy Narewka.",
        )
        services.cohort_assign(actor=SYSTEM, course=course, cohort=cohort)
    enrolments = {e.user.email: e for e in course.enrolments.select_related("user")}
    for key in ("social_worker", "partner", "police", "teacher"):
        learners[key] = enrolments.get(ctx.users[key].email)
    for i, session in enumerate(sessions):
        for key, e in learners.items():
            if e is None:
                continue
            status = AttendanceStatus.ABSENT if (key == "police" and i == 1) else AttendanceStatus.PRESENT
            services.attendance_set(actor=SYSTEM, session=session, enrolment=e, status=status)
        services.session_transition(actor=SYSTEM, session=session, name="hold")
    answers = {q.pk: [c.pk for c in q.choices.all() if c.correct] for q in course.questions.prefetch_related("choices")}
    for key in ("social_worker", "partner", "teacher"):
        if learners.get(key) is not None:
            services.attempt_submit(actor=SYSTEM, enrolment=learners[key], answers=answers)
    if learners.get("police") is not None:
        wrong: dict[int, list[int]] = {q: [] for q in answers}
        services.attempt_submit(actor=SYSTEM, enrolment=learners["police"], answers=wrong)
    for key in ("social_worker", "partner"):
        if learners.get(key) is not None:
            services.certificate_issue(actor=SYSTEM, enrolment=learners[key])

    # --- Klauzule społeczne (Model na więcej, municipal officers, by application) ---
    clauses = services.course_create(
        actor=SYSTEM,
        organisation=owop,
        trainers=[trainer],
        title="Klauzule społeczne w zamówieniach i zlecaniu usług",
        programme="Model na więcej",
        summary="Dla urzędników JST: zastrzeżenie zamówień dla PES, klauzule zatrudnieniowe, zlecanie zadań "
        "organizacjom w trybie ustawy o pożytku publicznym.",
        hours=Decimal("6"),
        capacity=12,
        enrolment_mode=EnrolmentMode.APPLICATION,
        visibility=Visibility.GROUPS,
        grants=[(GrantKind.ROLE, Role.MUNICIPAL_OFFICER, None), (GrantKind.LEGAL_FORM, LegalForm.JST_OFFICE, None)],
        min_attendance=100,
        certificate_months=None,
    )
    services.module_add(
        actor=SYSTEM,
        course=clauses,
        title="Klauzule w Pzp",
        body="Art. 94, art. 96 i art. 361 Pzp w praktyce.",
        materials=[materials[MATERIALS[5][0]]],
    )
    services.session_add(
        actor=SYSTEM,
        course=clauses,
        title="Klauzule społeczne – warsztat",
        starts_at=_at(today + timedelta(days=1), 10),
        ends_at=_at(today + timedelta(days=1), 13),
        trainer=trainer,
        place="Urząd Miasta Hajnówka, sala 12",
    )
    services.session_add(
        actor=SYSTEM,
        course=clauses,
        title="Zlecanie usług PES – konsultacje online",
        starts_at=_at(today + timedelta(days=8), 10),
        ends_at=_at(today + timedelta(days=8), 13),
        trainer=trainer,
        online_url="https://spotkania.example.org/klauzule",
    )
    services.course_transition(actor=SYSTEM, course=clauses, name="publish")
    first = services.enrolment_apply(
        actor=SYSTEM,
        course=clauses,
        user=ctx.users["officer"],
        motivation="Przygotowuję zamówienie z klauzulą zatrudnieniową.",
    )
    services.enrolment_decide(actor=SYSTEM, enrolment=first, name="approve")
    services.enrolment_apply(
        actor=SYSTEM,
        course=clauses,
        user=ctx.users["officer_narewka"],
        motivation="Gmina planuje zlecić usługi opiekuńcze.",
    )

    # --- exchange meeting with its report, focus-group study ---
    meeting = services.exchange_create(
        actor=SYSTEM,
        title="Wizyta studyjna w MOPS Hajnówka: centrum usług społecznych",
        host=ctx.orgs["mops_hajnowka"],
        starts_at=_at(today - timedelta(days=60), 10),
        place="MOPS Hajnówka, ul. Piłsudskiego 10",
        programme="10:00 powitanie i prezentacja\n11:00 zwiedzanie klubu seniora\n12:30 rozmowa o koszyku usług",
        capacity=15,
    )
    for key in ("social_worker", "partner"):
        services.exchange_register(actor=SYSTEM, meeting=meeting, user=ctx.users[key])
    services.exchange_report(
        actor=SYSTEM,
        meeting=meeting,
        conclusions="Wspólny punkt informacyjny skraca drogę rodziny do usług; opiekun rodziny koordynuje koszyk.",
        recommendations="Narewka: wyznaczyć opiekuna koszyka w GOPS; spotkania PZK co miesiąc.",
        photos=[(_poster(), "Plakat spotkania z kodem do programu wizyty")],
    )
    study = services.study_create(
        actor=SYSTEM,
        title="Potrzeby rodzin w gminie Narewka – badanie fokusowe",
        aim="Poznać bariery współpracy instytucji w pracy z rodziną.",
        starts_on=today - timedelta(days=120),
        ends_on=today - timedelta(days=90),
        organisation=owop,
        team=team,
        groups=[
            (today - timedelta(days=115), "GOPS Narewka", LegalForm.SOCIAL_ASSISTANCE_CENTRE, 6),
            (today - timedelta(days=108), "SP Narewka", LegalForm.SCHOOL, 5),
            (today - timedelta(days=100), "GOK Narewka", LegalForm.ASSOCIATION, 7),
        ],
    )
    services.study_report(
        actor=SYSTEM,
        study=study,
        conclusions="Instytucje chcą wspólnego kalendarza i jednego formularza skierowania.",
        report=_pdf("Raport z badania fokusowego", "Wnioski: wspólny kalendarz, jeden formularz skierowania."),
    )
    ctx.extra["learning"] = {"course": course, "clauses": clauses, "meeting": meeting, "study": study}
