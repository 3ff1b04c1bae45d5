"""Indicators are computed from records (never typed): property tests change attendance at random and check
that every indicator equals a figure recomputed independently in Python."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kooperacja.catalog import services as catalog_services
from kooperacja.core.actors import SYSTEM
from kooperacja.delivery import selectors, services
from kooperacja.delivery.enums import AttendanceStatus, IndicatorKind
from kooperacja.delivery.models import Attendance

pytestmark = pytest.mark.django_db
START = date(2026, 1, 5)

marks = st.lists(
    st.tuples(
        st.integers(0, 3),  # session index
        st.integers(0, 4),  # person index
        st.sampled_from(AttendanceStatus.values),
        st.sampled_from([None, Decimal("0.5"), Decimal("1.0"), Decimal("1.5")]),
    ),
    max_size=40,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(changes=marks)
def test_indicators_follow_attendance(demo: Any, make_person: Any, changes: list[Any]) -> None:
    from django.db import transaction

    with transaction.atomic():
        svc = catalog_services.service_create(
            actor=SYSTEM,
            provider=demo.org("ss_zubr"),
            data={"name": "Property", "description": "x", "category": "children_day_room", "capacity_places": 10},
        )
        enrolments = [
            services.enrolment_request(actor=SYSTEM, person=make_person(), service=svc, on=START) for _ in range(5)
        ]
        sessions = [
            services.session_create(
                actor=SYSTEM, service=svc, on=START + timedelta(days=i), topic="t", duration_hours=Decimal(2)
            )
            for i in range(4)
        ]
        expected: dict[tuple[int, int], tuple[str, Decimal]] = {}
        for s_i, p_i, status, hours in changes:
            services.attendance_set(
                actor=SYSTEM, session=sessions[s_i], enrolment=enrolments[p_i], status=status, hours=hours
            )
            h = (hours if hours is not None else Decimal(2)) if status == AttendanceStatus.PRESENT else Decimal(0)
            expected[(s_i, p_i)] = (status, h)
        end = START + timedelta(days=30)
        value = lambda kind: selectors.achieved_value(svc, kind, START, end)  # noqa: E731
        assert value(IndicatorKind.HOURS) == sum((h for _s, h in expected.values()), Decimal(0)).quantize(
            Decimal("0.1")
        )
        present = sum(1 for s, _h in expected.values() if s == AttendanceStatus.PRESENT)
        rate = Decimal(present * 100) / len(expected) if expected else Decimal(0)
        assert value(IndicatorKind.ATTENDANCE_RATE) == rate.quantize(Decimal("0.1"))
        assert value(IndicatorKind.SESSIONS) == 4
        assert value(IndicatorKind.PARTICIPANTS) == 5
        assert Attendance.objects.filter(session__service=svc).count() == len(expected)
        transaction.set_rollback(True)


def test_indicator_page_recomputes_after_a_mark(client_as: Any, day_room: Any, demo: Any) -> None:
    from django.urls import reverse

    today = date.today()
    services.indicator_plan(
        actor=SYSTEM, service=day_room, kind=IndicatorKind.HOURS, planned=Decimal(10),
        period_start=today - timedelta(days=1), period_end=today + timedelta(days=1),
    )  # fmt: skip
    session = services.session_create(actor=SYSTEM, service=day_room, on=today, topic="t", duration_hours=Decimal(3))
    enrolment = day_room.enrolments.filter(status="active").first()
    before = selectors.achieved_value(day_room, IndicatorKind.HOURS, today - timedelta(days=1), today)
    client = client_as("pes_staff")
    response = client.post(
        reverse("delivery:mark", args=[session.pk, enrolment.pk]), {"status": "present"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and "obecny" in response.content.decode()
    after = selectors.achieved_value(day_room, IndicatorKind.HOURS, today - timedelta(days=1), today)
    assert after == before + 3
    page = client.get(reverse("delivery:report", args=[day_room.pk]), {"od": str(today), "do": str(today)})
    import re

    hours_row = re.search(r'data-kind="hours">(.*?)</tr>', page.content.decode(), re.S).group(1)
    assert re.search(r"<td>3[,.]0</td>\s*$", hours_row), hours_row
    xlsx = client.get(reverse("delivery:report", args=[day_room.pk]), {"format": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_lot_outcomes_use_delivery_records(demo: Any, day_room: Any) -> None:
    lot = day_room.commissioning_lots.first()
    if lot is None:
        pytest.skip("scenariusz zlecania nie powiązał części pakietu ze świetlicą")
    outcome = selectors.lot_outcomes(lot, START - timedelta(days=3650), date.today())
    assert outcome.participants == day_room.enrolments.exclude(enrolled_on=None).values("person").distinct().count()
    assert outcome.hours == selectors.achieved_value(
        day_room, IndicatorKind.HOURS, START - timedelta(days=3650), date.today()
    )
