"""Demo consortium "Konsorcjum OdNowa": lead CAL „Razem”, members, bodies, resolutions with votes, the split of the
Hajnówka contract (when the commissioning scenario produced one), delivery reports, support and incubation."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from kooperacja.accounts.enums import Role
from kooperacja.accounts.roles import forget_memberships
from kooperacja.consortia import expenses, selectors, services
from kooperacja.consortia.access import forget
from kooperacja.consortia.enums import (
    AllocationTransparency,
    BodyKind,
    IncubationStage,
    Majority,
    ResolutionKind,
    SeatRole,
    SupportCategory,
    SupportStatus,
    VoteChoice,
)
from kooperacja.core.pdf import PdfDocument
from kooperacja.demo.context import DemoContext
from kooperacja.demo.people import demo_account

if TYPE_CHECKING:
    from kooperacja.accounts.models import User
    from kooperacja.consortia.models import ConsortiumMember

FOUNDERS = ["ss_zubr", "ss_dobre_rece", "fundacja_puszcza", "przystan"]
ADMITTED = "kis_hajnowka"
# Members without a demo login report nothing: their past-due reports show up as late.
EXTRA_USERS = [
    # key, e-mail, name, org, role, what to try
    ("office_worker", "biuro@odnowa.demo", "Magdalena Biurowa", "cal_hajnowka", Role.PES_STAFF, "biuro konsorcjum"),
    (
        "would_be_member",
        "zarzad@nowa-inicjatywa.demo",
        "Natalia Nowicka",
        "nowa_inicjatywa",
        Role.PES_STAFF,
        "inkubacja, zgłoszenie wsparcia",
    ),
]


def _user(ctx: DemoContext, key: str, email: str, name: str, org_key: str, role: str, hint: str) -> User:
    """A demo login of the consortium's office (through the account services, acting as the platform)."""
    return demo_account(ctx, key=key, email=email, full_name=name, memberships=[(org_key, role, False)], hint=hint)


def _refresh(*users: Any) -> None:
    for u in users:
        forget(u)
        forget_memberships(u)


# The member organisation each voting demo user represents.
VOTERS = {"coordinator": "cal_hajnowka", "pes_staff": "ss_zubr", "ngo_staff": "fundacja_puszcza"}


def _vote(res: Any, ctx: DemoContext, votes: dict[str, str]) -> None:
    members = {m.organisation_id: m for m in selectors.current_members(res.consortium)}
    for user_key, choice in votes.items():
        member = members[ctx.orgs[VOTERS[user_key]].pk]
        services.vote_cast(actor=ctx.users[user_key], resolution=res, member=member, choice=choice)


def _agreement_pdf() -> SimpleUploadedFile:
    doc = PdfDocument(title="Umowa konsorcjum „OdNowa” (skan podpisanego egzemplarza – wersja demonstracyjna)")
    doc.paragraph(
        "Strony umowy: CAL „Razem” (lider), SS „Żubr”, SS „Dobre Ręce”, Fundacja „Puszczańska Młodzież”, „Przystań”."
    )
    return SimpleUploadedFile("umowa-konsorcjum-odnowa.pdf", doc.output(), content_type="application/pdf")


def seed(ctx: DemoContext) -> None:
    today = ctx.today
    coordinator = ctx.users["coordinator"]
    for row in EXTRA_USERS:
        _user(ctx, *row)
    office_worker = ctx.users["office_worker"]
    consortium = services.consortium_found(
        actor=coordinator,
        lead=ctx.orgs["cal_hajnowka"],
        members=[ctx.orgs[k] for k in FOUNDERS],
        terms={
            "name": "Konsorcjum OdNowa",
            "short_name": "OdNowa",
            "purpose": (
                "Wspólna realizacja zadań publicznych Hajnówki w pakiecie usług społecznych „OdNowa”: świetlice, "
                "kluby seniora, pomoc osobom w kryzysie bezdomności i reintegracja zawodowa – przez małe organizacje "
                "i spółdzielnie socjalne, wspierane przez wspólne biuro."
            ),
            "start_date": today - dt.timedelta(days=240),
            "agreement_signed_on": today - dt.timedelta(days=245),
            "representation": (
                "Konsorcjum reprezentuje wobec zamawiających lider (CAL „Razem”) na podstawie pełnomocnictwa "
                "członków; lider składa oferty wspólne i zawiera umowy w imieniu wszystkich."
            ),
            "decision_rules": (
                "Zgromadzenie członków decyduje w sprawach członkowskich i strategicznych; zarząd zatwierdza podział "
                "zadań i budżetu umów. Każdy członek ma jeden głos; głosowania odbywają się na platformie."
            ),
            "quorum_percent": 50,
            "ordinary_majority": Majority.SIMPLE,
            "membership_majority": Majority.TWO_THIRDS,
            "admission_rules": "Przyjęcie zweryfikowanej organizacji uchwałą zgromadzenia większością 2/3.",
            "exit_rules": "Wystąpienie z 3-miesięcznym wypowiedzeniem; wykluczenie za rażące naruszenie umowy.",
            "office_cost_share_percent": Decimal("3.00"),
            "office_cost_rules": "Każdy członek przekazuje na biuro 3% swojego przydziału z każdej umowy.",
            "allocation_transparency": AllocationTransparency.OWN,
        },
        agreement_file=_agreement_pdf(),
    )
    bodies = {b.kind: b for b in consortium.bodies.all()}
    members = {m.organisation_id: m for m in consortium.members.all()}

    def member(key: str) -> ConsortiumMember:
        return members[ctx.orgs[key].pk]

    start = consortium.start_date
    services.body_seat_add(
        actor=coordinator, body=bodies[BodyKind.OFFICE], person=coordinator, role=SeatRole.OFFICE_HEAD, since=start
    )
    services.body_seat_add(
        actor=coordinator, body=bodies[BodyKind.OFFICE], person=office_worker, role=SeatRole.ACCOUNTANT, since=start
    )
    for person, org, role in [
        ("coordinator", "cal_hajnowka", SeatRole.CHAIR),
        ("pes_staff", "ss_zubr", SeatRole.DEPUTY),
        ("ngo_staff", "fundacja_puszcza", SeatRole.MEMBER),
    ]:
        services.body_seat_add(
            actor=coordinator,
            body=bodies[BodyKind.BOARD],
            person=ctx.users[person],
            role=role,
            since=start,
            member=member(org),
        )
    services.member_set_representatives(actor=coordinator, member=member("ss_zubr"), users=[ctx.users["pes_staff"]])
    _refresh(coordinator, office_worker, ctx.users["pes_staff"], ctx.users["ngo_staff"])

    # A general meeting with minutes, and the board meeting coming up.
    gm = services.meeting_schedule(
        actor=coordinator,
        body=bodies[BodyKind.GENERAL_MEETING],
        data={
            "title": "Zgromadzenie Członków – posiedzenie półroczne",
            "starts_at": timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=30), dt.time(16, 0))),
            "place": "CAL „Razem”, ul. 3 Maja 25, Hajnówka",
            "agenda": "1. Regulamin biura.\n2. Przyjęcie KIS Hajnówka.\n3. Plan udziału w konkursie „OdNowa”.",
        },
    )
    services.meeting_record(
        actor=coordinator,
        meeting=gm,
        minutes=(
            "Zgromadzenie otworzyła przewodnicząca. Przyjęto regulamin biura i omówiono wniosek KIS Hajnówka "
            "o przyjęcie. Głosowania przeprowadzono na platformie."
        ),
        present=[member("cal_hajnowka"), member("ss_zubr"), member("fundacja_puszcza"), member("przystan")],
    )
    services.meeting_schedule(
        actor=coordinator,
        body=bodies[BodyKind.BOARD],
        data={
            "title": "Posiedzenie zarządu – realizacja umowy",
            "starts_at": timezone.make_aware(dt.datetime.combine(today + dt.timedelta(days=10), dt.time(10, 0))),
            "place": "online",
            "agenda": "1. Sprawozdania członków.\n2. Zaległości.",
        },
    )

    # Resolution 1: office rules (general, adopted).
    r1 = services.resolution_draft(
        actor=coordinator,
        consortium=consortium,
        body=bodies[BodyKind.GENERAL_MEETING],
        meeting=gm,
        title="Przyjęcie regulaminu biura konsorcjum",
        text="Zgromadzenie przyjmuje regulamin biura konsorcjum w brzmieniu załącznika.",
    )
    services.resolution_open_vote(actor=coordinator, resolution=r1)
    _vote(r1, ctx, {"coordinator": VoteChoice.FOR, "pes_staff": VoteChoice.FOR, "ngo_staff": VoteChoice.ABSTAIN})
    services.resolution_close(actor=coordinator, resolution=r1)

    # Resolution 2: admission of KIS Hajnówka (membership change only through an adopted resolution).
    r2 = services.resolution_draft(
        actor=coordinator,
        consortium=consortium,
        body=bodies[BodyKind.GENERAL_MEETING],
        meeting=gm,
        kind=ResolutionKind.ADMIT_MEMBER,
        target_organisation=ctx.orgs[ADMITTED],
        title="Przyjęcie Klubu Integracji Społecznej w Hajnówce",
        text="Zgromadzenie przyjmuje KIS Hajnówka w poczet członków konsorcjum.",
    )
    services.resolution_open_vote(actor=coordinator, resolution=r2)
    _vote(r2, ctx, {"coordinator": VoteChoice.FOR, "pes_staff": VoteChoice.FOR, "ngo_staff": VoteChoice.FOR})
    services.resolution_close(actor=coordinator, resolution=r2)

    extra: dict[str, Any] = {"consortium": consortium, "resolutions": [r1, r2]}
    contract = _hajnowka_contract(ctx, consortium)
    if contract is not None:
        plan = _split(ctx, consortium, contract, bodies)
        extra["contract"], extra["plan"] = contract, plan
    else:
        r3 = services.resolution_draft(
            actor=coordinator,
            consortium=consortium,
            body=bodies[BodyKind.BOARD],
            title="Plan pracy zarządu na najbliższe półrocze",
            text="Zarząd przyjmuje plan pracy: przygotowanie oferty wspólnej w konkursie „OdNowa”.",
        )
        services.resolution_open_vote(actor=coordinator, resolution=r3)
        _vote(r3, ctx, {"coordinator": VoteChoice.FOR, "pes_staff": VoteChoice.FOR})
        services.resolution_close(actor=coordinator, resolution=r3)
        extra["resolutions"].append(r3)

    # An open vote waiting for the member representatives.
    r4 = services.resolution_draft(
        actor=coordinator,
        consortium=consortium,
        body=bodies[BodyKind.GENERAL_MEETING],
        title="Udział konsorcjum w konkursie na usługi opiekuńcze w Narewce",
        text="Zgromadzenie wyraża zgodę na przygotowanie oferty wspólnej w konkursie Gminy Narewka.",
    )
    services.resolution_open_vote(actor=coordinator, resolution=r4, closes_on=today + dt.timedelta(days=7))
    _vote(r4, ctx, {"coordinator": VoteChoice.FOR})
    extra["open_resolution"] = r4
    extra["draft_resolution"] = services.resolution_draft(
        actor=coordinator,
        consortium=consortium,
        body=bodies[BodyKind.GENERAL_MEETING],
        title="Zmiana udziału członków w kosztach biura",
        text="Zgromadzenie ustala udział członków w kosztach biura na 4% przydziału od kolejnego roku.",
    )

    _support(ctx, consortium, office_worker)
    ctx.extra["consortia"] = extra


def _hajnowka_contract(ctx: DemoContext, consortium: Any) -> Any:
    """The contract the commissioning scenario signed with the consortium's lead (if it produced one)."""
    data = ctx.extra.get("commissioning", {}) or {}
    candidates = [v for v in (data.values() if isinstance(data, dict) else []) if hasattr(v, "contractor_id")]
    for value in candidates:
        if value.contractor_id == consortium.lead_id:
            return value
    return selectors.contracts_of(consortium).order_by("pk").first()


def _split(ctx: DemoContext, consortium: Any, contract: Any, bodies: dict[str, Any]) -> Any:
    """The split follows the joint offer: each offeror delivers what the offer gives it (its actions and its
    grant-funded budget rows, scaled to the awarded amount), the lead included (coordination, senior club)."""
    coordinator = ctx.users["coordinator"]
    today = ctx.today
    members = {m.organisation_id: m for m in selectors.current_members(consortium)}
    past_due = max(contract.start_date, today - dt.timedelta(days=7))
    future_due = max(contract.start_date, today) + dt.timedelta(days=45)
    # Members with a demo login (and SS „Dobre Ręce”, which has none: its report shows up as late) were due to
    # report a week ago; the others report later.
    due_now = {ctx.orgs[k].pk for k in ("ss_zubr", "ss_dobre_rece", "fundacja_puszcza")}
    lots = {cl.pk: cl for cl in contract.contract_lots.all()}
    rows = [
        services.AllocationRow(
            member=members[share.organisation_id],
            task=share.task,
            amount=share.amount,
            starts_on=share.starts_on,
            ends_on=share.ends_on,
            report_due=past_due if share.organisation_id in due_now else future_due,
            contract_lot=lots.get(share.contract_lot_id) if share.contract_lot_id else None,
        )
        for share in selectors.offer_shares(contract)
    ]
    plan = services.plan_create(
        actor=coordinator,
        consortium=consortium,
        contract=contract,
        rows=rows,
        note="Podział według oferty wspólnej: działania i kosztorys każdego oferenta w kwocie umowy.",
    )
    res = services.resolution_draft(
        actor=coordinator,
        consortium=consortium,
        body=bodies[BodyKind.BOARD],
        kind=ResolutionKind.APPROVE_SPLIT,
        target_plan=plan,
        title=f"Zatwierdzenie podziału zadań i budżetu umowy {contract.number}",
        text="Zarząd zatwierdza podział zadań i budżetu umowy między członków konsorcjum.",
    )
    services.resolution_open_vote(actor=coordinator, resolution=res)
    _vote(res, ctx, {"coordinator": VoteChoice.FOR, "pes_staff": VoteChoice.FOR, "ngo_staff": VoteChoice.FOR})
    services.resolution_close(actor=coordinator, resolution=res)
    plan.refresh_from_db()
    # Partial delivery reported by the members with logins, with their accounting documents per cost row of their
    # part of the split (about a third of each row's grant, and an own share); the others are late or not yet due.
    for user_key, org_key, prefix, text in [
        (
            "pes_staff",
            "ss_zubr",
            "SZ",
            "Świetlica czynna od poniedziałku do piątku 13–18; zajęcia i posiłek dla dzieci.",
        ),
        (
            "ngo_staff",
            "fundacja_puszcza",
            "FP",
            "Warsztaty dla młodzieży i wyjścia do Puszczy; rekrutacja uczestników.",
        ),
    ]:
        for allocation in plan.allocations.filter(member__organisation=ctx.orgs[org_key]):
            period_end = min(max(contract.start_date, today - dt.timedelta(days=10)), contract.end_date)
            services.delivery_report_submit(
                actor=ctx.users[user_key],
                allocation=allocation,
                period_start=contract.start_date,
                period_end=period_end,
                delivered=text,
                costs=(allocation.amount * Decimal("0.35")).quantize(Decimal("0.01")),
                people_reached=18,
                progress_percent=35,
                expenses=_documents(plan, allocation, prefix, contract.start_date, period_end),
            )
    return plan


def _documents(plan: Any, allocation: Any, prefix: str, start: dt.date, end: dt.date) -> list[Any]:
    """One invoice a cost row: 30 % of the row's planned grant and 5 % of it as the member's own share,
    dated in the reporting period (spread over it)."""
    planned = expenses.plan_by_row(plan, allocation.member)
    docs = []
    span = max((end - start).days, 0)
    for i, row in enumerate(expenses.rows_for_allocation(allocation), start=1):
        plan_row = planned.get((allocation.member_id, row.pk), Decimal("0"))
        grant = (plan_row * Decimal("0.30")).quantize(Decimal("0.01"))
        if grant <= 0:
            continue
        own = (plan_row * Decimal("0.05")).quantize(Decimal("0.01"))
        docs.append(
            services.ExpenseEntry(
                budget_row=row,
                document_number=f"FV/{prefix}/{i:02d}/{start.year}",
                document_date=start + dt.timedelta(days=span * i // (i + 1)),
                amount=grant + own,
                from_grant=grant,
                own_share=own,
            )
        )
    return docs


def _support(ctx: DemoContext, consortium: Any, office_worker: Any) -> None:
    today = ctx.today
    coordinator = ctx.users["coordinator"]
    services.support_request_file(
        actor=ctx.users["ngo_staff"],
        consortium=consortium,
        organisation=ctx.orgs["fundacja_puszcza"],
        data={
            "category": SupportCategory.ACCOUNTING,
            "subject": "Rozliczenie kosztów osobowych w sprawozdaniu",
            "description": "Jak wykazać wolontariat jako wkład osobowy w sprawozdaniu częściowym?",
            "due_on": today + dt.timedelta(days=14),
        },
    )
    r_progress = services.support_request_file(
        actor=ctx.users["pes_staff"],
        consortium=consortium,
        organisation=ctx.orgs["ss_zubr"],
        data={
            "category": SupportCategory.HR,
            "subject": "Umowa o pracę dla wychowawczyni świetlicy",
            "description": "Potrzebujemy wzoru umowy i pomocy przy zgłoszeniu do ZUS.",
        },
    )
    services.support_request_handle(
        actor=coordinator,
        request=r_progress,
        status=SupportStatus.IN_PROGRESS,
        assignee=office_worker,
        minutes=90,
        note="Przygotowano wzór umowy; czekamy na dane pracownicy.",
    )
    r_done = services.support_request_file(
        actor=ctx.users["pes_staff"],
        consortium=consortium,
        organisation=ctx.orgs["ss_zubr"],
        data={
            "category": SupportCategory.OFFER_WRITING,
            "subject": "Budżet oferty wspólnej – część świetlicowa",
            "description": "Prośba o sprawdzenie kalkulacji kosztów w ofercie.",
        },
    )
    services.support_request_handle(
        actor=coordinator, request=r_done, status=SupportStatus.IN_PROGRESS, assignee=coordinator, minutes=120
    )
    services.support_request_handle(
        actor=coordinator,
        request=r_done,
        status=SupportStatus.RESOLVED,
        minutes=45,
        outcome="Kalkulacja poprawiona, oferta złożona w terminie.",
    )
    would_be = ctx.users["would_be_member"]
    r_wait = services.support_request_file(
        actor=would_be,
        consortium=consortium,
        organisation=ctx.orgs["nowa_inicjatywa"],
        data={
            "category": SupportCategory.LEGAL,
            "subject": "Rejestracja stowarzyszenia w KRS",
            "description": "Prosimy o pomoc przy wniosku o wpis do KRS i statucie.",
        },
    )
    services.support_request_handle(
        actor=coordinator,
        request=r_wait,
        status=SupportStatus.IN_PROGRESS,
        assignee=office_worker,
        minutes=60,
        note="Przesłano wzór statutu.",
    )
    services.support_request_handle(
        actor=coordinator,
        request=r_wait,
        status=SupportStatus.WAITING,
        note="Czekamy na podpisaną uchwałę założycielską.",
    )
    start = today - dt.timedelta(days=60)
    path = services.incubation_start(
        actor=coordinator,
        consortium=consortium,
        organisation=ctx.orgs["nowa_inicjatywa"],
        mentor=office_worker,
        goal="Rejestracja stowarzyszenia, pierwsza usługa dla młodzieży i przystąpienie do konsorcjum w ciągu roku.",
        started_on=start,
        checklist=[
            (IncubationStage.DIAGNOSIS, "Warsztat diagnozy potrzeb i zasobów", start + dt.timedelta(days=7)),
            (IncubationStage.DIAGNOSIS, "Plan rozwoju organizacji", start + dt.timedelta(days=21)),
            (IncubationStage.FORMALISATION, "Statut i wniosek do KRS", today + dt.timedelta(days=14)),
            (IncubationStage.FORMALISATION, "Konto bankowe i księgowość", today + dt.timedelta(days=45)),
            (IncubationStage.FIRST_SERVICE, "Pierwszy projekt (mały grant art. 19a)", today + dt.timedelta(days=120)),
            (IncubationStage.MEMBERSHIP_READY, "Weryfikacja na platformie i wniosek o przyjęcie", None),
        ],
    )
    items = list(path.items.order_by("position"))
    for item in items[:2]:
        services.incubation_item_set(actor=coordinator, item=item, done=True, on=start + dt.timedelta(days=14))
    services.incubation_set_stage(actor=coordinator, path=path, stage=IncubationStage.FORMALISATION)
