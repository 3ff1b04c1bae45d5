"""Service packages and lots."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core.viewtools import call_service

from .. import forms, selectors, services
from ..models import Lot
from .common import PAGE_SIZE, _need


def packages(request: HttpRequest) -> HttpResponse:
    qs = selectors.packages_visible_to(request.user)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("strona"))
    return render(request, "commissioning/packages.html", {"page": page})


def package_detail(request: HttpRequest, pk: int) -> HttpResponse:
    package = selectors.package_for(request.user, pk)
    return render(
        request,
        "commissioning/package_detail.html",
        {
            "package": package,
            "lots": list(package.lots.prefetch_related("services")),
            "coverage": selectors.package_needs(package),
            "calls": selectors.calls_visible_to(request.user).filter(package=package),
            "can_manage": request.user.has_perm("commissioning.manage_package", package),
        },
    )


@login_required
def package_create(request: HttpRequest) -> HttpResponse:
    _need(request, "commissioning.manage_package")
    offices = list(selectors.authority_ids(request.user))
    form = forms.PackageForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        from kooperacja.organisations.models import Organisation

        municipality = Organisation.objects.get(pk=sorted(offices)[0])
        package = call_service(
            form, services.package_create, actor=request.user, municipality=municipality, **form.cleaned_data
        )
        if package is not None:
            messages.success(request, _("Utworzono pakiet. Dodaj jego części."))
            return redirect("commissioning:package_detail", pk=package.pk)
    return render(request, "commissioning/form.html", {"form": form, "title": _("Nowy pakiet usług")})


@login_required
def lot_create(request: HttpRequest, pk: int) -> HttpResponse:
    package = selectors.package_for(request.user, pk)
    _need(request, "commissioning.manage_package", package)
    form = forms.LotForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(form, services.lot_save, actor=request.user, package=package, data=form.lot_data()) is not None
    ):
        messages.success(request, _("Dodano część pakietu."))
        return redirect("commissioning:package_detail", pk=package.pk)
    return render(
        request,
        "commissioning/form.html",
        {"form": form, "title": _("Nowa część pakietu"), "parent": package, "parent_url": package.get_absolute_url()},
    )


@login_required
def lot_edit(request: HttpRequest, pk: int) -> HttpResponse:
    lot = get_object_or_404(Lot.objects.select_related("package"), pk=pk)
    package = selectors.package_for(request.user, lot.package_id)
    _need(request, "commissioning.manage_package", package)
    initial = {}
    if lot.indicators:
        first = lot.indicators[0]
        initial = {
            "indicator_name": first.get("name"),
            "indicator_target": first.get("target"),
            "indicator_unit": first.get("unit"),
        }
    form = forms.LotForm(request.POST or None, instance=lot, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(form, services.lot_save, actor=request.user, package=package, data=form.lot_data(), lot=lot)
    ):
        messages.success(request, _("Zapisano część pakietu."))
        return redirect("commissioning:package_detail", pk=package.pk)
    return render(
        request,
        "commissioning/form.html",
        {"form": form, "title": str(lot), "parent": package, "parent_url": package.get_absolute_url()},
    )
