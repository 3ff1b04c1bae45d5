"""Reads with rules: every page of the app is scoped here through the policies (hidden records answer 404)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from kooperacja.commissioning.models import Call, Contract, ServicePackage
from kooperacja.core.policy import NOTHING

from . import legality
from .policies import CALLS, PACKAGES, reach_of


def packages_visible_to(user: Any) -> QuerySet[ServicePackage]:
    return PACKAGES.visible(user).select_related("municipality", "territory").order_by("-year", "name", "id")


def package_for(user: Any, pk: int) -> ServicePackage:
    return get_object_or_404(packages_visible_to(user), pk=pk)


def package_of_contract(user: Any, pk: int) -> ServicePackage:
    contract = get_object_or_404(Contract.objects.select_related("call"), pk=pk)
    if contract.call.package_id is None:
        from django.http import Http404

        raise Http404
    return package_for(user, contract.call.package_id)


def calls_visible_to(user: Any) -> QuerySet[Call]:
    return legality.with_related(CALLS.visible(user)).order_by("authority__name", "-published_at", "id")


def call_for(user: Any, pk: int) -> Call:
    return get_object_or_404(calls_visible_to(user), pk=pk)


def esf_services_q(user: Any, prefix: str = "") -> Q:
    """EU-funded services within the user's reach: providers seated in the analyst's voivodeship or the
    officer's gmina (a filter on catalog.Service, or on a relation to it with `prefix`, e.g. "service__")."""
    reach = reach_of(user)
    if reach.empty:
        return NOTHING
    return reach.territory_q(f"{prefix}provider__territory__code", f"{prefix}provider__territory_id")
