"""REST API of commissioning (mounted under /api/v1/): packages and calls are public; offers respect the seal
and the same scopes as the pages; results only after publication; OCDS release package."""

# No `from __future__ import annotations`: django-ninja reads the annotations (through @paginate too) at import time.

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from kooperacja.core.api_types import Id, Pagination

from . import ocds, selectors
from .models import Call, Lot, Offer, OfferPartner, ServicePackage
from .workflows import OFFER_SUBMITTED_STATES

router = Router(tags=["Zlecanie usług"])


class LotOut(Schema):
    id: int
    number: int
    name: str
    sector: str
    target_group: str
    planned_participants: int
    planned_hours: int
    planned_places: int
    budget: Decimal
    indicators: list[dict[str, Any]]


class PackageOut(Schema):
    id: int
    name: str
    year: int
    municipality: str = Field(..., alias="municipality.name")
    territory_code: str = Field(..., alias="territory.code")
    total: Decimal | None = None
    lots: list[LotOut] = []

    @staticmethod
    def resolve_lots(obj: ServicePackage) -> list[Lot]:
        return list(obj.lots.all())


class CallOut(Schema):
    id: int
    number: str
    title: str
    mode: str
    state: str
    authority: str = Field(..., alias="authority.name")
    package_id: int | None
    funds_total: Decimal | None
    offer_deadline: datetime | None
    delivery_start: date | None
    delivery_end: date | None
    min_grant: Decimal | None
    max_grant: Decimal | None
    min_own_share: Decimal
    allow_joint_offers: bool
    cpv_codes: list[str]
    published_at: datetime | None
    submitted_offers: int = 0
    sealed: bool = False

    @staticmethod
    def resolve_submitted_offers(obj: Call) -> int:
        annotated = getattr(obj, "submitted_total", None)
        return annotated if annotated is not None else selectors.submitted_count(obj)

    @staticmethod
    def resolve_sealed(obj: Call) -> bool:
        return selectors.is_sealed(obj)


class PartnerOut(Schema):
    organisation_id: int
    organisation: str = Field(..., alias="organisation.name")
    role: str
    actions: str
    cost_share: Decimal


class OfferOut(Schema):
    id: int
    call_id: int
    number: str
    title: str
    state: str
    lead_organisation: str = Field(..., alias="lead_organisation.name")
    is_joint: bool
    requested_amount: Decimal
    total_cost: Decimal
    own_financial: Decimal
    personal_contribution: Decimal
    in_kind_contribution: Decimal
    awarded_amount: Decimal | None
    submitted_at: datetime | None
    partners: list[PartnerOut] = []

    @staticmethod
    def resolve_partners(obj: Offer) -> list[Any]:
        return list(obj.partners.all())  # prefetched with their organisations by `_with_partners`


class ResultOut(Schema):
    number: str
    offeror: str
    title: str
    average_score: Decimal | None
    requested_amount: Decimal
    awarded_amount: Decimal | None
    funded: bool


@router.get("/packages", response=list[PackageOut])
@paginate(Pagination)
def list_packages(request: HttpRequest) -> QuerySet[ServicePackage]:
    return selectors.packages_visible_to(request.user).prefetch_related("lots")


@router.get("/packages/{pk}", response=PackageOut)
def get_package(request: HttpRequest, pk: Id) -> ServicePackage:
    return selectors.package_for(request.user, pk)


@router.get("/calls", response=list[CallOut])
@paginate(Pagination)
def list_calls(request: HttpRequest, open_only: bool = False, mode: str = "") -> QuerySet[Call]:
    qs = selectors.calls_visible_to(request.user).order_by("-published_at", "-id")
    if open_only:
        qs = selectors.open_calls()
    if mode:
        qs = qs.filter(mode=mode)
    # a count per call of the page (a correlated subquery), not a join of every offer with GROUP BY: the
    # paginator's COUNT then runs over the calls alone (issue 15: no grouped subquery under the COUNT)
    submitted = (
        Offer.objects.filter(call=OuterRef("pk"), state__in=list(OFFER_SUBMITTED_STATES))
        .order_by()
        .values("call")
        .annotate(n=Count("id"))
        .values("n")
    )
    return qs.annotate(submitted_total=Coalesce(Subquery(submitted), 0))


@router.get("/calls/{pk}", response=CallOut)
def get_call(request: HttpRequest, pk: Id) -> Call:
    return selectors.call_for(request.user, pk)


@router.get("/calls/{pk}/results", response=list[ResultOut])
def call_results(request: HttpRequest, pk: Id) -> list[dict[str, Any]]:
    call = selectors.call_for(request.user, pk)
    if call.results_published_at is None:
        raise Http404
    res = selectors.results_of(call)
    return [
        {
            "number": o.number,
            "offeror": o.lead_organisation.name,
            "title": o.title,
            "average_score": o.average_score,
            "requested_amount": o.requested_amount,
            "awarded_amount": o.awarded_amount,
            "funded": funded,
        }
        for funded, group in ((True, res["funded"]), (False, res["unfunded"]))
        for o in group
    ]


def _with_partners(qs: QuerySet[Offer]) -> QuerySet[Offer]:
    """Partners and their organisations in one query for the whole page, not one per offer (issue 15)."""
    return qs.prefetch_related(Prefetch("partners", queryset=OfferPartner.objects.select_related("organisation")))


@router.get("/offers", response=list[OfferOut])
@paginate(Pagination)
def list_offers(request: HttpRequest, call: Id | None = None) -> QuerySet[Offer]:
    """Offers the user may read: their own organisations' offers, and others only after the deadline."""
    qs = _with_partners(selectors.offers_visible_to(request.user)).order_by("call_id", "number", "id")
    if call is not None:
        qs = qs.filter(call_id=call)
    return qs


@router.get("/offers/{pk}", response=OfferOut)
def get_offer(request: HttpRequest, pk: Id) -> Offer:
    return get_object_or_404(_with_partners(selectors.offers_visible_to(request.user)), pk=pk)


@router.get("/ocds/release-package", response=dict[str, Any])
def ocds_release_package(request: HttpRequest) -> dict[str, Any]:
    """OCDS 1.1 release package of published calls, awards and contracts."""
    return ocds.release_package(uri=request.build_absolute_uri())
