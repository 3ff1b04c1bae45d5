"""Database constraints speak Polish at the field they are about (issue 16): no constraint name reaches a user."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from django import forms
from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import BaseConstraint, CheckConstraint, UniqueConstraint
from django.urls import reverse

from kooperacja.commissioning.forms import CallForm
from kooperacja.commissioning.models import Call
from kooperacja.core.constraints import constraint_fields, place_constraint_errors
from kooperacja.core.viewtools import call_service
from kooperacja.organisations.models import Organisation


def _project_constraints() -> list[tuple[Any, BaseConstraint]]:
    return [
        (model, constraint)
        for model in apps.get_models()
        if model.__module__.startswith("kooperacja.")
        for constraint in model._meta.constraints
        if isinstance(constraint, CheckConstraint | UniqueConstraint)
    ]


def test_there_are_constraints_to_walk() -> None:
    assert len(_project_constraints()) > 100


@pytest.mark.parametrize(
    ("model", "constraint"),
    _project_constraints(),
    ids=[c.name for _m, c in _project_constraints()],
)
def test_every_constraint_has_a_polish_message_and_a_code(model: Any, constraint: BaseConstraint) -> None:
    message = str(constraint.violation_error_message)
    assert message != str(BaseConstraint.default_violation_error_message), f"{constraint.name}: no message"
    assert constraint.name not in message, "the message must not show the constraint name"
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", message), f"{constraint.name}: a code in the message: {message}"
    assert message[0].isupper() and message.endswith("."), message
    assert constraint.violation_error_code == constraint.name
    assert constraint_fields(model, constraint), f"{constraint.name}: names no field of {model.__name__}"


def test_a_check_constraint_error_moves_to_the_field_a_person_types() -> None:
    """min_grant <= max_grant: the message goes to the first typed field on the form, not to the summary only."""
    constraint = next(c for c in Call._meta.constraints if c.name == "call_min_grant_le_max")
    error = ValidationError(
        {NON_FIELD_ERRORS: [ValidationError(constraint.violation_error_message, code=constraint.name)]}
    )
    placed = place_constraint_errors(error, ["title", "min_grant", "max_grant"])
    assert list(placed.error_dict) == ["min_grant"]
    # neither field on the form: it stays a form error
    kept = place_constraint_errors(error, ["title"])
    assert list(kept.error_dict) == [NON_FIELD_ERRORS]
    # a status is set by the service: the reason field gets the message
    cancelled = next(c for c in Call._meta.constraints if c.name == "call_cancelled_has_reason")
    assert constraint_fields(Call, cancelled) == ["cancel_reason", "state"]


class _GrantForm(forms.Form):
    min_grant = forms.DecimalField(label="Minimalna kwota dotacji")
    max_grant = forms.DecimalField(label="Maksymalna kwota dotacji")


def _service_that_full_cleans(*, min_grant: Decimal, max_grant: Decimal) -> None:
    call = Call(title="x", min_grant=min_grant, max_grant=max_grant)
    call.validate_constraints()


@pytest.mark.django_db
def test_a_service_constraint_error_lands_on_the_plain_form_field() -> None:
    form = _GrantForm({"min_grant": "5000", "max_grant": "1000"})
    assert form.is_valid()
    assert call_service(form, _service_that_full_cleans, **form.cleaned_data) is None
    assert "min_grant" in form.errors
    assert "Minimalna kwota dotacji" in form.errors["min_grant"][0]
    assert "call_min_grant_le_max" not in str(form.errors)
    assert not form.non_field_errors()


def test_call_form_min_grant_above_max_is_a_polish_field_error(demo: Any) -> None:
    data = {
        "title": "Konkurs",
        "task_type": "Wsparcie seniorów",
        "min_grant": "50000",
        "max_grant": "1000",
        "min_own_share": "0",
        "min_financial_share": "0",
        "min_personal_share": "0",
        "min_in_kind_share": "0",
        "task_form": "support",
    }
    form = CallForm(data, mode="opp_open", package=None)
    assert not form.is_valid()
    assert "min_grant" in form.errors, form.errors
    assert "nie może być większa niż maksymalna" in form.errors["min_grant"][0]
    assert "call_min_grant_le_max" not in str(form.errors)


def test_call_page_min_grant_above_max_shows_a_polish_field_error(client_as: Any) -> None:
    officer = client_as("officer")
    before = Call.objects.count()
    response = officer.post(
        reverse("commissioning:call_create") + "?tryb=opp_open",
        {"title": "Konkurs na wsparcie seniorów", "task_form": "support", "min_grant": "50000", "max_grant": "1000"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "call_min_grant_le_max" not in html
    assert 'id="id_min_grant_error"' in html
    assert '<a href="#id_min_grant">' in html  # the error summary links the field
    assert Call.objects.count() == before


def test_organisation_registration_with_a_taken_nip_shows_a_polish_field_error(demo: Any, client_as: Any) -> None:
    taken = Organisation.objects.exclude(nip="").first()
    assert taken is not None
    resident = client_as("resident")
    before = Organisation.objects.count()
    response = resident.post(
        reverse("organisations:create"),
        {
            "name": "Zupełnie Nowe Stowarzyszenie",
            "legal_form": "association",
            "territory": taken.territory_id,
            "nip": taken.nip,
            "is_pes": "on",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "organisation_unique_nip" not in html
    assert "Organizacja o tym numerze NIP" in html
    assert 'id="id_nip_error"' in html
    assert '<a href="#id_nip">' in html
    assert Organisation.objects.count() == before


class _NipForm(forms.Form):
    nip = forms.CharField(label="NIP")


def test_an_integrity_error_of_a_constraint_becomes_the_polish_field_error(demo: Any) -> None:
    """A service that saves without full_clean (or loses a race) still shows the message at the field."""
    from django.db import IntegrityError, transaction

    from kooperacja.core.constraints import validation_error_from_integrity

    taken = Organisation.objects.exclude(nip="").first()
    assert taken is not None

    def _save_a_twin(*, nip: str) -> Organisation:
        with transaction.atomic():
            return Organisation.objects.create(
                name="Bliźniacza Fundacja", legal_form="foundation", territory=taken.territory, nip=nip
            )

    with pytest.raises(IntegrityError) as caught:
        _save_a_twin(nip=taken.nip)
    error = validation_error_from_integrity(caught.value)
    assert error is not None
    assert error.error_dict[NON_FIELD_ERRORS][0].code == "organisation_unique_nip"

    form = _NipForm({"nip": taken.nip})
    assert form.is_valid()
    assert call_service(form, _save_a_twin, nip=taken.nip) is None
    assert form.errors["nip"] == ["Organizacja o tym numerze NIP (pole „NIP”) jest już zarejestrowana."]
