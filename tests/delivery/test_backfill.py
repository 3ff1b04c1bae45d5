"""Services the demo used to bypass: a paper register of past sessions entered at once (checked like one mark,
one timeline event), a flat added by its operator, a catalogue standard with its checklist."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from kooperacja.core.actors import SYSTEM
from kooperacja.core.models import AuditEvent
from kooperacja.delivery import services
from kooperacja.delivery.models import Attendance, Enrolment, Flat, Session

pytestmark = pytest.mark.django_db


def test_register_backfill_writes_sessions_and_marks_in_one_event(demo: Any, day_room: Any) -> None:
    enrolment = Enrolment.objects.filter(service=day_room, status="active").order_by("id").first()
    today = timezone.localdate()
    days = [today - timedelta(days=200), today - timedelta(days=199)]
    before_events = AuditEvent.objects.filter(verb="delivery.register_backfilled").count()
    # a mark before the person joined is refused, and nothing of the lot is written
    with pytest.raises(ValidationError):
        services.register_backfill(
            actor=SYSTEM,
            service=day_room,
            dates=days,
            topic="Zajęcia",
            duration_hours=Decimal("3"),
            marks=[(0, enrolment, "present")],
        )
    assert not Session.objects.filter(service=day_room, date__in=days).exists()
    joined = enrolment.enrolled_on
    days = [joined + timedelta(days=1), joined + timedelta(days=2)]
    sessions = services.register_backfill(
        actor=SYSTEM,
        service=day_room,
        dates=days,
        topic="Zajęcia",
        duration_hours=Decimal("3"),
        marks=[(0, enrolment, "present"), (1, enrolment, "excused")],
    )
    marks = {a.session_id: a for a in Attendance.objects.filter(session__in=sessions)}
    assert marks[sessions[0].pk].hours == Decimal("3") and marks[sessions[1].pk].hours == 0
    assert AuditEvent.objects.filter(verb="delivery.register_backfilled").count() == before_events + 1
    with pytest.raises(ValidationError):
        services.register_backfill(
            actor=SYSTEM,
            service=day_room,
            dates=[today + timedelta(days=3)],
            topic="Jutro",
            duration_hours=Decimal(2),
            marks=[],
        )
    with pytest.raises(PermissionDenied):
        services.register_backfill(
            actor=demo.user("ngo_staff"), service=day_room, dates=days, topic="X", duration_hours=Decimal(2), marks=[]
        )


def test_flat_is_added_by_its_operator_only(demo: Any) -> None:
    przystan = demo.org("przystan")
    data = {"kind": "training", "name": "Mieszkanie testowe", "street": "ul. Testowa 1", "city": "Hajnówka",
            "territory": przystan.territory, "places": 3}  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.flat_create(actor=demo.user("pes_staff"), operator=przystan, data=data)
    with pytest.raises(ValidationError):
        services.flat_create(actor=SYSTEM, operator=przystan, data={**data, "places": 0})
    flat = services.flat_create(actor=SYSTEM, operator=przystan, data=data)
    assert Flat.objects.get(pk=flat.pk).operator == przystan
    assert AuditEvent.objects.filter(verb="delivery.flat_created", target_id=str(flat.pk)).exists()


def test_standard_with_its_checklist_only_by_the_platform(demo: Any) -> None:
    from kooperacja.catalog import services as catalog_services

    reqs = [("a", "Wymaganie A"), ("b", "Wymaganie B")]
    with pytest.raises(PermissionDenied):
        catalog_services.standard_create(
            actor=demo.user("officer"), category="seniors", name="S", legal_basis="", requirements=reqs
        )
    with pytest.raises(ValidationError):
        catalog_services.standard_create(
            actor=SYSTEM, category="seniors", name="S", legal_basis="", requirements=[("a", "x"), ("a", "y")]
        )
    std = catalog_services.standard_create(
        actor=SYSTEM, category="seniors", name="Standard testowy", legal_basis="uchwała", requirements=reqs
    )
    assert list(std.requirements.values_list("code", "order")) == [("a", 0), ("b", 1)]
