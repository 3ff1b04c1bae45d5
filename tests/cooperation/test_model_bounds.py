"""Model-level bounds of the cooperation and delivery records (issue 16): every date, count, hour and amount field
declares the bound the domain implies, so a service's `full_clean()` refuses an implausible value from anywhere."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from kooperacja.core.bounds import PlausibleDate

NUMERIC = (models.IntegerField, models.DecimalField, models.FloatField)  # PositiveSmallIntegerField is an IntegerField
DATES = (models.DateField,)  # DateTimeField is a DateField


def _fields(app_label: str):
    for model in apps.get_app_config(app_label).get_models():
        for field in model._meta.get_fields():
            if not getattr(field, "concrete", False) or field.primary_key or field.auto_created:
                continue
            if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                continue  # set by the database layer, never typed in
            yield model, field


@pytest.mark.parametrize("app_label", ["cooperation", "delivery"])
def test_every_date_field_is_bounded(app_label: str) -> None:
    checked = 0
    for model, field in _fields(app_label):
        if isinstance(field, DATES):
            assert any(isinstance(v, PlausibleDate) for v in field.validators), f"{model.__name__}.{field.name}"
            checked += 1
    assert checked >= 20


@pytest.mark.parametrize("app_label", ["cooperation", "delivery"])
def test_every_number_field_has_a_lower_bound(app_label: str) -> None:
    checked = 0
    for model, field in _fields(app_label):
        if isinstance(field, NUMERIC) and not isinstance(field, models.ForeignKey):
            assert any(isinstance(v, MinValueValidator) and v.limit_value >= 0 for v in field._validators), (
                f"{model.__name__}.{field.name}"
            )
            checked += 1
    assert checked >= 3


def test_a_typo_year_and_a_negative_count_are_refused_by_the_models() -> None:
    from kooperacja.cooperation.models import Consent, PlanProposal
    from kooperacja.delivery.models import Attendance, Flat

    consent_field = Consent._meta.get_field("valid_until")
    with pytest.raises(ValidationError) as err:
        consent_field.run_validators(date(202, 5, 1))
    assert err.value.messages == ["Podaj datę z lat 1900–2100."]
    with pytest.raises(ValidationError) as err:
        Attendance._meta.get_field("hours").run_validators(Decimal("-1"))
    assert err.value.messages == ["Liczba godzin nie może być ujemna."]
    with pytest.raises(ValidationError) as err:
        Flat._meta.get_field("places").run_validators(0)
    assert err.value.messages == ["Liczba musi być większa od zera."]
    distance = PlanProposal._meta.get_field("max_distance_km")
    assert any(isinstance(v, MaxValueValidator) and v.limit_value == 300 for v in distance.validators)


def test_no_gender_hack_in_the_field_labels() -> None:
    for app_label in ("cooperation", "delivery"):
        for model in apps.get_app_config(app_label).get_models():
            for field in model._meta.get_fields():
                label = str(getattr(field, "verbose_name", ""))
                assert "(a)" not in label and "(y)" not in label, f"{model.__name__}.{field.name}: {label}"
