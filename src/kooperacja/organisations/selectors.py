"""Reads of the registry, scoped the same way as `organisations.view_organisation`."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.shortcuts import get_object_or_404
from django.utils import timezone

from kooperacja.accounts.enums import MembershipStatus
from kooperacja.core import search
from kooperacja.core.identifiers import normalize_krs, normalize_nip

from . import policies
from .models import EmploymentShare, Membership, Organisation

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kooperacja.core.actors import Actor

PUBLIC_TAG = "organisations"  # the pagecache tag of the public directory (bumped on any write to the registry)
SEARCH_COLUMNS = ("name", "short_name", "city")  # the GIN index of organisations/migrations/0002


def organisations_visible_to(user: Actor | AnonymousUser) -> QuerySet[Organisation]:
    base = Organisation.objects.select_related("territory", "territory__parent")
    return policies.organisations.visible(user, "view", base=base)


def organisation_for(user: Actor | AnonymousUser, pk: int) -> Organisation:
    """The organisation, or 404 for an unverified one the user is not a member of."""
    return get_object_or_404(organisations_visible_to(user), pk=pk)


def organisations_search(
    user: Actor | AnonymousUser,
    *,
    q: str = "",
    territory_code: str = "",
    legal_form: str = "",
    area: str = "",
    pes_only: bool = False,
    verified: str = "",
    order: str = "name",
) -> QuerySet[Organisation]:
    qs = organisations_visible_to(user)
    q = q.strip()
    if q:
        digits = normalize_nip(q)
        qs = search.with_alias(qs, SEARCH_COLUMNS)
        cond = search.condition(SEARCH_COLUMNS, q)
        if digits.isdigit():
            cond |= Q(nip=digits) | Q(krs=normalize_krs(digits)) | Q(regon=digits)
        qs = qs.filter(cond)
    territory_code = territory_code.strip()
    if territory_code.isdigit():
        qs = qs.filter(territory__code__startswith=territory_code)
    elif territory_code:
        qs = qs.filter(
            Q(territory__name__icontains=territory_code) | Q(territory__parent__name__icontains=territory_code)
        )
    if legal_form:
        qs = qs.filter(legal_form=legal_form)
    if area:
        qs = qs.annotate(_areas=Cast("areas", TextField())).filter(_areas__contains=f'"{area}"')
    if pes_only:
        qs = qs.filter(is_pes=True)
    if verified in {"yes", "no"}:
        qs = qs.filter(is_verified=verified == "yes")
    ordering = {
        "name": ("name", "id"),
        "-name": ("-name", "-id"),
        "newest": ("-created_at", "-id"),
        "gmina": ("territory__name", "name"),
    }
    return qs.order_by(*ordering.get(order, ordering["name"]))


def pending_membership_requests_for(user: Actor | AnonymousUser) -> QuerySet[Membership]:
    base = Membership.objects.filter(status=MembershipStatus.PENDING).select_related("user", "organisation")
    return policies.memberships.visible(user, "decide", base=base)


def members_of(organisation: Organisation) -> QuerySet[Membership]:
    return Membership.objects.filter(organisation=organisation, status=MembershipStatus.ACTIVE).select_related("user")


def employment_share_latest(organisation_id: int, *, on: date | None = None) -> EmploymentShare | None:
    """The latest recorded share of employees from the groups of art. 94 Pzp as of `on` (today by default)."""
    on = on or timezone.localdate()
    return (
        EmploymentShare.objects.filter(organisation_id=organisation_id, as_of__lte=on).order_by("-as_of", "-id").first()
    )
