"""Konsorcjum OdNowa reports and answers a new call (issue 17, "Consortia"), after `consortia_governance`:

- the office accepts the members' reports (with their accounting documents per cost row, `consortia._split`); the
  town asks for the list of the members' documents in the contract's partial report, and the office fills the
  report's expenses per cost row and its list of documents from the accepted member reports (no retyping) and
  submits it again (art. 18 OPP);
- the town publishes a new call with three lots for next year; the coordinator builds the joint offer draft from the
  register of the members' capacity (a member proposed for each lot) and leaves it to review before submitting.

Everything through the services, as the town's officer and the consortium's own people."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from kooperacja.commissioning import services as commissioning
from kooperacja.commissioning.enums import CallMode, LotSector, TaskForm
from kooperacja.consortia import joint_offer, selectors, services
from kooperacja.consortia.enums import ReportStatus
from kooperacja.demo.context import DemoContext

D = Decimal
NEW_PACKAGE = "Usługi społeczne Hajnówki – kontynuacja"
NEW_CALL = "Kontynuacja usług dla seniorów, młodzieży i dzieci (konkurs ofert, art. 11 i 13 OPP)"
# name, sector, target group, scope, participants, budget
NEW_LOTS = [
    (
        "Klub seniora w Dolnej Hajnówce",
        LotSector.SENIORS,
        "Osoby 60+ z dzielnicy Dolna Hajnówka.",
        "Klub dzienny 3 dni w tygodniu z posiłkiem i zajęciami ruchowymi.",
        20,
        D("90000.00"),
    ),
    (
        "Klub młodzieżowy z mentoringiem",
        LotSector.YOUTH,
        "Młodzież 13–18 lat.",
        "Popołudniowy klub z mentorami i doradztwem edukacyjnym.",
        25,
        D("70000.00"),
    ),
    (
        "Świetlica popołudniowa dla dzieci 6–12 lat",
        LotSector.CHILDREN_DAY_ROOM,
        "Dzieci 6–12 lat, w tym z rodzin korzystających z pomocy społecznej.",
        "Świetlica 5 dni w tygodniu: odrabianie lekcji, zajęcia, posiłek.",
        20,
        D("60000.00"),
    ),
]


def seed(ctx: DemoContext) -> None:
    consortium = ctx.extra["consortia"]["open_resolution"].consortium  # Konsorcjum OdNowa (scenario `consortia`)
    _contract_report(ctx, consortium)
    _joint_offer(ctx, consortium)


def _contract_report(ctx: DemoContext, consortium: Any) -> None:
    contract = selectors.contracts_of(consortium).order_by("pk").first()
    plan = selectors.approved_plan(contract) if contract else None
    if plan is None:
        return
    coordinator = ctx.users["coordinator"]
    officer = ctx.users["officer"]
    for summary in selectors.plan_status(plan):
        for row in summary.rows:
            for member_report in row.reports:
                if member_report.status == ReportStatus.SUBMITTED and member_report.expenses.exists():
                    services.delivery_report_review(
                        actor=coordinator, report=member_report, accept=True, note="Dokumenty zgodne z podziałem."
                    )
    report = contract.reports.filter(kind="partial", state="submitted").order_by("period_start").first()
    if report is None:
        return
    commissioning.report_review(
        actor=officer,
        report=report,
        decision="corrections",
        note="Proszę dołączyć zestawienie dokumentów księgowych członków konsorcjum według pozycji kosztorysu.",
        corrections_due=ctx.today + dt.timedelta(days=14),
    )
    report.refresh_from_db()
    services.consortium_report_feed(actor=coordinator, consortium=consortium, contract=contract, report=report)
    report.refresh_from_db()
    commissioning.report_submit(actor=coordinator, report=report)


def _joint_offer(ctx: DemoContext, consortium: Any) -> None:
    officer = ctx.users["officer"]
    today = ctx.today
    um = ctx.orgs["um_hajnowka"]
    package = commissioning.package_create(
        actor=officer,
        municipality=um,
        name=NEW_PACKAGE,
        year=today.year + 1,
        description="Kontynuacja trzech usług pakietu OdNowa w kolejnym roku, z nową lokalizacją klubu seniora.",
    )
    for name, sector, group, scope, people, budget in NEW_LOTS:
        commissioning.lot_save(
            actor=officer,
            package=package,
            data={
                "name": name,
                "sector": sector,
                "target_group": group,
                "scope": scope,
                "minimum_standard": "Opiekun na 10–15 uczestników; lokal dostępny architektonicznie.",
                "planned_participants": people,
                "budget": budget,
                "indicators": [{"name": "Uczestnicy regularnie korzystający", "target": people, "unit": "osób"}],
            },
        )
    start, end = today + dt.timedelta(days=60), today + dt.timedelta(days=420)
    deadline = timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=21), dt.time(15, 0)))
    call = commissioning.call_create(
        actor=officer,
        authority=um,
        mode=CallMode.OPP_OPEN,
        title=NEW_CALL,
        package=package,
        data={
            "number": f"OKS.524.4.{today.year}",
            "task_form": TaskForm.SUPPORT,
            "task_type": "Wspieranie realizacji zadań z zakresu pomocy społecznej i wspierania rodziny (3 części).",
            "funds_total": D("220000.00"),
            "award_rules": "Dotacja na wspieranie zadania; wymagany wkład własny co najmniej 5% kosztów; "
            "dopuszcza się oferty wspólne (art. 14 ust. 2 OPP).",
            "delivery_start": start,
            "delivery_end": end,
            "delivery_conditions": "Realizacja zgodnie ze standardem minimalnym każdej części pakietu.",
            "offer_deadline": deadline,
            "selection_procedure": "Ocena formalna, opinia komisji konkursowej wg kryteriów art. 15 ust. 1 OPP, "
            "wybór ofert przez Burmistrza Miasta Hajnówka.",
            "selection_date": today + dt.timedelta(days=42),
            "previous_tasks": f"W {today.year} r. zlecono zadania tego rodzaju w pakiecie OdNowa.",
            "min_own_share": D("5.00"),
            "max_grant": D("220000.00"),
            "allow_joint_offers": True,
        },
    )
    published = today - dt.timedelta(days=2)
    call = commissioning.call_publish(
        actor=officer,
        call=call,
        publications=[
            ("bip", published, "https://bip.hajnowka.pl/ogloszenia"),
            ("notice_board", published, "Tablica ogłoszeń, ul. Aleksego Zina 1"),
            ("website", published, "https://hajnowka.pl/ngo"),
        ],
        now=timezone.make_aware(dt.datetime.combine(published, dt.time(9, 0))),
    )
    # The coordinator takes the register's proposal for every lot that has one.
    proposals = joint_offer.proposals(consortium, call)
    choices = {p.lot.pk: p.proposed.capacity for p in proposals if p.proposed is not None}
    offer = services.joint_offer_build(
        actor=ctx.users["coordinator"], consortium=consortium, call=call, choices=choices
    )
    ctx.extra["consortia"]["joint_offer_call"] = call
    ctx.extra["consortia"]["joint_offer_draft"] = offer
