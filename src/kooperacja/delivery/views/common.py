"""Shared pieces of the delivery views: the permission decorator, page sizes, the staff's organisations."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from kooperacja.organisations.models import Organisation

from ..policies import staff_org_ids

# programme transitions made with a button (completing and discontinuing go through the closing form)
PROGRAMME_BUTTONS = ("submit", "approve", "return")
PAGE_SIZE = 30
REGISTER_PAGE = 100  # rows per page of the register and participant lists
DAY_PAGE = 50  # people per page of a day's attendance list (one line each)
MONTH_PAGE = 40  # people per page of the month register (children x days)


def perm_required(perm: str) -> Callable[..., Any]:
    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        @login_required
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _staff_orgs(user: Any) -> Any:
    return Organisation.objects.filter(pk__in=staff_org_ids(user)).order_by("name")
