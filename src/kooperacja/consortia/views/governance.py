"""Governance pages: meetings with minutes, resolutions with the online vote and its register."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.core.viewtools import call_service, run_action

from .. import pdfs, selectors, services
from ..enums import MeetingStatus, ResolutionKind, ResolutionStatus
from ..forms import MeetingForm, MinutesForm, ResolutionForm, VoteForm
from ..workflows import RESOLUTION
from ._common import PAGE_SIZE, pdf_response

# ------------------------------------------------------------------ meetings


@login_required
def meetings(request: HttpRequest, pk: int) -> HttpResponse:
    consortium = selectors.internal_consortium_for(request.user, pk)
    qs = selectors.meetings_visible_to(request.user).filter(consortium=consortium)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("strona"))
    return render(request, "consortia/meetings.html", {"consortium": consortium, "page": page})


@login_required
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    consortium = selectors.internal_consortium_for(request.user, pk)
    if not request.user.has_perm("consortia.manage_consortium", consortium):
        raise PermissionDenied
    form = MeetingForm(request.POST or None, consortium=consortium)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        body = data.pop("body")
        meeting = call_service(form, services.meeting_schedule, actor=request.user, body=body, data=data)
        if meeting is not None:
            messages.success(request, _("Zaplanowano posiedzenie."))
            return redirect("consortia:meeting", pk=meeting.pk)
    return render(
        request, "consortia/form.html", {"form": form, "consortium": consortium, "title": _("Nowe posiedzenie")}
    )


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for(request.user, pk)
    return render(
        request,
        "consortia/meeting.html",
        {
            "meeting": meeting,
            "consortium": meeting.consortium,
            "present": meeting.present_members.select_related("organisation"),
            "resolutions": meeting.resolutions.all(),
            "has_minutes": meeting.status == MeetingStatus.HELD,
        },
    )


@login_required
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for(request.user, pk)
    if not request.user.has_perm("consortia.manage_consortium", meeting.consortium):
        raise PermissionDenied
    initial = {"minutes": meeting.minutes, "present": meeting.present_members.all()}
    form = MinutesForm(request.POST or None, meeting=meeting, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            services.meeting_record,
            actor=request.user,
            meeting=meeting,
            minutes=form.cleaned_data["minutes"],
            present=form.cleaned_data["present"],
        )
        if done is not None:
            messages.success(request, _("Zapisano protokół i listę obecności."))
            return redirect("consortia:meeting", pk=meeting.pk)
    return render(
        request,
        "consortia/form.html",
        {"form": form, "consortium": meeting.consortium, "title": _("Protokół: %(t)s") % {"t": meeting.title}},
    )


@login_required
def meeting_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for(request.user, pk)
    data = pdfs.minutes_pdf(meeting, meeting.present_members.select_related("organisation"), meeting.resolutions.all())
    return pdf_response(data, f"protokol-{pk}.pdf")


# ------------------------------------------------------------------ resolutions


@login_required
def resolutions(request: HttpRequest, pk: int) -> HttpResponse:
    consortium = selectors.internal_consortium_for(request.user, pk)
    qs = selectors.resolutions_visible_to(request.user).filter(consortium=consortium)
    status = request.GET.get("status", "")
    if status in ResolutionStatus.values:
        qs = qs.filter(status=status)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("strona"))
    return render(
        request,
        "consortia/resolutions.html",
        {"consortium": consortium, "page": page, "status": status, "statuses": ResolutionStatus.choices},
    )


@login_required
def resolution_create(request: HttpRequest, pk: int) -> HttpResponse:
    consortium = selectors.internal_consortium_for(request.user, pk)
    if not request.user.has_perm("consortia.manage_consortium", consortium):
        raise PermissionDenied
    initial = {}
    if request.GET.get("plan"):
        initial = {"kind": ResolutionKind.APPROVE_SPLIT, "target_plan": request.GET["plan"]}
    form = ResolutionForm(request.POST or None, consortium=consortium, initial=initial)
    if request.method == "POST" and form.is_valid():
        res = call_service(
            form, services.resolution_draft, actor=request.user, consortium=consortium, **form.cleaned_data
        )
        if res is not None:
            messages.success(request, _("Zapisano projekt uchwały."))
            return redirect("consortia:resolution", pk=res.pk)
    return render(
        request, "consortia/form.html", {"form": form, "consortium": consortium, "title": _("Projekt uchwały")}
    )


_BADGE: dict[str, str] = {
    ResolutionStatus.ADOPTED: "badge-ok",
    ResolutionStatus.VOTING: "badge-info",
    ResolutionStatus.REJECTED: "badge-danger",
}


@login_required
def resolution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    res = selectors.resolution_for(request.user, pk)
    vote_form = None
    if request.user.has_perm("consortia.cast_vote", res):
        mine = selectors.voting_members_for(request.user, res)
        if mine.exists():
            vote_form = VoteForm(members=mine)
    in_vote = res.status == ResolutionStatus.VOTING
    actions = {t.name for t in RESOLUTION.available(res, request.user)}
    return render(
        request,
        "consortia/resolution.html",
        {
            "res": res,
            "consortium": res.consortium,
            "votes": selectors.votes_of(res),
            "vote_form": vote_form,
            "tally": services.tally_of(res) if in_vote else None,
            "changes": res.membership_changes.select_related("member__organisation"),
            "badge": _BADGE.get(res.status, "badge-warn"),
            "can_open": "open_vote" in actions,
            "can_close": "adopt" in actions,
            "timeline": selectors.resolution_timeline(res),
            "turnout": selectors.resolution_turnout(res),
            "plan": res.target_plan,
        },
    )


@login_required
@require_POST
def resolution_vote(request: HttpRequest, pk: int) -> HttpResponse:
    res = selectors.resolution_for(request.user, pk)
    if not request.user.has_perm("consortia.cast_vote", res):
        raise PermissionDenied
    form = VoteForm(request.POST, members=selectors.voting_members_for(request.user, res))
    if form.is_valid():
        run_action(
            request,
            services.vote_cast,
            actor=request.user,
            resolution=res,
            member=form.cleaned_data["member"],
            choice=form.cleaned_data["choice"],
            success=_("Głos został oddany."),
        )
    else:
        messages.error(request, _("Wybierz głos."))
    return redirect("consortia:resolution", pk=pk)


@login_required
@require_POST
def resolution_open(request: HttpRequest, pk: int) -> HttpResponse:
    res = selectors.resolution_for(request.user, pk)
    if not request.user.has_perm("consortia.open_vote", res):
        raise PermissionDenied
    closes = request.POST.get("closes_on") or ""
    try:
        closes_on = dt.date.fromisoformat(closes) if closes else None
    except ValueError:
        messages.error(request, _("Nieprawidłowa data zakończenia głosowania."))
    else:
        run_action(
            request,
            services.resolution_open_vote,
            actor=request.user,
            resolution=res,
            closes_on=closes_on,
            success=_("Głosowanie zostało otwarte."),
        )
    return redirect("consortia:resolution", pk=pk)


@login_required
@require_POST
def resolution_close(request: HttpRequest, pk: int) -> HttpResponse:
    res = selectors.resolution_for(request.user, pk)
    if not request.user.has_perm("consortia.close_vote", res):
        raise PermissionDenied
    if run_action(request, services.resolution_close, actor=request.user, resolution=res):
        res.refresh_from_db()
        if res.status == ResolutionStatus.ADOPTED:
            messages.success(request, _("Uchwała została podjęta."))
        else:
            messages.warning(request, _("Uchwała nie została podjęta."))
    return redirect("consortia:resolution", pk=pk)


@login_required
def resolution_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    res = selectors.resolution_for(request.user, pk)
    data = pdfs.resolution_pdf(res, selectors.votes_of(res))
    return pdf_response(data, f"uchwala-{res.number.replace('/', '-')}.pdf")
