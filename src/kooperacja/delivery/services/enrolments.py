"""Enrolment and capacity: requests, admission from the waiting list and leaving, with the catalogue service row
locked and the places recounted."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kooperacja.catalog import services as catalog_services
from kooperacja.catalog.enums import ServiceStatus
from kooperacja.catalog.models import Service
from kooperacja.core.actors import Actor, require
from kooperacja.delivery.events import DeliveryEvent, event

from .. import workflows
from ..enums import (
    OPEN_ENROLMENT,
    EnrolmentStatus,
    LeaveReason,
)
from ..models import (
    Enrolment,
    Person,
)
from .common import CapacityFull, _today
from .people import _link


def _lock_service(service: Service) -> Service:
    return Service.objects.select_for_update().get(pk=service.pk)


def _recount(service: Service) -> int:
    taken = Enrolment.objects.filter(service=service, status=EnrolmentStatus.ACTIVE).count()
    catalog_services.service_places_taken_set(service=service, taken=taken)
    return taken


def eligibility_problems(person: Person, service: Service, on: date) -> list[str]:
    """Why the person does not meet the service's structured eligibility (age, gmina, art. 7 reasons)."""
    problems = []
    born = person.birth_date
    if born is not None and (service.min_age is not None or service.max_age is not None):
        age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
        if service.min_age is not None and age < service.min_age:
            problems.append(_("Usługa jest dla osób od %(n)d lat (osoba ma %(a)d).") % {"n": service.min_age, "a": age})
        if service.max_age is not None and age > service.max_age:
            problems.append(_("Usługa jest dla osób do %(n)d lat (osoba ma %(a)d).") % {"n": service.max_age, "a": age})
    gminas = list(service.eligible_gminas.values_list("pk", flat=True))
    if gminas and person.territory_id not in gminas:
        problems.append(_("Usługa jest tylko dla mieszkańców wskazanych gmin."))
    if service.required_reasons and not set(service.required_reasons) & set(person.reasons):
        problems.append(_("Osoba nie ma żadnej z przesłanek pomocy wymaganych przez usługę."))
    return problems


@transaction.atomic
def enrolment_request(
    *,
    actor: Actor,
    person: Person,
    service: Service,
    on: date | None = None,
    referral_note: str = "",
    waitlist: bool = True,
    override_eligibility: bool = False,
) -> Enrolment:
    """Enrol a person: active when a place is free, otherwise on the waiting list (or CapacityFull).
    Structured eligibility is checked; staff may override it with a written justification (`referral_note`)."""
    require(actor, "delivery.deliver_service", service)
    service = _lock_service(service)
    on = on or _today()
    problems = eligibility_problems(person, service, on)
    if problems and not (override_eligibility and referral_note.strip()):
        if override_eligibility:
            problems.append(_("Aby zapisać mimo to, wpisz uzasadnienie."))
        raise ValidationError(problems)
    if Enrolment.objects.filter(person=person, service=service, status__in=OPEN_ENROLMENT).exists():
        raise ValidationError(_("Ta osoba jest już zapisana na tę usługę lub czeka na miejsce."))
    if service.status != ServiceStatus.ACTIVE:
        raise ValidationError(_("Na nieaktywną usługę nie można zapisywać."))
    taken = Enrolment.objects.filter(service=service, status=EnrolmentStatus.ACTIVE).count()
    has_place = service.capacity_places is None or taken < service.capacity_places
    if not has_place and not waitlist:
        raise CapacityFull(_("Brak wolnych miejsc w usłudze „%(s)s”.") % {"s": service.name})
    enrolment = Enrolment.objects.create(
        person=person,
        service=service,
        status=EnrolmentStatus.ACTIVE if has_place else EnrolmentStatus.WAITING,
        requested_on=on,
        enrolled_on=on if has_place else None,
        referral_note=referral_note,
    )
    _recount(service)
    _link(person, service.provider, _("zapis na usługę: %(s)s") % {"s": service.name}, on)
    event(
        actor=actor,
        verb=DeliveryEvent.ENROLLED,
        target=enrolment,
        data={"status": enrolment.status, "person": person.code},
    )
    return enrolment


@transaction.atomic
def enrolment_admit(*, actor: Actor, enrolment: Enrolment, on: date | None = None) -> Enrolment:
    """Move a person from the waiting list to a free place."""
    require(actor, "delivery.deliver_service", enrolment.service)
    service = _lock_service(enrolment.service)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    workflows.ENROLMENT.transition(enrolment.status, "admit")  # refuses before counting when not waiting
    taken = Enrolment.objects.filter(service=service, status=EnrolmentStatus.ACTIVE).count()
    if service.capacity_places is not None and taken >= service.capacity_places:
        raise CapacityFull(_("Brak wolnych miejsc – najpierw ktoś musi zakończyć udział."))
    workflows.ENROLMENT.apply(enrolment, "admit", actor=actor)
    enrolment.enrolled_on = on or _today()
    enrolment.save(update_fields=["status", "enrolled_on", "updated_at"])
    _recount(service)
    event(actor=actor, verb=DeliveryEvent.ADMITTED, target=enrolment, data={"person": enrolment.person.code})
    return enrolment


@transaction.atomic
def enrolment_leave(
    *, actor: Actor, enrolment: Enrolment, reason: str, on: date | None = None, note: str = ""
) -> Enrolment:
    require(actor, "delivery.deliver_service", enrolment.service)
    if reason not in LeaveReason.values:
        raise ValidationError(_("Wybierz przyczynę zakończenia udziału."))
    service = _lock_service(enrolment.service)
    enrolment = Enrolment.objects.select_for_update().get(pk=enrolment.pk)
    workflows.ENROLMENT.apply(enrolment, "leave", actor=actor)
    left_on = on or _today()
    if enrolment.enrolled_on and left_on < enrolment.enrolled_on:
        raise ValidationError(_("Data zakończenia nie może być wcześniejsza niż data przyjęcia."))
    enrolment.left_on = left_on
    enrolment.leave_reason = reason
    enrolment.leave_note = note
    enrolment.save(update_fields=["status", "left_on", "leave_reason", "leave_note", "updated_at"])
    _recount(service)
    event(actor=actor, verb=DeliveryEvent.LEFT, target=enrolment, data={"reason": reason})
    return enrolment


def next_waiting(service: Service) -> Enrolment | None:
    return (
        Enrolment.objects.filter(service=service, status=EnrolmentStatus.WAITING)
        .order_by("requested_on", "id")
        .select_related("person")
        .first()
    )
