"""Test helpers for the consortium app: find demo objects, and make a contract won by the consortium when the
commissioning demo has not produced one (built with the commissioning models, inside the test's transaction)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

CONSORTIUM_NAME = "Konsorcjum OdNowa"


def consortium(d: Any = None) -> Any:
    from kooperacja.consortia.models import Consortium

    return Consortium.objects.get(name=CONSORTIUM_NAME)


def resolution(status: str) -> Any:
    from kooperacja.consortia.models import Resolution

    return Resolution.objects.filter(consortium=consortium(), status=status).order_by("pk").first()


def make_contract(d: Any, *, amounts: tuple[str, ...] = ("60000.00", "45000.50", "30000.25")) -> Any:
    """A signed contract of UM Hajnówka with CAL „Razem” (the consortium's lead) with one contract lot per amount."""
    from kooperacja.commissioning.models import Call, Contract, ContractLot, Lot, Offer, OfferPartner, ServicePackage

    today = timezone.localdate()
    um, cal = d.org("um_hajnowka"), d.org("cal_hajnowka")
    n = Contract.objects.count() + 1
    package = ServicePackage.objects.create(
        municipality=um, territory=um.territory, name=f"Pakiet testowy {n}", year=today.year
    )
    lots = [
        Lot.objects.create(
            package=package,
            number=i,
            name=f"Część {i}",
            sector="children",
            target_group="dzieci",
            scope="zajęcia",
            budget=Decimal(a),
        )
        for i, a in enumerate(amounts, start=1)
    ]
    call = Call.objects.create(title=f"Konkurs testowy {n}", authority=um, package=package)
    total = sum((Decimal(a) for a in amounts), Decimal("0"))
    offer = Offer.objects.create(
        call=call,
        lead_organisation=cal,
        is_joint=True,
        title="Oferta wspólna",
        requested_amount=total,
        total_cost=total,
    )
    OfferPartner.objects.create(offer=offer, organisation=cal, role="lead")
    OfferPartner.objects.create(offer=offer, organisation=d.org("ss_zubr"), role="partner")
    contract = Contract.objects.create(
        offer=offer,
        call=call,
        authority=um,
        contractor=cal,
        number=f"TEST/{n}/{today.year}",
        title="Zadanie testowe",
        amount=total,
        start_date=today - dt.timedelta(days=30),
        end_date=today + dt.timedelta(days=300),
        state="signed",
        signed_on=today - dt.timedelta(days=31),
    )
    for lot, a in zip(lots, amounts, strict=True):
        ContractLot.objects.create(contract=contract, lot=lot, amount=Decimal(a))
    return contract


def approved_plan(d: Any) -> Any:
    """The approved split of a consortium contract: the demo's, or one made now through the services."""
    from kooperacja.consortia.models import AllocationPlan

    plan = AllocationPlan.objects.filter(consortium=consortium(), status="approved").order_by("pk").first()
    if plan is not None:
        return plan
    return make_approved_plan(d, make_contract(d))


def split_rows(d: Any, contract: Any) -> list[Any]:
    from kooperacja.commissioning.models import ContractLot
    from kooperacja.consortia.models import ConsortiumMember
    from kooperacja.consortia.services import AllocationRow

    c = consortium()
    keys = ["ss_zubr", "fundacja_puszcza", "ss_dobre_rece", "przystan"]
    rows = []
    for i, cl in enumerate(ContractLot.objects.filter(contract=contract).order_by("pk")):
        member = ConsortiumMember.objects.get(consortium=c, organisation=d.org(keys[i % len(keys)]))
        rows.append(
            AllocationRow(
                member=member,
                task=f"Zadanie {i + 1}",
                amount=cl.amount,
                starts_on=contract.start_date,
                ends_on=contract.end_date,
                report_due=timezone.localdate() - dt.timedelta(days=1),
                contract_lot=cl,
            )
        )
    return rows


def make_approved_plan(d: Any, contract: Any) -> Any:
    from kooperacja.consortia import services

    c = consortium()
    coordinator = d.user("coordinator")
    plan = services.plan_create(actor=coordinator, consortium=c, contract=contract, rows=split_rows(d, contract))
    res = adopt(d, c, kind="approve_split", target_plan=plan, body_kind="board")
    assert res.status == "adopted"
    plan.refresh_from_db()
    return plan


def adopt(
    d: Any,
    c: Any,
    *,
    body_kind: str = "general_meeting",
    voters: tuple[str, ...] = ("coordinator", "pes_staff", "ngo_staff"),
    choice: str = "for",
    **kwargs: Any,
) -> Any:
    """Draft, open, vote (each voter for its organisation) and close a resolution through the services."""
    from kooperacja.consortia import services
    from kooperacja.consortia.access import forget

    coordinator = d.user("coordinator")
    body = c.bodies.get(kind=body_kind)
    res = services.resolution_draft(
        actor=coordinator, consortium=c, body=body, title=kwargs.pop("title", "Uchwała testowa"), text="Treść", **kwargs
    )
    res = services.resolution_open_vote(actor=coordinator, resolution=res)
    for key in voters:
        user = d.user(key)
        forget(user)
        member = member_of(d, key)
        services.vote_cast(actor=user, resolution=res, member=member, choice=choice)
    return services.resolution_close(actor=coordinator, resolution=res)


USER_ORG = {"coordinator": "cal_hajnowka", "pes_staff": "ss_zubr", "ngo_staff": "fundacja_puszcza"}


def member_of(d: Any, user_key: str) -> Any:
    from kooperacja.consortia.models import ConsortiumMember

    return ConsortiumMember.objects.get(consortium=consortium(), organisation=d.org(USER_ORG[user_key]))


def allocation_of(d: Any, org_key: str) -> Any:
    plan = approved_plan(d)
    return plan.allocations.filter(member__organisation=d.org(org_key)).order_by("pk").first()


def contract_report(d: Any) -> Any:
    """A partial report of the split contract waiting for the contractor (commissioning's Report)."""
    from kooperacja.commissioning.models import Report

    plan = approved_plan(d)
    contract = plan.contract
    existing = contract.reports.filter(state__in=["draft", "corrections_requested"]).first()
    if existing is not None:
        return existing
    return Report.objects.create(
        contract=contract,
        kind="partial",
        period_start=contract.start_date,
        period_end=contract.end_date,
        due_date=contract.end_date,
    )
