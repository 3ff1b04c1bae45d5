"""Every money, percentage, count and date field of the consortia models carries its core.bounds validator
(issue 16), so a model form shows the message at the field and a service's full_clean refuses the same value; the
organisation's verifier is labelled without the '(a)' gender hack."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models

from kooperacja.core import bounds

NUMERIC = (models.DecimalField, models.IntegerField)
DATES = (models.DateField,)  # DateTimeField is a DateField


def _fields() -> list[tuple[str, models.Field[Any, Any]]]:
    out = []
    for model in apps.get_app_config("consortia").get_models():
        if model.__name__.startswith("Historical"):
            continue
        for f in model._meta.concrete_fields:
            if isinstance(f, models.AutoField) or getattr(f, "auto_now_add", False) or getattr(f, "auto_now", False):
                continue
            if f.name in {"created_at", "updated_at"} or isinstance(f, models.ForeignKey):
                continue
            if isinstance(f, NUMERIC + DATES):
                out.append((f"{model.__name__}.{f.name}", f))
    return out


def test_there_are_fields_to_check() -> None:
    assert len(_fields()) > 40


@pytest.mark.parametrize(("where", "field"), _fields(), ids=[w for w, _f in _fields()])
def test_every_field_has_a_bound(where: str, field: models.Field[Any, Any]) -> None:
    bound_types = (
        bounds.PlausibleDate,
        bounds.MoneyNotNegative,
        bounds.MoneyPositive,
        bounds.PercentNotNegative,
        bounds.CountNotNegative,
        bounds.CountPositive,
    )
    assert any(isinstance(v, bound_types) for v in field.validators), f"{where}: add validators=bounds.…"
    if "percent" in field.name:
        assert any(isinstance(v, bounds.PercentAtMost100) for v in field.validators), f"{where}: bounds.PERCENT"


@pytest.mark.parametrize(
    ("model", "field", "value", "message"),
    [
        ("Allocation", "amount", Decimal("-1.00"), "Kwota nie może być ujemna."),
        ("Allocation", "report_due", dt.date(202, 1, 1), "Podaj datę z lat 1900–2100."),
        ("DeliveryReport", "progress_percent", 150, "Procent nie może przekraczać 100."),
        ("DeliveryReport", "costs", Decimal("-5.00"), "Kwota nie może być ujemna."),
        ("Consortium", "office_cost_share_percent", Decimal("101"), "Procent nie może przekraczać 100."),
        ("Consortium", "quorum_percent", 150, "Procent nie może przekraczać 100."),
        ("AgreementVersion", "number", 0, "Liczba musi być większa od zera."),
        ("MemberCapacity", "available_from", dt.date(2202, 1, 1), "Podaj datę z lat 1900–2100."),
    ],
)
def test_the_bound_refuses_nonsense_in_polish(model: str, field: str, value: Any, message: str) -> None:
    f = apps.get_model("consortia", model)._meta.get_field(field)
    with pytest.raises(ValidationError) as caught:
        f.run_validators(value)
    assert message in caught.value.messages


def test_verifier_label_has_no_gender_hack() -> None:
    from kooperacja.organisations.models import Organisation

    label = str(Organisation._meta.get_field("verified_by").verbose_name)
    assert label == "osoba weryfikująca"
    assert "(a)" not in label
