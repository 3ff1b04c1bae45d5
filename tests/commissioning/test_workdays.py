"""Working days with Polish public holidays (art. 19a ust. 3 OPP counts 7 working days)."""

from __future__ import annotations

import datetime as dt

import pytest

from kooperacja.commissioning.workdays import add_working_days, easter_sunday, is_working_day, public_holidays

D = dt.date


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2024, D(2024, 3, 31)),
        (2025, D(2025, 4, 20)),
        (2026, D(2026, 4, 5)),
        (2027, D(2027, 3, 28)),
        (2038, D(2038, 4, 25)),
    ],
)
def test_easter(year: int, easter: dt.date) -> None:
    assert easter_sunday(year) == easter


def test_holidays_of_2026() -> None:
    days = public_holidays(2026)
    assert D(2026, 4, 6) in days  # Easter Monday
    assert D(2026, 5, 24) in days  # Pentecost
    assert D(2026, 6, 4) in days  # Corpus Christi
    assert D(2026, 11, 11) in days
    assert D(2026, 12, 24) in days  # Wigilia, a day off from 2025
    assert D(2024, 12, 24) not in public_holidays(2024)
    assert len(days) == 14


def test_working_days() -> None:
    assert is_working_day(D(2026, 11, 10))  # Tuesday
    assert not is_working_day(D(2026, 11, 11))  # Wednesday, Independence Day
    assert not is_working_day(D(2026, 11, 14))  # Saturday


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (D(2026, 11, 2), D(2026, 11, 12)),  # Monday; 11 November skipped
        (D(2026, 11, 10), D(2026, 11, 20)),  # without the holiday it would be the 19th
        (D(2026, 4, 3), D(2026, 4, 15)),  # Good Friday; Easter Monday skipped
        (D(2026, 12, 23), D(2027, 1, 7)),  # 24, 25, 26 December, 1 and 6 January skipped
        (D(2026, 3, 2), D(2026, 3, 11)),  # an ordinary fortnight
    ],
)
def test_seven_working_days(received: dt.date, due: dt.date) -> None:
    assert add_working_days(received, 7) == due
