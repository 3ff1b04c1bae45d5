"""Sessions and the attendance register."""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.core.viewtools import call_service

from .. import selectors, services
from ..enums import AttendanceStatus
from ..forms import (
    MarkForm,
    SessionForm,
)
from ..models import Enrolment
from .common import DAY_PAGE, MONTH_PAGE, PAGE_SIZE


@login_required
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    svc = selectors.delivered_service_for(request.user, pk)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        session = call_service(
            form,
            services.session_create,
            actor=request.user,
            service=svc,
            on=form.cleaned_data["on"],
            topic=form.cleaned_data["topic"],
            duration_hours=form.cleaned_data["duration_hours"],
            starts_at=form.cleaned_data["starts_at"],
            led_by=form.cleaned_data["led_by"],
            location=svc.locations.first(),
        )
        if session is not None:
            return redirect("delivery:register", pk=session.pk)
    return render(
        request,
        "delivery/simple_form.html",
        {
            "form": form,
            "title": _("Nowe zajęcia"),
            "back_url": reverse("delivery:service", args=[svc.pk]),
            "back_label": svc.name,
            "submit": _("Utwórz i otwórz listę obecności"),
        },
    )


@login_required
def sessions(request: HttpRequest, pk: int) -> HttpResponse:
    svc = selectors.delivered_service_for(request.user, pk)
    page = Paginator(selectors.sessions_of(svc), PAGE_SIZE).get_page(request.GET.get("strona"))
    return render(request, "delivery/sessions.html", {"service": svc, "page": page, "query": ""})


def _register_context(request: HttpRequest, session: Any) -> dict[str, Any]:
    page, rows = selectors.register_page(session, request.GET.get("strona"), DAY_PAGE)
    selectors.people_shown(
        request.user, [r.enrolment.person for r in rows], purpose=_("lista obecności"), request=request
    )
    present = sum(1 for r in rows if r.attendance and r.attendance.status == AttendanceStatus.PRESENT)
    return {
        "session": session,
        "rows": rows,
        "page": page,
        "query": "",
        "statuses": AttendanceStatus.choices,
        "present": present,
        "month": session.date.strftime("%Y-%m"),
    }


@login_required
def register(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_for(request.user, pk)
    return render(request, "delivery/register.html", _register_context(request, session))


def _month_of(value: str | None) -> date:
    """The first day of the month given as YYYY-MM (this month when missing or malformed)."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return timezone.localdate().replace(day=1)


@login_required
def month_register(request: HttpRequest, pk: int) -> HttpResponse:
    """The paper register of a month: people x session days, each cell saved on change (htmx) like the day view."""
    svc = selectors.delivered_service_for(request.user, pk)
    start = _month_of(request.GET.get("miesiac"))
    end = start.replace(day=monthrange(start.year, start.month)[1])
    sessions_, page, rows = selectors.month_register(svc, start, end, request.GET.get("strona"), MONTH_PAGE)
    selectors.people_shown(
        request.user, [r.enrolment.person for r in rows], purpose=_("lista obecności"), request=request
    )
    previous = (start - timedelta(days=1)).replace(day=1)
    following = end + timedelta(days=1)
    return render(
        request,
        "delivery/month_register.html",
        {
            "service": svc,
            "start": start,
            "sessions": sessions_,
            "page": page,
            "rows": rows,
            "query": urlencode({"miesiac": start.strftime("%Y-%m")}),
            "previous": previous.strftime("%Y-%m"),
            "following": following.strftime("%Y-%m"),
            "statuses": AttendanceStatus.choices,
        },
    )


@login_required
@require_POST
def mark(request: HttpRequest, pk: int, enrolment_pk: int) -> HttpResponse:
    session = selectors.session_for(request.user, pk)
    enrolment = get_object_or_404(Enrolment.objects.select_related("person"), pk=enrolment_pk, service=session.service)
    form = MarkForm(request.POST)
    in_month = request.POST.get("widok") == "miesiac"
    error = ""
    if form.is_valid():
        # The refusal is shown in the person's cell of the register (htmx swaps the cell), not on a form page.
        try:
            services.attendance_set(
                actor=request.user,
                session=session,
                enrolment=enrolment,
                status=form.cleaned_data["status"],
                hours=form.cleaned_data["hours"],
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = _("Niepoprawna wartość.")
    if not request.htmx:
        if error:
            messages.error(request, error)
        if in_month:
            month = session.date.strftime("%Y-%m")
            return redirect(f"{reverse('delivery:month_register', args=[session.service_id])}?miesiac={month}")
        return redirect("delivery:register", pk=session.pk)
    selectors.people_shown(request.user, [enrolment.person], purpose=_("lista obecności"), request=request)
    if in_month:
        cell, present = selectors.month_cell(session, enrolment)
        return render(
            request,
            "delivery/_month_cell.html",
            {
                "cell": cell,
                "present": present,
                "e": enrolment,
                "statuses": AttendanceStatus.choices,
                "error": error,
            },
        )
    return render(
        request,
        "delivery/_register_row.html",
        {
            "row": selectors.register_row(session, enrolment),
            "session": session,
            "statuses": AttendanceStatus.choices,
            "error": error,
        },
    )


@login_required
@require_POST
def mark_all(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_for(request.user, pk)
    n = services.attendance_mark_all(actor=request.user, session=session, status=AttendanceStatus.PRESENT)
    messages.success(request, _("Oznaczono jako obecnych: %(n)d.") % {"n": n})
    return redirect("delivery:register", pk=session.pk)
