from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kooperacja.accounts import roles
from kooperacja.accounts.models import User
from kooperacja.core import pagecache
from kooperacja.core.fields import parse_id
from kooperacja.core.viewtools import call_service
from kooperacja.organisations.models import Organisation

from . import selectors, services
from .forms import ComplianceForm, LocationForm, ServiceForm, ServiceSearchForm
from .models import ComplianceCheck, Service
from .policies import SERVICE_ROLES

PAGE_SIZE = 20


def _my_organisations(user: User) -> QuerySet[Organisation]:
    qs = Organisation.objects.filter(is_verified=True).order_by("name")
    if roles.is_platform_admin(user):
        return qs
    return qs.filter(pk__in=roles.organisation_ids(user, *SERVICE_ROLES, verified_only=True))


@pagecache.public_page(selectors.PUBLIC_TAG)
def index(request: HttpRequest) -> HttpResponse:
    form = ServiceSearchForm(request.GET or None)
    f = form.cleaned_data if form.is_valid() else {}
    qs = selectors.services_search(
        request.user,
        q=f.get("q", ""),
        gmina=f.get("gmina", ""),
        category=f.get("category", ""),
        target_group=f.get("target_group", ""),
        free_only=f.get("free", False),
        order=f.get("order") or "name",
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("strona"))
    query = request.GET.copy()
    query.pop("strona", None)
    template = "catalog/_results.html" if request.htmx else "catalog/index.html"
    return render(request, template, {"form": form, "page": page, "query": query.urlencode()})


@pagecache.public_page(selectors.PUBLIC_TAG)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    service = selectors.service_for(request.user, pk)
    can_edit = request.user.has_perm("catalog.change_service", service)
    checks = None
    if service.standard_id and can_edit:
        done = {c.requirement_id: c for c in ComplianceCheck.objects.filter(service=service)}
        checks = [(req, done.get(req.pk)) for req in service.standard.requirements.all()]
    return render(
        request,
        "catalog/detail.html",
        {
            "service": service,
            "can_edit": can_edit,
            "checks": checks,
            "eligible_gminas": list(service.eligible_gminas.all()),
        },
    )


def _save_service(*, actor: User, form: ServiceForm, service: Service | None = None) -> Service:
    data = dict(form.cleaned_data)
    locations = list(data.pop("locations", []))
    gminas = list(data.pop("eligible_gminas", []))
    provider = data.pop("provider", None)
    if service is None:
        return services.service_create(
            actor=actor, provider=provider, data=data, locations=locations, eligible_gminas=gminas
        )
    return services.service_update(actor=actor, service=service, data=data, locations=locations, eligible_gminas=gminas)


@login_required
def create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("catalog.add_service"):
        raise PermissionDenied
    form = ServiceForm(request.POST or None, organisations=_my_organisations(request.user))
    if request.method == "POST" and form.is_valid():
        service = call_service(form, _save_service, actor=request.user, form=form)
        if service is not None:
            messages.success(request, _("Dodano usługę do katalogu."))
            return redirect("catalog:detail", pk=service.pk)
    return render(request, "catalog/form.html", {"form": form, "title": _("Nowa usługa")})


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    service = selectors.service_for(request.user, pk)
    if not request.user.has_perm("catalog.change_service", service):
        raise PermissionDenied
    form = ServiceForm(request.POST or None, instance=service, organisations=_my_organisations(request.user))
    saved = None
    if request.method == "POST" and form.is_valid():
        saved = call_service(form, _save_service, actor=request.user, form=form, service=service)
    if saved is not None:
        messages.success(request, _("Zapisano usługę."))
        return redirect("catalog:detail", pk=service.pk)
    return render(request, "catalog/form.html", {"form": form, "service": service, "title": _("Edycja usługi")})


@login_required
def compliance(request: HttpRequest, pk: int) -> HttpResponse:
    service = selectors.service_for(request.user, pk)
    if not request.user.has_perm("catalog.check_compliance", service):
        raise PermissionDenied
    if service.standard is None:
        messages.warning(request, _("Najpierw przypisz usłudze standard."))
        return redirect("catalog:edit", pk=service.pk)
    checks = {c.requirement_id: c for c in ComplianceCheck.objects.filter(service=service)}
    form = ComplianceForm(request.POST or None, requirements=service.standard.requirements.all(), checks=checks)
    if request.method == "POST" and form.is_valid():
        services.compliance_record(actor=request.user, service=service, results=form.results())
        messages.success(request, _("Zapisano listę kontrolną standardu."))
        return redirect("catalog:detail", pk=service.pk)
    return render(request, "catalog/compliance.html", {"form": form, "service": service})


@login_required
def location_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("catalog.add_service"):
        raise PermissionDenied
    orgs = _my_organisations(request.user)
    form = LocationForm(request.POST or None)
    org_choice = request.POST.get("organisation") or (str(orgs.first().pk) if orgs.exists() else "")
    if request.method == "POST" and form.is_valid():
        organisation = orgs.filter(pk=org_id).first() if (org_id := parse_id(org_choice)) else None
        if organisation is None:
            form.add_error(None, _("Wybierz organizację."))
        else:
            data = {k: v for k, v in form.cleaned_data.items() if k != "gmina"}
            data["territory"] = form.cleaned_data["gmina"]
            if call_service(form, services.location_create, actor=request.user, organisation=organisation, data=data):
                messages.success(request, _("Dodano miejsce realizacji usług."))
                return redirect("catalog:create")
    return render(request, "catalog/location_form.html", {"form": form, "orgs": orgs, "org_choice": org_choice})
