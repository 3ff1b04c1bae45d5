"""What the learning views share."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse

from kooperacja.organisations.models import Organisation

from ..audience import profile

PAGE_SIZE = 20


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


def page_of(request: HttpRequest, qs: Any, size: int = PAGE_SIZE) -> Any:
    return Paginator(qs, size).get_page(request.GET.get("strona"))


def publisher_orgs(user: Any) -> Any:
    p = profile(user)
    qs = Organisation.objects.filter(is_verified=True).order_by("name")
    return qs if p.admin else qs.filter(pk__in=sorted(p.trainer_org_ids))
