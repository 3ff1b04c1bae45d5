"""The needs behind a package: the diagnosis of local needs, its needs, the package's diagnosis and which lots
answer which needs. Officers of the diagnosis's authority write them (`commissioning.manage_diagnosis`); linking a
package to a diagnosis and its lots to needs also needs `commissioning.manage_package`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core.actors import Actor, require
from kooperacja.organisations.enums import LegalForm
from kooperacja.organisations.models import Organisation

from ..events import CommissioningEvent as E
from ..events import event
from ..models import Need, NeedsDiagnosis, ServicePackage
from .common import _lock, _person

DIAGNOSIS_FIELDS = (
    "title",
    "basis",
    "prepared_on",
    "author",
    "source_document",
    "document_url",
    "year_from",
    "year_to",
    "potential",
)
NEED_FIELDS = ("target_group", "description", "people", "source", "source_detail", "consultation_url")


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def diagnosis_save(
    *,
    actor: Actor,
    data: Mapping[str, Any],
    diagnosis: NeedsDiagnosis | None = None,
    authority: Organisation | None = None,
    package: ServicePackage | None = None,
) -> NeedsDiagnosis:
    """Create (for `authority`, or the authority of `package`, which then rests on it) or change a diagnosis."""
    if diagnosis is None:
        if authority is None and package is not None:
            authority = package.municipality
        if authority is None or authority.legal_form != LegalForm.JST_OFFICE or not authority.is_verified:
            raise ValidationError(
                _("Diagnozę potrzeb zapisuje zweryfikowany urząd jednostki samorządu terytorialnego.")
            )
        diagnosis = NeedsDiagnosis(authority=authority, created_by=_person(actor))
    require(actor, "commissioning.manage_diagnosis", diagnosis)
    if package is not None:
        require(actor, "commissioning.manage_package", package)
        if package.municipality_id != diagnosis.authority_id:
            raise ValidationError(_("Pakiet może wynikać tylko z diagnozy potrzeb własnej gminy."))
    with transaction.atomic():
        created = diagnosis.pk is None
        for key in DIAGNOSIS_FIELDS:
            if key in data:
                setattr(diagnosis, key, _strip(data[key]))
        if diagnosis.prepared_on and diagnosis.prepared_on > timezone.localdate():
            raise ValidationError({"prepared_on": _("Data sporządzenia diagnozy nie może być późniejsza niż dziś.")})
        diagnosis.full_clean()
        diagnosis.save()
        event(actor=actor, verb=E.DIAGNOSIS_SAVED, target=diagnosis, data={"created": created})
        if package is not None and package.diagnosis_id != diagnosis.pk:
            _link(actor, package, diagnosis)
    return diagnosis


def _link(actor: Actor, package: ServicePackage, diagnosis: NeedsDiagnosis | None) -> None:
    previous = package.diagnosis_id
    if previous is not None and previous != (diagnosis.pk if diagnosis else None):
        # the package's lots no longer answer the needs of the diagnosis it no longer rests on
        for need in Need.objects.filter(diagnosis_id=previous):
            need.lots.remove(*package.lots.all())
    package.diagnosis = diagnosis
    package.save(update_fields=["diagnosis", "updated_at"])
    event(
        actor=actor,
        verb=E.DIAGNOSIS_LINKED,
        target=package,
        data={"diagnosis": diagnosis.pk if diagnosis else None, "previous": previous},
    )


def package_diagnosis_set(*, actor: Actor, package: ServicePackage, diagnosis: NeedsDiagnosis | None) -> ServicePackage:
    """The package rests on `diagnosis` (one of its own authority), or on none."""
    require(actor, "commissioning.manage_package", package)
    if diagnosis is not None and diagnosis.authority_id != package.municipality_id:
        raise ValidationError({"diagnosis": _("Pakiet może wynikać tylko z diagnozy potrzeb własnej gminy.")})
    with transaction.atomic():
        package = _lock(ServicePackage, package.pk)
        if package.diagnosis_id != (diagnosis.pk if diagnosis else None):
            _link(actor, package, diagnosis)
    return package


def need_save(*, actor: Actor, diagnosis: NeedsDiagnosis, data: Mapping[str, Any], need: Need | None = None) -> Need:
    require(actor, "commissioning.manage_diagnosis", diagnosis)
    with transaction.atomic():
        diagnosis = _lock(NeedsDiagnosis, diagnosis.pk)
        if need is None:
            number = (diagnosis.needs.aggregate(m=Max("number"))["m"] or 0) + 1
            need = Need(diagnosis=diagnosis, number=number)
        elif need.diagnosis_id != diagnosis.pk:
            raise ValidationError(_("Ta potrzeba należy do innej diagnozy."))
        for key in NEED_FIELDS:
            if key in data:
                setattr(need, key, _strip(data[key]))
        need.full_clean()
        need.save()
        event(actor=actor, verb=E.NEED_SAVED, target=diagnosis, data={"need": need.number})
    return need


def need_remove(*, actor: Actor, need: Need) -> None:
    """A need entered by mistake goes; the lots that answered it no longer do."""
    diagnosis = need.diagnosis
    require(actor, "commissioning.manage_diagnosis", diagnosis)
    with transaction.atomic():
        number = need.number
        need.delete()
        event(actor=actor, verb=E.NEED_REMOVED, target=diagnosis, data={"need": number})


def need_lots_set(*, actor: Actor, package: ServicePackage, links: Mapping[int, Iterable[int]]) -> int:
    """Which lots of the package answer which needs of its diagnosis: `{need id: [lot ids]}`; a need not named
    is answered by none of the package's lots. Links to lots of other packages resting on the same diagnosis stay.
    Returns the number of needs the package covers."""
    require(actor, "commissioning.manage_package", package)
    if package.diagnosis_id is None:
        raise ValidationError(_("Najpierw wskaż diagnozę potrzeb, z której wynika pakiet."))
    needs = {n.pk: n for n in Need.objects.filter(diagnosis_id=package.diagnosis_id)}
    lots = {lot.pk: lot for lot in package.lots.all()}
    unknown_needs = set(links) - set(needs)
    unknown_lots = {lot for chosen in links.values() for lot in chosen} - set(lots)
    if unknown_needs or unknown_lots:
        raise ValidationError(_("Wybierz potrzeby z diagnozy pakietu i części tego pakietu."))
    with transaction.atomic():
        _lock(ServicePackage, package.pk)
        covered = 0
        pairs = 0
        for pk, need in needs.items():
            chosen = set(links.get(pk, ()))
            need.lots.remove(*[lot for lot_pk, lot in lots.items() if lot_pk not in chosen])
            need.lots.add(*[lots[lot_pk] for lot_pk in chosen])
            covered += bool(chosen)
            pairs += len(chosen)
        event(
            actor=actor,
            verb=E.NEED_LOTS_SET,
            target=package,
            data={"needs": len(needs), "covered": covered, "links": pairs},
        )
    return covered
