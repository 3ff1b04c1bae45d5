"""Support and incubation pages: requests to the consortium's office, incubation paths of would-be members."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.core.viewtools import call_service, run_action

from .. import selectors, services
from ..enums import OPEN_SUPPORT, IncubationStage
from ..forms import CommentForm, IncubationForm, SupportHandleForm, SupportRequestForm
from ..models import IncubationItem
from ._common import PAGE_SIZE


@login_required
def support_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.support_requests_visible_to(request.user)
    status = request.GET.get("status", "")
    if status == "open":
        qs = qs.filter(status__in=OPEN_SUPPORT)
    elif status:
        qs = qs.filter(status=status)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("strona"))
    return render(
        request,
        "consortia/support_list.html",
        {
            "page": page,
            "status": status,
            "can_file": request.user.has_perm("consortia.file_support_request"),
            "incubations": selectors.incubations_visible_to(request.user),
        },
    )


@login_required
def support_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("consortia.file_support_request"):
        raise PermissionDenied
    form = SupportRequestForm(
        request.POST or None, user=request.user, consortia=selectors.support_consortia_for(request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        consortium, organisation = data.pop("consortium"), data.pop("organisation")
        req = call_service(
            form,
            services.support_request_file,
            actor=request.user,
            consortium=consortium,
            organisation=organisation,
            data=data,
        )
        if req is not None:
            messages.success(request, _("Zgłoszenie trafiło do biura konsorcjum."))
            return redirect("consortia:support", pk=req.pk)
    return render(request, "consortia/form.html", {"form": form, "title": _("Zgłoszenie wsparcia"), "support": True})


@login_required
def support_detail(request: HttpRequest, pk: int) -> HttpResponse:
    req = selectors.support_request_for(request.user, pk)
    handle_form = None
    if request.user.has_perm("consortia.handle_support_request", req):
        handle_form = SupportHandleForm(
            consortium=req.consortium, initial={"status": req.status, "assignee": req.assignee, "outcome": req.outcome}
        )
    comment_form = CommentForm() if request.user.has_perm("consortia.comment_support_request", req) else None
    return render(
        request,
        "consortia/support.html",
        {
            "req": req,
            "entries": req.entries.select_related("author"),
            "handle_form": handle_form,
            "comment_form": comment_form,
        },
    )


@login_required
@require_POST
def support_handle(request: HttpRequest, pk: int) -> HttpResponse:
    req = selectors.support_request_for(request.user, pk)
    if not request.user.has_perm("consortia.handle_support_request", req):
        raise PermissionDenied
    form = SupportHandleForm(request.POST, consortium=req.consortium)
    if form.is_valid():
        d = form.cleaned_data
        run_action(
            request,
            services.support_request_handle,
            actor=request.user,
            request=req,
            status=d["status"],
            assignee=d.get("assignee"),
            minutes=d.get("minutes") or 0,
            note=d.get("note") or "",
            outcome=d.get("outcome") or "",
            success=_("Zapisano zmiany zgłoszenia."),
        )
    else:
        messages.error(request, _("Popraw dane formularza."))
    return redirect("consortia:support", pk=pk)


@login_required
@require_POST
def support_comment(request: HttpRequest, pk: int) -> HttpResponse:
    req = selectors.support_request_for(request.user, pk)
    if not request.user.has_perm("consortia.comment_support_request", req):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        run_action(
            request,
            services.support_request_comment,
            actor=request.user,
            request=req,
            note=form.cleaned_data["note"],
            success=_("Dodano wpis."),
        )
    return redirect("consortia:support", pk=pk)


# ------------------------------------------------------------------ incubation


@login_required
def incubation_create(request: HttpRequest, pk: int) -> HttpResponse:
    consortium = selectors.internal_consortium_for(request.user, pk)
    if not request.user.has_perm("consortia.manage_incubation", consortium):
        raise PermissionDenied
    form = IncubationForm(request.POST or None, consortium=consortium, initial={"started_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        checklist = services.standard_checklist(d["started_on"]) + [
            ("diagnosis", line.strip(), None) for line in d["extra"].splitlines() if line.strip()
        ]
        path = call_service(
            form,
            services.incubation_start,
            actor=request.user,
            consortium=consortium,
            organisation=d["organisation"],
            mentor=d["mentor"],
            goal=d["goal"],
            started_on=d["started_on"],
            checklist=checklist,
        )
        if path is not None:
            messages.success(request, _("Rozpoczęto ścieżkę inkubacji."))
            return redirect("consortia:incubation", pk=path.pk)
    return render(
        request, "consortia/form.html", {"form": form, "consortium": consortium, "title": _("Nowa ścieżka inkubacji")}
    )


@login_required
def incubation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    path = selectors.incubation_for(request.user, pk)
    return render(
        request,
        "consortia/incubation.html",
        {
            "path": path,
            **selectors.incubation_progress(path),
            "stages": IncubationStage.choices,
            "can_manage": request.user.has_perm("consortia.manage_incubation", path),
        },
    )


@login_required
@require_POST
def incubation_item(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        IncubationItem.objects.select_related("path"), pk=pk, path__in=selectors.incubations_visible_to(request.user)
    )
    if not request.user.has_perm("consortia.manage_incubation", item.path):
        raise PermissionDenied
    services.incubation_item_set(actor=request.user, item=item, done=request.POST.get("done") == "1")
    return redirect("consortia:incubation", pk=item.path_id)


@login_required
@require_POST
def incubation_stage(request: HttpRequest, pk: int) -> HttpResponse:
    path = selectors.incubation_for(request.user, pk)
    if not request.user.has_perm("consortia.manage_incubation", path):
        raise PermissionDenied
    if request.POST.get("stage", "") not in IncubationStage.values:
        messages.error(request, _("Nieznany etap."))
    else:
        run_action(
            request,
            services.incubation_set_stage,
            actor=request.user,
            path=path,
            stage=request.POST["stage"],
            success=_("Zmieniono etap inkubacji."),
        )
    return redirect("consortia:incubation", pk=pk)
