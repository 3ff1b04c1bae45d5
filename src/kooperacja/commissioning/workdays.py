"""Working days in Poland: Monday to Friday except the public holidays of the ustawa z dnia 18 stycznia 1951 r.
o dniach wolnych od pracy (art. 1), with Wigilia (24 grudnia) a holiday from 2025 (ustawa z 6 grudnia 2024 r.).

Computed here (Easter by the Gregorian computus) rather than taken from a package: thirteen fixed or
Easter-based dates are simpler than a dependency. Used for the 7 working days of art. 19a ust. 3 OPP.
"""

from __future__ import annotations

from datetime import date, timedelta
from functools import cache
from typing import Any

from django.utils.translation import gettext_lazy as _

HOLIDAYS_BASIS = "art. 1 ustawy o dniach wolnych od pracy"


def easter_sunday(year: int) -> date:
    """Easter Sunday of the Gregorian calendar (the anonymous Gregorian algorithm)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_shift = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_shift) // 451
    month, day = divmod(h + weekday_shift - 7 * m + 114, 31)
    return date(year, month, day + 1)


@cache
def public_holidays(year: int) -> dict[date, Any]:
    """The statutory days off of `year` with their Polish names."""
    easter = easter_sunday(year)
    days: dict[date, Any] = {  # lazy names: translated when shown
        date(year, 1, 1): _("Nowy Rok"),
        date(year, 1, 6): _("Święto Trzech Króli"),
        easter: _("Wielkanoc"),
        easter + timedelta(days=1): _("Poniedziałek Wielkanocny"),
        date(year, 5, 1): _("Święto Pracy"),
        date(year, 5, 3): _("Święto Konstytucji 3 Maja"),
        easter + timedelta(days=49): _("Zielone Świątki"),
        easter + timedelta(days=60): _("Boże Ciało"),
        date(year, 8, 15): _("Wniebowzięcie Najświętszej Maryi Panny"),
        date(year, 11, 1): _("Wszystkich Świętych"),
        date(year, 11, 11): _("Narodowe Święto Niepodległości"),
        date(year, 12, 25): _("Boże Narodzenie (pierwszy dzień)"),
        date(year, 12, 26): _("Boże Narodzenie (drugi dzień)"),
    }
    if year >= 2025:
        days[date(year, 12, 24)] = _("Wigilia Bożego Narodzenia")
    return days


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def add_working_days(start: date, count: int) -> date:
    """The `count`-th working day after `start` (the day of receipt itself is not counted)."""
    day = start
    left = count
    while left > 0:
        day += timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day
