"""Sessions and the attendance register."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
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
from .common import PAGE_SIZE, REGISTER_PAGE


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
    page = Paginator(selectors.session_register(session), REGISTER_PAGE).get_page(request.GET.get("strona"))
    rows = page.object_list
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
    }


@login_required
def register(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_for(request.user, pk)
    return render(request, "delivery/register.html", _register_context(request, session))


@login_required
@require_POST
def mark(request: HttpRequest, pk: int, enrolment_pk: int) -> HttpResponse:
    session = selectors.session_for(request.user, pk)
    enrolment = get_object_or_404(Enrolment.objects.select_related("person"), pk=enrolment_pk, service=session.service)
    form = MarkForm(request.POST)
    error = ""
    if form.is_valid():
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
        return redirect("delivery:register", pk=session.pk)
    row = next((r for r in selectors.session_register(session) if r.enrolment.pk == enrolment.pk), None)
    if row is None:
        raise Http404
    selectors.people_shown(request.user, [enrolment.person], purpose=_("lista obecności"), request=request)
    return render(
        request,
        "delivery/_register_row.html",
        {"row": row, "session": session, "statuses": AttendanceStatus.choices, "error": error},
    )


@login_required
@require_POST
def mark_all(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_for(request.user, pk)
    n = services.attendance_mark_all(actor=request.user, session=session, status=AttendanceStatus.PRESENT)
    messages.success(request, _("Oznaczono jako obecnych: %(n)d.") % {"n": n})
    return redirect("delivery:register", pk=session.pk)
