"""Reads of the registry, scoped the same way as `organisations.view_organisation`."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet, TextField
from django.db.models.functions import Cast
from django.shortcuts import get_object_or_404

from kooperacja.accounts import roles
from kooperacja.core.identifiers import normalize_krs, normalize_nip

from .models import Membership, Organisation


def organisations_visible_to(user: Any) -> QuerySet[Organisation]:
    qs = Organisation.objects.select_related("territory", "territory__parent")
    if roles.is_platform_admin(user):
        return qs
    own = roles.organisation_ids(user)
    return qs.filter(Q(is_verified=True) | Q(pk__in=own))


def organisation_for(user: Any, pk: int) -> Organisation:
    return get_object_or_404(organisations_visible_to(user), pk=pk)


def organisations_search(
    user: Any,
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
        cond = Q(name__icontains=q) | Q(short_name__icontains=q) | Q(city__icontains=q)
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


def pending_membership_requests_for(user: Any) -> QuerySet[Membership]:
    qs = Membership.objects.filter(status="pending").select_related("user", "organisation")
    if roles.is_platform_admin(user):
        return qs
    return qs.filter(organisation_id__in=roles.organisation_ids(user, admin_only=True))


def members_of(organisation: Organisation) -> QuerySet[Membership]:
    return Membership.objects.filter(organisation=organisation, status="active").select_related("user")
