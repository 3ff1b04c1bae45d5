"""Regression (issue 14): a lot plans hours of SERVICE; its outcome compared them with person-hours of the
participants (e.g. 3 people in a 2-hour session counted 6 hours) and showed 187 %. Now both sides are service
hours; person-hours are reported separately."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from kooperacja.core.actors import SYSTEM
from kooperacja.delivery import selectors
from kooperacja.delivery import services as delivery_services

pytestmark = pytest.mark.django_db


def test_lot_hours_percent_compares_service_hours_with_planned_service_hours(demo: Any) -> None:
    from kooperacja.commissioning.models import Lot

    lot = Lot.objects.filter(package__name="Pakiet usług społecznych OdNowa", services__isnull=False).first()
    service = lot.services.first()
    active = list(service.enrolments.filter(status="active")[:3])
    assert len(active) >= 2
    today = date.today()
    start, end = date(today.year, 1, 1), date(today.year, 12, 31)
    before = selectors.lot_outcomes(lot, start, end)
    session = delivery_services.session_create(
        actor=SYSTEM,
        service=service,
        on=max(active[0].enrolled_on, active[1].enrolled_on, today),
        topic="Zajęcia testowe",
        duration_hours=Decimal(3),
    )
    for enrolment in active[:2]:
        delivery_services.attendance_set(actor=SYSTEM, session=session, enrolment=enrolment, status="present")
    after = selectors.lot_outcomes(lot, start, end)
    assert after.service_hours - before.service_hours == Decimal(3)
    assert after.hours - before.hours == Decimal(6)  # person-hours still reported
    assert after.hours_percent == int(after.service_hours * 100 / lot.planned_hours)
