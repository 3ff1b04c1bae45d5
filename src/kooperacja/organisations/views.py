from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.core import pagecache, uploads
from kooperacja.core.viewtools import call_service, run_action

from . import selectors, services
from .enums import roles_for_legal_form
from .forms import ImportForm, MembershipRequestForm, OrganisationForm, OrganisationSearchForm

PAGE_SIZE = 25


@pagecache.public_page(selectors.PUBLIC_TAG)
def directory(request: HttpRequest) -> HttpResponse:
    form = OrganisationSearchForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = selectors.organisations_search(
        request.user,
        q=filters.get("q", ""),
        territory_code=filters.get("gmina", ""),
        legal_form=filters.get("legal_form", ""),
        area=filters.get("area", ""),
        pes_only=filters.get("pes", False),
        order=filters.get("order") or "name",
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("strona"))
    query = request.GET.copy()
    query.pop("strona", None)
    template = "organisations/_results.html" if request.htmx else "organisations/directory.html"
    return render(request, template, {"form": form, "page": page, "query": query.urlencode()})


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    org = selectors.organisation_for(request.user, pk)
    can_see_members = request.user.has_perm("organisations.view_members", org)
    return render(
        request,
        "organisations/detail.html",
        {
            "org": org,
            "members": selectors.members_of(org) if can_see_members else None,
            "history": org.history.select_related("history_user")[:10]
            if request.user.has_perm("organisations.change_organisation", org)
            else None,
        },
    )


@login_required
def create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("organisations.add_organisation"):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        role = roles_for_legal_form(data["legal_form"])[0]
        org = call_service(form, services.organisation_create, actor=request.user, data=data, as_role=role)
        if org is not None:
            messages.success(
                request,
                _(
                    "Organizacja została zgłoszona. Po weryfikacji przez administratora platformy "
                    "będzie mogła brać udział w konkursach i współpracy."
                ),
            )
            return redirect("organisations:detail", pk=org.pk)
    return render(request, "organisations/form.html", {"form": form, "title": _("Zgłoś organizację")})


@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    org = selectors.organisation_for(request.user, pk)
    if not request.user.has_perm("organisations.change_organisation", org):
        raise PermissionDenied
    form = OrganisationForm(request.POST or None, instance=org)
    saved = None
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        saved = call_service(form, services.organisation_update, actor=request.user, organisation=org, data=data)
    if saved is not None:
        messages.success(request, _("Zapisano dane organizacji."))
        return redirect("organisations:detail", pk=org.pk)
    return render(request, "organisations/form.html", {"form": form, "org": org, "title": _("Edycja organizacji")})


@login_required
@require_POST
def verify(request: HttpRequest, pk: int) -> HttpResponse:
    org = selectors.organisation_for(request.user, pk)
    if not request.user.has_perm("organisations.verify_organisation", org):
        raise PermissionDenied
    verified = request.POST.get("verified", "1") == "1"
    services.organisation_verify(actor=request.user, organisation=org, verified=verified)
    messages.success(request, _("Organizacja zweryfikowana.") if verified else _("Cofnięto weryfikację."))
    return redirect("organisations:detail", pk=org.pk)


@login_required
def join(request: HttpRequest, pk: int) -> HttpResponse:
    org = selectors.organisation_for(request.user, pk)
    if not request.user.has_perm("organisations.request_membership", org):
        raise PermissionDenied
    form = MembershipRequestForm(request.POST or None, organisation=org)
    sent = None
    if request.method == "POST" and form.is_valid():
        sent = call_service(
            form, services.membership_request, actor=request.user, organisation=org, **form.cleaned_data
        )
    if sent is not None:
        messages.success(request, _("Wniosek o dołączenie został wysłany do administratora organizacji."))
        return redirect("organisations:detail", pk=org.pk)
    return render(request, "organisations/join.html", {"form": form, "org": org})


@login_required
def requests(request: HttpRequest) -> HttpResponse:
    pending = selectors.pending_membership_requests_for(request.user)
    return render(request, "organisations/requests.html", {"pending": pending})


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(selectors.pending_membership_requests_for(request.user), pk=pk)
    accept = request.POST.get("decision") == "accept"
    run_action(
        request,
        services.membership_decide,
        actor=request.user,
        membership=membership,
        accept=accept,
        success=_("Wniosek przyjęty.") if accept else _("Wniosek odrzucony."),
    )
    return redirect("organisations:requests")


@login_required
def import_csv(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("organisations.import_organisations"):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload, only_valid = form.cleaned_data["file"], form.cleaned_data["only_if_all_valid"]
        # A file that cannot be read is the import report's verdict, shown where its row errors are (not a form
        # field error): the report is the one place that says what happened to the file.
        try:
            content = uploads.read_upload(upload)
            n_rows = services.organisations_import_inspect(content=content, filename=upload.name)
        except ValidationError as exc:
            report = services.ImportReport(fatal=" ".join(exc.messages))
        else:
            if uploads.runs_in_background(size=len(content), rows=n_rows):
                job = services.organisations_import_start(
                    actor=request.user,
                    content=content,
                    filename=upload.name,
                    only_if_all_valid=only_valid,
                    total_rows=n_rows,
                )
                return redirect("core:import_job", pk=job.pk)
            report = services.organisations_import_csv(
                actor=request.user, content=content, filename=upload.name, only_if_all_valid=only_valid
            )
    return render(
        request,
        "organisations/import.html",
        {
            "form": form,
            "report": report,
            "notice": services.import_notice(report) if report else "",
            "columns": services.IMPORT_COLUMNS,
        },
    )
