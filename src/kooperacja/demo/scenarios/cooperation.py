"""Demo cooperation: Narewka's Partner Cooperation Team (PZK) with eight member institutions, two meetings with
minutes and a planned one, five family cases in different stages (one closed with a summary, one Niebieska
Karta case visible only to named members), referrals in every state, one withdrawn consent and a planner
proposal waiting for approval. Domain objects are created through the cooperation services.

Deterministic relative to `ctx.today`. Everything goes through the services: a referral sent in the past is
entered as a letter sent earlier (`sent_on`), so its "sent" date and its history agree. One referral names a
catalogue service with free places (the day room „Żubrzątko”): it goes to the provider, the social cooperative
Żubr, which is not a member of the team and has accepted it.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from kooperacja.catalog.enums import AssistanceReason as R
from kooperacja.catalog.enums import ServiceCategory as C
from kooperacja.cooperation import services
from kooperacja.cooperation.enums import CaseKind, CaseOutcome, CasePart, MeetingItemKind, MemberLevel, TeamFunction
from kooperacja.demo.context import DemoContext
from kooperacja.demo.ids import make_pesel
from kooperacja.demo.scenarios.foundation import NAREWKA

# key, level, agreement scope
MEMBERS = [
    (
        "pcpr_hajnowka",
        MemberLevel.POWIAT,
        "Piecza zastępcza, poradnictwo rodzinne, wsparcie osób z niepełnosprawnościami.",
    ),
    ("kpp_hajnowka", MemberLevel.POWIAT, "Dzielnicowi: bezpieczeństwo rodzin, procedura „Niebieskie Karty”."),
    ("kuratorzy", MemberLevel.POWIAT, "Kuratorzy rodzinni i dla dorosłych: nadzór i wsparcie rodzin."),
    ("sp_narewka", MemberLevel.GMINA, "Pedagog i psycholog szkolny, zajęcia wyrównawcze, świetlica szkolna."),
    ("gok_narewka", MemberLevel.GMINA, "Zajęcia kulturalne i sportowe dla dzieci i rodzin."),
    ("razem_narewka", MemberLevel.GMINA, "Wolontariat sąsiedzki, wsparcie rodzin i seniorów."),
    ("fundacja_zubry", MemberLevel.GMINA, "Profilaktyka uzależnień, grupa wsparcia, zajęcia dla młodzieży."),
]


def _at(day: Any, hour: int) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _person(n: int, first: str, last: str, age: int, today: Any, female: bool) -> dict[str, Any]:
    return {
        "first_name": first,
        "last_name": last,
        "pesel": make_pesel(
            7000 + n, birth_year=today.year - age, month=1 + n % 12, day=1 + (n * 3) % 28, female=female
        ),
    }


def seed(ctx: DemoContext) -> None:
    if "gops_narewka" not in ctx.orgs or "social_worker" not in ctx.users:
        return
    today = ctx.today
    sw, partner, police = ctx.users["social_worker"], ctx.users["partner"], ctx.users.get("police")
    gops = ctx.orgs["gops_narewka"]
    narewka = ctx.territories[NAREWKA]
    catalog = ctx.extra.get("catalog", {}).get("services", {})

    team = services.team_create(
        actor=sw,
        gmina=narewka,
        lead_organisation=gops,
        name="Partnerski Zespół Kooperacji Gminy Narewka",
        founded_on=today - timedelta(days=420),
        description="Instytucje gminy i powiatu hajnowskiego wspólnie planują i realizują koszyk usług dla rodzin.",
    )
    members = {"gops_narewka": team.members.get(organisation=gops)}
    for i, (key, level, scope) in enumerate(MEMBERS):
        if key in ctx.orgs:
            members[key] = services.team_member_add(
                actor=sw,
                team=team,
                organisation=ctx.orgs[key],
                level=level,
                agreement_signed_on=today - timedelta(days=410 - 20 * i),
                agreement_scope=scope,
                agreement_number=f"POR/PZK/{(today - timedelta(days=410)).year}/{i + 1:02d}",
            )
    services.team_person_add(
        actor=sw, team=team, member=members["gops_narewka"], user=sw, function=TeamFunction.ANIMATOR_GMINA
    )
    if "pcpr_hajnowka" in members:
        services.team_person_add(
            actor=sw, team=team, member=members["pcpr_hajnowka"], user=partner, function=TeamFunction.ANIMATOR_POWIAT
        )
    if police is not None and "kpp_hajnowka" in members:
        services.team_person_add(
            actor=sw, team=team, member=members["kpp_hajnowka"], user=police, function=TeamFunction.REPRESENTATIVE
        )

    # Meetings: two held with minutes, one planned.
    m1 = services.meeting_schedule(
        actor=sw,
        team=team,
        title="Spotkanie PZK: rodziny objęte współpracą",
        starts_at=_at(today - timedelta(days=56), 10),
        place="GOPS Narewka, sala konferencyjna",
        agenda="1. Przegląd spraw rodzin.\n2. Oferta zajęć GOK na semestr.\n3. Sprawy bieżące.",
    )
    services.meeting_record_minutes(
        actor=sw,
        meeting=m1,
        minutes=(
            "Omówiono sytuację pięciu rodzin. GOK przedstawił ofertę zajęć popołudniowych. "
            "Uzgodniono dyżury dzielnicowego w szkole."
        ),
        attendees=list(members.values())[:7],
    )
    services.meeting_item_add(
        actor=sw, meeting=m1, kind=MeetingItemKind.DECISION, text="Dzielnicowy prowadzi dyżur w szkole raz w miesiącu."
    )
    t1 = services.meeting_item_add(
        actor=sw,
        meeting=m1,
        kind=MeetingItemKind.TASK,
        text="Przygotować harmonogram zajęć GOK dla dzieci z rodzin PZK.",
        owner=members.get("gok_narewka", members["gops_narewka"]),
        deadline=today - timedelta(days=40),
    )
    services.task_complete(
        actor=sw, item=t1, follow_up="Harmonogram przekazany na spotkaniu 2.", done_on=today - timedelta(days=42)
    )
    m2 = services.meeting_schedule(
        actor=sw,
        team=team,
        title="Spotkanie PZK: koszyk usług i skierowania",
        starts_at=_at(today - timedelta(days=20), 10),
        place="Gminny Ośrodek Kultury w Narewce",
        agenda="1. Stan skierowań.\n2. Zamknięcie programu rodziny M.\n3. Szkolenie z procedury „Niebieskie Karty”.",
    )
    services.meeting_record_minutes(
        actor=sw,
        meeting=m2,
        minutes=(
            "Przyjęto informację o skierowaniach. Rodzina M. zakończyła program z osiągniętymi celami. "
            "KPP przeprowadzi szkolenie."
        ),
        attendees=list(members.values()),
    )
    services.meeting_item_add(
        actor=sw,
        meeting=m2,
        kind=MeetingItemKind.TASK,
        text="Szkolenie dla członków PZK z procedury „Niebieskie Karty”.",
        owner=members.get("kpp_hajnowka", members["gops_narewka"]),
        deadline=today + timedelta(days=25),
    )
    services.meeting_item_add(
        actor=sw,
        meeting=m2,
        kind=MeetingItemKind.TASK,
        text="Zebrać oferty wolontariatu sąsiedzkiego na ferie.",
        owner=members.get("razem_narewka", members["gops_narewka"]),
        deadline=today - timedelta(days=3),
    )
    services.meeting_schedule(
        actor=sw,
        team=team,
        title="Spotkanie PZK: plan na kolejny kwartał",
        starts_at=_at(today + timedelta(days=10), 10),
        place="GOPS Narewka, sala konferencyjna",
        agenda="1. Przegląd programów rodzin.\n2. Wyniki planera koszyków.\n3. Wolne miejsca w usługach.",
    )

    def org(key: str) -> Any:
        return ctx.orgs[key]

    def frame(case: Any, months: int, start_days_ago: int) -> None:
        start = today - timedelta(days=start_days_ago)
        services.programme_save(actor=sw, case=case, starts_on=start, ends_on=start + timedelta(days=30 * months))

    cases = {}
    # 1. Rodzina J. (the family of the delivery demo: one person, one record) – programme in progress.
    c1 = services.case_open(
        actor=sw,
        team=team,
        owner=gops,
        kind=CaseKind.FAMILY,
        title="Rodzina J.",
        gmina=narewka,
        opened_on=today - timedelta(days=150),
    )
    family = ctx.extra.get("delivery", {}).get("narewka_family", {})
    roles = {
        "mother": ("matka", True),
        "father": ("ojciec", False),
        "child1": ("córka", False),
        "child2": ("syn", False),
    }
    links = {}
    for key, person in family.items():
        relation, main = roles.get(key, ("członek rodziny", False))
        data = {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "pesel": person.pesel,
            "territory": narewka,
        }
        links[key] = services.case_person_add(actor=sw, case=c1, data=data, relation=relation, is_main=main)
    if not links:
        for n, (key, first, age, female, relation) in enumerate(
            (("mother", "Agnieszka", 34, True, "matka"), ("child1", "Lena", 9, True, "córka"))
        ):
            links[key] = services.case_person_add(
                actor=sw,
                case=c1,
                data={**_person(n, first, "Jakimiuk", age, today, female), "territory": narewka},
                relation=relation,
                is_main=n == 0,
            )
    services.diagnosis_save(
        actor=sw,
        case=c1,
        data={
            "workshop_on": today - timedelta(days=140),
            "reasons": [R.HELPLESSNESS, R.MOTHERHOOD_LARGE_FAMILY, R.POVERTY, R.ADDICTION],
            "needs": [C.FAMILY_SUPPORT, C.CULTURE, C.COUNSELLING, C.ADDICTION],
            "causes": "Utrata pracy ojca, nadużywanie alkoholu, zadłużenie mieszkania.",
            "strengths_weaknesses": "Silna więź matki z dziećmi; brak nawyku planowania wydatków.",
            "resources_deficits": "Wsparcie dziadków; brak dojazdu do Hajnówki.",
            "expectations_needs": "Pomoc w lekcjach dla dzieci, wsparcie w terapii ojca, praca.",
        },
    )
    frame(c1, 12, 130)
    g1 = services.goal_add(actor=sw, case=c1, text="Dzieci regularnie uczęszczają do szkoły i na zajęcia popołudniowe.")
    g2 = services.goal_add(actor=sw, case=c1, text="Ojciec podejmuje terapię uzależnienia.")
    services.goal_add(actor=sw, case=c1, text="Rodzina samodzielnie planuje budżet domowy.")

    def act(
        case: Any,
        title: str,
        who: str,
        goal: Any = None,
        svc: str = "",
        category: str = "",
        person: Any = None,
        priority: int = 2,
        start: int = 120,
    ) -> Any:
        service = catalog.get(svc) if svc else None
        return services.action_add(
            actor=sw,
            case=case,
            title=title,
            responsible=org(who),
            goal=goal,
            service=service,
            category=category or (service.category if service else ""),
            beneficiary=person,
            priority=priority,
            starts_on=today - timedelta(days=start),
            ends_on=today + timedelta(days=200),
        )

    act(
        c1,
        "Asystent rodziny: plan pracy z rodziną",
        "gops_narewka",
        svc="family_assistant",
        category=C.FAMILY_SUPPORT,
        person=links.get("mother"),
    )
    a_gok = act(
        c1,
        "Zajęcia popołudniowe w GOK dla dzieci",
        "gok_narewka",
        g1,
        svc="after_school",
        category=C.CULTURE,
        person=links.get("child1"),
    )
    a_school = act(
        c1,
        "Konsultacje z pedagogiem szkolnym",
        "sp_narewka",
        g1,
        svc="school_counselling",
        category=C.COUNSELLING,
        person=links.get("child2"),
    )
    a_therapy = act(
        c1,
        "Grupa wsparcia i terapia uzależnienia",
        "fundacja_zubry",
        g2,
        svc="addiction",
        category=C.ADDICTION,
        person=links.get("father"),
    )
    a_pcpr = act(c1, "Poradnictwo rodzinne PCPR", "pcpr_hajnowka", category=C.COUNSELLING, priority=3)
    services.programme_agree(
        actor=sw,
        case=c1,
        agreed_on=today - timedelta(days=110),
        agreement_note="Podpisany przez rodziców na spotkaniu w GOPS.",
    )
    services.review_add(
        actor=sw,
        case=c1,
        reviewed_on=today - timedelta(days=30),
        notes="Dzieci chodzą na zajęcia; ojciec rozpoczął terapię.",
    )
    services.consent_record(
        actor=sw,
        case=c1,
        organisation=org("pcpr_hajnowka"),
        parts=[CasePart.PERSONS, CasePart.DIAGNOSIS],
        purpose="poradnictwo rodzinne",
        given_by="matka (osoba wiodąca)",
        given_on=today - timedelta(days=100),
        valid_until=today + timedelta(days=265),
    )
    services.consent_record(
        actor=sw,
        case=c1,
        organisation=org("sp_narewka"),
        parts=[CasePart.PROGRAMME],
        purpose="wsparcie dzieci w szkole",
        given_by="matka (osoba wiodąca)",
        given_on=today - timedelta(days=100),
        valid_until=today + timedelta(days=265),
    )
    r_pcpr = services.referral_send(
        actor=sw,
        case=c1,
        to_organisation=org("pcpr_hajnowka"),
        request="Prosimy o cykl konsultacji w poradni rodzinnej dla rodziców.",
        due_on=today + timedelta(days=14),
        action=a_pcpr,
        shared_parts=[CasePart.PERSONS, CasePart.DIAGNOSIS],
    )
    r_sp = services.referral_send(
        actor=sw,
        case=c1,
        to_organisation=org("sp_narewka"),
        request="Konsultacje pedagoga dla syna, raz w tygodniu.",
        due_on=today + timedelta(days=30),
        action=a_school,
        shared_parts=[CasePart.PROGRAMME],
    )
    services.referral_move(actor=_staff(ctx, "sp_narewka", sw), referral=r_sp, transition="accept")
    # a catalogue service with free places: the referral goes to its provider (Żubr, not a member of the team)
    day_room = catalog.get("day_room")
    r_day_room = None
    if day_room is not None:
        a_day_room = act(
            c1,
            "Świetlica środowiskowa po lekcjach dla córki",
            "gops_narewka",
            g1,
            svc="day_room",
            category=C.CHILDREN_DAY_ROOM,
            person=links.get("child1"),
            start=20,
        )
        r_day_room = services.referral_send(
            actor=sw,
            case=c1,
            service=day_room,
            request="Miejsce w świetlicy dla córki (9 lat) od poniedziałku do piątku, z pomocą w lekcjach.",
            due_on=today + timedelta(days=10),
            action=a_day_room,
        )
    r_gok = services.referral_send(
        actor=sw,
        case=c1,
        to_organisation=org("gok_narewka"),
        request="Miejsce dla córki na zajęciach popołudniowych.",
        due_on=today + timedelta(days=20),
        action=a_gok,
    )
    r_zubry = services.referral_send(
        actor=sw,
        case=c1,
        to_organisation=org("fundacja_zubry"),
        request="Grupa wsparcia dla ojca.",
        due_on=today + timedelta(days=60),
        action=a_therapy,
    )
    cases["rodzina_j"] = c1

    # 2. Rodzina K. – Niebieska Karta: only named members (case worker, the police officer) see anything.
    c2 = services.case_open(
        actor=sw,
        team=team,
        owner=gops,
        kind=CaseKind.FAMILY,
        title="Rodzina K.",
        gmina=narewka,
        opened_on=today - timedelta(days=40),
        is_domestic_violence=True,
    )
    if police is not None:
        services.case_name_member(actor=sw, case=c2, user=police)
    for n, (first, age, female, relation) in enumerate(
        (("Marta", 31, True, "matka"), ("Oskar", 6, False, "syn")), start=10
    ):
        services.case_person_add(
            actor=sw,
            case=c2,
            data={**_person(n, first, "Kowalczuk", age, today, female), "territory": narewka},
            relation=relation,
            is_main=female,
        )
    services.diagnosis_save(
        actor=sw,
        case=c2,
        data={
            "workshop_on": today - timedelta(days=30),
            "reasons": [R.DOMESTIC_VIOLENCE, R.HELPLESSNESS],
            "needs": [C.COUNSELLING, C.FAMILY_SUPPORT],
            "causes": "Przemoc ze strony partnera (procedura NK-A wszczęta przez Policję).",
            "strengths_weaknesses": "Matka szuka pomocy; izolacja od rodziny.",
            "resources_deficits": "Wsparcie siostry; brak własnych dochodów.",
            "expectations_needs": "Bezpieczeństwo, poradnictwo prawne i psychologiczne.",
        },
    )
    frame(c2, 6, 25)
    services.goal_add(actor=sw, case=c2, text="Bezpieczeństwo matki i dziecka.")
    act(c2, "Wizyty dzielnicowego i monitorowanie sytuacji", "kpp_hajnowka", category="", priority=3, start=25)
    r_kpp = services.referral_send(
        actor=sw,
        case=c2,
        to_organisation=org("kpp_hajnowka"),
        request="Monitorowanie bezpieczeństwa rodziny w ramach procedury NK.",
        due_on=today + timedelta(days=7),
    )
    if police is not None:
        services.referral_move(actor=police, referral=r_kpp, transition="accept")
        services.referral_move(actor=police, referral=r_kpp, transition="start")
    cases["rodzina_k"] = c2

    # 3. Rodzina M. – closed with a written summary; its referrals completed / not completed.
    c3 = services.case_open(
        actor=sw,
        team=team,
        owner=gops,
        kind=CaseKind.FAMILY,
        title="Rodzina M.",
        gmina=narewka,
        opened_on=today - timedelta(days=400),
    )
    services.case_person_add(
        actor=sw,
        case=c3,
        data={**_person(20, "Irena", "Maciejuk", 45, today, True), "territory": narewka},
        relation="matka",
        is_main=True,
    )
    services.diagnosis_save(
        actor=sw,
        case=c3,
        data={
            "workshop_on": today - timedelta(days=390),
            "reasons": [R.UNEMPLOYMENT, R.POVERTY],
            "needs": [C.CULTURE, C.COUNSELLING],
            "causes": "Długotrwałe bezrobocie matki.",
            "strengths_weaknesses": "Duża motywacja; niskie kwalifikacje.",
            "resources_deficits": "Prawo jazdy; brak samochodu.",
            "expectations_needs": "Praca i zajęcia dla córki.",
        },
    )
    frame(c3, 12, 380)
    services.goal_add(actor=sw, case=c3, text="Matka podejmuje zatrudnienie.")
    a3 = act(c3, "Zajęcia dla córki w GOK", "gok_narewka", svc="after_school", category=C.CULTURE, start=370)
    services.programme_agree(
        actor=sw, case=c3, agreed_on=today - timedelta(days=375), agreement_note="Podpisany przez matkę."
    )
    r3a = services.referral_send(
        actor=sw,
        case=c3,
        to_organisation=org("gok_narewka"),
        request="Miejsce na zajęciach dla córki.",
        due_on=today + timedelta(days=1),
        action=a3,
    )
    r3b = services.referral_send(
        actor=sw,
        case=c3,
        to_organisation=org("pcpr_hajnowka"),
        request="Poradnictwo zawodowe dla matki.",
        due_on=today + timedelta(days=1),
    )
    cases["rodzina_m"] = c3

    # 4. Rodzina W. – fresh case after diagnosis; the consent for PCPR was withdrawn.
    c4 = services.case_open(
        actor=sw,
        team=team,
        owner=gops,
        kind=CaseKind.FAMILY,
        title="Rodzina W.",
        gmina=narewka,
        opened_on=today - timedelta(days=12),
    )
    services.case_person_add(
        actor=sw,
        case=c4,
        data={**_person(30, "Tomasz", "Wasiluk", 52, today, False), "territory": narewka},
        relation="ojciec",
        is_main=True,
    )
    services.diagnosis_save(
        actor=sw,
        case=c4,
        data={
            "workshop_on": today - timedelta(days=8),
            "reasons": [R.ILLNESS, R.DISABILITY],
            "needs": [C.FAMILY_SUPPORT, C.DISABILITY],
            "causes": "Ciężka choroba ojca, opieka nad niepełnosprawnym synem.",
            "strengths_weaknesses": "Zaradność; przeciążenie opieką.",
            "resources_deficits": "Renta; brak wytchnienia dla opiekuna.",
            "expectations_needs": "Opieka wytchnieniowa, pomoc sąsiedzka.",
        },
    )
    withdrawn = services.consent_record(
        actor=sw,
        case=c4,
        organisation=org("pcpr_hajnowka"),
        parts=[CasePart.PERSONS, CasePart.DIAGNOSIS],
        purpose="ocena potrzeb osoby z niepełnosprawnością",
        given_by="ojciec (osoba wiodąca)",
        given_on=today - timedelta(days=8),
        valid_until=today + timedelta(days=180),
    )
    services.consent_withdraw(
        actor=sw, consent=withdrawn, note="Rodzina wycofała zgodę telefonicznie; prosi o kontakt tylko z GOPS."
    )
    cases["rodzina_w"] = c4

    # 5. Pan S. – a person case: declined and overdue referrals; basket items waiting for a service (planner).
    c5 = services.case_open(
        actor=sw,
        team=team,
        owner=gops,
        kind=CaseKind.PERSON,
        title="Pan S.",
        gmina=narewka,
        opened_on=today - timedelta(days=70),
    )
    p5 = services.case_person_add(
        actor=sw,
        case=c5,
        data={**_person(40, "Stanisław", "Sacharczuk", 58, today, False), "territory": narewka},
        relation="osoba samotna",
        is_main=True,
    )
    services.diagnosis_save(
        actor=sw,
        case=c5,
        data={
            "workshop_on": today - timedelta(days=60),
            "reasons": [R.UNEMPLOYMENT, R.ADDICTION],
            "needs": [C.UNEMPLOYED, C.FAMILY_SUPPORT, C.ADDICTION],
            "causes": "Utrata pracy w zakładzie drzewnym, samotność.",
            "strengths_weaknesses": "Umiejętności stolarskie; wycofanie.",
            "resources_deficits": "Własne mieszkanie; brak kontaktów.",
            "expectations_needs": "Praca dorywcza, kontakt z ludźmi.",
        },
    )
    frame(c5, 9, 55)
    services.goal_add(actor=sw, case=c5, text="Aktywizacja zawodowa i społeczna.")
    act(c5, "Klub pracy i reintegracja", "gops_narewka", category=C.UNEMPLOYED, person=p5, priority=3, start=50)
    act(
        c5,
        "Pomoc sąsiedzka w codziennych sprawach",
        "razem_narewka",
        category=C.FAMILY_SUPPORT,
        person=p5,
        priority=1,
        start=50,
    )
    act(c5, "Grupa wsparcia AA", "fundacja_zubry", category=C.ADDICTION, person=p5, priority=2, start=50)
    services.programme_agree(
        actor=sw, case=c5, agreed_on=today - timedelta(days=50), agreement_note="Uzgodniony w rozmowie, podpisany."
    )
    r5a = services.referral_send(
        actor=sw,
        case=c5,
        to_organisation=org("razem_narewka"),
        request="Wolontariusz do pomocy w zakupach.",
        due_on=today + timedelta(days=7),
    )
    r5b = services.referral_send(  # overdue: sent by letter 30 days ago with 14 days to answer, entered now
        actor=sw,
        case=c5,
        to_organisation=org("pcpr_hajnowka"),
        request="Ocena uprawnień do wsparcia z PFRON.",
        sent_on=today - timedelta(days=30),
        due_on=today - timedelta(days=16),
    )
    cases["pan_s"] = c5

    # The receiving institutions answer (closed loop). Staff without demo logins act through the services too.
    gok_staff = _staff(ctx, "gok_narewka", None)
    razem_staff = _staff(ctx, "razem_narewka", None)
    zubry_staff = _staff(ctx, "fundacja_zubry", None)
    if gok_staff:
        services.referral_move(actor=gok_staff, referral=r_gok, transition="accept")
        services.referral_move(actor=gok_staff, referral=r3a, transition="accept")
        services.referral_move(actor=gok_staff, referral=r3a, transition="start")
        services.referral_move(
            actor=gok_staff,
            referral=r3a,
            transition="complete",
            text="Córka uczestniczyła w zajęciach przez cały rok szkolny.",
        )
    if zubry_staff:
        services.referral_move(actor=zubry_staff, referral=r_zubry, transition="accept")
        services.referral_move(actor=zubry_staff, referral=r_zubry, transition="start")
    if razem_staff:
        services.referral_move(
            actor=razem_staff,
            referral=r5a,
            transition="decline",
            text="Brak wolontariuszy w miejscowości pana S. do końca miesiąca.",
        )
    pes_staff = ctx.users.get("pes_staff")
    if r_day_room is not None and pes_staff is not None:
        services.referral_move(actor=pes_staff, referral=r_day_room, transition="accept")
    services.referral_move(actor=partner, referral=r3b, transition="accept")
    services.referral_move(
        actor=partner,
        referral=r3b,
        transition="not_complete",
        text="Pani M. podjęła pracę przed terminem konsultacji – poradnictwo niepotrzebne.",
    )
    services.case_close(
        actor=sw,
        case=c3,
        outcome=CaseOutcome.ACHIEVED,
        closed_on=today - timedelta(days=15),
        summary=(
            "Matka podjęła zatrudnienie w Hajnówce, córka uczestniczyła w zajęciach GOK. "
            "Rodzina nie wymaga dalszego wsparcia PZK."
        ),
    )
    proposal = services.plan_propose(actor=sw, team=team, max_distance_km=40)
    ctx.extra["cooperation"] = {
        "team": team,
        "cases": cases,
        "referrals": {"sent": r_pcpr, "overdue": r5b, "declined": r5a, "to_service": r_day_room},
        "proposal": proposal,
    }


def _staff(ctx: DemoContext, org_key: str, fallback: Any) -> Any:
    """A staff member of a member institution (made on demand: small institutions have no demo login)."""
    from kooperacja.accounts.enums import Role
    from kooperacja.demo.people import demo_account

    if org_key not in ctx.orgs:
        return fallback
    key = f"staff_{org_key}"
    staff = ctx.extra.setdefault("cooperation_staff", {})
    if key not in staff:
        staff[key] = demo_account(
            ctx,
            key=key,
            email=f"pzk@{org_key.replace('_', '-')}.demo",
            full_name=f"Przedstawiciel {ctx.orgs[org_key]}",
            memberships=[(org_key, Role.SOCIAL_WORKER, False)],
            password=None,
            login=False,
        )
    return staff[key]
