"""Cooperation forms refuse an implausible date at the field, in Polish (issue 16)."""

from __future__ import annotations

import pytest
from django import forms

from kooperacja.cooperation import forms as cooperation_forms
from kooperacja.cooperation.forms import ProgrammeForm
from kooperacja.core.bounds import PlausibleDate


@pytest.mark.parametrize("field", ["starts_on", "ends_on"])
def test_a_typo_year_is_refused_at_the_field(field: str) -> None:
    form = ProgrammeForm({field: "0202-03-01"})
    assert not form.is_valid()
    assert form.errors[field] == ["Podaj datę z lat 1900–2100."]


def test_every_date_field_of_every_cooperation_form_is_bounded() -> None:
    checked = 0
    for form_class in vars(cooperation_forms).values():
        if not (isinstance(form_class, type) and issubclass(form_class, forms.BaseForm)):
            continue
        for name, field in form_class.base_fields.items():
            if isinstance(field, forms.DateField | forms.DateTimeField):
                assert any(isinstance(v, PlausibleDate) for v in field.validators), f"{form_class.__name__}.{name}"
                checked += 1
    assert checked >= 10
