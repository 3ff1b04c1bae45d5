"""Pages for residents: processes, the timeline, comments, proposals, the survey, workshops, my activity, report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.core.fields import parse_id
from kooperacja.core.viewtools import call_service, run_action

from .. import selectors, services
from ..enums import ProcessKind, ProcessState
from ..forms import CommentForm, ProposalForm, RegistrationForm, ReplyForm, ReportForm, survey_form
from ..models import Comment
from ..pdfs import report_pdf_bytes
from ..workflows import PROCESS, PROPOSAL


def client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))[:45]


def timeline(phases: list[Any], now: Any = None) -> list[dict[str, Any]]:
    now = now or timezone.now()
    return [{"phase": p, "status": p.status(now)} for p in phases]


def process_list(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("rodzaj", "")
    qs = selectors.processes_visible_to(request.user, kind=kind)
    page = Paginator(qs, 20).get_page(request.GET.get("strona"))
    now = timezone.now()
    rows = []
    for p in page.object_list:
        phases = list(p.phases.all())
        rows.append({"process": p, "active": selectors.active_phase(phases, now), "phases": phases})
    return render(
        request,
        "participation/process_list.html",
        {
            "page": page,
            "rows": rows,
            "kind": kind,
            "kind_query": f"rodzaj={kind}" if kind in ProcessKind.values else "",
            "kinds": ProcessKind.choices,
            "can_create": request.user.has_perm("participation.manage_process"),
        },
    )


def process_detail(request: HttpRequest, pk: int) -> HttpResponse:
    process = selectors.process_for(request.user, pk)
    phases = selectors.phases_of(process)
    now = timezone.now()
    allowed = selectors.allowed_now(phases, now) if process.state == ProcessState.PUBLISHED else set()
    user = request.user
    signed = user.is_authenticated
    manage = user.has_perm("participation.manage_process", process)
    plebiscite = getattr(process, "plebiscite", None) if process.kind == ProcessKind.PLEBISCITE else None
    context: dict[str, Any] = {
        "process": process,
        "timeline": timeline(phases, now),
        "active": selectors.active_phase(phases, now),
        "allowed": allowed,
        "signed_in": signed,
        "following": selectors.follows(user, process),
        "can_follow": signed and process.state == ProcessState.PUBLISHED,  # one follows a running process
        "manage": manage,
        "moderate": user.has_perm("participation.moderate_process", process),
        "actions": PROCESS.available(process, user) if manage else [],
        "sections": list(process.sections.all()),
        "attachments": list(process.attachments.all()),
        "comments": selectors.comments_for(user, process),
        "comment_form": CommentForm(process=process) if "comment" in allowed and signed else None,
        "reply_form": ReplyForm() if "comment" in allowed and signed else None,
        "proposals": list(selectors.proposals_for(user, process)),
        "proposal_form": ProposalForm(prefix="p") if "propose" in allowed and signed and not plebiscite else None,
        "supported": selectors.my_supports(user, process),
        "surveys": selectors.surveys_of(process),
        "workshops": selectors.workshops_of(process),
        "registered": selectors.my_registrations(user, process),
        "plebiscite": plebiscite,
        "proposal_workflow": PROPOSAL,
    }
    if plebiscite is not None:
        context.update(
            {
                "candidates": list(selectors.candidates_for(user, plebiscite)),
                "voted": selectors.has_voted(user, plebiscite),
                "see_results": user.has_perm("participation.see_results", plebiscite),
                "coordinate": user.has_perm("participation.coordinate_plebiscite", plebiscite),
            }
        )
    return render(request, "participation/process_detail.html", context)


@login_required
@require_POST
def process_follow(request: HttpRequest, pk: int) -> HttpResponse:
    process = selectors.process_for(request.user, pk)
    follow = request.POST.get("follow") == "1"
    run_action(
        request,
        services.process_follow,
        actor=request.user,
        process=process,
        follow=follow,
        success=_("Dostaniesz e-mail, gdy rozpocznie się kolejny etap.")
        if follow
        else _("Nie obserwujesz już tego procesu."),
    )
    return redirect(f"{process.get_absolute_url()}#obserwuj")


@login_required
@require_POST
def comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    process = selectors.process_for(request.user, pk)
    parent = None
    parent_id = request.POST.get("parent")
    if parent_id:
        pid = parse_id(parent_id)
        if pid is None:
            raise Http404
        parent = get_object_or_404(Comment, pk=pid, process=process)
        form: Any = ReplyForm(request.POST)
    else:
        form = CommentForm(request.POST, process=process)
    if form.is_valid():
        comment = call_service(
            form,
            services.comment_add,
            actor=request.user,
            process=process,
            body=form.cleaned_data["body"],
            section=form.cleaned_data.get("section"),
            topic=form.cleaned_data.get("topic", ""),
            parent=parent,
            ip=client_ip(request),
        )
        if comment is not None:
            messages.success(request, _("Dodano Twoją uwagę. Dziękujemy!"))
            return redirect(f"{process.get_absolute_url()}#uwaga-{comment.pk}")
    for errors in form.errors.values():
        for e in errors:
            messages.error(request, e)
    return redirect(f"{process.get_absolute_url()}#uwagi")


@login_required
def comment_report(request: HttpRequest, pk: int) -> HttpResponse:
    comment = selectors.comment_for(request.user, pk)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            services.comment_report,
            actor=request.user,
            comment=comment,
            reason=form.cleaned_data["reason"],
            ip=client_ip(request),
        )
        if done is not None:
            messages.success(request, _("Zgłoszono uwagę moderatorowi. Dziękujemy."))
            return redirect(comment.process)
    return render(
        request,
        "participation/form.html",
        {
            "form": form,
            "process": comment.process,
            "title": _("Zgłoś uwagę moderatorowi"),
            "quote": comment.body,
            "intro": comment.process.code_of_conduct,
            "submit": _("Zgłoś"),
        },
    )


@login_required
@require_POST
def proposal_add(request: HttpRequest, pk: int) -> HttpResponse:
    process = selectors.process_for(request.user, pk)
    form = ProposalForm(request.POST, prefix="p")
    if form.is_valid():
        proposal = call_service(
            form,
            services.proposal_submit,
            actor=request.user,
            process=process,
            ip=client_ip(request),
            **form.cleaned_data,
        )
        if proposal is not None:
            messages.success(request, _("Złożono Twoją propozycję."))
            return redirect(f"{process.get_absolute_url()}#propozycje")
    for errors in form.errors.values():
        for e in errors:
            messages.error(request, e)
    return redirect(f"{process.get_absolute_url()}#propozycje")


@login_required
@require_POST
def proposal_support(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_for(request.user, pk)
    run_action(
        request, services.proposal_support, actor=request.user, proposal=proposal, success=_("Poparto propozycję.")
    )
    return redirect(f"{proposal.process.get_absolute_url()}#propozycje")


def survey(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.survey_for(request.user, pk)
    process = item.process
    allowed = selectors.allowed_now(selectors.phases_of(process)) if process.state == ProcessState.PUBLISHED else set()
    answered = selectors.responded(request.user, item)
    manage = request.user.has_perm("participation.manage_process", process)
    form = None
    if request.user.is_authenticated and "survey" in allowed and not answered:
        form = survey_form(item, request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            answers = {int(name[1:]): value for name, value in form.cleaned_data.items()}
            response = call_service(form, services.survey_answer, actor=request.user, survey=item, answers=answers)
            if response is not None:
                messages.success(request, _("Dziękujemy za wypełnienie ankiety."))
                return redirect("participation:survey", pk=item.pk)
    elif request.method == "POST":
        raise PermissionDenied(_("Ankieta nie jest teraz otwarta albo już ją wypełniono."))
    show_results = answered or manage or "survey" not in allowed
    return render(
        request,
        "participation/survey.html",
        {
            "survey": item,
            "process": process,
            "form": form,
            "answered": answered,
            "results": selectors.survey_results(item) if show_results else None,
            "open": "survey" in allowed,
        },
    )


def workshop(request: HttpRequest, pk: int) -> HttpResponse:
    from kooperacja.core.audit import log_access

    item = selectors.workshop_for(request.user, pk)
    process = item.process
    allowed = selectors.allowed_now(selectors.phases_of(process)) if process.state == ProcessState.PUBLISHED else set()
    registered = pk in selectors.my_registrations(request.user, process)
    form = None
    if request.user.is_authenticated and "attend" in allowed and not registered:
        form = RegistrationForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            done = call_service(
                form, services.workshop_register, actor=request.user, workshop=item, **form.cleaned_data
            )
            if done is not None:
                messages.success(request, _("Zapisano Cię na spotkanie „%(t)s”.") % {"t": item.title})
                return redirect("participation:workshop", pk=item.pk)
    elif request.method == "POST":
        raise PermissionDenied(_("Zapisy nie są teraz otwarte albo już masz zapis."))
    manage = request.user.has_perm("participation.manage_process", process)
    registrations = None
    if manage:
        registrations = list(selectors.registrations_of(item))
        log_access(
            user=request.user,
            targets=[r.user for r in registrations],
            purpose="Konsultacje: lista zapisanych na spotkanie i ich potrzeby",
            request=request,
        )
    return render(
        request,
        "participation/workshop.html",
        {
            "workshop": item,
            "process": process,
            "form": form,
            "registered": registered,
            "manage": manage,
            "registrations": registrations,
            "open": "attend" in allowed,
        },
    )


@login_required
def my_activity(request: HttpRequest) -> HttpResponse:
    return render(request, "participation/my_activity.html", selectors.my_activity(request.user))


def _reported(request: HttpRequest, pk: int) -> Any:
    process = selectors.process_for(request.user, pk)
    if process.state != ProcessState.REPORTED and not request.user.has_perm("participation.manage_process", process):
        raise Http404
    return process


def report(request: HttpRequest, pk: int) -> HttpResponse:
    process = _reported(request, pk)
    return render(request, "participation/report.html", selectors.report_data(process))


def report_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    process = _reported(request, pk)
    response = HttpResponse(report_pdf_bytes(selectors.report_data(process)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="raport-konsultacji-{process.pk}.pdf"'
    return response
