"""Sessions of a service, the attendance register and support meetings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kooperacja.catalog.models import Service
from kooperacja.core.actors import Actor, person_of, require
from kooperacja.delivery.events import DeliveryEvent, event

from ..enums import (
    AttendanceStatus,
    EnrolmentStatus,
    MeetingKind,
)
from ..models import (
    Attendance,
    Enrolment,
    Session,
    SupportMeeting,
)


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
    from ..selectors import session_register

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
