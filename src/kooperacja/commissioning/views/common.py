"""Helpers the commissioning views share: service errors as messages, permission checks."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

PAGE_SIZE = 20


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def service_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """POST actions: a ValidationError from a service becomes messages and a redirect back.

    The decorator form of `core.viewtools.run_action` for views with several service calls (the one place that
    catches the error for them)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except ValidationError as exc:
            _errors(request, exc)
            return redirect(request.POST.get("next") or request.META.get("HTTP_REFERER") or "commissioning:calls")

    return wrapper


def _need(request: HttpRequest, perm: str, obj: Any = None, *, hide: bool = False) -> None:
    """403 where the user may know the record exists; `hide=True` answers 404 for one they may not (issue 11 §2)."""
    if not request.user.has_perm(perm, obj):
        if hide:
            raise Http404
        raise PermissionDenied
