from __future__ import annotations

from typing import Any

import pytest

from kooperacja.delivery.models import Attendance, HomelessnessProgramme, Person

pytestmark = pytest.mark.django_db


def test_demo_has_participants_and_three_months_of_attendance(demo: Any) -> None:
    assert 55 <= Person.objects.count() <= 70
    assert Attendance.objects.count() > 1000
    assert HomelessnessProgramme.objects.count() == 2
