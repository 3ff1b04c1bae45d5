"""Outcome indicators and the service report."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.catalog.models import Service
from kooperacja.core.viewtools import call_service

from .. import reports, selectors, services
from ..forms import (
    IndicatorForm,
)
from .common import PAGE_SIZE, perm_required


@perm_required("delivery.view_outcomes")
def outcomes(request: HttpRequest) -> HttpResponse:
    qs = selectors.outcome_services_for(request.user).filter(indicators__isnull=False).distinct()
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("strona"))
    lots = selectors.lots_visible_to(request.user).order_by("package__year", "package_id", "number")
    return render(request, "delivery/outcomes.html", {"page": page, "query": "", "lots": lots})


@perm_required("delivery.view_outcomes")
def lot_outcomes(request: HttpRequest, pk: int) -> HttpResponse:
    lot = get_object_or_404(selectors.lots_visible_to(request.user), pk=pk)
    return render(request, "delivery/lot_outcomes.html", {"outcome": selectors.lot_outcomes(lot)})


def _outcome_service(request: HttpRequest, pk: int) -> Service:
    svc = get_object_or_404(selectors.outcome_services_for(request.user), pk=pk)
    if not request.user.has_perm("delivery.view_outcomes", svc):
        raise PermissionDenied
    return svc


@login_required
def service_outcomes(request: HttpRequest, pk: int) -> HttpResponse:
    svc = _outcome_service(request, pk)
    can_plan = request.user.has_perm("delivery.plan_outcomes", svc)
    today = timezone.localdate()
    form = IndicatorForm(
        request.POST or None,
        initial={"period_start": date(today.year, 1, 1), "period_end": date(today.year, 12, 31)},
    )
    if request.method == "POST":
        if not can_plan:
            raise PermissionDenied
        if form.is_valid():
            done = call_service(form, services.indicator_plan, actor=request.user, service=svc, **form.cleaned_data)
            if done is not None:
                messages.success(request, _("Zapisano wartość docelową wskaźnika."))
                return redirect("delivery:service_outcomes", pk=svc.pk)
    return render(
        request,
        "delivery/service_outcomes.html",
        {"service": svc, "values": selectors.indicator_values(svc), "form": form if can_plan else None},
    )


@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    svc = _outcome_service(request, pk)
    period = reports.period_from(request.GET)
    data = reports.service_report(svc, *period)
    fmt = request.GET.get("format", "")
    if fmt in ("csv", "xlsx"):
        return reports.download(data, fmt)
    return render(request, "delivery/report.html", {"service": svc, "report": data})
