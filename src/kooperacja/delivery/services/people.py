"""The personal record: registering and updating a person, linking them to an organisation, PESEL duplicates
across organisations, consents."""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.catalog.enums import AssistanceReason
from kooperacja.core.actors import Actor, is_system, person_of, require
from kooperacja.core.identifiers import normalize_pesel, pesel_birth_date, validate_pesel
from kooperacja.delivery.events import DeliveryEvent, event

from .. import workflows
from ..enums import (
    ConsentScope,
    DuplicateStatus,
    Sex,
)
from ..models import (
    Consent,
    Person,
    PersonDuplicateFlag,
    PersonOrganisation,
)
from ..policies import staff_org_ids

if TYPE_CHECKING:
    from kooperacja.organisations.models import Organisation


from .common import _today

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
