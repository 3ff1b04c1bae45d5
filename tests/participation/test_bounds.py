"""Bounds of the participation and learning models (issue 16): every count, percentage, hour and date field carries
the `core.bounds` validators; forms and services refuse nonsense with a Polish message at the field."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from kooperacja.core import bounds
from kooperacja.participation import forms, services
from tests.participation import helpers as h

NUMBERS = (models.IntegerField, models.DecimalField, models.FloatField)  # Positive*/Small* are IntegerFields
DATES = (models.DateField,)  # DateTimeField is a DateField


def _bounded_fields() -> list[tuple[str, Any]]:
    found = []
    for label in ("participation", "learning"):
        for model in apps.get_app_config(label).get_models():
            for field in model._meta.concrete_fields:
                if field.primary_key or getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
                    continue
                if isinstance(field, NUMBERS + DATES):
                    found.append((f"{model._meta.label}.{field.name}", field))
    return found


@pytest.mark.parametrize(("name", "field"), _bounded_fields(), ids=[n for n, _f in _bounded_fields()])
def test_every_number_and_date_field_has_its_bounds(name: str, field: Any) -> None:
    own = [v for v in field._validators]  # the declared ones, not the database range Django adds
    if isinstance(field, DATES):
        assert any(isinstance(v, bounds.PlausibleDate | bounds.EventDate) for v in own), name
    else:
        assert any(isinstance(v, MinValueValidator) and type(v).__module__ == bounds.__name__ for v in own) or any(
            isinstance(v, MinValueValidator) and type(v).__name__ == "AtLeastHalfHour" for v in own
        ), name


def _errors(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


def test_event_dates_are_within_2000_and_2100() -> None:
    with pytest.raises(ValidationError, match="2000–2100"):
        bounds.EventDate()(datetime(1900, 1, 1, tzinfo=timezone.get_current_timezone()))
    bounds.EventDate()(datetime(2026, 12, 1, tzinfo=timezone.get_current_timezone()))
    assert bounds.EventDate() == bounds.EventDate() and bounds.EventDate() != bounds.PlausibleDate()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"capacity": "-5"}, "capacity", "większa lub równa 1"),
        ({"starts_at": "2026-12-10T10:00", "ends_at": "1900-01-01T12:00"}, "ends_at", "2000–2100"),
    ],
)
def test_workshop_form_refuses_nonsense_at_the_field(data: dict[str, str], field: str, message: str) -> None:
    base = {
        "title": "Warsztat",
        "starts_at": "2026-12-10T10:00",
        "ends_at": "2026-12-10T12:00",
        "place": "Sala",
        "capacity": "20",
    }
    form = forms.WorkshopForm(data={**base, **data})
    assert not form.is_valid()
    assert message in " ".join(form.errors[field])


def test_phase_form_refuses_a_date_in_1900() -> None:
    form = forms.PhaseForm(data={"kind": "information", "starts_at": "1900-01-01T10:00", "ends_at": "2026-12-10T12:00"})
    assert not form.is_valid() and "2000–2100" in " ".join(form.errors["starts_at"])


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [("min_age", "300", "mniejsza lub równa 120"), ("max_choices", "0", "większa lub równa 1")],
)
def test_rules_form_refuses_nonsense_at_the_field(demo: Any, field: str, value: str, message: str) -> None:
    pleb = h.plebiscite()
    data = {"voting_phase": pleb.voting_phase_id, "max_choices": "1", "min_age": "13", "online": "on", field: value}
    form = forms.RulesForm(data=data, process=pleb.process)
    assert not form.is_valid()
    assert message in " ".join(form.errors[field])


def test_services_refuse_what_the_model_bounds_refuse(demo: Any) -> None:
    from kooperacja.core.actors import SYSTEM

    process, officer = h.process(), demo.user("officer")
    tz = timezone.get_current_timezone()
    with pytest.raises(ValidationError) as exc:
        services.workshop_add(
            actor=officer,
            process=process,
            title="Warsztat",
            starts_at=datetime(1900, 1, 1, 10, tzinfo=tz),
            ends_at=datetime(1900, 1, 1, 12, tzinfo=tz),
            place="Sala",
            capacity=20,
        )
    assert set(_errors(exc)) == {"starts_at", "ends_at"} and "2000–2100" in _errors(exc)["starts_at"][0]
    with pytest.raises(ValidationError) as exc:
        services.workshop_add(
            actor=officer,
            process=process,
            title="Warsztat",
            starts_at=datetime(2026, 12, 20, 10, tzinfo=tz),
            ends_at=datetime(2026, 12, 20, 12, tzinfo=tz),
            place="Sala",
            capacity=-5,
        )
    assert "capacity" in _errors(exc)
    with pytest.raises(ValidationError) as exc:
        services.phase_add(
            actor=SYSTEM,  # the system actor may set any dates, but not outside the bounds
            process=process,
            kind="report",
            starts_at=datetime(2150, 1, 1, tzinfo=tz),
            ends_at=datetime(2150, 2, 1, tzinfo=tz),
        )
    assert set(_errors(exc)) == {"starts_at", "ends_at"}
    pleb = h.plebiscite()
    with pytest.raises(ValidationError) as exc:
        services.phase_reschedule(
            actor=SYSTEM,
            phase=pleb.voting_phase,
            starts_at=datetime(1900, 1, 1, tzinfo=tz),
            ends_at=pleb.voting_phase.ends_at,
        )
    assert "starts_at" in _errors(exc)


@pytest.mark.parametrize(
    ("field", "value"),
    [("min_age", 300), ("max_choices", 0), ("max_choices", 11)],
)
def test_plebiscite_rules_are_bounded_in_the_model(demo: Any, field: str, value: int) -> None:
    from kooperacja.participation.models import Plebiscite

    pleb = Plebiscite.objects.get(pk=h.plebiscite().pk)
    setattr(pleb, field, value)
    with pytest.raises(ValidationError) as exc:
        pleb.full_clean(exclude=["process", "voting_phase", "winner"])
    assert field in _errors(exc)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("hours", Decimal("0.2"), "pół godziny"),
        ("hours", Decimal("900"), "500"),
        ("capacity", 0, "większa od zera"),
        ("min_attendance", 150, "nie może przekraczać 100"),
        ("pass_mark", 0, "większa od zera"),
        ("certificate_months", 500, "120"),
    ],
)
def test_course_bounds_in_the_model(demo: Any, field: str, value: Any, message: str) -> None:
    from kooperacja.learning.models import Course

    course = Course.objects.first()
    assert course is not None
    setattr(course, field, value)
    with pytest.raises(ValidationError) as exc:
        course.full_clean(exclude=["state"])
    assert message in " ".join(_errors(exc)[field])
