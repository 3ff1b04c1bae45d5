"""Every date field of every form of every app refuses an implausible date (issue 16): a year typed as 0202 or
20026 is an error at the field, in Polish, in model forms (core.fields.bounded_formfield) and plain forms
(`validators=bounds.DATE`) alike."""

from __future__ import annotations

import datetime as dt
import importlib
import pkgutil
from types import ModuleType

import pytest
from django import forms
from django.apps import apps

from kooperacja.core.bounds import PlausibleDate


def _form_modules() -> list[ModuleType]:
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("kooperacja."):
            continue
        for info in pkgutil.iter_modules([config.path]):
            if info.name == "forms" or info.name.endswith("_forms"):
                found.append(importlib.import_module(f"{config.name}.{info.name}"))
    return found


def _date_fields() -> list[tuple[str, forms.Field]]:
    fields = []
    for module in _form_modules():
        for form_class in vars(module).values():
            if not (isinstance(form_class, type) and issubclass(form_class, forms.BaseForm)):
                continue
            if form_class.__module__ != module.__name__:
                continue
            for name, field in form_class.base_fields.items():
                if isinstance(field, forms.DateField | forms.DateTimeField):
                    fields.append((f"{module.__name__}.{form_class.__name__}.{name}", field))
    return fields


def test_there_are_date_fields_to_check() -> None:
    assert len(_date_fields()) > 50


@pytest.mark.parametrize(("where", "field"), _date_fields(), ids=[w for w, _f in _date_fields()])
def test_every_date_field_is_bounded(where: str, field: forms.Field) -> None:
    bounded = [v for v in field.validators if isinstance(v, PlausibleDate)]  # bounds.DATE or bounds.EVENT_DATE
    assert bounded, f"{where}: add validators=bounds.DATE"
    typo = dt.date(202, 3, 1) if isinstance(field, forms.DateField) else dt.datetime(202, 3, 1, 10, 0)
    with pytest.raises(forms.ValidationError) as caught:
        field.clean(typo)
    assert caught.value.messages == [str(bounded[0].message)]
    assert str(bounded[0].message) in {"Podaj datę z lat 1900–2100.", "Podaj datę z lat 2000–2100."}
