"""A second authority: Gmina Białowieża (TERYT 2005022, powiat hajnowski), next to Hajnówka and Narewka.

Its own municipal office and GOPS, each with a named user, a Partner Cooperation Team (PZK) with two family cases,
a call of its own still in draft, and a second consortium ("Konsorcjum Puszcza") with its own resolutions and
votes. It exists so that the most important public-sector rule is exercised by the demo and the permission
matrix: one authority, team or consortium does not see another's records.

Everything is created through services, acting as the named users (each registers their own organisation, which
the platform administrator verifies), never by writing models directly.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from kooperacja.accounts.enums import Role
from kooperacja.accounts.roles import forget_memberships, requires_two_factor
from kooperacja.accounts.services import backup_codes_regenerate, user_register
from kooperacja.catalog.enums import AssistanceReason as R
from kooperacja.catalog.enums import ServiceCategory as C
from kooperacja.commissioning import services as commissioning
from kooperacja.commissioning.enums import CallMode, TaskForm
from kooperacja.consortia import services as consortia
from kooperacja.consortia.access import forget
from kooperacja.consortia.enums import AllocationTransparency, BodyKind, Majority, VoteChoice
from kooperacja.cooperation import services as cooperation
from kooperacja.cooperation.enums import CaseKind, MemberLevel, TeamFunction
from kooperacja.core.models import Territory
from kooperacja.demo.context import DEMO_PASSWORD, DemoContext
from kooperacja.demo.ids import make_krs, make_nip, make_pesel, make_regon
from kooperacja.organisations import services as organisations
from kooperacja.organisations.enums import LegalForm

if TYPE_CHECKING:
    from kooperacja.accounts.models import User

BIALOWIEZA = "2005022"  # gmina wiejska Białowieża, powiat hajnowski (TERC 20 05 02 2)
# Seeds for identifiers: far from the foundation's 1..N so NIP/REGON/KRS never collide.
ID_SEED = 101

# key, name, short name, legal form, street, PES, areas
ORGANISATIONS = [
    (
        "ug_bialowieza",
        "Urząd Gminy Białowieża",
        "UG Białowieża",
        LegalForm.JST_OFFICE,
        "ul. Sportowa 1",
        False,
        ["social_assistance"],
    ),
    (
        "gops_bialowieza",
        "Gminny Ośrodek Pomocy Społecznej w Białowieży",
        "GOPS Białowieża",
        LegalForm.SOCIAL_ASSISTANCE_CENTRE,
        "ul. Sportowa 1",
        False,
        ["social_assistance", "family"],
    ),
    (
        "dom_sasiedzki",
        "Stowarzyszenie „Białowieski Dom Sąsiedzki”",
        "„Dom Sąsiedzki”",
        LegalForm.ASSOCIATION,
        "ul. Waszkiewicza 12",
        True,
        ["seniors", "family"],
    ),
    (
        "ss_pogorzelce",
        "Spółdzielnia Socjalna „Pogorzelce”",
        "SS „Pogorzelce”",
        LegalForm.SOCIAL_COOPERATIVE,
        "Pogorzelce 8",
        True,
        ["unemployment", "seniors"],
    ),
]

# key, e-mail, full name, organisation key, role, what to try (the demo logins list prints these)
USERS = [
    (
        "officer_b",
        "urzednik@bialowieza.demo",
        "Jan Białowieski",
        "ug_bialowieza",
        Role.MUNICIPAL_OFFICER,
        "druga gmina: własne ogłoszenie (szkic); nie widzi spraw i szkiców Hajnówki",
    ),
    (
        "social_worker_b",
        "pracownik@gops-bialowieza.demo",
        "Irena Puszczańska",
        "gops_bialowieza",
        Role.SOCIAL_WORKER,
        "PZK Gminy Białowieża i jego sprawy; nie widzi spraw Narewki",
    ),
    (
        "coordinator_b",
        "koordynator@puszcza-konsorcjum.demo",
        "Wojciech Sąsiedzki",
        "dom_sasiedzki",
        Role.CONSORTIUM_COORDINATOR,
        "Konsorcjum Puszcza: uchwały i głosowania",
    ),
    (
        "pes_staff_b",
        "spoldzielnia@pogorzelce.demo",
        "Alicja Pogorzelska",
        "ss_pogorzelce",
        Role.PES_STAFF,
        "członek Konsorcjum Puszcza: głosowanie",
    ),
]

CALL_TITLE = "Usługi opiekuńcze dla seniorów w Gminie Białowieża"
TEAM_NAME = "Partnerski Zespół Kooperacji Gminy Białowieża"
CONSORTIUM_NAME = "Konsorcjum Puszcza"
CASE_TITLES = ("Rodzina K. (Białowieża)", "Pan S. (Białowieża)")


def seed(ctx: DemoContext) -> None:
    today = ctx.today
    admin = ctx.users["admin"]
    gmina = Territory.objects.get(code=BIALOWIEZA)
    ctx.territories[BIALOWIEZA] = gmina
    users: dict[str, User] = {}
    for n, (key, email, name, org_key, role, hint) in enumerate(USERS):
        user = user_register(email=email, full_name=name, password=DEMO_PASSWORD, home_territory=gmina)
        org_row = next(row for row in ORGANISATIONS if row[0] == org_key)
        org = organisations.organisation_create(actor=user, data=_org_data(n, org_row, gmina, today), as_role=role)
        ctx.orgs[org_key] = organisations.organisation_verify(actor=admin, organisation=org)
        _refresh(user)
        if requires_two_factor(user):
            # A second factor, as the foundation gives every role that must pass one: the demo logins list prints
            # fresh backup codes for it.
            backup_codes_regenerate(user=user, count=5, notify=False, by_owner=False)
        users[key] = ctx.users[key] = user
        ctx.logins.append((email, name, hint))

    team, cases = _team(ctx, gmina, users["social_worker_b"])
    call = _call(ctx, users["officer_b"])
    consortium, resolutions = _consortium(ctx, users["coordinator_b"], users["pes_staff_b"])
    ctx.extra["second_authority"] = {
        "gmina": gmina,
        "team": team,
        "cases": cases,
        "call": call,
        "consortium": consortium,
        "resolutions": resolutions,
    }
    ctx.stdout(
        f"Druga gmina: {gmina.name} – PZK z {len(cases)} sprawami, szkic ogłoszenia, {CONSORTIUM_NAME} "
        f"z {len(resolutions)} uchwałami."
    )


def _refresh(*users: User) -> None:
    for user in users:
        forget_memberships(user)
        forget(user)


def _org_data(n: int, row: tuple[Any, ...], gmina: Territory, today: dt.date) -> dict[str, Any]:
    key, name, short, form, street, pes, areas = row
    seed = ID_SEED + n
    cooperative = form == LegalForm.SOCIAL_COOPERATIVE
    return {
        "name": name,
        "short_name": short,
        "legal_form": form,
        "territory": gmina,
        "street": street,
        "postal_code": "17-230",
        "city": "Białowieża",
        "email": f"kontakt@{key.replace('_', '-')}.demo",
        "phone": f"+48 85 681 {n + 20:02d} 00",
        "nip": make_nip(seed),
        "regon": make_regon(seed),
        "krs": make_krs(seed) if form in (LegalForm.ASSOCIATION, LegalForm.SOCIAL_COOPERATIVE) else "",
        "is_pes": pes,
        "areas": areas,
        "is_social_enterprise": cooperative,
        "social_enterprise_since": today.replace(year=today.year - 1, month=6, day=1) if cooperative else None,
        "description": f"{name} – organizacja demonstracyjna drugiej gminy platformy Kooperacja.",
    }


def _team(ctx: DemoContext, gmina: Territory, sw: User) -> tuple[Any, list[Any]]:
    today = ctx.today
    gops = ctx.orgs["gops_bialowieza"]
    team = cooperation.team_create(
        actor=sw,
        gmina=gmina,
        lead_organisation=gops,
        name=TEAM_NAME,
        founded_on=today - dt.timedelta(days=200),
        description="GOPS, urząd gminy i organizacje Białowieży wspólnie wspierają rodziny i seniorów.",
    )
    lead_member = team.members.get(organisation=gops)
    for i, key in enumerate(("ug_bialowieza", "dom_sasiedzki")):
        cooperation.team_member_add(
            actor=sw,
            team=team,
            organisation=ctx.orgs[key],
            level=MemberLevel.GMINA,
            agreement_signed_on=today - dt.timedelta(days=190 - 10 * i),
            agreement_scope="Wsparcie rodzin i seniorów gminy Białowieża.",
            agreement_number=f"POR/PZK-B/{(today - dt.timedelta(days=190)).year}/{i + 1:02d}",
        )
    cooperation.team_person_add(actor=sw, team=team, member=lead_member, user=sw, function=TeamFunction.ANIMATOR_GMINA)
    cases = []
    people = [
        ("Kalina", "Kowalczuk", 38, True, "matka", CaseKind.FAMILY, [R.POVERTY, R.HELPLESSNESS], [C.FAMILY_SUPPORT]),
        ("Stefan", "Sawicki", 71, False, "wnioskodawca", CaseKind.FAMILY, [R.DISABILITY, R.ILLNESS], [C.SENIORS]),
    ]
    for n, (first, last, age, female, relation, kind, reasons, needs) in enumerate(people):
        case = cooperation.case_open(
            actor=sw,
            team=team,
            owner=gops,
            kind=kind,
            title=CASE_TITLES[n],
            gmina=gmina,
            opened_on=today - dt.timedelta(days=60 - 20 * n),
        )
        pesel = make_pesel(9100 + n, birth_year=today.year - age, month=2 + n, day=3 + n, female=female)
        cooperation.case_person_add(
            actor=sw,
            case=case,
            data={"first_name": first, "last_name": last, "pesel": pesel, "territory": gmina},
            relation=relation,
            is_main=True,
        )
        cooperation.diagnosis_save(
            actor=sw,
            case=case,
            data={
                "workshop_on": today - dt.timedelta(days=50 - 20 * n),
                "reasons": reasons,
                "needs": needs,
                "causes": "Oddalenie od usług, brak transportu publicznego.",
                "strengths_weaknesses": "Dobre relacje sąsiedzkie; brak stałego dochodu.",
                "resources_deficits": "Wsparcie sąsiadów; brak usług opiekuńczych na miejscu.",
                "expectations_needs": "Pomoc w codziennych sprawach i dojazdach.",
            },
        )
        start = today - dt.timedelta(days=40 - 20 * n)
        cooperation.programme_save(actor=sw, case=case, starts_on=start, ends_on=start + dt.timedelta(days=180))
        cooperation.goal_add(actor=sw, case=case, text="Stałe wsparcie w miejscu zamieszkania.")
        cases.append(case)
    return team, cases


def _call(ctx: DemoContext, officer: User) -> Any:
    """The authority's own open competition, still a draft: only its office (and the platform admin) sees it."""
    today = ctx.today
    start, end = today + dt.timedelta(days=60), today + dt.timedelta(days=60 + 300)
    return commissioning.call_create(
        actor=officer,
        authority=ctx.orgs["ug_bialowieza"],
        mode=CallMode.OPP_OPEN,
        title=CALL_TITLE,
        package=None,
        data={
            "number": f"GOPS.524.1.{today.year}",
            "task_form": TaskForm.SUPPORT,
            "task_type": "Usługi opiekuńcze i sąsiedzkie dla seniorów mieszkających w Białowieży i okolicznych wsiach.",
            "funds_total": Decimal("120000.00"),
            "award_rules": "Dotacja na wspieranie zadania; wkład własny co najmniej 5% kosztów.",
            "delivery_start": start,
            "delivery_end": end,
            "delivery_conditions": "Usługi świadczone w miejscu zamieszkania seniora.",
            "offer_deadline": timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=30), dt.time(15, 0))),
            "selection_procedure": "Ocena formalna i opinia komisji konkursowej wg art. 15 ust. 1 OPP.",
            "selection_date": today + dt.timedelta(days=45),
            "previous_tasks": "W poprzednim roku nie zlecano zadań tego rodzaju.",
            "min_own_share": Decimal("5.00"),
            "max_grant": Decimal("120000.00"),
        },
    )


def _consortium(ctx: DemoContext, coordinator: User, pes_staff: User) -> tuple[Any, list[Any]]:
    today = ctx.today
    lead, member_org = ctx.orgs["dom_sasiedzki"], ctx.orgs["ss_pogorzelce"]
    consortium = consortia.consortium_found(
        actor=coordinator,
        lead=lead,
        members=[member_org],
        terms={
            "name": CONSORTIUM_NAME,
            "short_name": "Puszcza",
            "purpose": "Wspólne usługi opiekuńcze i sąsiedzkie dla seniorów Gminy Białowieża.",
            "start_date": today - dt.timedelta(days=90),
            "agreement_signed_on": today - dt.timedelta(days=95),
            "representation": "Konsorcjum reprezentuje lider na podstawie pełnomocnictwa członków.",
            "decision_rules": "Zgromadzenie członków decyduje większością zwykłą; każdy członek ma jeden głos.",
            "quorum_percent": 50,
            "ordinary_majority": Majority.SIMPLE,
            "membership_majority": Majority.TWO_THIRDS,
            "admission_rules": "Przyjęcie zweryfikowanej organizacji uchwałą zgromadzenia większością 2/3.",
            "exit_rules": "Wystąpienie z 3-miesięcznym wypowiedzeniem.",
            "office_cost_share_percent": Decimal("2.00"),
            "office_cost_rules": "Każdy członek przekazuje na biuro 2% swojego przydziału z każdej umowy.",
            "allocation_transparency": AllocationTransparency.OWN,
        },
    )
    _refresh(coordinator, pes_staff)
    general = consortium.bodies.get(kind=BodyKind.GENERAL_MEETING)
    members = {m.organisation_id: m for m in consortium.members.all()}
    voters = [(coordinator, members[lead.pk]), (pes_staff, members[member_org.pk])]

    adopted = consortia.resolution_draft(
        actor=coordinator,
        consortium=consortium,
        body=general,
        title="Przyjęcie planu usług opiekuńczych na bieżący rok",
        text="Zgromadzenie przyjmuje plan usług opiekuńczych dla seniorów Gminy Białowieża.",
    )
    consortia.resolution_open_vote(actor=coordinator, resolution=adopted)
    for user, member in voters:
        consortia.vote_cast(actor=user, resolution=adopted, member=member, choice=VoteChoice.FOR)
    adopted = consortia.resolution_close(actor=coordinator, resolution=adopted)

    open_vote = consortia.resolution_draft(
        actor=coordinator,
        consortium=consortium,
        body=general,
        title="Udział konsorcjum w konkursie Gminy Białowieża",
        text="Zgromadzenie wyraża zgodę na przygotowanie oferty wspólnej w konkursie na usługi opiekuńcze.",
    )
    consortia.resolution_open_vote(actor=coordinator, resolution=open_vote, closes_on=today + dt.timedelta(days=7))
    consortia.vote_cast(actor=coordinator, resolution=open_vote, member=members[lead.pk], choice=VoteChoice.FOR)
    return consortium, [adopted, open_vote]
