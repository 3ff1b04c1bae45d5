"""Pages of a case: list, card, persons, diagnosis, programme (IPW) and basket, consents, closing, export, log."""

from __future__ import annotations

from datetime import timedelta
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

from kooperacja.catalog.enums import AssistanceReason, ServiceCategory
from kooperacja.catalog.selectors import services_visible_to
from kooperacja.core.audit import access_log_for, log_access
from kooperacja.core.fields import parse_id
from kooperacja.core.pagination import keyset_page
from kooperacja.core.viewtools import call_service, run_action

from .. import forms, history, selectors, services
from ..basket import recommendations_for, referral_blocking, with_referral_state
from ..enums import CasePart, CaseStatus
from ..models import Action, Consent
from ..workflows import CASE_WF
from ._common import PAGE_SIZE, _case, _need, _show_case

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
    owners = selectors.case_owner_choices(request.user)
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
            "programme_closed": selectors.programme_steps(programme)["programme_closed"],
            "actions": selectors.actions_of(case) if programme else [],
            "referrals": selectors.referrals_for_case(request.user, access).select_related("service")
            if access.can(CasePart.REFERRALS)
            else [],
            "consents": selectors.consents_with_labels(case) if access.is_owner else [],
            "named": case.named_members.select_related("user") if access.is_owner else [],
            "named_form": forms.NamedMemberForm(case=case) if access.is_owner and not CASE_WF.is_final(case) else None,
            "history": history.history(case, limit=20) if access.is_owner else [],
            "task_teams": history.task_teams_of(request.user, case),  # issue 17
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
        same_name_confirmed = data.pop("same_name_confirmed")
        data["territory"] = case.gmina
        if (
            call_service(
                form,
                services.case_person_add,
                actor=request.user,
                case=case,
                data=data,
                relation=relation,
                is_main=is_main,
                same_name_confirmed=same_name_confirmed,
            )
            is not None
        ):
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
        if frame.is_valid() and (
            call_service(frame, services.programme_save, actor=request.user, case=case, **frame.cleaned_data)
            is not None
        ):
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
            "actions": with_referral_state(selectors.actions_of(case)),
            "reviews": programme.reviews.select_related("reviewed_by") if programme else [],
            "can_manage": can_manage,
            **selectors.programme_steps(programme),
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
        run_action(request, call, actor=request.user, case=case, **form.cleaned_data, success=ok)
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
    if (
        request.method == "POST"
        and form.is_valid()
        and (call_service(form, services.action_add, actor=request.user, case=case, **form.cleaned_data) is not None)
    ):
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
            **selectors.programme_steps(getattr(case, "programme", None)),
            "actions": with_referral_state(selectors.actions_of(case)),
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
        action = (
            Action.objects.filter(programme__case=case, pk=action_id)
            .select_related("responsible", "service", "service__provider")
            .first()
        )
        if action is not None:
            serving = referral_blocking(action)
            if serving is not None:
                messages.info(
                    request, _("To działanie ma już skierowanie: %(s)s.") % {"s": serving.get_state_display()}
                )
                return redirect("cooperation:referral_detail", pk=serving.pk)
            initial.update({"action": action, "request": action.title})
            # the member responsible for the item, when it is another institution; when the owner itself is
            # responsible for a catalogue service of someone else, the referral goes to the service's provider
            if action.responsible_id != case.owner_id:
                initial["to_organisation"] = action.responsible
            elif action.service is not None and action.service.provider_id != case.owner_id:
                initial["service"] = action.service
    form = forms.ReferralForm(request.POST or None, case=case, user=request.user, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and (referral := call_service(form, services.referral_send, actor=request.user, case=case, **form.cleaned_data))
        is not None
    ):
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
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            call_service(form, services.consent_record, actor=request.user, case=case, **form.cleaned_data) is not None
        )
    ):
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
    run_action(
        request,
        services.consent_withdraw,
        actor=request.user,
        consent=consent,
        note=form.cleaned_data.get("note", ""),
        success=_("Zgoda wycofana – udostępnianie zatrzymane."),
    )
    return redirect("cooperation:case_detail", pk=consent.case_id)


@login_required
@require_POST
def case_named_add(request: HttpRequest, pk: int) -> HttpResponse:
    case, _access = _case(request, pk, manage=True)
    form = forms.NamedMemberForm(request.POST, case=case)
    if form.is_valid():
        run_action(
            request,
            services.case_name_member,
            actor=request.user,
            case=case,
            user=form.cleaned_data["user"],
            success=_("Wskazano osobę do sprawy."),
        )
    else:
        messages.error(request, _("Wybierz osobę."))
    return redirect("cooperation:case_detail", pk=case.pk)


@login_required
def case_close(request: HttpRequest, pk: int) -> HttpResponse:
    case, access = _case(request, pk, manage=True)
    form = forms.CloseForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and (call_service(form, services.case_close, actor=request.user, case=case, **form.cleaned_data) is not None)
    ):
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

    from ..pdfs import case_file_pdf

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
    pdf = case_file_pdf(user=request.user, access=access, persons=persons)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="sprawa-{case.pk}.pdf"'
    return response


@login_required
def case_log(request: HttpRequest, pk: int) -> HttpResponse:
    case, _access = _case(request, pk)
    _need(request, "cooperation.see_case_log", case)
    # keyset, not OFFSET: a case's log only grows (core.pagination; issue 15)
    page = keyset_page(access_log_for(case), order=("-occurred_at", "-id"), params=request.GET, per_page=50)
    rows = [(row, ", ".join(selectors.part_labels(row.part))) for row in page.object_list]
    return render(request, "cooperation/case_log.html", {"case": case, "page": page, "rows": rows, "query": ""})
