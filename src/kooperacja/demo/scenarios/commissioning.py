"""Demo commissioning: the "OdNowa" package of Hajnówka with six lots; a finished OPP competition (a joint offer
of the consortium led by CAL „Razem” and a single offer of OWOP, a commission with declarations and scores, an
award lower than requested, a contract with tranches and a first partial report); an open OPP call whose offers
are still sealed; a Pzp procedure built with the social-clause helper; a small grant and an own-initiative request.

Everything goes through the services. Competitions in the past are run with the services' clock parameter
(`now`: the moment of publication, submission, opening), so their dates are real records, relative to
`ctx.today`; the pages never pass a clock, for users the server clock decides. A second competition waits at the
scoring stage for the commission member `komisja@hajnowka.demo` (declaration and scores).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from kooperacja.commissioning import services
from kooperacja.commissioning.enums import CallMode, ClauseKind, CommissionRole, LotSector, TaskForm
from kooperacja.commissioning.services import (
    ActionLine,
    BudgetLine,
    ExpenseLine,
    IndicatorLine,
    InvoiceLine,
    PartnerLine,
)
from kooperacja.demo.context import DemoContext

if TYPE_CHECKING:
    from kooperacja.commissioning.models import Call, Offer

D = Decimal
PACKAGE_NAME = "Pakiet usług społecznych OdNowa"
FINISHED_TITLE = "Otwarty konkurs ofert – realizacja pakietu usług społecznych OdNowa"
OPEN_TITLE = "Otwarty konkurs ofert – Inkubator NGO i PES w Hajnówce (nabór uzupełniający)"
SCORING_TITLE = "Otwarty konkurs ofert – Młodzieżowe centrum aktywności w soboty i ferie"
PZP_TITLE = "Usługi asystencji osobistej i opieki wytchnieniowej dla seniorów (zamówienie zastrzeżone, art. 361 Pzp)"

# number, name, sector, target group, scope, standard, participants, hours, places, budget, catalogue key, indicators
LOTS = [
    (
        "Klub seniora",
        LotSector.SENIORS,
        "Osoby 60+ zamieszkałe w Hajnówce, w szczególności samotne.",
        "Klub dzienny 5 dni w tygodniu: zajęcia ruchowe, kulturalne, poradnictwo, posiłek.",
        "Opiekun na 15 uczestników; lokal dostępny architektonicznie.",
        40,
        1200,
        30,
        D("180000.00"),
        "senior_club",
        [{"name": "Seniorzy regularnie uczestniczący", "target": 40, "unit": "osób"}],
    ),
    (
        "Młodzieżowe centrum aktywności",
        LotSector.YOUTH,
        "Młodzież 13–18 lat, w tym z rodzin korzystających z pomocy społecznej.",
        "Zajęcia popołudniowe, wolontariat, projekty młodzieżowe, wsparcie psychologa.",
        "Animator na 12 uczestników; psycholog 8 godz. w miesiącu.",
        35,
        900,
        25,
        D("120000.00"),
        "youth",
        [{"name": "Młodzież w projektach", "target": 35, "unit": "osób"}],
    ),
    (
        "Świetlica środowiskowa dla dzieci",
        LotSector.CHILDREN_DAY_ROOM,
        "Dzieci 6–12 lat z rodzin przeżywających trudności.",
        "Świetlica opiekuńczo-wychowawcza: odrabianie lekcji, posiłek, zajęcia rozwijające.",
        "Wychowawca na 15 dzieci (rozporządzenie o placówkach wsparcia dziennego).",
        30,
        1500,
        30,
        D("150000.00"),
        "day_room",
        [{"name": "Dzieci objęte opieką świetlicy", "target": 30, "unit": "dzieci"}],
    ),
    (
        "Wychodzenie z bezdomności: programy i mieszkania treningowe",
        LotSector.HOMELESSNESS,
        "Osoby bezdomne i zagrożone bezdomnością z terenu Hajnówki.",
        "Streetworking, indywidualne programy wychodzenia z bezdomności (art. 49), mieszkania treningowe (art. 53).",
        "Indywidualny program dla każdej osoby; 4 miejsca w mieszkaniu treningowym.",
        20,
        800,
        4,
        D("200000.00"),
        "homelessness",
        [{"name": "Osoby realizujące program wychodzenia z bezdomności", "target": 12, "unit": "osób"}],
    ),
    (
        "Aktywizacja osób bezrobotnych – klub integracji społecznej",
        LotSector.UNEMPLOYED,
        "Osoby długotrwale bezrobotne, w tym korzystające z pomocy społecznej.",
        "Klub pracy, doradztwo zawodowe, trening pracy, staże u lokalnych pracodawców.",
        "Doradca zawodowy i trener pracy; indywidualny plan dla każdego uczestnika.",
        25,
        1000,
        25,
        D("140000.00"),
        "job_club",
        [{"name": "Uczestnicy podejmujący zatrudnienie", "target": 8, "unit": "osób"}],
    ),
    (
        "Inkubator NGO i PES",
        LotSector.INCUBATOR,
        "Organizacje pozarządowe, grupy nieformalne i podmioty ekonomii społecznej z Hajnówki.",
        "Doradztwo prawne i księgowe, pomoc w pisaniu ofert, zakładanie spółdzielni socjalnych.",
        "Co najmniej 2 dyżury doradcze w tygodniu.",
        15,
        400,
        0,
        D("60000.00"),
        "incubator",
        [{"name": "Organizacje objęte wsparciem", "target": 15, "unit": "organizacji"}],
    ),
]

# partner key, lot number, row name, quantity, unit, unit cost, grant or None, own financial, personal, in kind
JOINT_BUDGET = [
    (
        "cal_hajnowka",
        1,
        "Koordynacja pakietu i zajęcia w klubie seniora",
        12,
        "mies.",
        "5000.00",
        None,
        "0",
        "6000.00",
        "0",
    ),
    ("ss_dobre_rece", 1, "Opiekunowie klubu seniora", 12, "mies.", "9000.00", None, "0", "4000.00", "0"),
    ("fundacja_puszcza", 2, "Animatorzy młodzieżowi i psycholog", 12, "mies.", "8000.00", None, "6000.00", "0", "0"),
    ("ss_zubr", 3, "Wychowawcy świetlicy", 12, "mies.", "10000.00", None, "0", "6000.00", "0"),
    ("ss_zubr", 3, "Wyżywienie i materiały", 12, "mies.", "2000.00", None, "0", "0", "2000.00"),
    (
        "przystan",
        4,
        "Streetworking i programy wychodzenia z bezdomności",
        12,
        "mies.",
        "9500.00",
        None,
        "0",
        "6000.00",
        "0",
    ),
    ("przystan", 4, "Utrzymanie mieszkań treningowych", 12, "mies.", "6000.00", None, "2000.00", "0", "0"),
    ("kis_hajnowka", 5, "Doradca zawodowy i trener pracy", 12, "mies.", "10000.00", None, "0", "4000.00", "0"),
]
JOINT_ACTIONS = {
    "cal_hajnowka": "koordynacja konsorcjum, klub seniora (zajęcia)",
    "ss_dobre_rece": "klub seniora (opieka)",
    "fundacja_puszcza": "młodzieżowe centrum aktywności",
    "ss_zubr": "świetlica środowiskowa",
    "przystan": "programy wychodzenia z bezdomności, mieszkania treningowe",
    "kis_hajnowka": "klub integracji społecznej",
}
PARTNERS = ["ss_dobre_rece", "fundacja_puszcza", "ss_zubr", "przystan", "kis_hajnowka"]


def _at(day: dt.date, hour: int = 12) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _publish_in_three_channels(officer: Any, call: Any, published: dt.date) -> Any:
    """Hajnówka publishes a competition in BIP, on the notice board and on its website on the same day, at 9:00."""
    return services.call_publish(
        actor=officer,
        call=call,
        publications=[
            ("bip", published, "https://bip.hajnowka.pl/ogloszenia"),
            ("notice_board", published, "Tablica ogłoszeń, ul. Aleksego Zina 1"),
            ("website", published, "https://hajnowka.pl/ngo"),
        ],
        now=_at(published, 9),
    )


def _admin_permissions() -> None:
    """Platform administrators edit the social-clause library in the Django admin."""
    from django.contrib.auth.models import Group, Permission

    group = Group.objects.filter(name="Administratorzy platformy").first()
    if group is not None:
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="commissioning",
                content_type__model__in=["clausetemplate", "callclause", "servicepackage", "lot"],
            )
        )


def seed(ctx: DemoContext) -> None:
    _admin_permissions()
    today = ctx.today
    officer = ctx.users["officer"]
    um = ctx.orgs["um_hajnowka"]
    catalog = (ctx.extra.get("catalog") or {}).get("services", {})

    package = services.package_create(
        actor=officer,
        municipality=um,
        name=PACKAGE_NAME,
        year=today.year,
        description="Wielosektorowy pakiet usług społecznych Hajnówki realizowany w modelu kooperacji.",
    )
    lots = []
    for name, sector, group, scope, standard, people, hours, places, budget, cat_key, indicators in LOTS:
        lots.append(
            services.lot_save(
                actor=officer,
                package=package,
                data={
                    "name": name,
                    "sector": sector,
                    "target_group": group,
                    "scope": scope,
                    "minimum_standard": standard,
                    "planned_participants": people,
                    "planned_hours": hours,
                    "planned_places": places,
                    "budget": budget,
                    "indicators": indicators,
                    "services": [catalog[cat_key]] if cat_key in catalog else [],
                },
            )
        )

    finished = _finished_call(ctx, package, lots)
    contract = _contract(ctx, finished)
    open_call = _open_call(ctx, package, lots, finished)
    scoring = _scoring_call(ctx, package, lots)
    pzp = _pzp_call(ctx, package)
    small = _small_grant(ctx)
    initiative = services.own_initiative_submit(
        actor=ctx.users["ngo_staff"],
        authority=um,
        organisation=ctx.orgs["fundacja_puszcza"],
        title="Młodzieżowa Rada Puszczy – wsparcie rady młodzieżowej",
        description="Spotkania, szkolenia i budżet partycypacyjny dla młodzieży Hajnówki (art. 12 OPP).",
        cost_estimate=D("18000.00"),
    )
    ctx.extra["commissioning"] = {
        "package": package,
        "lots": lots,
        "finished_call": finished,
        "contract": contract,
        "joint_offer": contract.offer,
        "open_call": open_call,
        "scoring_call": scoring,
        "pzp_call": pzp,
        "small_grant": small,
        "own_initiative": initiative,
    }
    ctx.stdout(
        f"Zlecanie usług: pakiet „{PACKAGE_NAME}” (6 części), konkurs rozstrzygnięty z umową {contract.number}, "
        f"nabór otwarty do {timezone.localtime(open_call.offer_deadline):%d.%m.%Y %H:%M}."
    )


def _finished_call(ctx: DemoContext, package: Any, lots: list[Any]) -> Call:
    today = ctx.today
    officer = ctx.users["officer"]
    coordinator = ctx.users["coordinator"]
    start, end = today - dt.timedelta(days=90), today + dt.timedelta(days=270)
    published, deadline = today - dt.timedelta(days=150), today - dt.timedelta(days=120)
    call = services.call_create(
        actor=officer,
        authority=ctx.orgs["um_hajnowka"],
        mode=CallMode.OPP_OPEN,
        title=FINISHED_TITLE,
        package=package,
        data={
            "number": f"OKS.524.1.{start.year}",
            "task_form": TaskForm.SUPPORT,
            "task_type": "Wspieranie realizacji zadań z zakresu pomocy społecznej, wspierania rodziny, "
            "przeciwdziałania bezdomności i aktywizacji zawodowej (pakiet OdNowa, części 1–6).",
            "funds_total": D("850000.00"),
            "award_rules": "Dotacja na wspieranie zadania; wymagany wkład własny co najmniej 5% kosztów; "
            "dopuszcza się oferty wspólne (art. 14 ust. 2 OPP).",
            "delivery_start": start,
            "delivery_end": end,
            "delivery_conditions": "Realizacja zgodnie ze standardem minimalnym każdej części pakietu.",
            "offer_deadline": _at(deadline, 15),
            "selection_procedure": "Ocena formalna, opinia komisji konkursowej wg kryteriów art. 15 ust. 1 OPP, "
            "wybór ofert przez Burmistrza Miasta Hajnówka.",
            "selection_date": deadline + dt.timedelta(days=21),
            "previous_tasks": f"W {start.year - 1} r. zlecono 4 zadania tego rodzaju na łączną kwotę 610 000 zł.",
            "min_own_share": D("5.00"),
            "max_grant": D("800000.00"),
        },
    )
    call = _publish_in_three_channels(officer, call, published)
    submitted = _at(deadline - dt.timedelta(days=1), 11)
    joint = _joint_offer(ctx, call, lots[:5], start, end, now=submitted)
    single = _owop_offer(ctx, call, lots[5], start, end, received_at=submitted)

    call = services.call_open_offers(actor=officer, call=call, now=_at(deadline + dt.timedelta(days=1), 9))
    joint.refresh_from_db()
    single.refresh_from_db()
    services.offer_formal_decision(actor=officer, offer=joint, eligible=True)
    services.offer_formal_decision(actor=officer, offer=single, eligible=True)
    call = services.call_finish_formal_review(actor=officer, call=call)
    services.commission_appoint(actor=officer, call=call, user=officer, role=CommissionRole.AUTHORITY, is_chair=True)
    services.commission_appoint(actor=officer, call=call, user=ctx.users["commission"], role=CommissionRole.AUTHORITY)
    marks = {
        joint.pk: [(9, 8, 9, 4, 5, 5), (8, 8, 9, 4, 4, 5)],
        single.pk: [(6, 5, 6, 2, 2, 4), (5, 6, 5, 2, 3, 4)],
    }
    for idx, user in enumerate([officer, ctx.users["commission"]]):
        services.declaration_sign(actor=user, call=call, confirm=True)
        for offer in (joint, single):
            criteria = list(call.criteria.order_by("order"))
            services.score_submit(
                actor=user,
                offer=offer,
                scores={
                    c.pk: (D(p), "Ocena na podstawie oferty i doświadczenia oferenta w poprzednich latach.")
                    for c, p in zip(criteria, marks[offer.pk][idx], strict=True)
                },
            )
    call = services.call_record_opinion(
        actor=officer,
        call=call,
        opinion="Komisja rekomenduje ofertę wspólną Konsorcjum OdNowa (części 1–5) z obniżeniem kwoty do 650 000 zł; "
        "oferta OWOP (część 6) nie uzyskała minimum punktowego.",
    )
    call = services.call_decide(
        actor=officer,
        call=call,
        awards={joint.pk: D("650000.00"), single.pk: None},
        note="Zgodnie z opinią komisji konkursowej.",
    )
    call = services.call_publish_results(actor=officer, call=call)
    joint.refresh_from_db()
    # the grant is lower than requested: the consortium submits the updated budget and schedule, the office accepts
    assert joint.start_date is not None and joint.end_date is not None, "the demo offer has dates"
    update = services.offer_update_submit(
        actor=coordinator,
        offer=joint,
        start_date=joint.start_date,
        end_date=joint.end_date,
        budget=services.update_proposal(joint),
        note="Bez zmian terminów; koszty wszystkich pozycji zmniejszone proporcjonalnie do przyznanej dotacji, "
        "wkład osobowy i rzeczowy zachowany w tej samej proporcji.",
    )
    services.offer_update_accept(actor=officer, update=update)
    services.reasons_request_create(
        call=call,
        requester_name="Ośrodek Wspierania Organizacji Pozarządowych",
        requester_email="kontakt@owop.demo",
        question="Prosimy o uzasadnienie nieprzyznania dotacji na część 6 (art. 15 ust. 2j OPP).",
        offer=single,
    )
    return call


def _joint_offer(
    ctx: DemoContext, call: Call, lots: list[Any], start: dt.date, end: dt.date, *, now: dt.datetime
) -> Offer:
    coordinator = ctx.users["coordinator"]
    lead = ctx.orgs["cal_hajnowka"]
    offer = services.offer_create(
        actor=coordinator,
        call=call,
        lead_organisation=lead,
        title="OdNowa – kooperacja usług społecznych w Hajnówce",
        now=now,
    )
    by_number = {lot.number: lot for lot in lots}
    budget = [
        BudgetLine(
            name=name,
            quantity=D(qty),
            unit=unit,
            unit_cost=D(cost),
            lot_id=by_number[lot_no].pk,
            partner_org_id=ctx.orgs[key].pk,
            from_grant=grant,
            own_financial=D(own),
            personal=D(personal),
            in_kind=D(in_kind),
        )
        for key, lot_no, name, qty, unit, cost, grant, own, personal, in_kind in JOINT_BUDGET
    ]
    actions = [
        ActionLine(
            name=lot.name,
            description=f"Realizacja części {lot.number} zgodnie ze standardem minimalnym.",
            lot_id=lot.pk,
            responsible_org_id=ctx.orgs[key].pk,
            start_date=start,
            end_date=end,
        )
        for lot, key in zip(
            lots, ["ss_dobre_rece", "fundacja_puszcza", "ss_zubr", "przystan", "kis_hajnowka"], strict=True
        )
    ]
    actions.insert(
        0,
        ActionLine(
            name="Koordynacja konsorcjum i monitoring rezultatów",
            lot_id=lots[0].pk,
            responsible_org_id=lead.pk,
            start_date=start,
            end_date=end,
        ),
    )
    indicators = [
        IndicatorLine(
            name=lot.indicators[0]["name"],
            planned_level=D(lot.indicators[0]["target"]),
            unit=lot.indicators[0]["unit"],
            monitoring="listy obecności, rejestr uczestników w Kooperacji",
            lot_id=lot.pk,
        )
        for lot in lots
    ]
    services.offer_save(
        actor=coordinator,
        offer=offer,
        data={
            "start_date": start,
            "end_date": end,
            "summary": "Pięć usług pakietu OdNowa realizowanych wspólnie przez konsorcjum sześciu organizacji.",
            "place": "Hajnówka",
            "target_group": "Seniorzy, młodzież, dzieci, osoby bezdomne i bezrobotne z Hajnówki.",
            "expected_results": "Stała oferta usług społecznych w pięciu obszarach, jedna ścieżka dla rodzin.",
            "contact_person": "Katarzyna Koordynatorka",
            "contact_email": "koordynator@odnowa.demo",
            "contact_phone": "+48 85 682 04 00",
            "experience": "Członkowie konsorcjum prowadzą usługi w Hajnówce od 2012 r.; CAL „Razem” koordynował "
            "trzy projekty partnerskie.",
            "resources": "Lokale klubu seniora, świetlicy i KIS; 24 osoby kadry; 30 wolontariuszy.",
            "declarations_accepted": True,
        },
        partners=[PartnerLine(ctx.orgs[key].pk, JOINT_ACTIONS[key]) for key in ["cal_hajnowka", *PARTNERS]],
        lot_ids=[lot.pk for lot in lots],
        actions=actions,
        indicators=indicators,
        budget=budget,
        now=now,
    )
    return services.offer_submit(actor=coordinator, offer=offer, now=now)


def _owop_offer(
    ctx: DemoContext, call: Call, lot: Any, start: dt.date, end: dt.date, *, received_at: dt.datetime
) -> Offer:
    """OWOP has no offeror account in the demo: the office registers the offer it delivered on paper."""
    return services.offer_register_paper(
        actor=ctx.users["officer"],
        received_at=received_at,
        call=call,
        lead_organisation=ctx.orgs["owop"],
        data={
            "title": "Inkubator organizacji pozarządowych w Hajnówce",
            "start_date": start,
            "end_date": end,
            "summary": "Dyżury doradcze, szkolenia z pisania ofert i księgowości dla organizacji z Hajnówki.",
            "place": "Hajnówka (dyżury w CAL) i Białystok",
            "target_group": "NGO i PES z Hajnówki",
            "expected_results": "15 organizacji objętych wsparciem.",
            "contact_person": "Biuro OWOP",
            "contact_email": "kontakt@owop.demo",
            "experience": "Ośrodek wspiera organizacje w województwie podlaskim od 1998 r.",
            "declarations_accepted": True,
        },
        lot_ids=[lot.pk],
        actions=[ActionLine(name="Dyżury doradcze", lot_id=lot.pk, start_date=start, end_date=end)],
        indicators=[
            IndicatorLine(name="Organizacje objęte wsparciem", planned_level=D(15), unit="organizacji", lot_id=lot.pk)
        ],
        budget=[
            BudgetLine(
                name="Doradcy",
                quantity=D(12),
                unit="mies.",
                unit_cost=D("4800.00"),
                personal=D("2900.00"),  # 5% own share required by the call (the paper offer is checked too)
                lot_id=lot.pk,
            )
        ],
    )


def _contract(ctx: DemoContext, call: Call) -> Any:
    today = ctx.today
    officer = ctx.users["officer"]
    coordinator = ctx.users["coordinator"]
    offer = call.offers.get(lead_organisation=ctx.orgs["cal_hajnowka"])
    amount = offer.awarded_amount
    assert amount is not None and offer.start_date is not None, "the demo offer was awarded with dates"
    first = (amount / 2).quantize(D("0.01"))
    contract = services.contract_create(
        actor=officer,
        offer=offer,
        number=f"OKS.526.1.{offer.start_date.year}",
        tranches=[(offer.start_date, first), (today + dt.timedelta(days=90), amount - first)],
    )
    contract = services.contract_sign(
        actor=officer, contract=contract, signed_on=offer.start_date - dt.timedelta(days=5)
    )
    services.tranche_mark_paid(actor=officer, tranche=contract.tranches.get(number=1), paid_on=offer.start_date)
    report = services.report_demand(
        actor=officer,
        contract=contract,
        period_start=contract.start_date,
        period_end=today - dt.timedelta(days=1),
        due_date=today + dt.timedelta(days=30),
    )
    rows = list(offer.budget_rows.order_by("order"))
    share = D("0.25")
    services.report_save(
        actor=coordinator,
        report=report,
        actions_done="Uruchomiono wszystkie pięć usług; klub seniora i świetlica działają 5 dni w tygodniu, "
        "w mieszkaniu treningowym mieszkają 3 osoby.",
        indicators={ind.pk: (ind.planned_level * D("0.6")).quantize(D("1")) for ind in offer.indicators.all()},
        expenses=[
            ExpenseLine(
                budget_row_id=r.pk,
                from_grant=(r.from_grant * share).quantize(D("0.01")),
                own_financial=(r.own_financial * share).quantize(D("0.01")),
                personal=(r.personal * share).quantize(D("0.01")),
                in_kind=(r.in_kind * share).quantize(D("0.01")),
            )
            for r in rows
        ],
        invoices=[
            InvoiceLine(
                budget_row_id=r.pk,
                number=f"FV/{i:03d}/{today.year}",
                issuer=r.partner.organisation.name if r.partner else "CAL „Razem”",
                issue_date=today - dt.timedelta(days=30 - i),
                amount=(r.from_grant * share).quantize(D("0.01")),
                from_grant=(r.from_grant * share).quantize(D("0.01")),
            )
            for i, r in enumerate(rows, start=1)
        ],
    )
    services.report_submit(actor=coordinator, report=report)
    _change_requests(ctx, contract)
    return contract


def _change_requests(ctx: DemoContext, contract: Any) -> None:
    """Changes during the contract: a shift beyond the contract's 10 % approved into an annex, a small shift
    approved without one, and a request (schedule and people) waiting for the office."""
    officer, coordinator = ctx.users["officer"], ctx.users["coordinator"]
    rows = {r.name: r for r in contract.offer.budget_rows.all()}
    food, flats = rows["Wyżywienie i materiały"], rows["Utrzymanie mieszkań treningowych"]
    big = (food.from_grant * D("0.15")).quantize(D("1"))
    first = services.change_request_submit(
        actor=coordinator,
        contract=contract,
        justification="Ceny żywności wzrosły o kilkanaście procent; w mieszkaniach treningowych mieszka mniej osób "
        "niż planowano, więc ich utrzymanie kosztuje mniej.",
        shifts=[
            services.ShiftLine(food.pk, food.from_grant + big),
            services.ShiftLine(flats.pk, flats.from_grant - big),
        ],
    )
    services.change_request_approve(actor=officer, request=first, signed_on=ctx.today)
    youth, jobs = rows["Animatorzy młodzieżowi i psycholog"], rows["Doradca zawodowy i trener pracy"]
    youth.refresh_from_db()
    jobs.refresh_from_db()
    small = (youth.from_grant * D("0.05")).quantize(D("1"))
    second = services.change_request_submit(
        actor=coordinator,
        contract=contract,
        justification="Dodatkowe godziny psychologa w okresie egzaminów; mniej godzin trenera pracy w wakacje.",
        shifts=[
            services.ShiftLine(youth.pk, youth.from_grant + small),
            services.ShiftLine(jobs.pk, jobs.from_grant - small),
        ],
    )
    services.change_request_approve(actor=officer, request=second)
    action = contract.offer.actions.order_by("order").last()
    assert action is not None and action.start_date is not None, "the demo offer has a schedule"
    services.change_request_submit(
        actor=coordinator,
        contract=contract,
        justification="Warsztaty Klubu Integracji Społecznej są zawieszone na czas remontu sali i wrócą za dwa "
        "tygodnie; zmienia się koordynatorka po stronie konsorcjum.",
        schedule=[services.ScheduleLine(action.pk, ctx.today + dt.timedelta(days=14), contract.end_date)],
        contact=("Anna Nowicka", "biuro@odnowa.demo", "+48 85 682 04 01"),
        staff_change="Trenerkę pracy zastępuje Marta Zielińska (doradczyni zawodowa, 6 lat doświadczenia w KIS).",
    )


def _open_call(ctx: DemoContext, package: Any, lots: list[Any], finished: Call) -> Call:
    today = ctx.today
    officer = ctx.users["officer"]
    call = services.call_clone(actor=officer, call=finished)
    deadline = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=14), dt.time(15, 0)))
    services.call_update(
        actor=officer,
        call=call,
        data={
            "title": OPEN_TITLE,
            "number": f"OKS.524.2.{today.year}",
            "task_type": "Wspieranie działalności organizacji pozarządowych i PES – inkubator "
            "(część 6 pakietu OdNowa).",
            "funds_total": D("60000.00"),
            "max_grant": D("60000.00"),
            "min_grant": D("20000.00"),
            "delivery_start": today + dt.timedelta(days=30),
            "delivery_end": today + dt.timedelta(days=300),
            "offer_deadline": deadline,
            "selection_date": today + dt.timedelta(days=35),
            "allow_joint_offers": True,
        },
        lots=[lots[5]],
    )
    published = today - dt.timedelta(days=10)
    call = _publish_in_three_channels(officer, call, published)
    # a submitted offer (sealed: only its count is visible) and the coordinator's draft
    ngo = ctx.users["ngo_staff"]
    offer = services.offer_create(
        actor=ngo, call=call, lead_organisation=ctx.orgs["fundacja_puszcza"], title="Inkubator inicjatyw młodzieżowych"
    )
    start, end = call.delivery_start, call.delivery_end
    services.offer_save(
        actor=ngo,
        offer=offer,
        data={
            "start_date": start,
            "end_date": end,
            "summary": "Wsparcie grup młodzieżowych w zakładaniu stowarzyszeń i spółdzielni uczniowskich.",
            "place": "Hajnówka",
            "target_group": "Grupy nieformalne młodzieży i młode organizacje.",
            "expected_results": "10 grup objętych wsparciem, 3 nowe organizacje.",
            "contact_person": "Julia Fundacyjna",
            "contact_email": "fundacja@puszcza.demo",
            "experience": "Fundacja prowadzi programy młodzieżowe od 2015 r.",
            "resources": "Lokal fundacji, 2 doradców, 6 wolontariuszy.",
            "declarations_accepted": True,
        },
        lot_ids=[lots[5].pk],
        actions=[ActionLine(name="Dyżury i szkolenia", lot_id=lots[5].pk, start_date=start, end_date=end)],
        indicators=[IndicatorLine(name="Grupy objęte wsparciem", planned_level=D(10), unit="grup", lot_id=lots[5].pk)],
        budget=[
            BudgetLine(
                name="Doradcy i trenerzy",
                quantity=D(9),
                unit="mies.",
                unit_cost=D("5000.00"),
                personal=D("3000.00"),
                lot_id=lots[5].pk,
            )
        ],
    )
    services.offer_submit(actor=ngo, offer=offer)
    services.offer_create(
        actor=ctx.users["coordinator"],
        call=call,
        lead_organisation=ctx.orgs["cal_hajnowka"],
        title="Inkubator Kooperacji – wersja robocza",
    )
    return call


def _scoring_call(ctx: DemoContext, package: Any, lots: list[Any]) -> Call:
    """A competition at the commission's stage: offers opened and found formally correct, the commission appointed;
    its chair has signed the declaration and scored, `komisja@hajnowka.demo` has not yet (the commission journey)."""
    today = ctx.today
    officer = ctx.users["officer"]
    youth = lots[1]
    published, deadline = today - dt.timedelta(days=40), today - dt.timedelta(days=12)
    start, end = today + dt.timedelta(days=20), today + dt.timedelta(days=200)
    call = services.call_create(
        actor=officer,
        authority=ctx.orgs["um_hajnowka"],
        mode=CallMode.OPP_OPEN,
        title=SCORING_TITLE,
        package=package,
        lots=[youth],
        data={
            "number": f"OKS.524.3.{today.year}",
            "task_form": TaskForm.SUPPORT,
            "task_type": "Wspieranie zadań z zakresu pracy z młodzieżą: zajęcia w soboty i w czasie ferii "
            "(część 2 pakietu OdNowa).",
            "funds_total": D("48000.00"),
            "award_rules": "Dotacja na wspieranie zadania; wkład własny co najmniej 5% kosztów.",
            "delivery_start": start,
            "delivery_end": end,
            "delivery_conditions": "Zajęcia w każdą sobotę i codziennie w czasie ferii zimowych.",
            "offer_deadline": _at(deadline, 15),
            "selection_procedure": "Ocena formalna, opinia komisji konkursowej wg kryteriów art. 15 ust. 1 OPP, "
            "wybór ofert przez Burmistrza Miasta Hajnówka.",
            "selection_date": today + dt.timedelta(days=9),
            "previous_tasks": f"W {today.year - 1} r. zlecono 1 zadanie tego rodzaju na kwotę 40 000 zł.",
            "min_own_share": D("5.00"),
            "max_grant": D("48000.00"),
        },
    )
    call = _publish_in_three_channels(officer, call, published)
    submitted = _at(deadline - dt.timedelta(days=2), 10)
    ngo = ctx.users["ngo_staff"]
    youth_offer = services.offer_create(
        actor=ngo,
        call=call,
        lead_organisation=ctx.orgs["fundacja_puszcza"],
        title="Sobotnia Puszcza – zajęcia dla młodzieży",
        now=submitted,
    )
    services.offer_save(
        actor=ngo,
        offer=youth_offer,
        data={
            "start_date": start,
            "end_date": end,
            "summary": "Sobotnie warsztaty, wyjścia terenowe i półkolonie zimowe dla młodzieży 13–18 lat.",
            "place": "Hajnówka, siedziba fundacji i Puszcza Białowieska",
            "target_group": "Młodzież 13–18 lat, w tym z rodzin korzystających z pomocy społecznej.",
            "expected_results": "30 uczestników, 26 sobót zajęć, 10 dni półkolonii.",
            "contact_person": "Julia Fundacyjna",
            "contact_email": "fundacja@puszcza.demo",
            "experience": "Fundacja prowadzi programy młodzieżowe od 2015 r.",
            "resources": "Lokal fundacji, 2 animatorów, 8 wolontariuszy.",
            "declarations_accepted": True,
        },
        lot_ids=[youth.pk],
        actions=[ActionLine(name="Sobotnie zajęcia i półkolonie", lot_id=youth.pk, start_date=start, end_date=end)],
        indicators=[
            IndicatorLine(name="Uczestnicy zajęć", planned_level=D(30), unit="osób", lot_id=youth.pk),
        ],
        budget=[
            BudgetLine(
                name="Animatorzy",
                quantity=D(6),
                unit="mies.",
                unit_cost=D("6000.00"),
                personal=D("2000.00"),
                lot_id=youth.pk,
            ),
            BudgetLine(
                name="Wyżywienie i przejazdy na półkolonii",
                quantity=D(1),
                unit="kpl.",
                unit_cost=D("8000.00"),
                in_kind=D("400.00"),
                lot_id=youth.pk,
            ),
        ],
        now=submitted,
    )
    services.offer_submit(actor=ngo, offer=youth_offer, now=submitted)
    paper = services.offer_register_paper(
        actor=officer,
        call=call,
        lead_organisation=ctx.orgs["owop"],
        received_at=submitted + dt.timedelta(hours=3),
        data={
            "title": "Akademia młodych liderów",
            "start_date": start,
            "end_date": end,
            "summary": "Szkolenia liderskie i projekty społeczne młodzieży w soboty.",
            "place": "Hajnówka (sala CAL)",
            "target_group": "Młodzież 15–18 lat",
            "expected_results": "20 uczestników, 4 projekty młodzieżowe.",
            "contact_person": "Biuro OWOP",
            "contact_email": "kontakt@owop.demo",
            "experience": "Ośrodek prowadzi szkolenia dla liderów od 1998 r.",
            "declarations_accepted": True,
        },
        lot_ids=[youth.pk],
        actions=[ActionLine(name="Szkolenia liderskie", lot_id=youth.pk, start_date=start, end_date=end)],
        indicators=[IndicatorLine(name="Uczestnicy szkoleń", planned_level=D(20), unit="osób", lot_id=youth.pk)],
        budget=[
            BudgetLine(
                name="Trenerzy",
                quantity=D(6),
                unit="mies.",
                unit_cost=D("4500.00"),
                personal=D("1400.00"),
                lot_id=youth.pk,
            )
        ],
    )
    call = services.call_open_offers(actor=officer, call=call, now=_at(deadline + dt.timedelta(days=1), 9))
    for offer in (youth_offer, paper):
        services.offer_formal_decision(actor=officer, offer=offer, eligible=True)
    call = services.call_finish_formal_review(actor=officer, call=call)
    services.commission_appoint(actor=officer, call=call, user=officer, role=CommissionRole.AUTHORITY, is_chair=True)
    services.commission_appoint(actor=officer, call=call, user=ctx.users["commission"], role=CommissionRole.AUTHORITY)
    # the chair has declared and scored both offers; the second member has not yet
    services.declaration_sign(actor=officer, call=call, confirm=True)
    criteria = list(call.criteria.order_by("order"))
    for offer, marks in ((youth_offer, (8, 7, 8, 3, 4, 5)), (paper, (7, 6, 7, 2, 3, 4))):
        services.score_submit(
            actor=officer,
            offer=offer,
            scores={
                c.pk: (D(p), "Ocena na podstawie opisu działań, kalkulacji kosztów i doświadczenia oferenta.")
                for c, p in zip(criteria, marks, strict=True)
            },
        )
    return call


def _pzp_call(ctx: DemoContext, package: Any) -> Call:
    today = ctx.today
    officer = ctx.users["officer"]
    call = services.call_create(
        actor=officer,
        authority=ctx.orgs["um_hajnowka"],
        mode=CallMode.PZP_SOCIAL,
        title=PZP_TITLE,
        package=None,
        data={
            "number": f"ZP.271.7.{today.year}",
            "task_type": "Usługi asystencji osobistej i opieki wytchnieniowej dla seniorów z Hajnówki.",
            "cpv_codes": ["85312000-9", "85311200-4"],
            "estimated_value": D("420000.00"),
            "offer_deadline": timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=40), dt.time(10, 0))),
            "selection_procedure": "Cena 60%, aspekty społeczne 20%, dostępność 20% (art. 242 Pzp).",
            "delivery_start": today + dt.timedelta(days=60),
            "delivery_end": today + dt.timedelta(days=60 + 730),
        },
    )
    services.clause_add(
        actor=officer,
        call=call,
        kind=ClauseKind.ART_361,
        parameters={"services": "asystencja osobista i opieka wytchnieniowa", "years": 2},
    )
    services.clause_add(
        actor=officer,
        call=call,
        kind=ClauseKind.ART_96,
        parameters={"groups": ["bezrobotni", "osoby z niepełnosprawnościami"], "people": 2, "months": 12},
    )
    services.clause_add(
        actor=officer,
        call=call,
        kind=ClauseKind.ART_242,
        parameters={
            "weight": 20,
            "formula": "1 pkt za każdą zatrudnioną osobę z grup art. 96 ust. 2 pkt 2, maks. 20 pkt",
        },
    )
    services.clause_add(
        actor=officer,
        call=call,
        kind=ClauseKind.ART_95,
        parameters={
            "activities": "bezpośrednia opieka i asystencja",
            "evidence": "oświadczenie i zanonimizowane umowy",
            "penalty": "500 zł",
        },
    )
    return call


def _small_grant(ctx: DemoContext) -> Call:
    today = ctx.today
    pes = ctx.users["pes_staff"]
    start = today + dt.timedelta(days=20)
    offer = services.small_grant_submit(
        actor=pes,
        authority=ctx.orgs["um_hajnowka"],
        organisation=ctx.orgs["ss_zubr"],
        title="Wakacyjne warsztaty rękodzieła dla dzieci",
        data={
            "start_date": start,
            "end_date": start + dt.timedelta(days=45),
            "summary": "Dwa tygodnie warsztatów rękodzieła dla 20 dzieci ze świetlicy.",
            "place": "Świetlica SS „Żubr”",
            "target_group": "Dzieci 7–12 lat",
            "expected_results": "20 dzieci, wystawa prac.",
            "contact_person": "Tomasz Spółdzielca",
            "experience": "Spółdzielnia prowadzi świetlicę od 2019 r.",
            "declarations_accepted": True,
        },
        actions=[ActionLine(name="Warsztaty rękodzieła", start_date=start, end_date=start + dt.timedelta(days=45))],
        indicators=[IndicatorLine(name="Uczestnicy warsztatów", planned_level=D(20), unit="dzieci")],
        budget=[
            BudgetLine(
                name="Prowadzący warsztaty", quantity=D(40), unit="godz.", unit_cost=D("120.00"), personal=D("400.00")
            ),
            BudgetLine(
                name="Materiały plastyczne", quantity=D(1), unit="kpl.", unit_cost=D("3000.00"), in_kind=D("300.00")
            ),
        ],
    )
    call = offer.call
    services.small_grant_publish(actor=ctx.users["officer"], call=call, today=today)
    services.public_comment_add(
        call=call,
        author_name="Helena Mieszkanka",
        body="Świetny pomysł – czy przewidziano miejsca dla dzieci z Narewki?",
    )
    return call
