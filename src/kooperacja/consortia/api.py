"""The consortium API: consortia with members, resolutions with results, allocations (scoped like the pages)."""

# No `from __future__ import annotations`: django-ninja reads the annotations (through @paginate too) at import time.

import datetime as dt
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from kooperacja.core.api_types import Id, Pagination

from . import selectors
from .models import Allocation, Consortium, ConsortiumMember, Resolution

router = Router(tags=["Konsorcja"])


class MemberOut(Schema):
    organisation_id: int
    organisation_name: str = Field(..., alias="organisation.name")
    status: str
    joined_on: dt.date
    left_on: dt.date | None
    is_founding: bool


class ConsortiumOut(Schema):
    id: int
    name: str
    short_name: str
    purpose: str
    lead_id: int
    lead_name: str = Field(..., alias="lead.name")
    start_date: dt.date
    status: str
    members: list[MemberOut]


class ResolutionOut(Schema):
    id: int
    consortium_id: int
    number: str
    title: str
    kind: str
    body: str = Field(..., alias="body.kind")
    status: str
    target_organisation_id: int | None
    target_plan_id: int | None
    quorum_percent: int | None
    majority: str
    eligible_count: int
    votes_for: int
    votes_against: int
    votes_abstain: int
    quorum_met: bool | None
    decided_at: dt.datetime | None


class AllocationOut(Schema):
    id: int
    plan_id: int
    plan_version: int = Field(..., alias="plan.version")
    plan_status: str = Field(..., alias="plan.status")
    contract_id: int = Field(..., alias="plan.contract_id")
    consortium_id: int = Field(..., alias="plan.consortium_id")
    organisation_id: int = Field(..., alias="member.organisation_id")
    organisation_name: str = Field(..., alias="member.organisation.name")
    contract_lot_id: int | None
    task: str
    amount: Decimal
    starts_on: dt.date
    ends_on: dt.date
    report_due: dt.date


def _with_members(qs: QuerySet[Consortium]) -> QuerySet[Consortium]:
    return qs.prefetch_related(
        Prefetch(
            "members",
            queryset=ConsortiumMember.objects.filter(status__in=selectors.CURRENT).select_related("organisation"),
        )
    )


@router.get("/consortia", response=list[ConsortiumOut])
@paginate(Pagination)
def list_consortia(request: HttpRequest) -> QuerySet[Consortium]:
    """Public profiles with current members."""
    return _with_members(selectors.consortia_visible_to(request.user))


@router.get("/consortia/{pk}", response=ConsortiumOut)
def get_consortium(request: HttpRequest, pk: Id) -> Consortium:
    return get_object_or_404(_with_members(selectors.consortia_visible_to(request.user)), pk=pk)


@router.get("/consortia/{pk}/resolutions", response=list[ResolutionOut])
@paginate(Pagination)
def list_resolutions(request: HttpRequest, pk: Id) -> QuerySet[Resolution]:
    """Resolutions with their results: the office and member representatives only; anyone else gets 404."""
    consortium = selectors.internal_consortium_for(request.user, pk)
    return selectors.resolutions_visible_to(request.user).filter(consortium=consortium).order_by("pk")


@router.get("/allocations", response=list[AllocationOut])
@paginate(Pagination)
def list_allocations(
    request: HttpRequest, contract: Id | None = None, consortium: Id | None = None
) -> QuerySet[Allocation]:
    """Allocations the user may see in detail: all for the office and the contracting authority; for a member its
    own, or all of its consortium when the agreement makes the split transparent."""
    qs = selectors.allocations_visible_to(request.user).order_by("plan__contract_id", "-plan__version", "pk")
    if contract is not None:
        qs = qs.filter(plan__contract_id=contract)
    if consortium is not None:
        qs = qs.filter(plan__consortium_id=consortium)
    return qs
