"""The one way a view hands a form to a service: errors from the service land on the form, nothing is lost.

    if request.method == "POST" and form.is_valid():
        call = call_service(form, services.call_publish, actor=request.user, call=call, **form.cleaned_data)
        if call is not None:
            messages.success(request, _("Opublikowano ogłoszenie."))
            return redirect(call)
    return render(request, "...", {"form": form})

A `ValidationError` whose dict names fields of the form marks those fields, a violated database constraint marks
the field it is about (`core.constraints`); the rest becomes non-field errors
(the error summary at the top of `components/form.html` lists and links them all). For buttons without a form,
`run_action` turns the error into a message and returns whether the service succeeded.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpRequest

from .constraints import place_constraint_errors, validation_error_from_integrity

T = TypeVar("T")


def apply_service_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    exc = place_constraint_errors(exc, form.fields)  # a violated constraint marks the field it is about
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def call_service(form: forms.BaseForm, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T | None:
    """Call the service; on ValidationError put it on the form and return None."""
    try:
        return fn(*args, **kwargs)
    except ValidationError as exc:
        apply_service_errors(form, exc)
        return None
    except IntegrityError as exc:  # a database constraint refused a typed value: its message at the field
        error = validation_error_from_integrity(exc)
        if error is None:
            raise
        apply_service_errors(form, error)
        return None


def action_result(request: HttpRequest, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T | None:
    """Call the service for a button whose success message depends on what it returns (how many were marked, on
    which list a person landed); a ValidationError becomes an error message and the result is None."""
    try:
        return fn(*args, **kwargs)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return None


def run_action(request: HttpRequest, fn: Callable[..., Any], /, *args: Any, success: str = "", **kwargs: Any) -> bool:
    """Call the service for a button; a ValidationError becomes an error message. True when it succeeded."""
    try:
        fn(*args, **kwargs)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return False
    if success:
        messages.success(request, success)
    return True
