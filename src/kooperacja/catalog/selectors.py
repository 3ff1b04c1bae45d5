"""Reads of the catalogue. Public: active services of verified providers; staff also see their own drafts.

Free places come from `Service.places_taken` (see models.py): `with_free_places(qs)` annotates `free`
(None = no limit) so lists filter and sort by it in SQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.cache import cache
from django.db.models import (
    BooleanField,
    Case,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast
from django.shortcuts import get_object_or_404

from kooperacja.accounts import roles
from kooperacja.core import pagecache, search
from kooperacja.core.models import Territory
from kooperacja.organisations.models import Organisation
from kooperacja.organisations.selectors import SEARCH_COLUMNS as ORGANISATION_SEARCH_COLUMNS

from . import policies
from .enums import ServiceStatus
from .models import Location, Service, ServiceStandard

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kooperacja.core.actors import Actor

PUBLIC_TAG = "catalog"  # the pagecache tag of the catalogue's public pages (bumped on any catalogue write)
SERVICE_SEARCH_COLUMNS = ("name", "summary", "description")  # the GIN index of catalog/migrations/0003


def with_free_places(qs: QuerySet[Service]) -> QuerySet[Service]:
    return qs.annotate(
        free=Case(
            When(capacity_places__isnull=True, then=Value(None)),
            default=F("capacity_places") - F("places_taken"),
            output_field=IntegerField(),
        )
    )


def _base() -> QuerySet[Service]:
    # `listed`: shown without a "not active" badge (templates ask this instead of comparing the state)
    return with_free_places(
        Service.objects.select_related("provider", "provider__territory", "standard")
        .prefetch_related("locations", "locations__territory")
        .annotate(listed=ExpressionWrapper(Q(status=ServiceStatus.ACTIVE), output_field=BooleanField()))
    )


def services_visible_to(user: Actor | AnonymousUser) -> QuerySet[Service]:
    return policies.services.visible(user, "view", base=_base())


def service_for(user: Actor | AnonymousUser, pk: int) -> Service:
    """The service, or 404 for one the user may not know exists (a draft of another provider)."""
    return get_object_or_404(services_visible_to(user), pk=pk)


def services_managed_by(user: Actor | AnonymousUser) -> QuerySet[Service]:
    """Services the user may edit and deliver: those of the organisations they work for."""
    qs = _base()
    if roles.is_platform_admin(user):
        return qs
    return qs.filter(provider_id__in=roles.organisation_ids(user))


def _json_list_has(field: str, value: str) -> Q:
    return Q(**{f"_{field}_txt__contains": f'"{value}"'})


def _annotate_json_text(qs: QuerySet[Service], *fields: str) -> QuerySet[Service]:
    return qs.annotate(**{f"_{f}_txt": Cast(f, TextField()) for f in fields})


def services_search(
    user: Actor | AnonymousUser,
    *,
    q: str = "",
    gmina: str = "",
    category: str = "",
    target_group: str = "",
    free_only: bool = False,
    order: str = "name",
) -> QuerySet[Service]:
    qs = services_visible_to(user)
    q = q.strip()
    if q:
        # the service's own text, or its provider's: one set of ids, each half answered by its own index on
        # PostgreSQL (an OR of the two in the outer WHERE made the planner test the text row by row)
        providers = search.matches(Organisation.objects.order_by(), ORGANISATION_SEARCH_COLUMNS, q).values("pk")
        own_text = search.matches(Service.objects.order_by(), SERVICE_SEARCH_COLUMNS, q).values("pk")
        by_provider = Service.objects.order_by().filter(provider_id__in=providers).values("pk")
        qs = qs.filter(pk__in=own_text.union(by_provider))
    if gmina:
        qs = qs.filter(
            Exists(Location.objects.filter(services=OuterRef("pk"), territory__code__startswith=gmina))
            | Q(provider__territory__code__startswith=gmina)
        )
    if category:
        qs = qs.filter(category=category)
    if target_group:
        qs = _annotate_json_text(qs, "target_groups").filter(_json_list_has("target_groups", target_group))
    if free_only:
        qs = qs.filter(Q(free__isnull=True) | Q(free__gt=0))
    ordering = {
        "name": ("name", "id"),
        "free": (F("free").desc(nulls_first=True), "name", "id"),
        "category": ("category", "name", "id"),
        "newest": ("-created_at", "-id"),
    }
    return qs.order_by(*ordering.get(order, ordering["name"]))


def services_matching(
    *,
    gmina: Any = None,
    categories: Iterable[str] = (),
    age: int | None = None,
    reasons: Iterable[str] = (),
    free_only: bool = True,
    user: Actor | AnonymousUser | None = None,
) -> QuerySet[Service]:
    """Active services a person could use: for the cooperation basket of services.

    `gmina` (a Territory or a TERC code): services restricted to other gminas are excluded; services located in
    the same powiat are included, those in the gmina itself first (`is_local`). `reasons` (art. 7 codes): a
    service that requires reasons matches when the person has at least one of them. `age` is checked against
    the age range. With `free_only` services without free places are left out. Ordered local first, then by
    free places (most first).
    """
    qs = (
        services_visible_to(user)
        if user is not None
        else _base().filter(status=ServiceStatus.ACTIVE, provider__is_verified=True)
    )
    qs = qs.filter(status=ServiceStatus.ACTIVE)
    code = getattr(gmina, "code", gmina) or ""
    if code:
        qs = qs.filter(Q(eligible_gminas__isnull=True) | Q(eligible_gminas__code=code)).distinct()
        in_gmina = Exists(Location.objects.filter(services=OuterRef("pk"), territory__code=code))
        in_powiat = Exists(Location.objects.filter(services=OuterRef("pk"), territory__code__startswith=code[:4]))
        qs = qs.filter(in_powiat | Q(provider__territory__code__startswith=code[:4])).annotate(
            is_local=Case(
                When(in_gmina | Q(provider__territory__code=code), then=Value(1)),
                default=Value(0),
                output_field=IntegerField(),
            )
        )
    else:
        qs = qs.annotate(is_local=Value(0, output_field=IntegerField()))
    categories = list(categories)
    if categories:
        qs = qs.filter(category__in=categories)
    if age is not None:
        qs = qs.filter(Q(min_age__isnull=True) | Q(min_age__lte=age)).filter(
            Q(max_age__isnull=True) | Q(max_age__gte=age)
        )
    reasons = list(reasons)
    qs = _annotate_json_text(qs, "required_reasons")
    cond = Q(_required_reasons_txt="[]")
    for reason in reasons:
        cond |= _json_list_has("required_reasons", reason)
    qs = qs.filter(cond)
    if free_only:
        qs = qs.filter(Q(free__isnull=True) | Q(free__gt=0))
    return qs.order_by("-is_local", F("free").desc(nulls_first=True), "name", "id")


def gmina_choices() -> list[tuple[str, str]]:
    """(TERC code, name) of every gmina with an active service located in it, for the catalogue's filter.

    A DISTINCT over all services' locations; kept in the cache under the catalogue's generation (a service or
    location written makes it new, `core.pagecache`), so a page view does not run it.
    """

    def compute() -> list[tuple[str, str]]:
        rows = (
            Territory.objects.filter(service_locations__services__status=ServiceStatus.ACTIVE)
            .distinct()
            .order_by("name")
            .values_list("code", "name")
        )
        return [(code, name) for code, name in rows]

    key = f"catalog:gmina-choices:{pagecache.generation(PUBLIC_TAG)}"
    return cache.get_or_set(key, compute, pagecache.TIMEOUT * 10) or []


def free_places(service: Service) -> int | None:
    """Free places of a service now (None = no limit), read fresh from the database."""
    row = Service.objects.filter(pk=service.pk).values_list("capacity_places", "places_taken").get()
    return None if row[0] is None else max(row[0] - row[1], 0)


def locations_of(organisation_ids: Iterable[int]) -> QuerySet[Location]:
    return Location.objects.filter(organisation_id__in=list(organisation_ids)).select_related("territory")


def standards() -> QuerySet[ServiceStandard]:
    return ServiceStandard.objects.prefetch_related("requirements")
