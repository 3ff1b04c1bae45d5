"""Pages of the Cooperation Model. Thin: scope through selectors (404 for what the user may not know), call a
service, render. Every display of case data writes the access log before rendering."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.catalog.enums import AssistanceReason, ServiceCategory
from kooperacja.catalog.selectors import services_visible_to
from kooperacja.core.audit import access_log_for, events_for, log_access
from kooperacja.core.fields import parse_id

from . import forms, selectors, services
from .basket import recommendations_for
from .enums import CasePart, CaseStatus, ReferralState
from .models import Action, Case, Consent, MeetingItem
from .workflows import REFERRAL_OPEN_STATES, TransitionNotAllowed, referral_available

PAGE_SIZE = 25


def _need(request: HttpRequest, perm: str, obj: Any = None) -> None:
    """403 for team members lacking this right; 404 for everyone outside the cooperation model."""
    if not request.user.has_perm(perm, obj):
        if not selectors.member_team_ids(request.user):
            raise Http404
        raise PermissionDenied


def _errors(form: Any, exc: ValidationError) -> None:
    for message in exc.messages:
        form.add_error(None, message)


def _show_case(
    request: HttpRequest, case: Case, access: selectors.CaseAccess, *, part: str, persons: list | None = None
) -> None:
    """Write the access log for a display of `part` of the case (and of each person shown)."""
    purpose = _("prowadzenie sprawy") if access.is_owner else _("realizacja skierowania / zgody rodziny")
    log_access(user=request.user, targets=case, purpose=purpose, part=part, request=request)
    if persons:
        log_access(
            user=request.user,
            targets=[cp.person for cp in persons],
            purpose=purpose,
            part=f"{case.number}: {CasePart.PERSONS.value}",
            request=request,
        )


def _case(request: HttpRequest, pk: int, *, manage: bool = False) -> tuple[Case, selectors.CaseAccess]:
    case = selectors.case_for(request.user, pk)
    access = selectors.case_access(request.user, case)
    if manage:
        _need(request, "cooperation.manage_case", case)
    return case, access


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
            "members": selectors.team_members(team),
            "meetings": selectors.meetings_of(team),
            "tasks": selectors.open_tasks(team),
            "can_manage": request.user.has_perm("cooperation.manage_team", team),
            "today": timezone.localdate(),
        },
    )


@login_required
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    team = selectors.team_for(request.user, pk)
    _need(request, "cooperation.manage_team", team)
    form = forms.TeamMemberForm(request.POST or None, team=team)
    if request.method == "POST" and form.is_valid():
        try:
            services.team_member_add(actor=request.user, team=team, **form.cleaned_data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
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
    if request.method == "POST" and form.is_valid():
        try:
            services.team_person_add(actor=request.user, team=team, **form.cleaned_data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
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
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_record_minutes(
                actor=request.user,
                meeting=meeting,
                minutes=form.cleaned_data["minutes"],
                attendees=list(form.cleaned_data["attendees"]),
            )
        except ValidationError as exc:
            _errors(form, exc)
        else:
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
        try:
            services.task_complete(actor=request.user, item=item, follow_up=form.cleaned_data["follow_up"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Zadanie oznaczono jako wykonane."))
    return redirect("cooperation:meeting_detail", pk=item.meeting_id)


# --- cases ------------------------------------------------------------------------------------------------


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    _need(request, "cooperation.see_cases")
    status = request.GET.get("status", "")
    status = status if status in CaseStatus.values else ""
    q = request.GET.get("q", "")[:60]
    page = Paginator(selectors.case_list(request.user, status=status, q=q), PAGE_SIZE).get_page(
        request.GET.get("strona")
    )
    # The list shows case numbers and pseudonymous titles: log it as a display of those summaries.
    log_access(
        user=request.user,
        targets=list(page.object_list),
        purpose=_("lista spraw"),
        part=CasePart.SUMMARY.value,
        request=request,
    )
    query = request.GET.copy()
    query.pop("strona", None)
    return render(
        request,
        "cooperation/case_list.html",
        {
            "page": page,
            "status": status,
            "q": q,
            "statuses": CaseStatus.choices,
            "query": query.urlencode(),
            "today": timezone.localdate(),
        },
    )


@login_required
def case_create(request: HttpRequest) -> HttpResponse:
    _need(request, "cooperation.open_case")
    owners = [
        (team, org)
        for team in selectors.teams_visible_to(request.user)
        for org in [team.lead_organisation, *[m.organisation for m in team.members.select_related("organisation")]]
        if org.pk in selectors._staff_orgs(request.user)
    ]
    if not owners:
        raise PermissionDenied
    team, owner = owners[0]
    form = forms.CaseForm(request.POST or None, owner=owner)
    if request.method == "POST" and form.is_valid():
        case = services.case_open(actor=request.user, team=team, owner=owner, gmina=team.gmina, **form.cleaned_data)
        messages.success(request, _("Otwarto sprawę %(n)s. Dodaj osoby i zapisz diagnozę.") % {"n": case.number})
        return redirect("cooperation:case_detail", pk=case.pk)
    return render(
        request,
        "cooperation/form.html",
        {
            "form": form,
            "title": _("Nowa sprawa"),
            "intro": _("Zespół: %(t)s, instytucja prowadząca: %(o)s.") % {"t": team, "o": owner},
        },
    )


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case, access = _case(request, pk)
    persons = list(case.persons.select_related("person")) if access.can(CasePart.PERSONS) else []
    shown = sorted(access.parts)
    _show_case(request, case, access, part=",".join(shown), persons=persons)
    diagnosis = getattr(case, "diagnosis", None) if access.can(CasePart.DIAGNOSIS) else None
    programme = getattr(case, "programme", None) if access.can(CasePart.PROGRAMME) else None
    reason_labels = dict(AssistanceReason.choices)
    need_labels = dict(ServiceCategory.choices)
    return render(
        request,
        "cooperation/case_detail.html",
        {
            "case": case,
            "access": access,
            "persons": persons,
            "diagnosis": diagnosis,
            "reason_labels": [reason_labels.get(r, r) for r in (diagnosis.reasons if diagnosis else [])],
            "need_labels": [need_labels.get(r, r) for r in (diagnosis.needs if diagnosis else [])],
            "programme": programme,
            "actions": selectors.actions_of(case) if programme else [],
            "referrals": selectors.referrals_for_case(request.user, access) if access.can(CasePart.REFERRALS) else [],
            "consents": case.consents.select_related("organisation") if access.is_owner else [],
            "named": case.named_members.select_related("user") if access.is_owner else [],
            "named_form": forms.NamedMemberForm(case=case)
            if access.is_owner and case.status != CaseStatus.CLOSED
            else None,
            "events": events_for(case)[:15] if access.is_owner else [],
            "can_manage": request.user.has_perm("cooperation.manage_case", case),
            "today": timezone.localdate(),
            "parts": CasePart,
        },
    )


@login_required
def case_person_add(request: HttpRequest, pk: int) -> HttpResponse:
    case, _access = _case(request, pk, manage=True)
    form = forms.CasePersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        relation, is_main = data.pop("relation"), data.pop("is_main")
        data["territory"] = case.gmina
        try:
            services.case_person_add(actor=request.user, case=case, data=data, relation=relation, is_main=is_main)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("Dodano osobę do sprawy."))
            return redirect("cooperation:case_detail", pk=case.pk)
    return render(request, "cooperation/form.html", {"form": form, "case": case, "title": _("Osoba w sprawie")})


@login_required
def case_diagnosis(request: HttpRequest, pk: int) -> HttpResponse:
    case, access = _case(request, pk, manage=True)
    diagnosis = getattr(case, "diagnosis", None)
    initial = (
        {f: getattr(diagnosis, f) for f in forms.DiagnosisForm.base_fields}
        if diagnosis
        else {"workshop_on": timezone.localdate()}
    )
    _show_case(request, case, access, part=CasePart.DIAGNOSIS.value)
    form = forms.DiagnosisForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.diagnosis_save(actor=request.user, case=case, data=form.cleaned_data)
        messages.success(request, _("Zapisano diagnozę."))
        return redirect("cooperation:case_programme", pk=case.pk)
    return render(
        request, "cooperation/form.html", {"form": form, "case": case, "title": _("Diagnoza (warsztat diagnostyczny)")}
    )


@login_required
def case_programme(request: HttpRequest, pk: int) -> HttpResponse:
    case, access = _case(request, pk)
    if not access.can(CasePart.PROGRAMME):
        raise Http404
    programme = getattr(case, "programme", None)
    can_manage = request.user.has_perm("cooperation.manage_case", case)
    today = timezone.localdate()
    frame = forms.ProgrammeForm(
        request.POST or None,
        initial={"starts_on": programme.starts_on, "ends_on": programme.ends_on}
        if programme
        else {"starts_on": today, "ends_on": today.replace(year=today.year + 1)},
    )
    if request.method == "POST":
        _need(request, "cooperation.manage_case", case)
        if frame.is_valid():
            try:
                services.programme_save(actor=request.user, case=case, **frame.cleaned_data)
            except ValidationError as exc:
                _errors(frame, exc)
            else:
                messages.success(request, _("Zapisano ramy programu."))
                return redirect("cooperation:case_programme", pk=case.pk)
    _show_case(request, case, access, part=CasePart.PROGRAMME.value)
    return render(
        request,
        "cooperation/programme.html",
        {
            "case": case,
            "programme": programme,
            "goals": programme.goals.all() if programme else [],
            "actions": selectors.actions_of(case),
            "reviews": programme.reviews.select_related("reviewed_by") if programme else [],
            "can_manage": can_manage,
            "frame": frame,
            "goal_form": forms.GoalForm(),
            "agree_form": forms.AgreeForm(initial={"agreed_on": today}),
            "review_form": forms.ReviewForm(initial={"reviewed_on": today}),
        },
    )


def _programme_post(request: HttpRequest, pk: int, form_class: Any, call: Any, ok: str) -> HttpResponse:
    case, _access = _case(request, pk, manage=True)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            call(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, ok)
    else:
        messages.error(request, _("Uzupełnij wymagane pola."))
    return redirect("cooperation:case_programme", pk=case.pk)


@login_required
@require_POST
def goal_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _programme_post(request, pk, forms.GoalForm, services.goal_add, _("Dodano cel."))


@login_required
@require_POST
def programme_agree(request: HttpRequest, pk: int) -> HttpResponse:
    return _programme_post(request, pk, forms.AgreeForm, services.programme_agree, _("Program uzgodniony z rodziną."))


@login_required
@require_POST
def review_add(request: HttpRequest, pk: int) -> HttpResponse:
    return _programme_post(request, pk, forms.ReviewForm, services.review_add, _("Zapisano przegląd programu."))


@login_required
def action_add(request: HttpRequest, pk: int) -> HttpResponse:
    case, access = _case(request, pk, manage=True)
    catalogue = services_visible_to(request.user).filter(status="active").order_by("category", "name")
    initial: dict[str, Any] = {
        "starts_on": timezone.localdate(),
        "ends_on": getattr(getattr(case, "programme", None), "ends_on", None),
    }
    service_id = parse_id(request.GET.get("usluga", ""))
    if service_id is not None:
        chosen = catalogue.filter(pk=service_id).first()
        if chosen is not None:
            initial.update({"service": chosen, "category": chosen.category, "title": chosen.name})
            if chosen.provider.cooperation_memberships.filter(team=case.team, left_on__isnull=True).exists():
                initial["responsible"] = chosen.provider
    form = forms.ActionForm(request.POST or None, case=case, services=catalogue, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.action_add(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("Dodano działanie do programu i koszyka usług."))
            return redirect("cooperation:case_basket", pk=case.pk)
    _show_case(request, case, access, part=CasePart.PROGRAMME.value)
    return render(
        request,
        "cooperation/form.html",
        {"form": form, "case": case, "title": _("Działanie programu (pozycja koszyka)")},
    )


@login_required
def case_basket(request: HttpRequest, pk: int) -> HttpResponse:
    case, access = _case(request, pk)
    if not access.can(CasePart.PROGRAMME):
        raise Http404
    _show_case(request, case, access, part=CasePart.PROGRAMME.value)
    can_manage = request.user.has_perm("cooperation.manage_case", case)
    return render(
        request,
        "cooperation/basket.html",
        {
            "case": case,
            "programme": getattr(case, "programme", None),
            "actions": selectors.actions_of(case),
            "recommendations": recommendations_for(case, user=request.user) if can_manage else [],
            "can_manage": can_manage,
        },
    )


@login_required
def referral_create(request: HttpRequest, pk: int) -> HttpResponse:
    case, access = _case(request, pk, manage=True)
    initial: dict[str, Any] = {"due_on": timezone.localdate() + timedelta(days=14)}
    action_id = parse_id(request.GET.get("dzialanie", ""))
    if action_id is not None:
        action = Action.objects.filter(programme__case=case, pk=action_id).select_related("responsible").first()
        if action is not None:
            initial.update(
                {
                    "action": action,
                    "to_organisation": action.responsible if action.responsible_id != case.owner_id else None,
                    "request": action.title,
                }
            )
    form = forms.ReferralForm(request.POST or None, case=case, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.referral_send(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("Wysłano skierowanie do: %(o)s.") % {"o": referral.to_organisation})
            return redirect("cooperation:case_detail", pk=case.pk)
    _show_case(request, case, access, part=CasePart.SUMMARY.value)
    return render(request, "cooperation/form.html", {"form": form, "case": case, "title": _("Nowe skierowanie")})


@login_required
def consent_create(request: HttpRequest, pk: int) -> HttpResponse:
    case, _access = _case(request, pk, manage=True)
    today = timezone.localdate()
    form = forms.ConsentForm(
        request.POST or None, case=case, initial={"given_on": today, "valid_until": today.replace(year=today.year + 1)}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.consent_record(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("Zapisano zgodę."))
            return redirect("cooperation:case_detail", pk=case.pk)
    return render(
        request, "cooperation/form.html", {"form": form, "case": case, "title": _("Zgoda rodziny na udostępnienie")}
    )


@login_required
@require_POST
def consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    consent = get_object_or_404(
        Consent.objects.select_related("case").filter(case__in=selectors.cases_owned_by(request.user)), pk=pk
    )
    form = forms.WithdrawForm(request.POST)
    form.is_valid()
    try:
        services.consent_withdraw(actor=request.user, consent=consent, note=form.cleaned_data.get("note", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Zgoda wycofana – udostępnianie zatrzymane."))
    return redirect("cooperation:case_detail", pk=consent.case_id)


@login_required
@require_POST
def case_named_add(request: HttpRequest, pk: int) -> HttpResponse:
    case, _access = _case(request, pk, manage=True)
    form = forms.NamedMemberForm(request.POST, case=case)
    if form.is_valid():
        try:
            services.case_name_member(actor=request.user, case=case, user=form.cleaned_data["user"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Wskazano osobę do sprawy."))
    else:
        messages.error(request, _("Wybierz osobę."))
    return redirect("cooperation:case_detail", pk=case.pk)


@login_required
def case_close(request: HttpRequest, pk: int) -> HttpResponse:
    case, access = _case(request, pk, manage=True)
    form = forms.CloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_close(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            _errors(form, exc)
        else:
            messages.success(request, _("Sprawa zamknięta z podsumowaniem."))
            return redirect("cooperation:case_detail", pk=case.pk)
    _show_case(request, case, access, part=CasePart.SUMMARY.value)
    return render(
        request, "cooperation/form.html", {"form": form, "case": case, "title": _("Zamknięcie sprawy i programu")}
    )


@login_required
def case_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The case file as PDF (the parts the user may see); logged as an export before it is produced."""
    from kooperacja.core.enums import AccessAction
    from kooperacja.core.pdf import PdfDocument, format_date

    case, access = _case(request, pk)
    persons = list(case.persons.select_related("person")) if access.can(CasePart.PERSONS) else []
    purpose = _("eksport akt sprawy")
    log_access(
        user=request.user,
        targets=case,
        purpose=purpose,
        part=",".join(sorted(access.parts)),
        action=AccessAction.EXPORT,
        request=request,
    )
    if persons:
        log_access(
            user=request.user,
            targets=[cp.person for cp in persons],
            purpose=purpose,
            part=f"{case.number}: persons",
            action=AccessAction.EXPORT,
            request=request,
        )
    doc = PdfDocument(
        title=f"{case.number} · {case.title}",
        subtitle=f"{case.get_kind_display()} · {case.owner} · {case.get_status_display()}",
    )
    doc.field(_("Pracownik prowadzący"), f"{case.case_worker.full_name} ({case.case_worker.email})")
    doc.field(_("Otwarta"), format_date(case.opened_on))
    if persons:
        doc.heading(_("Osoby"))
        doc.table(
            [_("Imię i nazwisko"), _("Rola"), _("Kod")],
            [[cp.person.full_name, cp.relation, cp.person.code] for cp in persons],
        )
    diagnosis = getattr(case, "diagnosis", None) if access.can(CasePart.DIAGNOSIS) else None
    if diagnosis is not None:
        labels = dict(AssistanceReason.choices)
        doc.heading(_("Diagnoza"))
        doc.field(_("Przesłanki (art. 7)"), ", ".join(str(labels.get(r, r)) for r in diagnosis.reasons))
        doc.field(_("Przyczyny i źródła trudności"), diagnosis.causes)
        doc.field(_("Mocne i słabe strony"), diagnosis.strengths_weaknesses)
        doc.field(_("Zasoby i deficyty"), diagnosis.resources_deficits)
        doc.field(_("Oczekiwania i potrzeby"), diagnosis.expectations_needs)
    programme = getattr(case, "programme", None) if access.can(CasePart.PROGRAMME) else None
    if programme is not None:
        doc.heading(_("Indywidualny program współpracy"))
        doc.paragraph(
            f"{programme.get_status_display()}: {format_date(programme.starts_on)} – {format_date(programme.ends_on)}"
        )
        for goal in programme.goals.all():
            doc.paragraph(f"• {goal.text}")
        doc.table(
            [_("Działanie"), _("Odpowiada"), _("Usługa"), _("Status")],
            [
                [a.title, str(a.responsible), str(a.service or a.own_offer or "—"), a.get_status_display()]
                for a in selectors.actions_of(case)
            ],
        )
        if programme.summary:
            doc.field(_("Podsumowanie"), f"{programme.get_outcome_display()}. {programme.summary}")
    if access.can(CasePart.REFERRALS):
        doc.heading(_("Skierowania"))
        doc.table(
            [_("Do"), _("Termin"), _("Stan")],
            [
                [str(r.to_organisation), format_date(r.due_on), r.get_state_display()]
                for r in selectors.referrals_for_case(request.user, access)
            ],
        )
    response = HttpResponse(doc.output(), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="sprawa-{case.pk}.pdf"'
    return response


@login_required
def case_log(request: HttpRequest, pk: int) -> HttpResponse:
    case, _access = _case(request, pk)
    _need(request, "cooperation.see_case_log", case)
    page = Paginator(access_log_for(case), 50).get_page(request.GET.get("strona"))
    return render(request, "cooperation/case_log.html", {"case": case, "page": page, "query": ""})


# --- referrals --------------------------------------------------------------------------------------------


@login_required
def referral_inbox(request: HttpRequest) -> HttpResponse:
    _need(request, "cooperation.see_referral_inbox")
    state = request.GET.get("stan", "open")
    state = state if state in ("open", "", *ReferralState.values) else "open"
    page = Paginator(selectors.incoming_referrals(request.user, state=state), PAGE_SIZE).get_page(
        request.GET.get("strona")
    )
    log_access(
        user=request.user,
        targets=[r.case for r in page.object_list],
        purpose=_("skrzynka skierowań"),
        part=CasePart.SUMMARY.value,
        request=request,
    )
    return render(
        request,
        "cooperation/referral_inbox.html",
        {
            "page": page,
            "state": state,
            "states": ReferralState.choices,
            "today": timezone.localdate(),
            "query": f"stan={state}",
        },
    )


@login_required
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    referral = selectors.referral_for(request.user, pk)
    access = selectors.case_access(request.user, referral.case)
    _show_case(request, referral.case, access, part=CasePart.REFERRALS.value)
    can_handle = request.user.has_perm("cooperation.handle_referral", referral)
    return render(
        request,
        "cooperation/referral_detail.html",
        {
            "referral": referral,
            "case": referral.case,
            "access": access,
            "transitions": referral_available(referral.state) if can_handle else [],
            "step_form": forms.ReferralStepForm(),
            "events": events_for(referral)[:20],
            "today": timezone.localdate(),
            "is_open": referral.state in REFERRAL_OPEN_STATES,
        },
    )


@login_required
@require_POST
def referral_move(request: HttpRequest, pk: int, transition: str) -> HttpResponse:
    referral = selectors.referral_for(request.user, pk)
    _need(request, "cooperation.handle_referral", referral)
    form = forms.ReferralStepForm(request.POST)
    form.is_valid()
    try:
        services.referral_move(
            actor=request.user, referral=referral, transition=transition, text=form.cleaned_data.get("text", "")
        )
    except TransitionNotAllowed:
        messages.error(request, _("Tej czynności nie można wykonać w obecnym stanie skierowania."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Zapisano: %(s)s.") % {"s": ReferralState(selectors.referral_for(request.user, pk).state).label}
        )
    return redirect("cooperation:referral_detail", pk=referral.pk)


# --- planner and statistics -------------------------------------------------------------------------------


@login_required
def planner(request: HttpRequest) -> HttpResponse:
    _need(request, "cooperation.run_planner")
    team_ids = selectors.planner_team_ids(request.user)
    team = selectors.teams_visible_to(request.user).filter(pk__in=team_ids).first()
    if team is None:
        raise Http404
    form = forms.PlannerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        proposal = services.plan_propose(
            actor=request.user, team=team, max_distance_km=form.cleaned_data["max_distance_km"]
        )
        messages.success(request, _("Planer przygotował propozycję. Nic się nie zmieni, dopóki jej nie zatwierdzisz."))
        return redirect("cooperation:proposal_detail", pk=proposal.pk)
    return render(
        request,
        "cooperation/planner.html",
        {"form": form, "team": team, "proposals": selectors.proposals_for(request.user)[:10]},
    )


@login_required
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(selectors.proposals_for(request.user), pk=pk)
    from kooperacja.catalog.models import Service

    actions = {
        a.pk: a
        for a in Action.objects.filter(pk__in=[r["action"] for r in proposal.assignments]).select_related(
            "programme__case"
        )
    }
    svcs = {
        s.pk: s
        for s in Service.objects.filter(pk__in=[r["service"] for r in proposal.assignments]).select_related("provider")
    }
    rows = [
        {"action": actions.get(r["action"]), "service": svcs.get(r["service"]), "distance_km": r["distance_km"]}
        for r in proposal.assignments
    ]
    cases = {row["action"].programme.case for row in rows if row["action"] is not None}
    log_access(
        user=request.user,
        targets=list(cases),
        purpose=_("planer koszyków"),
        part=CasePart.PROGRAMME.value,
        request=request,
    )
    return render(
        request,
        "cooperation/proposal.html",
        {
            "proposal": proposal,
            "rows": rows,
            "can_decide": request.user.has_perm("cooperation.decide_proposal", proposal),
        },
    )


@login_required
@require_POST
def proposal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(selectors.proposals_for(request.user), pk=pk)
    _need(request, "cooperation.decide_proposal", proposal)
    accept = request.POST.get("decision") == "accept"
    proposal = services.plan_decide(actor=request.user, proposal=proposal, accept=accept)
    if accept:
        messages.success(
            request, _("Zatwierdzono propozycję: przydzielono %(n)s usług.") % {"n": proposal.stats.get("applied", 0)}
        )
    else:
        messages.success(request, _("Odrzucono propozycję – nic nie zmieniono."))
    return redirect("cooperation:proposal_detail", pk=proposal.pk)


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    _need(request, "cooperation.see_statistics")
    return render(
        request, "cooperation/statistics.html", {"rows": selectors.statistics(), "states": ReferralState.choices}
    )
