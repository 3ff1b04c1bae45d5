"""Every write of service delivery: keyword-only, permission-checked, atomic, with timeline events.

Capacity: `enrolment_request` / `enrolment_admit` / `enrolment_leave` lock the catalogue service row
(`select_for_update`), recount active enrolments and store the figure in `Service.places_taken`. Concurrent
enrolments are therefore serialised per service: K places -> exactly K active enrolments, the rest wait.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.catalog import services as catalog_services
from kooperacja.catalog.enums import AssistanceReason, ServiceStatus
from kooperacja.catalog.models import Service
from kooperacja.core.actors import SYSTEM, Actor, is_system, person_of, require
from kooperacja.core.audit import access_log_for, log_access
from kooperacja.core.enums import AccessAction
from kooperacja.core.identifiers import normalize_pesel, pesel_birth_date, validate_pesel
from kooperacja.delivery.events import DeliveryEvent, event

from . import workflows
from .enums import (
    OPEN_ENROLMENT,
    AttendanceStatus,
    ConsentScope,
    DuplicateStatus,
    EnrolmentStatus,
    IndicatorKind,
    LeaveReason,
    MeetingKind,
    PlacementEndReason,
    ProgrammeArea,
    ProgrammeOutcome,
    ProgrammeStatus,
    Sex,
)
from .models import (
    Attendance,
    Consent,
    Enrolment,
    Flat,
    HomelessnessProgramme,
    OutcomeIndicator,
    Person,
    PersonDuplicateFlag,
    PersonOrganisation,
    Placement,
    ProgrammeAction,
    ProgrammeGoal,
    ProgrammeReview,
    Session,
    SupportMeeting,
)
from .policies import staff_org_ids

if TYPE_CHECKING:
    from django.http import HttpRequest

    from kooperacja.organisations.models import Organisation

RETENTION_DAYS = getattr(settings, "KOOPERACJA_DELIVERY_RETENTION_DAYS", 5 * 365)  # [?] default, configurable


class CapacityFull(ValidationError):
    pass


def _today() -> date:
    return timezone.localdate()


# --- people ---

PERSON_FIELDS = (
    "first_name",
    "last_name",
    "pesel",
    "birth_date",
    "sex",
    "phone",
    "email",
    "street",
    "postal_code",
    "city",
    "territory",
    "reasons",
)


def _clean_person(person: Person) -> None:
    if person.pesel:
        person.pesel = normalize_pesel(person.pesel)
        validate_pesel(person.pesel)
        person.birth_date = pesel_birth_date(person.pesel)
        person.sex = Sex.FEMALE if int(person.pesel[9]) % 2 == 0 else Sex.MALE
    if not person.first_name.strip() or not person.last_name.strip():
        raise ValidationError(_("Podaj imię i nazwisko uczestnika."))
    valid = set(AssistanceReason.values)
    if bad := [r for r in person.reasons if r not in valid]:
        raise ValidationError(_("Nieznana przesłanka pomocy: %(v)s") % {"v": ", ".join(bad)})
    if person.territory.kind not in ("gmina",):
        raise ValidationError(_("Gmina zamieszkania musi być gminą z rejestru TERYT."))
    person.full_clean(exclude=["registered_by", "territory"])


def _link(person: Person, organisation: Organisation, reason: str, on: date | None = None) -> None:
    PersonOrganisation.objects.get_or_create(
        person=person, organisation=organisation, defaults={"since": on or _today(), "reason": reason}
    )


def _name_key(value: str) -> str:
    """A name compared without case, diacritics, hyphens and extra spaces ("Łukasz  Kowalski-Nowak" ~ "lukasz
    kowalski nowak")."""
    text = unicodedata.normalize("NFKD", value.replace("ł", "l").replace("Ł", "L"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.replace("-", " ").split()).casefold()


def _same_name(person: Person, first_name: str, last_name: str) -> bool:
    return _name_key(person.first_name) == _name_key(first_name) and _name_key(person.last_name) == _name_key(last_name)


def _lock_pesel(pesel: str) -> None:
    """Serialise registrations of one PESEL until the transaction ends, so two at once cannot both miss each other
    and create two records for one organisation (PostgreSQL advisory lock; SQLite serialises writers anyway)."""
    if connection.vendor != "postgresql":
        return
    digest = hashlib.blake2b(f"delivery.person.pesel:{pesel}".encode(), digest_size=8).digest()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(digest, "big", signed=True)])


def _records_of(pesel: str, organisation_ids: Iterable[int]) -> list[Person]:
    """The records with this PESEL that the organisations already serve, their own registrations first."""
    ids = set(organisation_ids)
    served = PersonOrganisation.objects.filter(organisation_id__in=ids).values("person_id")
    found = Person.objects.select_for_update().filter(pesel=pesel, pk__in=served).order_by("created_at", "id")
    return sorted(found, key=lambda p: p.registered_by_id not in ids)


def _flag_duplicates(*, actor: Actor, person: Person, organisation: Organisation) -> list[PersonDuplicateFlag]:
    """Flag `person` against every other record with its PESEL, for the controllers of those records only."""
    flags = []
    for other in Person.objects.filter(pesel=person.pesel).exclude(pk=person.pk).exclude(pesel=""):
        flag, created = PersonDuplicateFlag.objects.get_or_create(
            existing=other,
            duplicate=person,
            defaults={
                "organisation": organisation,
                "names_match": _same_name(other, person.first_name, person.last_name),
                "flagged_by": person_of(actor),
            },
        )
        if created:
            event(
                actor=actor,
                verb=DeliveryEvent.DUPLICATE_FLAGGED,
                target=flag,
                data={"organisation": organisation.pk, "names_match": flag.names_match},
            )
        flags.append(flag)
    return flags


@transaction.atomic
def person_register(*, actor: Actor, organisation: Organisation, data: dict[str, Any]) -> Person:
    """Register a beneficiary for `organisation` (whose staff then see the record).

    A PESEL reuses a record only within the organisation's own register: when the organisation already serves a
    record with this PESEL, that record is returned if first and last name match (without case and diacritics),
    otherwise the registration fails at the PESEL field. A PESEL held only in records of OTHER organisations is
    never linked nor revealed: a new record is created for `organisation` exactly as for an unknown PESEL, and the
    pair is flagged as a suspected duplicate to the other records' controllers (docs/delivery.md, "Rejestracja
    osoby o istniejącym numerze PESEL")."""
    if not is_system(actor) and organisation.pk not in staff_org_ids(actor):
        raise PermissionDenied
    pesel = normalize_pesel(data.get("pesel") or "")
    if pesel:
        validate_pesel(pesel)
        first_name, last_name = (data.get("first_name") or "").strip(), (data.get("last_name") or "").strip()
        if not first_name or not last_name:
            raise ValidationError(_("Podaj imię i nazwisko uczestnika."))
        _lock_pesel(pesel)
        own = _records_of(pesel, [organisation.pk])
        if own:
            matching = [p for p in own if _same_name(p, first_name, last_name)]
            if not matching:
                raise ValidationError(
                    {
                        "pesel": _(
                            "Imię i nazwisko nie zgadzają się z osobą o tym numerze PESEL w rejestrze Twojej "
                            "organizacji. Sprawdź numer PESEL oraz pisownię imienia i nazwiska."
                        )
                    }
                )
            return matching[0]
    person = Person(registered_by=organisation)
    for name in PERSON_FIELDS:
        if name in data:
            setattr(person, name, data[name] if data[name] is not None else getattr(person, name))
    person.pesel = pesel
    _clean_person(person)
    person.save()
    _link(person, organisation, _("rejestracja uczestnika"))
    event(actor=actor, verb=DeliveryEvent.PERSON_REGISTERED, target=person, data={"organisation": organisation.pk})
    if pesel:
        _flag_duplicates(actor=actor, person=person, organisation=organisation)
    return person


@transaction.atomic
def person_update(*, actor: Actor, person: Person, data: dict[str, Any]) -> Person:
    """Change a record. A new PESEL may not repeat a record the editor's organisations already serve; one held only
    elsewhere is accepted without a word and flagged to that record's controllers, as in `person_register`."""
    require(actor, "delivery.see_person", person)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.is_anonymised:
        raise ValidationError(_("Dane zanonimizowanej osoby nie mogą być zmieniane."))
    old_pesel = person.pesel
    changed = []
    for name in PERSON_FIELDS:
        if name in data and getattr(person, name) != data[name]:
            setattr(person, name, data[name])
            changed.append(name)
    _clean_person(person)
    serving = set(person.served_by.values_list("organisation_id", flat=True))
    mine = serving if is_system(actor) else staff_org_ids(actor) & serving
    if person.pesel and person.pesel != old_pesel:
        _lock_pesel(person.pesel)
        if any(p.pk != person.pk for p in _records_of(person.pesel, mine)):
            raise ValidationError({"pesel": _("Osoba o tym numerze PESEL jest już w rejestrze Twojej organizacji.")})
    person.save()
    event(actor=actor, verb=DeliveryEvent.PERSON_UPDATED, target=person, data={"changed": changed})
    if person.pesel and person.pesel != old_pesel:
        organisation = person.registered_by  # the flag names the organisation whose edit made the duplicate
        if person.registered_by_id not in mine:
            link = person.served_by.filter(organisation_id__in=mine).select_related("organisation").order_by("id")
            if (first := link.first()) is not None:
                organisation = first.organisation
        _flag_duplicates(actor=actor, person=person, organisation=organisation)
    return person


@transaction.atomic
def person_link_organisation(*, actor: Actor, person: Person, organisation: Organisation, reason: str) -> None:
    """Let another organisation serve the person (e.g. a cooperation partner after a referral with consent)."""
    require(actor, "delivery.see_person", person)
    _link(person, organisation, reason)
    event(
        actor=actor,
        verb=DeliveryEvent.PERSON_SHARED,
        target=person,
        data={"organisation": organisation.pk, "reason": reason},
    )


@transaction.atomic
def person_duplicate_dismiss(*, actor: Actor, flag: PersonDuplicateFlag, note: str) -> PersonDuplicateFlag:
    """A controller of the existing record closes a suspected duplicate without merging (e.g. a mistyped PESEL:
    not the same person). Merging needs the person's consent or a legal basis and is done outside the platform."""
    require(actor, "delivery.see_person", flag.existing)
    flag = PersonDuplicateFlag.objects.select_for_update().get(pk=flag.pk)
    if flag.status != DuplicateStatus.OPEN:
        raise ValidationError(_("To zgłoszenie możliwego duplikatu zostało już zamknięte."))
    note = (note or "").strip()
    if not note:
        raise ValidationError({"resolution_note": _("Podaj uzasadnienie zamknięcia zgłoszenia.")})
    workflows.DUPLICATE.apply(flag, "dismiss", actor=actor, reason=note)
    flag.resolution_note = note[:300]
    flag.resolved_at = timezone.now()
    flag.resolved_by = person_of(actor)
    flag.save(update_fields=["status", "resolution_note", "resolved_at", "resolved_by", "updated_at"])
    event(actor=actor, verb=DeliveryEvent.DUPLICATE_DISMISSED, target=flag, data={"note": flag.resolution_note})
    return flag


@transaction.atomic
def consent_record(
    *,
    actor: Actor,
    person: Person,
    organisation: Organisation,
    scope: str,
    purpose: str,
    given_on: date,
    expires_on: date | None = None,
    shared_with: str = "",
) -> Consent:
    require(actor, "delivery.see_person", person)
    if scope not in ConsentScope.values:
        raise ValidationError(_("Nieznany zakres zgody."))
    consent = Consent(
        person=person,
        organisation=organisation,
        scope=scope,
        purpose=purpose,
        given_on=given_on,
        expires_on=expires_on,
        shared_with=shared_with,
        recorded_by=person_of(actor),
    )
    consent.full_clean()
    consent.save()
    event(actor=actor, verb=DeliveryEvent.CONSENT_RECORDED, target=person, data={"scope": scope})
    return consent


@transaction.atomic
def consent_withdraw(*, actor: Actor, consent: Consent, on: date | None = None) -> Consent:
    require(actor, "delivery.see_person", consent.person)
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    if consent.withdrawn_on:
        raise ValidationError(_("Zgoda została już wycofana."))
    consent.withdrawn_on = max(on or _today(), consent.given_on)
    consent.save(update_fields=["withdrawn_on", "updated_at"])
    event(actor=actor, verb=DeliveryEvent.CONSENT_WITHDRAWN, target=consent.person, data={"scope": consent.scope})
    return consent


# --- enrolment and capacity ---


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


# --- sessions, attendance, meetings ---


@transaction.atomic
def session_create(
    *,
    actor: Actor,
    service: Service,
    on: date,
    topic: str,
    duration_hours: Decimal = Decimal("2"),
    starts_at: Any = None,
    location: Any = None,
    led_by: str = "",
) -> Session:
    require(actor, "delivery.deliver_service", service)
    session = Session(
        service=service,
        date=on,
        topic=topic,
        duration_hours=duration_hours,
        starts_at=starts_at,
        location=location,
        led_by=led_by,
    )
    session.full_clean()
    session.save()
    event(actor=actor, verb=DeliveryEvent.SESSION_CREATED, target=session, data={"date": on.isoformat()})
    return session


def _eligible_for_session(session: Session, enrolment: Enrolment) -> bool:
    if enrolment.service_id != session.service_id or enrolment.enrolled_on is None:
        return False
    if enrolment.enrolled_on > session.date:
        return False
    return enrolment.status == EnrolmentStatus.ACTIVE or (
        enrolment.status == EnrolmentStatus.LEFT and enrolment.left_on is not None and enrolment.left_on >= session.date
    )


@transaction.atomic
def attendance_set(
    *, actor: Actor, session: Session, enrolment: Enrolment, status: str, hours: Decimal | None = None
) -> Attendance:
    """Mark one person on the register. Hours default to the session length when present, 0 otherwise."""
    require(actor, "delivery.deliver_service", session.service)
    if status not in AttendanceStatus.values:
        raise ValidationError(_("Nieznany status obecności."))
    if not _eligible_for_session(session, enrolment):
        raise ValidationError(_("Ta osoba nie uczestniczyła w usłudze w dniu zajęć."))
    if status != AttendanceStatus.PRESENT:
        hours = Decimal(0)
    elif hours is None:
        hours = session.duration_hours
    elif hours < 0 or hours > session.duration_hours:
        raise ValidationError(_("Liczba godzin musi mieścić się w czasie trwania zajęć."))
    mark, _created = Attendance.objects.update_or_create(
        session=session,
        enrolment=enrolment,
        defaults={
            "status": status,
            "hours": hours,
            "recorded_by": person_of(actor),
        },
    )
    event(
        actor=actor, verb=DeliveryEvent.ATTENDANCE, target=session, data={"enrolment": enrolment.pk, "status": status}
    )
    return mark


@transaction.atomic
def attendance_mark_all(*, actor: Actor, session: Session, status: str) -> int:
    """Mark everyone on the register who has no mark yet (the 'all present' button)."""
    from .selectors import session_register

    n = 0
    for row in session_register(session):
        if row.attendance is None:
            attendance_set(actor=actor, session=session, enrolment=row.enrolment, status=status)
            n += 1
    return n


@transaction.atomic
def meeting_record(
    *, actor: Actor, enrolment: Enrolment, held_on: date, kind: str, minutes: int = 60, summary: str = ""
) -> SupportMeeting:
    require(actor, "delivery.deliver_service", enrolment.service)
    if kind not in MeetingKind.values:
        raise ValidationError(_("Nieznany rodzaj spotkania."))
    meeting = SupportMeeting(
        enrolment=enrolment,
        held_on=held_on,
        kind=kind,
        minutes=minutes,
        summary=summary,
        staff=person_of(actor),
    )
    meeting.full_clean()
    meeting.save()
    event(actor=actor, verb=DeliveryEvent.MEETING, target=enrolment, data={"kind": kind, "minutes": minutes})
    return meeting


# --- art. 49 individual programmes for exiting homelessness ---


@transaction.atomic
def programme_create(
    *,
    actor: Actor,
    person: Person,
    ops: Organisation,
    service: Service | None,
    drawn_up_on: date,
    starts_on: date,
    planned_end_on: date,
    situation: str,
    person_agreed: bool,
) -> HomelessnessProgramme:
    require(actor, "delivery.see_person", person)
    ids = {ops.pk} if is_system(actor) else staff_org_ids(actor)
    if ops.pk not in ids and (service is None or service.provider_id not in ids):
        raise PermissionDenied
    if ops.legal_form != "ops":
        raise ValidationError(_("Program zatwierdza ośrodek pomocy społecznej – wybierz OPS."))
    programme = HomelessnessProgramme(
        person=person,
        ops=ops,
        service=service,
        prepared_by=person_of(actor),
        drawn_up_on=drawn_up_on,
        starts_on=starts_on,
        planned_end_on=planned_end_on,
        situation=situation,
        person_agreed=person_agreed,
    )
    programme.full_clean()
    programme.save()
    _link(person, ops, _("indywidualny program wychodzenia z bezdomności"))
    if service is not None:
        _link(person, service.provider, _("indywidualny program wychodzenia z bezdomności"))
    event(actor=actor, verb=DeliveryEvent.PROGRAMME_CREATED, target=programme, data={"person": person.code})
    return programme


def _editable(actor: Actor, programme: HomelessnessProgramme) -> None:
    require(actor, "delivery.work_on_programme", programme)
    if programme.status not in workflows.PROGRAMME_OPEN:
        raise ValidationError(_("Program jest zamknięty."))


@transaction.atomic
def programme_goal_add(*, actor: Actor, programme: HomelessnessProgramme, area: str, text: str) -> ProgrammeGoal:
    _editable(actor, programme)
    if area not in ProgrammeArea.values:
        raise ValidationError(_("Nieznany obszar celu."))
    goal = ProgrammeGoal.objects.create(programme=programme, area=area, text=text)
    event(actor=actor, verb=DeliveryEvent.PROGRAMME_GOAL, target=programme, data={"area": area})
    return goal


@transaction.atomic
def programme_action_add(
    *,
    actor: Actor,
    programme: HomelessnessProgramme,
    goal: ProgrammeGoal,
    text: str,
    due_on: date,
    responsible_organisation: Organisation | None = None,
    responsible_note: str = "",
) -> ProgrammeAction:
    _editable(actor, programme)
    if goal.programme_id != programme.pk:
        raise ValidationError(_("Cel nie należy do tego programu."))
    action = ProgrammeAction(
        programme=programme,
        goal=goal,
        text=text,
        due_on=due_on,
        responsible_organisation=responsible_organisation,
        responsible_note=responsible_note,
    )
    if responsible_organisation is None and not responsible_note.strip():
        raise ValidationError(_("Wskaż podmiot odpowiedzialny za działanie."))
    action.full_clean()
    action.save()
    event(actor=actor, verb=DeliveryEvent.PROGRAMME_ACTION, target=programme, data={"due": due_on.isoformat()})
    return action


@transaction.atomic
def programme_action_done(*, actor: Actor, action: ProgrammeAction, on: date | None = None) -> ProgrammeAction:
    _editable(actor, action.programme)
    action.done_on = on or _today()
    action.save(update_fields=["done_on"])
    event(actor=actor, verb=DeliveryEvent.PROGRAMME_ACTION_DONE, target=action.programme, data={"action": action.pk})
    return action


def _transition(actor: Actor, programme: HomelessnessProgramme, action: str) -> HomelessnessProgramme:
    programme = HomelessnessProgramme.objects.select_for_update().select_related("ops").get(pk=programme.pk)
    workflows.PROGRAMME.apply(programme, action, actor=actor)
    return programme


@transaction.atomic
def programme_submit(*, actor: Actor, programme: HomelessnessProgramme) -> HomelessnessProgramme:
    require(actor, "delivery.work_on_programme", programme)
    if not programme.person_agreed:
        raise ValidationError(_("Program sporządza się wspólnie z osobą – zaznacz, że został z nią uzgodniony."))
    if not programme.goals.exists() or not programme.actions.exists():
        raise ValidationError(_("Dodaj co najmniej jeden cel i jedno działanie."))
    programme = _transition(actor, programme, "submit")
    programme.save(update_fields=["status", "updated_at"])
    event(actor=actor, verb=DeliveryEvent.PROGRAMME_SUBMITTED, target=programme)
    return programme


@transaction.atomic
def programme_approve(
    *, actor: Actor, programme: HomelessnessProgramme, on: date | None = None, approve: bool = True
) -> HomelessnessProgramme:
    """Approval by the head of the OPS (art. 49) – or return to the social worker for changes."""
    require(actor, "delivery.approve_programme", programme)
    programme = _transition(actor, programme, "approve" if approve else "return")
    if approve:
        programme.approved_by = person_of(actor)
        programme.approved_on = on or _today()
    programme.save(update_fields=["status", "approved_by", "approved_on", "updated_at"])
    event(
        actor=actor,
        verb=DeliveryEvent.PROGRAMME_APPROVED if approve else DeliveryEvent.PROGRAMME_RETURNED,
        target=programme,
    )
    return programme


@transaction.atomic
def programme_review_add(
    *,
    actor: Actor,
    programme: HomelessnessProgramme,
    reviewed_on: date,
    progress: str,
    next_review_on: date | None = None,
) -> ProgrammeReview:
    require(actor, "delivery.work_on_programme", programme)
    if programme.status != ProgrammeStatus.APPROVED:
        raise ValidationError(_("Postępy ocenia się w programie zatwierdzonym i realizowanym."))
    review = ProgrammeReview.objects.create(
        programme=programme,
        reviewed_on=reviewed_on,
        progress=progress,
        next_review_on=next_review_on,
        reviewer=person_of(actor),
    )
    event(actor=actor, verb=DeliveryEvent.PROGRAMME_REVIEWED, target=programme)
    return review


@transaction.atomic
def programme_close(
    *, actor: Actor, programme: HomelessnessProgramme, outcome: str, note: str, on: date | None = None
) -> HomelessnessProgramme:
    require(actor, "delivery.work_on_programme", programme)
    if outcome not in ProgrammeOutcome.values:
        raise ValidationError(_("Wybierz rezultat programu."))
    action = "discontinue" if outcome == ProgrammeOutcome.DISCONTINUED else "complete"
    programme = _transition(actor, programme, action)
    programme.outcome = outcome
    programme.outcome_note = note
    programme.closed_on = on or _today()
    programme.save(update_fields=["status", "outcome", "outcome_note", "closed_on", "updated_at"])
    event(actor=actor, verb=DeliveryEvent.PROGRAMME_CLOSED, target=programme, data={"outcome": outcome})
    return programme


# --- art. 53 training and supported flats ---


@transaction.atomic
def placement_start(
    *, actor: Actor, flat: Flat, person: Person, starts_on: date, planned_end_on: date | None = None
) -> Placement:
    require(actor, "delivery.operate_flat", flat)
    flat = Flat.objects.select_for_update().get(pk=flat.pk)
    current = flat.placements.filter(ended_on__isnull=True).count()
    if current >= flat.places:
        raise CapacityFull(_("Wszystkie miejsca w mieszkaniu są zajęte."))
    if Placement.objects.filter(person=person, ended_on__isnull=True).exists():
        raise ValidationError(_("Ta osoba mieszka już w innym mieszkaniu."))
    if planned_end_on is None and flat.max_stay_months:
        planned_end_on = starts_on + timedelta(days=30 * flat.max_stay_months)
    placement = Placement.objects.create(flat=flat, person=person, starts_on=starts_on, planned_end_on=planned_end_on)
    _link(person, flat.operator, _("pobyt w mieszkaniu: %(f)s") % {"f": flat.name}, starts_on)
    event(actor=actor, verb=DeliveryEvent.PLACEMENT_STARTED, target=flat, data={"person": person.code})
    return placement


@transaction.atomic
def placement_end(*, actor: Actor, placement: Placement, ended_on: date, reason: str) -> Placement:
    require(actor, "delivery.operate_flat", placement.flat)
    if reason not in PlacementEndReason.values:
        raise ValidationError(_("Wybierz przyczynę zakończenia pobytu."))
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    if placement.ended_on:
        raise ValidationError(_("Pobyt został już zakończony."))
    if ended_on < placement.starts_on:
        raise ValidationError(_("Data zakończenia nie może być wcześniejsza niż początek pobytu."))
    placement.ended_on = ended_on
    placement.end_reason = reason
    placement.save(update_fields=["ended_on", "end_reason", "updated_at"])
    event(actor=actor, verb=DeliveryEvent.PLACEMENT_ENDED, target=placement.flat, data={"reason": reason})
    return placement


# --- outcome indicators ---


@transaction.atomic
def indicator_plan(
    *,
    actor: Actor,
    service: Service,
    kind: str,
    planned: Decimal,
    period_start: date,
    period_end: date,
    lot_ref: str = "",
) -> OutcomeIndicator:
    require(actor, "delivery.plan_outcomes", service)
    if kind not in IndicatorKind.values:
        raise ValidationError(_("Nieznany wskaźnik."))
    indicator, _created = OutcomeIndicator.objects.update_or_create(
        service=service,
        kind=kind,
        period_start=period_start,
        defaults={"planned": planned, "period_end": period_end, "lot_ref": lot_ref},
    )
    indicator.full_clean()
    event(
        actor=actor, verb=DeliveryEvent.INDICATOR_PLANNED, target=service, data={"kind": kind, "planned": str(planned)}
    )
    return indicator


# --- GDPR: export and anonymisation ---


def person_export(*, actor: Actor, person: Person, request: HttpRequest | None = None) -> dict[str, Any]:
    """Everything held about a participant (art. 15 RODO). Logged as an export before it is built."""
    require(actor, "delivery.export_person", person)
    log_access(
        user=actor,
        targets=person,
        purpose=_("eksport danych na żądanie osoby (art. 15 RODO)"),
        part="całość",
        action=AccessAction.EXPORT,
        request=request,
    )

    def d(value: Any) -> Any:
        return value.isoformat() if hasattr(value, "isoformat") else value

    enrolments = list(person.enrolments.select_related("service", "service__provider"))
    return {
        "osoba": {
            "kod": person.code,
            "imie": person.first_name,
            "nazwisko": person.last_name,
            "pesel": person.pesel,
            "data_urodzenia": d(person.birth_date),
            "plec": person.sex,
            "telefon": person.phone,
            "email": person.email,
            "adres": f"{person.street}, {person.postal_code} {person.city}".strip(", "),
            "gmina_teryt": person.territory.code,
            "przeslanki_pomocy": person.reasons,
            "zarejestrowane_przez": str(person.registered_by),
            "zanonimizowano": d(person.anonymised_at),
        },
        "organizacje": [
            {"organizacja": str(po.organisation), "od": d(po.since), "podstawa": po.reason}
            for po in person.served_by.select_related("organisation")
        ],
        "zgody": [
            {
                "zakres": c.scope,
                "cel": c.purpose,
                "udostepniane": c.shared_with,
                "wyrazona": d(c.given_on),
                "wazna_do": d(c.expires_on),
                "wycofana": d(c.withdrawn_on),
                "administrator": str(c.organisation),
            }
            for c in person.consents.select_related("organisation")
        ],
        "zapisy": [
            {
                "usluga": e.service.name,
                "realizator": str(e.service.provider),
                "status": e.status,
                "zgloszenie": d(e.requested_on),
                "przyjecie": d(e.enrolled_on),
                "zakonczenie": d(e.left_on),
                "przyczyna": e.leave_reason,
            }
            for e in enrolments
        ],
        "obecnosci": [
            {"usluga": a.session.service.name, "data": d(a.session.date), "status": a.status, "godziny": str(a.hours)}
            for a in Attendance.objects.filter(enrolment__person=person).select_related("session__service")
        ],
        "spotkania": [
            {"data": d(m.held_on), "rodzaj": m.kind, "minuty": m.minutes, "ustalenia": m.summary}
            for m in SupportMeeting.objects.filter(enrolment__person=person)
        ],
        "programy_art49": [
            {
                "status": p.status,
                "sporzadzony": d(p.drawn_up_on),
                "sytuacja": p.situation,
                "cele": [{"obszar": g.area, "cel": g.text, "osiagniety": g.achieved} for g in p.goals.all()],
                "dzialania": [
                    {"dzialanie": a.text, "termin": d(a.due_on), "wykonano": d(a.done_on)} for a in p.actions.all()
                ],
                "oceny": [{"data": d(r.reviewed_on), "postepy": r.progress} for r in p.reviews.all()],
                "rezultat": p.outcome,
                "podsumowanie": p.outcome_note,
            }
            for p in person.homelessness_programmes.all()
        ],
        "mieszkania": [
            {"mieszkanie": pl.flat.name, "od": d(pl.starts_on), "do": d(pl.ended_on), "przyczyna": pl.end_reason}
            for pl in person.placements.select_related("flat")
        ],
        # Cases of the Cooperation Model (read through the reverse relation: delivery does not import cooperation).
        "sprawy_kooperacji": [
            {"sygnatura": cp.case.number, "instytucja": str(cp.case.owner), "rola": cp.relation}
            for cp in person.cooperation_cases.select_related("case__owner")
        ],
        "rejestr_dostepu": [
            {
                "kiedy": a.occurred_at.isoformat(),
                "kto": a.user_label,
                "czynnosc": a.action,
                "czesc": a.part,
                "cel": a.purpose,
            }
            for a in access_log_for(person)
        ],
    }


def last_activity_on(person: Person) -> date | None:
    """The last day anything was delivered to the person; None when something is still open."""
    if person.enrolments.filter(status__in=OPEN_ENROLMENT).exists():
        return None
    if person.placements.filter(ended_on__isnull=True).exists():
        return None
    if person.homelessness_programmes.filter(status__in=workflows.PROGRAMME_OPEN).exists():
        return None
    dates = [
        person.enrolments.aggregate(m=Max("left_on"))["m"],
        person.placements.aggregate(m=Max("ended_on"))["m"],
        person.homelessness_programmes.aggregate(m=Max("closed_on"))["m"],
        person.created_at.date(),
    ]
    return max(d for d in dates if d is not None)


@transaction.atomic
def person_anonymise(*, actor: Actor, person: Person, force: bool = False, today: date | None = None) -> Person:
    """Remove identity and contact data, keep what statistics need (year of birth, sex, gmina, reasons) and all
    delivery records (attendance, outcomes), which refer to the pseudonymous code only."""
    require(actor, "delivery.anonymise_person", person)
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.is_anonymised:
        return person
    today = today or _today()
    last = last_activity_on(person)
    if not force:
        if last is None:
            raise ValidationError(_("Osoba nadal korzysta z usług – nie można jej zanonimizować."))
        if (today - last).days < RETENTION_DAYS:
            raise ValidationError(_("Okres przechowywania danych jeszcze nie upłynął."))
    if person.birth_date:
        person.birth_date = person.birth_date.replace(month=1, day=1)
    for name in ("first_name", "last_name", "pesel", "phone", "email", "street", "postal_code", "city"):
        setattr(person, name, "")
    person.anonymised_at = timezone.now()
    person.save()
    SupportMeeting.objects.filter(enrolment__person=person).update(summary="")
    ProgrammeReview.objects.filter(programme__person=person).update(progress=_("[zanonimizowano]"))
    HomelessnessProgramme.objects.filter(person=person).update(situation=_("[zanonimizowano]"), outcome_note="")
    Enrolment.objects.filter(person=person).update(leave_note="", referral_note="")
    event(actor=actor, verb=DeliveryEvent.PERSON_ANONYMISED, target=person, data={"forced": force})
    return person


def people_due_for_anonymisation(today: date | None = None) -> list[Person]:
    today = today or _today()
    cutoff = today - timedelta(days=RETENTION_DAYS)
    candidates = (
        Person.objects.filter(anonymised_at__isnull=True, created_at__date__lte=cutoff)
        .exclude(Exists(Enrolment.objects.filter(person=OuterRef("pk"), status__in=OPEN_ENROLMENT)))
        .exclude(Exists(Placement.objects.filter(person=OuterRef("pk"), ended_on__isnull=True)))
    )
    due = []
    for person in candidates:
        last = last_activity_on(person)
        if last is not None and last <= cutoff:
            due.append(person)
    return due


def anonymise_expired(*, today: date | None = None) -> int:
    """Anonymise everyone whose retention period has passed (the command and the scheduled task call it, and act as
    SYSTEM: the timeline records the platform, not a person)."""
    n = 0
    for person in people_due_for_anonymisation(today):
        person_anonymise(actor=SYSTEM, person=person, today=today)
        n += 1
    return n
