"""Demo of the powiat level of the Cooperation Model and of the planner's real distances (issue 17).

- "Powiatowy Zespół Kooperacji w Hajnówce": PCPR Hajnówka (lead), KPP Hajnówka, the probation officers, the
  crisis centre and the powiat's psychological and pedagogical counselling centre (PPP). It works with the gmina
  teams of powiat hajnowski: Narewka's and Białowieża's. Białowieża's case of Pan S. is referred to the PCPR
  (a powiat team member, not a member of Białowieża's team); the police, also in the powiat team, sees nothing of
  it (need-to-know).
- Coordinates: the catalogue's places in Hajnówka, Narewka and Siemianówka, and the family cases' localities
  (approximate, the village centre), one place and some cases left without them so that the planner shows its
  fallback to the gmina's centre (core/data/centres.csv).
- The powiat-wide planner run by the PCPR: one plan for both gminas' open basket items, a part for each gmina team.

Runs after `second_authority` (it needs Białowieża's team). Everything through the services.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

from kooperacja.catalog import services as catalog
from kooperacja.catalog.enums import ServiceCategory as C
from kooperacja.cooperation import services as cooperation
from kooperacja.cooperation.enums import MemberLevel, TeamFunction
from kooperacja.core.actors import SYSTEM
from kooperacja.core.models import Territory
from kooperacja.demo.context import DemoContext
from kooperacja.demo.ids import make_nip, make_regon
from kooperacja.demo.scenarios.foundation import HAJNOWKA
from kooperacja.organisations import services as organisations
from kooperacja.organisations.enums import LegalForm

POWIAT_HAJNOWSKI = "2005"
TEAM_NAME = "Powiatowy Zespół Kooperacji w Hajnówce"

# catalogue place (demo/scenarios/catalog.py LOCATIONS key) -> approximate coordinates (WGS 84). "przystan_flat"
# is left without: the planner counts from the centre of Hajnówka and says so.
PLACES = {
    "dobre_rece": ("52.744500", "23.587000"),
    "puszcza": ("52.742000", "23.579000"),
    "zubr": ("52.739000", "23.601000"),
    "przystan": ("52.737000", "23.572000"),
    "kis": ("52.747000", "23.585000"),
    "cal": ("52.743000", "23.576000"),
    "gops": ("52.833000", "23.748000"),
    "gok": ("52.833500", "23.749000"),
    "sp": ("52.831000", "23.746000"),
    "razem": ("52.832000", "23.743000"),
    "zubry": ("52.912000", "23.836000"),  # Siemianówka
}

# case title -> locality and approximate coordinates (None: the gmina's centre stands in)
CASE_PLACES: dict[str, tuple[str, str | None, str | None]] = {
    "Rodzina J.": ("Siemianówka", "52.912000", "23.836000"),
    "Rodzina M.": ("Narewka", "52.833900", "23.746400"),
    "Rodzina W.": ("Lewkowo Stare", "52.826000", "23.836000"),
    "Pan S.": ("Narewka", None, None),
    "Pan S. (Białowieża)": ("Białowieża", "52.700600", "23.869400"),
}

# member key -> agreement scope (the lead, PCPR, joins when the team is founded)
POWIAT_MEMBERS = [
    ("kpp_hajnowka", "Dzielnicowi i zespół ds. przeciwdziałania przemocy: sprawy z gmin powiatu."),
    ("kuratorzy", "Kuratorzy rodzinni i dla dorosłych w sprawach rodzin z gmin powiatu."),
    ("oik_hajnowka", "Interwencja kryzysowa i hostel dla osób doznających przemocy z całego powiatu."),
    ("ppp_hajnowka", "Diagnoza i pomoc psychologiczno-pedagogiczna dla dzieci i rodziców z gmin powiatu."),
]


def seed(ctx: DemoContext) -> None:
    if "pcpr_hajnowka" not in ctx.orgs or "partner" not in ctx.users or "second_authority" not in ctx.extra:
        return
    today = ctx.today
    partner, police = ctx.users["partner"], ctx.users.get("police")
    _coordinates(ctx)

    ctx.orgs["ppp_hajnowka"] = organisations.organisation_add(
        actor=SYSTEM,
        data={
            "name": "Poradnia Psychologiczno-Pedagogiczna w Hajnówce",
            "short_name": "PPP Hajnówka",
            "legal_form": LegalForm.SCHOOL,
            "territory": ctx.territories[HAJNOWKA],
            "street": "ul. Piłsudskiego 8",
            "postal_code": "17-200",
            "city": "Hajnówka",
            "email": "kontakt@ppp-hajnowka.demo",
            "phone": "+48 85 682 99 00",
            "nip": make_nip(201),
            "regon": make_regon(201),
            "is_pes": False,
            "areas": ["family", "youth"],
            "description": "Poradnia powiatu hajnowskiego – organizacja demonstracyjna platformy Kooperacja.",
        },
        verified=True,
    )
    team = cooperation.powiat_team_create(
        actor=partner,
        powiat=Territory.objects.get(code=POWIAT_HAJNOWSKI),
        lead_organisation=ctx.orgs["pcpr_hajnowka"],
        name=TEAM_NAME,
        founded_on=today - timedelta(days=300),
        description=(
            "Instytucje powiatu hajnowskiego współpracują z zespołami gmin: przyjmują skierowania z ich spraw i "
            "wspólnie planują miejsca w usługach powiatu."
        ),
    )
    members = {"pcpr_hajnowka": team.members.get()}
    for i, (key, scope) in enumerate(POWIAT_MEMBERS):
        members[key] = cooperation.team_member_add(
            actor=partner,
            team=team,
            organisation=ctx.orgs[key],
            level=MemberLevel.POWIAT,
            agreement_signed_on=today - timedelta(days=290 - 15 * i),
            agreement_scope=scope,
            agreement_number=f"POR/PZK-P/{(today - timedelta(days=290)).year}/{i + 1:02d}",
        )
    cooperation.team_person_add(
        actor=partner, team=team, member=members["pcpr_hajnowka"], user=partner, function=TeamFunction.ANIMATOR_POWIAT
    )
    if police is not None:
        cooperation.team_person_add(
            actor=partner, team=team, member=members["kpp_hajnowka"], user=police, function=TeamFunction.REPRESENTATIVE
        )

    # Białowieża's case of Pan S.: a basket item for the powiat planner and a referral to the PCPR.
    second = ctx.extra["second_authority"]
    sw_b = ctx.users["social_worker_b"]
    pan_s = next(c for c in second["cases"] if c.title == "Pan S. (Białowieża)")
    beneficiary = pan_s.persons.first()
    cooperation.action_add(
        actor=sw_b,
        case=pan_s,
        title="Zajęcia w klubie seniora",
        responsible=ctx.orgs["gops_bialowieza"],
        starts_on=today,
        ends_on=today + timedelta(days=120),
        beneficiary=beneficiary,
        category=C.SENIORS,
        priority=3,
    )
    cooperation.referral_send(
        actor=sw_b,
        case=pan_s,
        to_organisation=ctx.orgs["pcpr_hajnowka"],
        request=(
            "Prosimy o pomoc w złożeniu wniosku o dofinansowanie turnusu rehabilitacyjnego i zaopatrzenia w sprzęt "
            "(PFRON) dla osoby z niepełnosprawnością mieszkającej samotnie."
        ),
        due_on=today + timedelta(days=21),
    )

    proposal = cooperation.plan_propose_powiat(actor=partner, team=team, max_distance_km=40)
    ctx.extra["powiat"] = {"team": team, "proposal": proposal}
    ctx.stdout(
        f"Zespół powiatowy: {TEAM_NAME} – {len(members)} instytucji, zespoły gminne Narewki i Białowieży; "
        f"plan powiatowy: spełnione {proposal.stats['met']} z {proposal.stats['needs']} potrzeb."
    )


def _coordinates(ctx: DemoContext) -> None:
    locations: dict[str, Any] = ctx.extra.get("catalog", {}).get("locations", {})
    for key, (lat, lon) in PLACES.items():
        if key in locations:
            catalog.location_set_coordinates(
                actor=SYSTEM, location=locations[key], latitude=Decimal(lat), longitude=Decimal(lon)
            )
    cases = [*ctx.extra.get("cooperation", {}).get("cases", {}).values(), *ctx.extra["second_authority"]["cases"]]
    for case in cases:
        place = CASE_PLACES.get(case.title)
        if place is None:
            continue
        locality, case_lat, case_lon = place
        cooperation.case_set_place(
            actor=case.case_worker,
            case=case,
            locality=locality,
            latitude=Decimal(case_lat) if case_lat else None,
            longitude=Decimal(case_lon) if case_lon else None,
        )
