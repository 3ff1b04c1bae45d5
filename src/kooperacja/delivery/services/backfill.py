"""Entering a paper register of past sessions at once: the sessions of a period and their attendance marks, checked
as `attendance_set` checks one mark, written in bulk (a register of a quarter has thousands of marks) and recorded
as one timeline event. Used when a provider starts on the platform with months of paper registers, and by the demo.
"""

from __future__ import annotations

from datetime import date, time
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kooperacja.catalog.models import Service
from kooperacja.core.actors import Actor, person_of, require
from kooperacja.delivery.events import DeliveryEvent, event

from ..enums import AttendanceStatus
from ..models import Attendance, Enrolment, Session
from .common import _today
from .sessions import _eligible_for_session


@transaction.atomic
def register_backfill(
    *,
    actor: Actor,
    service: Service,
    dates: list[date],
    topic: str,
    duration_hours: Decimal,
    marks: list[tuple[int, Enrolment, str]],
    starts_at: time | None = None,
    location: Any = None,
    led_by: str = "",
) -> list[Session]:
    """Create one session per date and the marks `(index of the date, enrolment, status)`; present = the whole
    session. Refuses the lot (nothing written) on a future date, an unknown status or a person who did not take
    part in the service on that day."""
    require(actor, "delivery.deliver_service", service)
    if not topic.strip():
        raise ValidationError(_("Podaj temat zajęć."))
    if any(d > _today() for d in dates):
        raise ValidationError(_("Wstecz można wpisać tylko zajęcia, które już się odbyły."))
    sessions = [
        Session(
            service=service,
            date=d,
            starts_at=starts_at,
            duration_hours=duration_hours,
            topic=topic,
            location=location,
            led_by=led_by,
        )
        for d in dates
    ]
    for s in sessions:
        s.full_clean(exclude=["service", "location"])
    sessions = Session.objects.bulk_create(sessions)
    recorded_by = person_of(actor)
    rows = []
    for index, enrolment, status in marks:
        session = sessions[index]
        if status not in AttendanceStatus.values:
            raise ValidationError(_("Nieznany status obecności."))
        if not _eligible_for_session(session, enrolment):
            raise ValidationError(
                _("%(code)s: brak udziału w usłudze %(d)s.") % {"code": enrolment.person.code, "d": session.date}
            )
        present = status == AttendanceStatus.PRESENT
        rows.append(
            Attendance(
                session=session,
                enrolment=enrolment,
                status=status,
                hours=duration_hours if present else Decimal(0),
                recorded_by=recorded_by,
            )
        )
    Attendance.objects.bulk_create(rows)
    event(
        actor=actor,
        verb=DeliveryEvent.REGISTER_BACKFILLED,
        target=service,
        data={"sessions": len(sessions), "marks": len(rows), "from": min(dates, default=None) and str(min(dates))},
    )
    return sessions
