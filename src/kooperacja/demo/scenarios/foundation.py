"""The foundation of the demo: territories, organisations of Hajnówka, Narewka and the powiat, one user per role."""

from __future__ import annotations

from kooperacja.accounts.enums import Role
from kooperacja.core.actors import SYSTEM
from kooperacja.core.models import Territory
from kooperacja.demo.context import DemoContext
from kooperacja.demo.ids import make_krs, make_nip, make_regon
from kooperacja.demo.people import demo_account
from kooperacja.organisations import services as organisations
from kooperacja.organisations.enums import LegalForm

HAJNOWKA = "2005011"
NAREWKA = "2005092"
BIALYSTOK = "2061011"

# key, name, short name, legal form, gmina, street, PES, areas, verified
ORGANISATIONS = [
    (
        "um_hajnowka",
        "Urząd Miasta Hajnówka",
        "UM Hajnówka",
        LegalForm.JST_OFFICE,
        HAJNOWKA,
        "ul. Aleksego Zina 1",
        False,
        ["social_assistance"],
        True,
    ),
    (
        "mops_hajnowka",
        "Miejski Ośrodek Pomocy Społecznej w Hajnówce",
        "MOPS Hajnówka",
        LegalForm.SOCIAL_ASSISTANCE_CENTRE,
        HAJNOWKA,
        "ul. Marszałka Józefa Piłsudskiego 10",
        False,
        ["social_assistance", "family", "homelessness"],
        True,
    ),
    (
        "owop",
        "Ośrodek Wspierania Organizacji Pozarządowych",
        "OWOP",
        LegalForm.ASSOCIATION,
        BIALYSTOK,
        "ul. Młynowa 9 lok. 9",
        True,
        ["incubation", "education"],
        True,
    ),
    (
        "cal_hajnowka",
        "Stowarzyszenie Centrum Aktywności Lokalnej „Razem” w Hajnówce",
        "CAL „Razem”",
        LegalForm.ASSOCIATION,
        HAJNOWKA,
        "ul. 3 Maja 25",
        True,
        ["seniors", "youth", "incubation"],
        True,
    ),
    (
        "fundacja_puszcza",
        "Fundacja „Puszczańska Młodzież”",
        "Puszczańska Młodzież",
        LegalForm.FOUNDATION,
        HAJNOWKA,
        "ul. Lipowa 4",
        True,
        ["youth", "children", "education"],
        True,
    ),
    (
        "ss_zubr",
        "Spółdzielnia Socjalna „Żubr”",
        "SS „Żubr”",
        LegalForm.SOCIAL_COOPERATIVE,
        HAJNOWKA,
        "ul. Białowieska 31",
        True,
        ["children", "unemployment"],
        True,
    ),
    (
        "ss_dobre_rece",
        "Spółdzielnia Socjalna „Dobre Ręce”",
        "SS „Dobre Ręce”",
        LegalForm.SOCIAL_COOPERATIVE,
        HAJNOWKA,
        "ul. Batorego 12",
        True,
        ["seniors", "disability"],
        True,
    ),
    (
        "przystan",
        "Stowarzyszenie Pomocy Osobom Bezdomnym „Przystań”",
        "„Przystań”",
        LegalForm.ASSOCIATION,
        HAJNOWKA,
        "ul. Kolejowa 7",
        True,
        ["homelessness"],
        True,
    ),
    (
        "kis_hajnowka",
        "Klub Integracji Społecznej w Hajnówce",
        "KIS Hajnówka",
        LegalForm.KIS,
        HAJNOWKA,
        "ul. Ks. Ignacego Wierobieja 2",
        True,
        ["unemployment"],
        True,
    ),
    (
        "ug_narewka",
        "Urząd Gminy Narewka",
        "UG Narewka",
        LegalForm.JST_OFFICE,
        NAREWKA,
        "ul. Mickiewicza 50",
        False,
        ["social_assistance"],
        True,
    ),
    (
        "gops_narewka",
        "Gminny Ośrodek Pomocy Społecznej w Narewce",
        "GOPS Narewka",
        LegalForm.SOCIAL_ASSISTANCE_CENTRE,
        NAREWKA,
        "ul. Mickiewicza 50",
        False,
        ["social_assistance", "family"],
        True,
    ),
    (
        "sp_narewka",
        "Szkoła Podstawowa im. Bohaterów Ziemi Narewkowskiej w Narewce",
        "SP Narewka",
        LegalForm.SCHOOL,
        NAREWKA,
        "ul. Białowieska 4",
        False,
        ["education", "children"],
        True,
    ),
    (
        "gok_narewka",
        "Gminny Ośrodek Kultury w Narewce",
        "GOK Narewka",
        LegalForm.CULTURE,
        NAREWKA,
        "ul. Mickiewicza 52",
        False,
        ["culture"],
        True,
    ),
    (
        "razem_narewka",
        "Stowarzyszenie „Razem dla Narewki”",
        "„Razem dla Narewki”",
        LegalForm.ASSOCIATION,
        NAREWKA,
        "ul. Hajnowska 3",
        True,
        ["family", "seniors"],
        True,
    ),
    (
        "fundacja_zubry",
        "Fundacja „Żubrze Gniazdo”",
        "„Żubrze Gniazdo”",
        LegalForm.FOUNDATION,
        NAREWKA,
        "Siemianówka 12",
        True,
        ["children", "addiction"],
        True,
    ),
    (
        "pcpr_hajnowka",
        "Powiatowe Centrum Pomocy Rodzinie w Hajnówce",
        "PCPR Hajnówka",
        LegalForm.PCPR,
        HAJNOWKA,
        "ul. Piłsudskiego 10",
        False,
        ["family", "disability"],
        True,
    ),
    (
        "kpp_hajnowka",
        "Komenda Powiatowa Policji w Hajnówce",
        "KPP Hajnówka",
        LegalForm.POLICE,
        HAJNOWKA,
        "ul. Piłsudskiego 3",
        False,
        ["public_safety", "violence"],
        True,
    ),
    (
        "kuratorzy",
        "Zespół Kuratorskiej Służby Sądowej Sądu Rejonowego w Bielsku Podlaskim – Wydział Zamiejscowy w Hajnówce",
        "Kuratorzy Hajnówka",
        LegalForm.COURT,
        HAJNOWKA,
        "ul. Zina 5",
        False,
        ["violence", "family"],
        True,
    ),
    (
        "oik_hajnowka",
        "Ośrodek Interwencji Kryzysowej w Hajnówce",
        "OIK Hajnówka",
        LegalForm.CRISIS_CENTRE,
        HAJNOWKA,
        "ul. Piłsudskiego 10",
        False,
        ["violence", "family"],
        True,
    ),
    (
        "rops",
        "Regionalny Ośrodek Polityki Społecznej w Białymstoku",
        "ROPS Białystok",
        LegalForm.REGIONAL_SOCIAL_POLICY_CENTRE,
        BIALYSTOK,
        "ul. Wyszyńskiego 1",
        False,
        ["social_assistance"],
        True,
    ),
    (
        "nowa_inicjatywa",
        "Stowarzyszenie „Nowa Inicjatywa”",
        "„Nowa Inicjatywa”",
        LegalForm.ASSOCIATION,
        HAJNOWKA,
        "ul. Parkowa 8",
        True,
        ["youth"],
        False,
    ),
]

# key, e-mail, full name, [(org key, role, is_admin)], is_staff, what to try
USERS = [
    (
        "admin",
        "admin@kooperacja.demo",
        "Anna Administratorka",
        [],
        True,
        "weryfikacja organizacji, import CSV, panel administracyjny",
    ),
    (
        "officer",
        "urzednik@hajnowka.demo",
        "Marek Urzędnik",
        [("um_hajnowka", Role.MUNICIPAL_OFFICER, True)],
        False,
        "pakiet usług, ogłoszenia, umowy (JST)",
    ),
    (
        "commission",
        "komisja@hajnowka.demo",
        "Ewa Komisyjna",
        [("um_hajnowka", Role.COMMISSION_MEMBER, False)],
        False,
        "oświadczenie i ocena ofert",
    ),
    (
        "coordinator",
        "koordynator@odnowa.demo",
        "Katarzyna Koordynatorka",
        [("cal_hajnowka", Role.CONSORTIUM_COORDINATOR, True)],
        False,
        "konsorcjum OdNowa, oferta wspólna",
    ),
    (
        "pes_staff",
        "spoldzielnia@zubr.demo",
        "Tomasz Spółdzielca",
        [("ss_zubr", Role.PES_STAFF, True)],
        False,
        "świetlica: uczestnicy i obecności, głosowania",
    ),
    (
        "ngo_staff",
        "fundacja@puszcza.demo",
        "Julia Fundacyjna",
        [("fundacja_puszcza", Role.PES_STAFF, True)],
        False,
        "organizacja członkowska konsorcjum",
    ),
    (
        "social_worker",
        "pracownik@gops-narewka.demo",
        "Barbara Socjalna",
        [("gops_narewka", Role.SOCIAL_WORKER, True)],
        False,
        "sprawy rodzin, koszyk usług, skierowania",
    ),
    (
        "partner",
        "pcpr@hajnowka.demo",
        "Piotr Partnerski",
        [("pcpr_hajnowka", Role.SOCIAL_WORKER, True)],
        False,
        "skierowania z PZK (instytucja partnerska)",
    ),
    (
        "police",
        "dzielnicowy@kpp-hajnowka.demo",
        "Adam Dzielnicowy",
        [("kpp_hajnowka", Role.SOCIAL_WORKER, False)],
        False,
        "członek PZK (Policja)",
    ),
    (
        "trainer",
        "trener@szkola-kooperacji.demo",
        "Zofia Trenerka",
        [("owop", Role.TRAINER, False)],
        False,
        "Szkoła Kooperacji",
    ),
    (
        "analyst",
        "analityk@rops.demo",
        "Robert Analityk",
        [("rops", Role.REGIONAL_ANALYST, False)],
        False,
        "porównanie gmin, eksport",
    ),
    ("resident", "mieszkanka@hajnowka.demo", "Helena Mieszkanka", [], False, "katalog usług, konsultacje"),
]


def seed(ctx: DemoContext) -> None:
    ctx.territories = {t.code: t for t in Territory.objects.filter(code__in=[HAJNOWKA, NAREWKA, BIALYSTOK])}
    for i, (key, name, short, form, gmina, street, pes, areas, verified) in enumerate(ORGANISATIONS, start=1):
        territory = ctx.territories[gmina]
        cooperative = form == LegalForm.SOCIAL_COOPERATIVE
        data = {
            "name": name,
            "short_name": short,
            "legal_form": form,
            "territory": territory,
            "street": street,
            "postal_code": "17-200" if gmina == HAJNOWKA else ("17-220" if gmina == NAREWKA else "15-001"),
            "city": territory.name,
            "email": f"kontakt@{key.replace('_', '-')}.demo",
            "phone": f"+48 85 682 {i:02d} 00",
            "nip": make_nip(i),
            "regon": make_regon(i),
            "krs": make_krs(i)
            if form in (LegalForm.ASSOCIATION, LegalForm.FOUNDATION, LegalForm.SOCIAL_COOPERATIVE)
            else "",
            "is_pes": pes,
            "areas": areas,
            "is_social_enterprise": cooperative,
            "social_enterprise_since": ctx.today.replace(year=ctx.today.year - 2, month=3, day=1)
            if cooperative
            else None,
            "description": f"{name} – organizacja demonstracyjna platformy Kooperacja.",
        }
        ctx.orgs[key] = organisations.organisation_add(actor=SYSTEM, data=data, verified=verified)

    for key, email, full_name, memberships, is_staff, hint in USERS:
        # every foundation user lives in Hajnówka (the Narewka staff commute); an authenticator for the roles that
        # must pass the second factor (demo_account)
        demo_account(
            ctx,
            key=key,
            email=email,
            full_name=full_name,
            memberships=memberships,
            hint=hint,
            home_territory=ctx.territories[HAJNOWKA],
            is_staff=is_staff,
        )
    # A pending join request for the cooperative's administrator to decide (the unverified organisation is
    # "nowa_inicjatywa" above).
    organisations.membership_request(
        actor=ctx.users["ngo_staff"],
        organisation=ctx.orgs["ss_zubr"],
        role=Role.PES_STAFF,
        job_title="wolontariuszka",
        message="Chcę pomagać w świetlicy w ramach konsorcjum.",
    )
