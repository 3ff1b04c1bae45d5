"""The needs behind a package: the diagnosis page (public), the diagnosis and need forms, and the package's page of
which lots answer which needs (its office only; the package page shows the coverage to everyone)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.core.audit import events_for
from kooperacja.core.viewtools import call_service

from .. import legal, needs_forms, selectors, services
from ..models import NeedsDiagnosis, ServicePackage
from .common import _need, service_errors

RULES = [legal.NEEDS_DIAGNOSIS_CUS, legal.NEEDS_DIAGNOSIS_STRATEGY]


def _posted(request: HttpRequest) -> QueryDict | None:
    """The submitted data of a POST, even an empty one (every box of the matrix unticked)."""
    return request.POST if request.method == "POST" else None


def diagnosis_url(diagnosis: NeedsDiagnosis) -> str:
    return reverse("commissioning:diagnosis_detail", kwargs={"pk": diagnosis.pk})


def diagnosis_detail(request: HttpRequest, pk: int) -> HttpResponse:
    diagnosis = selectors.diagnosis_for(request.user, pk)
    can_manage = request.user.has_perm("commissioning.manage_diagnosis", diagnosis)
    packages = list(diagnosis.packages.order_by("-year", "name"))
    ctx = {
        "diagnosis": diagnosis,
        "needs": list(diagnosis.needs.prefetch_related("lots__package").order_by("number")),
        "packages": [(p, selectors.package_needs(p)) for p in packages],
        "can_manage": can_manage,
        "rules": RULES,
    }
    if can_manage:
        ctx["events"] = events_for(diagnosis)[:15]
    return render(request, "commissioning/needs_diagnosis.html", ctx)


def _form_page(request: HttpRequest, form: object, title: str, parent: object, parent_url: str) -> HttpResponse:
    return render(
        request,
        "commissioning/form.html",
        {"form": form, "title": title, "legal": RULES, "parent": parent, "parent_url": parent_url},
    )


@login_required
def diagnosis_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A new diagnosis for the package's gmina; the package rests on it."""
    package = selectors.package_for(request.user, pk)
    _need(request, "commissioning.manage_package", package)
    form = needs_forms.DiagnosisForm(_posted(request), initial={"year_from": package.year, "year_to": package.year})
    if request.method == "POST" and form.is_valid():
        diagnosis = call_service(
            form, services.diagnosis_save, actor=request.user, data=form.cleaned_data, package=package
        )
        if diagnosis is not None:
            messages.success(request, _("Zapisano diagnozę potrzeb. Dodaj potrzeby, które wykazała."))
            return redirect(diagnosis_url(diagnosis))
    return _form_page(request, form, _("Nowa diagnoza potrzeb"), package, package.get_absolute_url())


@login_required
def diagnosis_edit(request: HttpRequest, pk: int) -> HttpResponse:
    diagnosis = selectors.diagnosis_for(request.user, pk)
    _need(request, "commissioning.manage_diagnosis", diagnosis)
    form = needs_forms.DiagnosisForm(_posted(request), instance=diagnosis)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form, services.diagnosis_save, actor=request.user, data=form.cleaned_data, diagnosis=diagnosis
        )
        if saved is not None:
            messages.success(request, _("Zapisano diagnozę potrzeb."))
            return redirect(diagnosis_url(saved))
    return _form_page(request, form, _("Zmiana diagnozy potrzeb"), diagnosis, diagnosis_url(diagnosis))


@login_required
def need_add(request: HttpRequest, pk: int) -> HttpResponse:
    diagnosis = selectors.diagnosis_for(request.user, pk)
    _need(request, "commissioning.manage_diagnosis", diagnosis)
    form = needs_forms.NeedForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        need = call_service(form, services.need_save, actor=request.user, diagnosis=diagnosis, data=form.cleaned_data)
        if need is not None:
            messages.success(request, _("Dodano potrzebę %(n)s.") % {"n": need.number})
            return redirect(diagnosis_url(diagnosis))
    return _form_page(request, form, _("Nowa potrzeba"), diagnosis, diagnosis_url(diagnosis))


@login_required
def need_edit(request: HttpRequest, pk: int) -> HttpResponse:
    need = selectors.need_for(request.user, pk)
    diagnosis = need.diagnosis
    _need(request, "commissioning.manage_diagnosis", diagnosis)
    form = needs_forms.NeedForm(_posted(request), instance=need)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form, services.need_save, actor=request.user, diagnosis=diagnosis, data=form.cleaned_data, need=need
        )
        if saved is not None:
            messages.success(request, _("Zapisano potrzebę %(n)s.") % {"n": saved.number})
            return redirect(diagnosis_url(diagnosis))
    title = _("Potrzeba %(n)s") % {"n": need.number}
    return _form_page(request, form, title, diagnosis, diagnosis_url(diagnosis))


@login_required
@require_POST
@service_errors
def need_remove(request: HttpRequest, pk: int) -> HttpResponse:
    need = selectors.need_for(request.user, pk)
    diagnosis = need.diagnosis
    _need(request, "commissioning.manage_diagnosis", diagnosis)
    number = need.number
    services.need_remove(actor=request.user, need=need)
    messages.success(request, _("Usunięto potrzebę %(n)s.") % {"n": number})
    return redirect(diagnosis_url(diagnosis))


@login_required
def package_needs(request: HttpRequest, pk: int) -> HttpResponse:
    """The package's office: which diagnosis the package rests on and which lots answer which needs."""
    package = selectors.package_for(request.user, pk)
    _need(request, "commissioning.manage_package", package)
    coverage = selectors.package_needs(package)
    needs = [row["need"] for row in coverage["rows"]]
    form = needs_forms.NeedLotsForm(_posted(request), needs=needs, lots=coverage["lots"])
    if request.method == "POST" and form.is_valid():
        covered = call_service(form, services.need_lots_set, actor=request.user, package=package, links=form.links())
        if covered is not None:
            messages.success(
                request,
                _("Zapisano powiązania. Potrzeby, na które odpowiada pakiet: %(c)s/%(n)s.")
                % {"c": covered, "n": len(needs)},
            )
            return redirect(package)
    return render(
        request,
        "commissioning/needs_package.html",
        {
            "package": package,
            "coverage": coverage,
            "form": form,
            "diagnosis_form": needs_forms.PackageDiagnosisForm(
                initial={"diagnosis": package.diagnosis_id},
                diagnoses=selectors.diagnoses_of(package.municipality_id),
            ),
            "rules": RULES,
        },
    )


@login_required
@require_POST
@service_errors
def package_diagnosis(request: HttpRequest, pk: int) -> HttpResponse:
    package: ServicePackage = selectors.package_for(request.user, pk)
    _need(request, "commissioning.manage_package", package)
    form = needs_forms.PackageDiagnosisForm(request.POST, diagnoses=selectors.diagnoses_of(package.municipality_id))
    if not form.is_valid():
        raise ValidationError([e for errors in form.errors.values() for e in errors])
    diagnosis = form.cleaned_data["diagnosis"]
    services.package_diagnosis_set(actor=request.user, package=package, diagnosis=diagnosis)
    if diagnosis is None:
        messages.success(request, _("Pakiet nie wskazuje już diagnozy potrzeb."))
    else:
        messages.success(request, _("Pakiet wynika z diagnozy „%(t)s”.") % {"t": diagnosis.title})
    return redirect("commissioning:package_needs", pk=package.pk)
