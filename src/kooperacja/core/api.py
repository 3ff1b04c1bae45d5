from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from .api_types import Pagination
from .models import Territory

router = Router(tags=["Jednostki terytorialne (TERYT)"])


class TerritoryOut(Schema):
    code: str
    name: str
    kind: str
    gmina_type: str
    parent_code: str | None = Field(None, alias="parent.code")


class TerritoryFilter(Schema):
    q: str = Field("", description="Fragment nazwy")
    kind: str = Field("", description="voivodeship | powiat | gmina | gmina_part")
    parent: str = Field("", description="Kod TERC jednostki nadrzędnej")
    code_prefix: str = Field("", description="Początek kodu TERC")


@router.get("/territories", response=list[TerritoryOut])
@paginate(Pagination)
def list_territories(request: HttpRequest, filters: Query[TerritoryFilter]) -> QuerySet[Territory]:
    qs = Territory.objects.select_related("parent").order_by("code")
    if filters.q:
        qs = qs.filter(name__icontains=filters.q)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.parent:
        qs = qs.filter(parent__code=filters.parent)
    if filters.code_prefix:
        qs = qs.filter(code__startswith=filters.code_prefix)
    return qs
