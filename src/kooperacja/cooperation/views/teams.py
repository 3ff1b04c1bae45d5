"""Pages of the teams (PZK): members, people, meetings, minutes, tasks."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.core.viewtools import call_service, run_action

from .. import forms, history, selectors, services
from ..enums import MeetingStatus
from ..models import MeetingItem
from ..workflows import MEETING_WF
from ._common import _need
from .powiat import powiat_context

# --- teams and meetings -----------------------------------------------------------------------------------


@login_required
def teams(request: HttpRequest) -> HttpResponse:
    _need(request, "cooperation.see_teams")
    qs = selectors.teams_visible_to(request.user).annotate(
        member_count=Count("members", filter=Q(members__left_on__isnull=True), distinct=True)
    )
    return render(
        request, "cooperation/teams.html", {"teams": qs, "next_meeting": selectors.next_meeting_for(request.user)}
    )


@login_required
def team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    team = selectors.team_for(request.user, pk)
    return render(
        request,
        "cooperation/team_detail.html",
        {
            "team": team,
            **powiat_context(team),  # the powiat level (issue 17)
            "members": selectors.team_members(team),
            "meetings": selectors.meetings_of(team),
            "tasks": selectors.open_tasks(team),
            "can_manage": request.user.has_perm("cooperation.manage_team", team),
            "today": timezone.localdate(),
            "supervisions": history.supervisions_of(team),  # issue 17
            "history": history.history(team),
        },
    )


@login_required
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    team = selectors.team_for(request.user, pk)
    _need(request, "cooperation.manage_team", team)
    form = forms.TeamMemberForm(request.POST or None, team=team)
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            call_service(form, services.team_member_add, actor=request.user, team=team, **form.cleaned_data) is not None
        )
    ):
        messages.success(request, _("Dodano instytucję do zespołu."))
        return redirect("cooperation:team_detail", pk=team.pk)
    return render(
        request, "cooperation/form.html", {"form": form, "team": team, "title": _("Nowa instytucja członkowska")}
    )


@login_required
def person_add(request: HttpRequest, pk: int) -> HttpResponse:
    team = selectors.team_for(request.user, pk)
    _need(request, "cooperation.manage_team", team)
    form = forms.TeamPersonForm(request.POST or None, team=team)
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            call_service(form, services.team_person_add, actor=request.user, team=team, **form.cleaned_data) is not None
        )
    ):
        messages.success(request, _("Dodano osobę do zespołu."))
        return redirect("cooperation:team_detail", pk=team.pk)
    return render(
        request,
        "cooperation/form.html",
        {"form": form, "team": team, "title": _("Animator lub przedstawiciel instytucji")},
    )


@login_required
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    team = selectors.team_for(request.user, pk)
    _need(request, "cooperation.manage_team", team)
    form = forms.MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = services.meeting_schedule(actor=request.user, team=team, **form.cleaned_data)
        messages.success(request, _("Zaplanowano spotkanie."))
        return redirect("cooperation:meeting_detail", pk=meeting.pk)
    return render(request, "cooperation/form.html", {"form": form, "team": team, "title": _("Nowe spotkanie zespołu")})


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for(request.user, pk)
    can_manage = request.user.has_perm("cooperation.manage_team", meeting.team)
    return render(
        request,
        "cooperation/meeting_detail.html",
        {
            "meeting": meeting,
            "team": meeting.team,
            "attendees": meeting.attendees.select_related("organisation"),
            "items": meeting.items.select_related("owner__organisation"),
            "followups": selectors.open_tasks(meeting.team).exclude(meeting=meeting),
            "can_manage": can_manage,
            "is_held": meeting.status == MeetingStatus.HELD,
            "minutes_label": MEETING_WF.available(meeting)[0].label,
            "item_form": forms.MeetingItemForm(team=meeting.team) if can_manage else None,
        },
    )


@login_required
def meeting_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for(request.user, pk)
    _need(request, "cooperation.manage_team", meeting.team)
    form = forms.MinutesForm(
        request.POST or None,
        team=meeting.team,
        initial={"minutes": meeting.minutes, "attendees": list(meeting.attendees.all())},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            call_service(
                form,
                services.meeting_record_minutes,
                actor=request.user,
                meeting=meeting,
                minutes=form.cleaned_data["minutes"],
                attendees=list(form.cleaned_data["attendees"]),
            )
            is not None
        )
    ):
        messages.success(request, _("Zapisano protokół i obecność."))
        return redirect("cooperation:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "cooperation/form.html",
        {"form": form, "team": meeting.team, "meeting": meeting, "title": _("Protokół spotkania")},
    )


@login_required
@require_POST
def meeting_item_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting_for(request.user, pk)
    _need(request, "cooperation.manage_team", meeting.team)
    form = forms.MeetingItemForm(request.POST, team=meeting.team)
    if form.is_valid():
        services.meeting_item_add(actor=request.user, meeting=meeting, **form.cleaned_data)
        messages.success(request, _("Dodano ustalenie."))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("cooperation:meeting_detail", pk=meeting.pk)


@login_required
@require_POST
def task_done(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        MeetingItem.objects.select_related("meeting__team", "owner").filter(
            meeting__team__in=selectors.teams_visible_to(request.user)
        ),
        pk=pk,
    )
    form = forms.TaskDoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Opisz, jak wykonano zadanie."))
    else:
        run_action(
            request,
            services.task_complete,
            actor=request.user,
            item=item,
            follow_up=form.cleaned_data["follow_up"],
            success=_("Zadanie oznaczono jako wykonane."),
        )
    return redirect("cooperation:meeting_detail", pk=item.meeting_id)
