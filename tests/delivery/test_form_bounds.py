"""Delivery forms refuse nonsense at the field, in Polish (issue 16)."""

from __future__ import annotations

import pytest

from kooperacja.delivery.forms import PersonForm, SessionForm


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("duration_hours", "0.2", "Podaj co najmniej pół godziny."),
        ("duration_hours", "-3", "Podaj co najmniej pół godziny."),
        ("duration_hours", "30", "Upewnij się, że ta wartość jest mniejsza lub równa 24."),
        ("on", "0202-03-01", "Podaj datę z lat 1900–2100."),
    ],
)
def test_session_form_refuses_nonsense(field: str, value: str, message: str) -> None:
    data = {"on": "2026-12-01", "duration_hours": "2", "topic": "Zajęcia plastyczne", field: value}
    form = SessionForm(data)
    assert not form.is_valid()
    assert form.errors[field] == [message]


def test_person_birth_date_is_plausible_and_may_be_long_ago() -> None:
    typo = PersonForm({"first_name": "Ala", "last_name": "Nowak", "birth_date": "0952-05-05"})
    assert not typo.is_valid()
    assert typo.errors["birth_date"] == ["Podaj datę z lat 1900–2100."]
    senior = PersonForm({"first_name": "Ala", "last_name": "Nowak", "birth_date": "1952-05-05"})
    senior.is_valid()
    assert "birth_date" not in senior.errors
