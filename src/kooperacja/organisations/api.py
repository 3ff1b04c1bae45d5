from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from kooperacja.core.api_types import Id, Pagination

from . import selectors
from .models import Organisation

router = Router(tags=["Organizacje"])


class OrganisationOut(Schema):
    id: int
    name: str
    short_name: str
    legal_form: str
    territory_code: str = Field(..., alias="territory.code")
    city: str
    nip: str
    regon: str
    krs: str
    is_pes: bool
    is_social_enterprise: bool
    is_verified: bool
    areas: list[str]


class OrganisationQuery(Schema):
    q: str = Field("", description="Nazwa, NIP, KRS lub REGON")
    territory: str = Field("", description="Początek kodu TERC (województwo, powiat lub gmina)")
    legal_form: str = ""
    area: str = ""
    pes: bool = False


@router.get("/organisations", response=list[OrganisationOut])
@paginate(Pagination)
def list_organisations(request: HttpRequest, query: Query[OrganisationQuery]) -> QuerySet[Organisation]:
    return selectors.organisations_search(
        request.user,
        q=query.q,
        territory_code=query.territory,
        legal_form=query.legal_form,
        area=query.area,
        pes_only=query.pes,
    )


@router.get("/organisations/{pk}", response=OrganisationOut)
def get_organisation(request: HttpRequest, pk: Id) -> Organisation:
    return selectors.organisation_for(request.user, pk)
