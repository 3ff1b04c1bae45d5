"""Pages of task teams of a case and supervision meetings of the team (issue 17). Need-to-know: the family's part
of a record (findings, case notes) is shown, and logged, only for who may see the case."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from kooperacja.core.viewtools import call_service

from .. import change_forms, history, selectors, services
from ..enums import CasePart, TaskTeamKind
from ._common import _case, _need, _show_case

LEGAL_BASIS = gettext_lazy(
    "Grupa diagnostyczno-pomocowa działa na podstawie art. 9a ustawy z dnia 29 lipca 2005 r. o przeciwdziałaniu "
    "przemocy domowej; zespół zadaniowy – na podstawie porozumienia Partnerskiego Zespołu Kooperacji."
)
# What the task team's page names as its basis, by kind.
BASIS = {
    TaskTeamKind.DIAGNOSTIC: gettext_lazy(
        "Art. 9a ustawy z dnia 29 lipca 2005 r. o przeciwdziałaniu przemocy domowej (grupa diagnostyczno-pomocowa)."
    ),
    TaskTeamKind.TASK_TEAM: gettext_lazy("Porozumienie Partnerskiego Zespołu Kooperacji (zespół zadaniowy)."),
}


@login_required
def task_team_create(request: HttpRequest, pk: int) -> HttpResponse:
    case, _access = _case(request, pk, manage=True)
    kind = TaskTeamKind.DIAGNOSTIC if case.is_domestic_violence else TaskTeamKind.TASK_TEAM
    form = change_forms.TaskTeamForm(
        request.POST or None,
        initial={"kind": kind, "name": f"{TaskTeamKind(kind).label.capitalize()} – {case.title}"},
        # the form's default name: the kind and the case's pseudonymous title, never a person's name
    )
    form.initial["formed_on"] = timezone.localdate()
    if request.method == "POST" and form.is_valid():
        task_team = call_service(form, services.task_team_form, actor=request.user, case=case, **form.cleaned_data)
        if task_team is not None:
            messages.success(request, _("Powołano zespół. Dodaj instytucje, które w nim pracują."))
            return redirect("cooperation:task_team_detail", pk=task_team.pk)
    return render(
        request,
        "cooperation/form.html",
        {"form": form, "case": case, "title": _("Nowy zespół zadaniowy"), "intro": LEGAL_BASIS},
    )


@login_required
def task_team_detail(request: HttpRequest, pk: int) -> HttpResponse:
    task_team = history.task_team_for(request.user, pk)
    case = task_team.case
    sees_case = history.can_see_case(request.user, case)
    if sees_case:  # the findings about the family are shown: the display is logged
        _show_case(request, case, selectors.case_access(request.user, case), part=CasePart.SUMMARY.value)
    can_manage = request.user.has_perm("cooperation.manage_case", case) and task_team.closed_on is None
    return render(
        request,
        "cooperation/task_team_detail.html",
        {
            "task_team": task_team,
            "case": case,
            "sees_case": sees_case,
            "members": history.task_team_members(task_team),
            "meetings": history.task_team_meetings(task_team),
            "can_manage": can_manage,
            "close_form": change_forms.TaskTeamCloseForm(initial={"closed_on": timezone.localdate()})
            if can_manage
            else None,
            "legal_basis": BASIS.get(TaskTeamKind(task_team.kind), LEGAL_BASIS),
        },
    )


@login_required
def task_team_member_add(request: HttpRequest, pk: int) -> HttpResponse:
    task_team = history.task_team_for(request.user, pk)
    _need(request, "cooperation.manage_case", task_team.case)
    form = change_forms.TaskTeamMemberForm(request.POST or None, task_team=task_team)
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(
            form, services.task_team_member_add, actor=request.user, task_team=task_team, **form.cleaned_data
        )
        is not None
    ):
        messages.success(request, _("Dodano instytucję do zespołu zadaniowego."))
        return redirect("cooperation:task_team_detail", pk=task_team.pk)
    return render(
        request,
        "cooperation/form.html",
        {"form": form, "case": task_team.case, "title": _("Instytucja w zespole: %(t)s") % {"t": task_team.name}},
    )


@login_required
def task_team_meeting_add(request: HttpRequest, pk: int) -> HttpResponse:
    task_team = history.task_team_for(request.user, pk)
    _need(request, "cooperation.manage_case", task_team.case)
    form = change_forms.TaskTeamMeetingForm(
        request.POST or None, task_team=task_team, initial={"held_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["attendees"] = list(data["attendees"])
        if (
            call_service(form, services.task_team_meeting_record, actor=request.user, task_team=task_team, **data)
            is not None
        ):
            messages.success(request, _("Zapisano spotkanie zespołu zadaniowego."))
            return redirect("cooperation:task_team_detail", pk=task_team.pk)
    return render(
        request,
        "cooperation/form.html",
        {"form": form, "case": task_team.case, "title": _("Spotkanie: %(t)s") % {"t": task_team.name}},
    )


@login_required
@require_POST
def task_team_close(request: HttpRequest, pk: int) -> HttpResponse:
    task_team = history.task_team_for(request.user, pk)
    _need(request, "cooperation.manage_case", task_team.case)
    form = change_forms.TaskTeamCloseForm(request.POST)
    if form.is_valid() and (
        call_service(form, services.task_team_close, actor=request.user, task_team=task_team, **form.cleaned_data)
        is not None
    ):
        messages.success(request, _("Zespół zadaniowy zakończył pracę."))
    else:
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
    return redirect("cooperation:task_team_detail", pk=task_team.pk)


@login_required
def supervision_create(request: HttpRequest, pk: int) -> HttpResponse:
    team = selectors.team_for(request.user, pk)
    _need(request, "cooperation.manage_team", team)
    form = change_forms.SupervisionForm(
        request.POST or None,
        team=team,
        cases=history.manageable_cases(request.user, team),
        initial={"held_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["participants"] = list(data["participants"])
        supervision = call_service(form, services.supervision_record, actor=request.user, team=team, **data)
        if supervision is not None:
            messages.success(request, _("Zapisano superwizję."))
            return redirect("cooperation:supervision_detail", pk=supervision.pk)
    return render(
        request,
        "cooperation/form.html",
        {
            "form": form,
            "team": team,
            "title": _("Nowa superwizja"),
            "intro": _(
                "Superwizja pracowników instytucji zespołu. Tematy zapisuj bez danych rodzin; wnioski o sprawie "
                "zobaczą tylko osoby, które mają do niej dostęp."
            ),
        },
    )


@login_required
def supervision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    supervision = history.supervision_for(request.user, pk)
    case = supervision.case
    sees_case = case is not None and history.can_see_case(request.user, case)
    if sees_case and case is not None and supervision.case_notes:
        _show_case(request, case, selectors.case_access(request.user, case), part=CasePart.SUMMARY.value)
    return render(
        request,
        "cooperation/supervision_detail.html",
        {
            "supervision": supervision,
            "team": supervision.team,
            "participants": supervision.participants.order_by("full_name"),
            "sees_case": sees_case,
        },
    )
