"""Service packages and their lots."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from kooperacja.core.actors import Actor, require
from kooperacja.organisations.enums import LegalForm
from kooperacja.organisations.models import Organisation

from ..events import CommissioningEvent as E
from ..events import event
from ..models import (
    Lot,
    ServicePackage,
)
from .calculations import money
from .common import _person


def package_create(
    *, actor: Actor, municipality: Organisation, name: str, year: int, description: str = ""
) -> ServicePackage:
    if municipality.legal_form != LegalForm.JST_OFFICE or not municipality.is_verified:
        raise ValidationError(_("Pakiet usług tworzy zweryfikowany urząd jednostki samorządu terytorialnego."))
    package = ServicePackage(municipality=municipality, territory=municipality.territory, name=name, year=year)
    require(actor, "commissioning.manage_package", package)
    with transaction.atomic():
        package.description = description
        package.created_by = _person(actor)
        package.full_clean()
        package.save()
        event(actor=actor, verb=E.PACKAGE_CREATED, target=package, data={"name": name})
    return package


LOT_FIELDS = (
    "name",
    "sector",
    "target_group",
    "scope",
    "minimum_standard",
    "planned_participants",
    "planned_hours",
    "planned_places",
    "budget",
    "indicators",
)


def lot_save(*, actor: Actor, package: ServicePackage, data: dict[str, Any], lot: Lot | None = None) -> Lot:
    require(actor, "commissioning.manage_package", package)
    with transaction.atomic():
        if lot is None:
            number = (package.lots.aggregate(m=Max("number"))["m"] or 0) + 1
            lot = Lot(package=package, number=number)
        for key in LOT_FIELDS:
            if key in data:
                setattr(lot, key, data[key])
        lot.budget = money(lot.budget)
        lot.full_clean()
        lot.save()
        if "services" in data:
            lot.services.set(data["services"])
        event(
            actor=actor,
            verb=E.LOT_SAVED,
            target=package,
            data={"lot": lot.number, "budget": str(lot.budget)},
        )
    return lot
