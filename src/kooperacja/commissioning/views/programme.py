"""The programme of cooperation with NGOs (art. 5a OPP): list, draft, priorities, consultation, resolution, the
priority of a call and the yearly report on its implementation (page and PDF)."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.core.audit import events_for
from kooperacja.core.viewtools import call_service

from .. import documents, legal, programme_forms, selectors, services
from ..enums import ProgrammeState
from ..workflows import PROGRAMME
from .common import _need, service_errors


def programmes(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "commissioning/programme_list.html",
        {
            "programmes": selectors.programmes_visible_to(request.user),
            "can_create": request.user.has_perm("commissioning.manage_programme"),
            "basis": legal.PROGRAMME_ADOPTION,
        },
    )


@login_required
def programme_create(request: HttpRequest) -> HttpResponse:
    _need(request, "commissioning.manage_programme")
    year = timezone.localdate().year + 1
    form = programme_forms.ProgrammeForm(request.POST or None, initial={"year_from": year, "year_to": year})
    if request.method == "POST" and form.is_valid():
        from kooperacja.organisations.models import Organisation

        authority = Organisation.objects.get(pk=sorted(selectors.authority_ids(request.user))[0])
        programme = call_service(
            form, services.programme_create, actor=request.user, authority=authority, data=form.cleaned_data
        )
        if programme is not None:
            messages.success(request, _("Utworzono projekt programu. Dodaj zadania priorytetowe."))
            return redirect(programme)
    return render(
        request,
        "commissioning/form.html",
        {
            "form": form,
            "title": _("Nowy program współpracy z organizacjami pozarządowymi"),
            "legal": [legal.PROGRAMME_ADOPTION, legal.PROGRAMME_ELEMENTS],
            "parent": _("Programy współpracy"),
            "parent_url": reverse("commissioning:programmes"),
        },
    )


def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_for(request.user, pk)
    can_manage = request.user.has_perm("commissioning.manage_programme", programme)
    ctx = {
        "programme": programme,
        "priorities": selectors.programme_priorities(programme, request.user),
        "forms_of_cooperation": selectors.programme_forms_display(programme),
        "years": selectors.programme_years(programme),
        "can_manage": can_manage,
        "editable": programme.state != ProgrammeState.ADOPTED,
        "can_consult": PROGRAMME.can(programme, "consult"),
        "can_adopt": PROGRAMME.can(programme, "adopt"),
        "rules": [legal.PROGRAMME_ADOPTION, legal.PROGRAMME_REPORT],
    }
    if can_manage:
        ctx["priority_form"] = programme_forms.PriorityForm()
        ctx["consult_form"] = programme_forms.ConsultForm(initial={"consultation_url": programme.consultation_url})
        ctx["adopt_form"] = programme_forms.AdoptForm(initial={"consultation_summary": programme.consultation_summary})
        ctx["events"] = events_for(programme)[:15]
    return render(request, "commissioning/programme_detail.html", ctx)


@login_required
def programme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_for(request.user, pk)
    _need(request, "commissioning.manage_programme", programme)
    if programme.state == ProgrammeState.ADOPTED:
        messages.error(request, _("Uchwalonego programu nie można zmieniać; zmiana wymaga nowej uchwały rady."))
        return redirect(programme)
    form = programme_forms.ProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form, services.programme_update, actor=request.user, programme=programme, data=form.cleaned_data
        )
        if saved is not None:
            messages.success(request, _("Zapisano program."))
            return redirect(saved)
    return render(
        request,
        "commissioning/form.html",
        {
            "form": form,
            "title": _("Zmiana projektu programu"),
            "legal": [legal.PROGRAMME_ELEMENTS],
            "parent": programme,
            "parent_url": programme.get_absolute_url(),
        },
    )


@login_required
@require_POST
@service_errors
def priority_add(request: HttpRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_for(request.user, pk)
    _need(request, "commissioning.manage_programme", programme)
    form = programme_forms.PriorityForm(request.POST)
    if not form.is_valid():
        raise ValidationError([e for errors in form.errors.values() for e in errors])
    d = form.cleaned_data
    services.priority_save(
        actor=request.user,
        programme=programme,
        name=d["name"],
        sphere=d["sphere"],
        amount_planned=d["amount_planned"] or Decimal("0.00"),
    )
    messages.success(request, _("Dodano zadanie priorytetowe."))
    return redirect(programme)


@login_required
@require_POST
@service_errors
def programme_action(request: HttpRequest, pk: int) -> HttpResponse:
    programme = selectors.programme_for(request.user, pk)
    _need(request, "commissioning.manage_programme", programme)
    action = request.POST.get("action")
    if action == "consult":
        form = programme_forms.ConsultForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Podaj poprawny adres konsultacji: stronę platformy (/…) lub https://…"))
        services.programme_consult(
            actor=request.user, programme=programme, consultation_url=form.cleaned_data["consultation_url"]
        )
        messages.success(request, _("Projekt programu skierowano do konsultacji."))
    elif action == "adopt":
        adopt = programme_forms.AdoptForm(request.POST)
        if not adopt.is_valid():
            raise ValidationError([e for errors in adopt.errors.values() for e in errors])
        services.programme_adopt(actor=request.user, programme=programme, **adopt.cleaned_data)
        messages.success(request, _("Zapisano uchwałę rady: program obowiązuje."))
    else:
        raise ValidationError(_("Nieznana czynność."))
    return redirect(programme)


def _report_year(programme: object, year: int) -> None:
    if year not in programme.years:  # type: ignore[attr-defined]
        raise Http404


def programme_report(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    programme = selectors.programme_for(request.user, pk)
    _report_year(programme, year)
    can_manage = request.user.has_perm("commissioning.manage_programme", programme)
    report = selectors.programme_report(programme, year)
    return render(
        request,
        "commissioning/programme_report.html",
        {
            "report": report,
            "programme": programme,
            "can_manage": can_manage,
            "form": programme_forms.ProgrammeReportForm() if can_manage and report["submitted"] is None else None,
            "rule": legal.PROGRAMME_REPORT,
        },
    )


def programme_report_pdf(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    programme = selectors.programme_for(request.user, pk)
    _report_year(programme, year)
    pdf = documents.programme_report_pdf(selectors.programme_report(programme, year))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="sprawozdanie-program-{programme.pk}-{year}.pdf"'
    return response


@login_required
@require_POST
@service_errors
def programme_report_submit(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    programme = selectors.programme_for(request.user, pk)
    _report_year(programme, year)
    _need(request, "commissioning.manage_programme", programme)
    form = programme_forms.ProgrammeReportForm(request.POST)
    if not form.is_valid():
        raise ValidationError([e for errors in form.errors.values() for e in errors])
    services.programme_report_submit(actor=request.user, programme=programme, year=year, **form.cleaned_data)
    messages.success(request, _("Zapisano przedłożenie sprawozdania radzie."))
    return redirect("commissioning:programme_report", pk=programme.pk, year=year)


@login_required
@require_POST
@service_errors
def call_priority(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_for(request.user, pk)
    _need(request, "commissioning.manage_call", call)
    form = programme_forms.CallPriorityForm(request.POST, choices=selectors.priority_choices(call))
    if not form.is_valid():
        raise ValidationError([e for errors in form.errors.values() for e in errors])
    services.call_priority_set(actor=request.user, call=call, priority=form.cleaned_data["priority"])
    messages.success(request, _("Zapisano zadanie priorytetowe programu współpracy."))
    return redirect(call)
