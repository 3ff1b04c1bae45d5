"""Reads with rules: every page of the app is scoped here through the policies (hidden records answer 404)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from kooperacja.commissioning.models import Call, Contract, ServicePackage

from . import legality
from .policies import CALLS, PACKAGES


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
