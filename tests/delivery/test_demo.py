from __future__ import annotations

from typing import Any

import pytest

from kooperacja.delivery.models import Attendance, HomelessnessProgramme, Person

pytestmark = pytest.mark.django_db


def test_demo_has_participants_and_three_months_of_attendance(demo: Any) -> None:
    # ~60 in this quarter's services, the job club's earlier (ESF+) cohort of 6, a child waiting for the day room,
    # and the people other scenarios register (cooperation cases, the second authority)
    assert 60 <= Person.objects.count() <= 85
    assert Attendance.objects.count() > 1000
    assert HomelessnessProgramme.objects.count() == 2
