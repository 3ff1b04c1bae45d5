"""Reads with rules: every list and detail page of the app is scoped here (hidden records give 404)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from kooperacja.accounts import roles
from kooperacja.accounts.enums import Role

from .models import Contract


def authority_ids(user: Any) -> set[int]:
    """Verified organisations (JST offices) in which the user is a municipal officer."""
    return roles.organisation_ids(user, Role.MUNICIPAL_OFFICER, verified_only=True)


def member_org_ids(user: Any) -> set[int]:
    """Verified organisations the user belongs to in any role (offerors act through these)."""
    return roles.organisation_ids(user, verified_only=True)


def contracts_visible_to(user: Any) -> QuerySet[Contract]:
    qs = Contract.objects.select_related("authority", "contractor", "call", "offer")
    if roles.is_platform_admin(user):
        return qs
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    own = member_org_ids(user)
    officer = authority_ids(user)
    ids = Contract.objects.filter(
        Q(authority_id__in=officer) | Q(contractor_id__in=own) | Q(offer__partners__organisation_id__in=own)
    ).values("pk")
    return qs.filter(pk__in=ids)


def contract_for(user: Any, pk: int) -> Contract:
    return get_object_or_404(contracts_visible_to(user), pk=pk)
