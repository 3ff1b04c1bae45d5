"""Every write of the catalogue. Delivery calls `service_places_taken_set` under its own row lock."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.catalog.events import CatalogEvent, event
from kooperacja.core.actors import Actor, person_of, require

from . import workflows
from .enums import AccessibilityFeature, AssistanceReason, ServiceCategory, ServiceStatus, TargetGroup
from .models import ComplianceCheck, Location, Service, ServiceStandard, StandardRequirement

if TYPE_CHECKING:
    from kooperacja.core.models import Territory
    from kooperacja.organisations.models import Organisation

# What a provider edits, in the order the form shows it (forms.ServiceForm takes its fields from here).
# `eligible_gminas` and `locations` are relations (passed to the services apart); `status` moves through
# workflows.SERVICE.
SERVICE_EDIT_FIELDS = (
    "name",
    "summary",
    "description",
    "category",
    "target_groups",
    "eligibility",
    "min_age",
    "max_age",
    "eligible_gminas",
    "required_reasons",
    "is_free",
    "fee",
    "cost_notes",
    "schedule",
    "capacity_places",
    "capacity_hours",
    "capacity_hours_unit",
    "locations",
    "contact_name",
    "contact_email",
    "contact_phone",
    "application_process",
    "funding",
    "eu_funded",
    "eu_project_number",
    "standard",
    "status",
    "starts_on",
    "ends_on",
)
SERVICE_RELATIONS = ("eligible_gminas", "locations")
SERVICE_FIELDS = tuple(f for f in SERVICE_EDIT_FIELDS if f not in SERVICE_RELATIONS)


def _validate_lists(data: dict[str, Any]) -> None:
    groups = set(TargetGroup.values)
    if bad := [g for g in data.get("target_groups", []) if g not in groups]:
        raise ValidationError(_("Nieznana grupa docelowa: %(v)s") % {"v": ", ".join(bad)})
    reasons = set(AssistanceReason.values)
    if bad := [r for r in data.get("required_reasons", []) if r not in reasons]:
        raise ValidationError(_("Nieznana przesłanka pomocy: %(v)s") % {"v": ", ".join(bad)})


def _apply(service: Service, data: dict[str, Any]) -> None:
    _validate_lists(data)
    for name in SERVICE_FIELDS:
        if name in data and name != "status":
            setattr(service, name, data[name])
    if service.is_free:
        service.fee = None
    if not service.eu_funded:
        service.eu_project_number = ""
    if service.capacity_places is not None and service.capacity_places < service.places_taken:
        raise ValidationError(
            _("Liczba miejsc nie może być mniejsza niż liczba osób już zapisanych (%(n)d).")
            % {"n": service.places_taken}
        )
    service.full_clean(exclude=["provider"])


@transaction.atomic
def service_create(
    *,
    actor: Actor,
    provider: Organisation,
    data: dict[str, Any],
    locations: list[Location] | None = None,
    eligible_gminas: list[Territory] | None = None,
) -> Service:
    require(actor, "catalog.add_service")
    require(actor, "catalog.change_service", Service(provider=provider))
    if not provider.is_verified:
        raise ValidationError(_("Usługi może prowadzić tylko zweryfikowana organizacja."))
    status = data.get("status") or ServiceStatus.ACTIVE
    if status not in (ServiceStatus.DRAFT, ServiceStatus.ACTIVE):
        raise ValidationError({"status": _("Nowa usługa jest szkicem albo od razu aktywna.")})
    service = Service(provider=provider, status=status)
    _apply(service, data)
    service.save()
    if locations:
        service.locations.set(locations)
    if eligible_gminas:
        service.eligible_gminas.set(eligible_gminas)
    event(actor=actor, verb=CatalogEvent.SERVICE_CREATED, target=service, data={"name": service.name})
    return service


@transaction.atomic
def service_update(
    *,
    actor: Actor,
    service: Service,
    data: dict[str, Any],
    locations: list[Location] | None = None,
    eligible_gminas: list[Territory] | None = None,
) -> Service:
    require(actor, "catalog.change_service", service)
    service = Service.objects.select_for_update().get(pk=service.pk)
    before = {k: str(getattr(service, k)) for k in SERVICE_FIELDS}
    if data.get("status") and data["status"] != service.status:
        _move(actor, service, data["status"])
    _apply(service, data)
    service.save()
    if locations is not None:
        service.locations.set(locations)
    if eligible_gminas is not None:
        service.eligible_gminas.set(eligible_gminas)
    changed = sorted(k for k in SERVICE_FIELDS if before[k] != str(getattr(service, k)))
    event(actor=actor, verb=CatalogEvent.SERVICE_UPDATED, target=service, data={"changed": changed})
    return service


def _move(actor: Actor, service: Service, target: str) -> None:
    if target not in ServiceStatus.values:
        raise ValidationError({"status": _("Nieznany status usługi.")})
    name = workflows.transition_to(service.status, target)
    if name is None:
        raise ValidationError(
            {
                "status": _("Ze stanu „%(from)s” nie można przejść do „%(to)s”.")
                % {"from": service.get_status_display(), "to": ServiceStatus(target).label}
            }
        )
    workflows.SERVICE.apply(service, name, actor=actor)


@transaction.atomic
def service_set_status(*, actor: Actor, service: Service, status: str) -> Service:
    """Move the service along one transition of workflows.SERVICE (publish, suspend, resume, withdraw, end...)."""
    require(actor, "catalog.change_service", service)
    service = Service.objects.select_for_update().get(pk=service.pk)
    old = service.status
    _move(actor, service, status)
    service.save(update_fields=["status", "updated_at"])
    event(actor=actor, verb=CatalogEvent.SERVICE_STATUS, target=service, data={"from": old, "to": status})
    return service


def service_places_taken_set(*, service: Service, taken: int) -> None:
    """Store the number of active enrolments. Call ONLY inside a transaction holding the service row lock
    (delivery.services does), with the count just taken from the enrolment table."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("service_places_taken_set must run inside transaction.atomic with the row locked")
    Service.objects.filter(pk=service.pk).update(places_taken=taken)
    service.places_taken = taken


@transaction.atomic
def standard_create(
    *, actor: Actor, category: str, name: str, legal_basis: str, requirements: list[tuple[str, str]]
) -> ServiceStandard:
    """A minimum standard of one kind of service with its checklist `(code, text)` (the platform administrator)."""
    require(actor, "catalog.add_standard")
    if category not in ServiceCategory.values:
        raise ValidationError({"category": _("Wybierz rodzaj usługi.")})
    codes = [code for code, _text in requirements]
    if not requirements or len(set(codes)) != len(codes):
        raise ValidationError(_("Standard ma co najmniej jedno wymaganie, a kody wymagań się nie powtarzają."))
    standard = ServiceStandard(category=category, name=name, legal_basis=legal_basis)
    standard.full_clean()
    standard.save()
    rows = [
        StandardRequirement(standard=standard, code=code, text=text, order=i)
        for i, (code, text) in enumerate(requirements)
    ]
    for row in rows:
        row.full_clean(exclude=["standard"], validate_unique=False, validate_constraints=False)
    StandardRequirement.objects.bulk_create(rows)
    event(actor=actor, verb=CatalogEvent.STANDARD_CREATED, target=standard, data={"requirements": len(rows)})
    return standard


@transaction.atomic
def location_create(*, actor: Actor, organisation: Organisation, data: dict[str, Any]) -> Location:
    require(actor, "catalog.change_service", Service(provider=organisation))
    features = set(AccessibilityFeature.values)
    if bad := [a for a in data.get("accessibility", []) if a not in features]:
        raise ValidationError(_("Nieznana cecha dostępności: %(v)s") % {"v": ", ".join(bad)})
    location = Location(organisation=organisation, **data)
    location.full_clean()
    location.save()
    event(actor=actor, verb=CatalogEvent.LOCATION_CREATED, target=location, data={"name": location.name})
    return location


@transaction.atomic
def location_set_coordinates(
    *, actor: Actor, location: Location, latitude: Decimal | None, longitude: Decimal | None
) -> Location:
    """The place's coordinates (WGS 84; both or none): the basket planner measures travel to them."""
    require(actor, "catalog.change_service", Service(provider=location.organisation))
    locked = Location.objects.select_for_update().get(pk=location.pk)
    locked.latitude, locked.longitude = latitude, longitude
    locked.full_clean()
    locked.save(update_fields=["latitude", "longitude", "updated_at"])
    event(
        actor=actor,
        verb=CatalogEvent.LOCATION_COORDINATES_SET,
        target=locked,
        data={"latitude": str(latitude), "longitude": str(longitude)},
    )
    return locked


@transaction.atomic
def compliance_record(
    *, actor: Actor, service: Service, results: dict[str, tuple[bool, str]], checked_on: date | None = None
) -> list[ComplianceCheck]:
    """Record the compliance checklist: `results` maps a requirement code to (is met, note)."""
    require(actor, "catalog.check_compliance", service)
    if service.standard is None:
        raise ValidationError(_("Usługa nie ma przypisanego standardu."))
    checked_on = checked_on or timezone.localdate()
    saved = []
    for req in service.standard.requirements.all():
        if req.code not in results:
            continue
        met, note = results[req.code]
        check, _created = ComplianceCheck.objects.update_or_create(
            service=service,
            requirement=req,
            defaults={
                "is_met": met,
                "note": note,
                "checked_on": checked_on,
                "checked_by": person_of(actor),
            },
        )
        saved.append(check)
    event(
        actor=actor,
        verb=CatalogEvent.COMPLIANCE_CHECKED,
        target=service,
        data={"met": sum(c.is_met for c in saved), "of": service.standard.requirements.count()},
    )
    return saved
