"""Public API of the catalogue: /api/v1/services (filterable) and the HSDS export /api/v1/hsds/..."""
# No `from __future__ import annotations` here: django-ninja must see the real Query[...] types at import time.

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from kooperacja.core.api_types import Id, Pagination
from kooperacja.core.fields import MAX_ID

from . import hsds, selectors
from .models import Service

router = Router(tags=["Katalog usług"])


class LocationOut(Schema):
    name: str
    street: str
    postal_code: str
    city: str
    territory_code: str = Field(..., alias="territory.code")
    accessibility: list[str]


class ServiceOut(Schema):
    id: int
    name: str
    summary: str
    description: str
    category: str
    target_groups: list[str]
    provider_id: int
    provider_name: str = Field(..., alias="provider.name")
    eligibility: str
    min_age: int | None
    max_age: int | None
    required_reasons: list[str]
    is_free: bool
    fee: float | None
    schedule: str
    capacity_places: int | None
    free_places: int | None = Field(None, alias="free")
    contact_phone: str
    contact_email: str
    status: str
    locations: list[LocationOut]

    @staticmethod
    def resolve_locations(obj: Service) -> list[Any]:
        return list(obj.locations.all())


class ServiceQuery(Schema):
    q: str = Field("", description="Szukany tekst (nazwa, opis, organizacja)")
    gmina: str = Field("", description="Kod TERC gminy (albo powiatu / województwa – początek kodu)")
    category: str = ""
    target_group: str = ""
    free: bool = Field(False, description="Tylko usługi z wolnymi miejscami")


def _public(request: HttpRequest) -> Any:
    """The caller (session or token user) sees what they may see; anonymous callers the public catalogue."""
    return getattr(request, "user", None) or AnonymousUser()


@router.get("/services", response=list[ServiceOut])
@paginate(Pagination)
def list_services(request: HttpRequest, query: Query[ServiceQuery]) -> QuerySet[Service]:
    return selectors.services_search(
        _public(request),
        q=query.q,
        gmina=query.gmina,
        category=query.category,
        target_group=query.target_group,
        free_only=query.free,
    )


@router.get("/services/{pk}", response=ServiceOut)
def get_service(request: HttpRequest, pk: Id) -> Service:
    return selectors.service_for(_public(request), pk)


class HsdsQuery(Schema):
    page: int = Field(1, ge=1, le=MAX_ID // 500)
    per_page: int = Field(50, ge=1, le=500)
    gmina: str = ""
    category: str = ""


@router.get("/hsds/services", response=dict[str, Any], summary="HSDS 3.0: lista usług (strona)")
def hsds_services(request: HttpRequest, query: Query[HsdsQuery]) -> dict[str, Any]:
    qs = selectors.services_search(AnonymousUser(), gmina=query.gmina, category=query.category).prefetch_related(
        "eligible_gminas"
    )
    total = qs.count()
    start = (query.page - 1) * query.per_page
    contents = hsds.services_payload(qs[start : start + query.per_page])
    return hsds.page(contents, total=total, page_number=query.page, size=query.per_page)


@router.get("/hsds/services/{pk}", response=dict[str, Any], summary="HSDS 3.0: usługa ze wszystkimi powiązaniami")
def hsds_service(request: HttpRequest, pk: Id) -> dict[str, Any]:
    return hsds.service(selectors.service_for(AnonymousUser(), pk))


@router.get("/hsds/organizations", response=dict[str, Any], summary="HSDS 3.0: organizacje prowadzące usługi")
def hsds_organizations(request: HttpRequest) -> dict[str, Any]:
    from kooperacja.organisations.models import Organisation

    orgs = Organisation.objects.filter(
        pk__in=selectors.services_visible_to(AnonymousUser()).values("provider_id")
    ).order_by("name")
    contents = [hsds.organization(o) for o in orgs]
    return hsds.page(contents, total=len(contents), page_number=1, size=max(len(contents), 1))
