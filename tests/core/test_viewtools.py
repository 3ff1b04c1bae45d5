"""The form/service helper and the error summary every form shows."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.test import RequestFactory

from kooperacja.core.viewtools import call_service, run_action


class BudgetForm(forms.Form):
    amount = forms.DecimalField(label="Kwota", min_value=0)
    title = forms.CharField(label="Tytuł")


def _service(*, amount: Any, title: str) -> str:
    errors = {}
    if amount > 100:
        errors["amount"] = "Kwota przekracza budżet konkursu."
    if title == "x":
        errors["title"] = "Tytuł jest za krótki."
    if errors:
        raise ValidationError(errors)
    if title == "zamknięty":
        raise ValidationError("Konkurs jest już zamknięty.")
    return f"{title}:{amount}"


def test_service_errors_land_on_their_fields_and_the_rest_on_the_form() -> None:
    form = BudgetForm({"amount": "150", "title": "x"})
    assert form.is_valid()
    assert call_service(form, _service, **form.cleaned_data) is None
    assert form.errors["amount"] == ["Kwota przekracza budżet konkursu."]
    assert form.errors["title"] == ["Tytuł jest za krótki."]

    closed = BudgetForm({"amount": "5", "title": "zamknięty"})
    assert closed.is_valid()
    assert call_service(closed, _service, **closed.cleaned_data) is None
    assert closed.non_field_errors() == ["Konkurs jest już zamknięty."]

    ok = BudgetForm({"amount": "5", "title": "Świetlica"})
    assert ok.is_valid()
    assert call_service(ok, _service, **ok.cleaned_data) == "Świetlica:5"


def test_error_summary_lists_and_links_every_field_error() -> None:
    form = BudgetForm({"amount": "-1", "title": ""})
    assert not form.is_valid()
    html = render_to_string("components/form.html", {"form": form})
    assert 'role="alert"' in html
    assert '<a href="#id_amount">Kwota:' in html
    assert '<a href="#id_title">Tytuł:' in html
    assert 'id="id_amount_error"' in html  # and each error sits at its field too


def test_run_action_turns_errors_into_messages() -> None:
    request = RequestFactory().post("/")
    request.session = {}  # type: ignore[attr-defined]
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    assert not run_action(request, _service, amount=500, title="Klub")
    assert run_action(request, _service, amount=5, title="Klub", success="Zapisano.")
    assert [str(m) for m in get_messages(request)] == ["Kwota przekracza budżet konkursu.", "Zapisano."]
