"""The bounds the domain implies for money, percentages, counts, years and dates (issue 16).

Declared once on the model fields (`validators=`), they feed both sides: a model form shows the message at the
field, and a service's `full_clean()` refuses the same value when it comes from anywhere else (an import, the
API, the demo). Each message is Polish and says what is expected.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

EARLIEST_YEAR = 2000
LATEST_YEAR = 2100


# The messages are class attributes (lazy, translated when shown): a message passed to the constructor would be
# translated at import time of the models, before the translation machinery is ready. One subclass per message,
# so that migrations name the bound (`core.bounds.MoneyPositive(0.01)`) rather than a bare number.
class MoneyNotNegative(MinValueValidator):
    message = _("Kwota nie może być ujemna.")


class MoneyPositive(MinValueValidator):
    message = _("Kwota musi być większa od zera.")


class PercentNotNegative(MinValueValidator):
    message = _("Procent nie może być ujemny.")


class PercentAtMost100(MaxValueValidator):
    message = _("Procent nie może przekraczać 100.")


class CountNotNegative(MinValueValidator):
    message = _("Liczba nie może być ujemna.")


class CountPositive(MinValueValidator):
    message = _("Liczba musi być większa od zera.")


class HoursNotNegative(MinValueValidator):
    message = _("Liczba godzin nie może być ujemna.")


class AgeAtMost(MaxValueValidator):
    message = _("Podaj wiek od 0 do 120 lat.")


class YearFrom(MinValueValidator):
    message = _("Podaj rok z lat 2000–2100.")


class YearTo(MaxValueValidator):
    message = _("Podaj rok z lat 2000–2100.")


# For a form field's `error_messages={"min_value": ...}` where Django would print the bound as "0.5".
AT_LEAST_HALF_HOUR = _("Podaj co najmniej pół godziny.")

MONEY_NOT_NEGATIVE = [MoneyNotNegative(Decimal("0"))]
MONEY_POSITIVE = [MoneyPositive(Decimal("0.01"))]
PERCENT = [PercentNotNegative(Decimal("0")), PercentAtMost100(Decimal("100"))]
COUNT_NOT_NEGATIVE = [CountNotNegative(0)]
COUNT_POSITIVE = [CountPositive(1)]
QUANTITY_POSITIVE = [CountPositive(Decimal("0.01"))]
HOURS_NOT_NEGATIVE = [HoursNotNegative(Decimal("0"))]
AGE = [CountNotNegative(0), AgeAtMost(120)]
YEAR = [YearFrom(EARLIEST_YEAR), YearTo(LATEST_YEAR)]


EARLIEST_DATE_YEAR = 1900  # a birth date or an organisation's founding may be long ago; a year 0202 is a typo


@deconstructible
class PlausibleDate:
    """A date (or a date and time) within 1900–2100: a birth date may be long ago, a year like 0202 is a typo."""

    message = _("Podaj datę z lat 1900–2100.")
    code = "implausible_date"
    earliest_year = EARLIEST_DATE_YEAR

    def __call__(self, value: dt.date | dt.datetime | None) -> None:
        if value is not None and not self.earliest_year <= value.year <= LATEST_YEAR:
            raise ValidationError(self.message, code=self.code)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self)

    def __hash__(self) -> int:
        return hash(type(self))


DATE = [PlausibleDate()]


# Geographic coordinates (WGS 84, decimal degrees) of a place in Poland: the country's bounding box with a margin
# of a few kilometres (49.00–54.90 N, 14.12–24.15 E). A point outside it is a typo, most often latitude and
# longitude swapped.
PL_LATITUDE_MIN, PL_LATITUDE_MAX = Decimal("49.0"), Decimal("54.9")
PL_LONGITUDE_MIN, PL_LONGITUDE_MAX = Decimal("14.1"), Decimal("24.2")


class LatitudeFrom(MinValueValidator):
    message = _("Szerokość geograficzna miejsca w Polsce to od 49,0 do 54,9 (np. 52,74 dla Hajnówki).")


class LatitudeTo(MaxValueValidator):
    message = _("Szerokość geograficzna miejsca w Polsce to od 49,0 do 54,9 (np. 52,74 dla Hajnówki).")


class LongitudeFrom(MinValueValidator):
    message = _("Długość geograficzna miejsca w Polsce to od 14,1 do 24,2 (np. 23,58 dla Hajnówki).")


class LongitudeTo(MaxValueValidator):
    message = _("Długość geograficzna miejsca w Polsce to od 14,1 do 24,2 (np. 23,58 dla Hajnówki).")


LATITUDE_PL = [LatitudeFrom(PL_LATITUDE_MIN), LatitudeTo(PL_LATITUDE_MAX)]
LONGITUDE_PL = [LongitudeFrom(PL_LONGITUDE_MIN), LongitudeTo(PL_LONGITUDE_MAX)]


EARLIEST_EVENT_YEAR = 2000


@deconstructible
class EventDate(PlausibleDate):
    """The date of something held on the platform (a consultation phase, a meeting, a course session, a study):
    within 2000–2100. A birth date may be in 1900; a workshop in 1900 is a typo."""

    message = _("Podaj datę z lat 2000–2100.")
    code = "implausible_event_date"
    earliest_year = EARLIEST_EVENT_YEAR


EVENT_DATE = [EventDate()]
