"""GDPR: exporting everything held about a person, anonymising them after the retention period."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core.actors import SYSTEM, Actor, require
from kooperacja.core.audit import access_log_for, log_access
from kooperacja.core.enums import AccessAction
from kooperacja.delivery.events import DeliveryEvent, event

from .. import workflows
from ..enums import (
    OPEN_ENROLMENT,
)
from ..models import (
    Attendance,
    Enrolment,
    EsfRecord,
    HomelessnessProgramme,
    Person,
    Placement,
    ProgrammeReview,
    SupportMeeting,
)

if TYPE_CHECKING:
    from django.http import HttpRequest


from .common import RETENTION_DAYS, _today


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
        # ESF+ participant data (EU-funded services only): the coded answers as stored
        "efs": [
            {
                "usluga": r.enrolment.service.name,
                "projekt": r.enrolment.service.eu_project_number,
                "status_na_rynku_pracy": r.employment,
                "wyksztalcenie_isced": r.education,
                "niepelnosprawnosc": r.disability,
                "po_zakonczeniu": d(r.exit_recorded_on),
                "poszukuje_pracy": r.exit_job_seeking,
                "ksztalci_sie": r.exit_in_education,
                "uzyskal_kwalifikacje": r.exit_qualification,
                "pracuje": r.exit_employed,
                "po_6_miesiacach": d(r.six_months_recorded_on),
                "pracuje_po_6_miesiacach": r.six_months_employed,
            }
            for r in EsfRecord.objects.filter(enrolment__person=person).select_related("enrolment__service")
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
    delivery records (attendance, outcomes), which refer to the pseudonymous code only. The ESF+ data (EsfRecord)
    are coded answers with no free text: they stay for the aggregated ESF+ indicators (the managing authority's
    report covers the whole project period) and, like the art. 7 reasons, identify nobody once the identity is
    gone; `esf_record_save` refuses to add to them afterwards."""
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
