"""Officer pages: create and run a process, phases, paper submissions, answers to proposals, the report."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.core.models import Territory
from kooperacja.core.viewtools import call_service, run_action
from kooperacja.organisations.models import Organisation

from .. import selectors, services
from ..forms import (
    AnswerForm,
    AttachmentForm,
    MinutesForm,
    PaperSubmissionForm,
    PhaseEditForm,
    PhaseForm,
    ProcessForm,
    ReasonForm,
    ReportPublishForm,
    WorkshopForm,
)
from ..policies import officer_orgs
from ..workflows import PROCESS, PROPOSAL


def _form_page(request: HttpRequest, form: Any, title: Any, process: Any = None, **extra: Any) -> HttpResponse:
    return render(request, "participation/form.html", {"form": form, "title": title, "process": process, **extra})


@login_required
def process_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("participation.manage_process"):
        raise PermissionDenied
    orgs = list(Organisation.objects.filter(pk__in=officer_orgs(request.user)).select_related("territory"))
    territories = Territory.objects.filter(pk__in=[o.territory_id for o in orgs])
    form = ProcessForm(request.POST or None, territories=territories)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        authority = next(o for o in orgs if o.territory_id == data["territory"].pk)
        process = call_service(
            form,
            services.process_create,
            actor=request.user,
            authority=authority,
            territory=data["territory"],
            kind=data["kind"],
            title=data["title"],
            subject_kind=data["subject_kind"],
            subject=data["subject"],
            description=data["description"],
            code_of_conduct=data["code_of_conduct"],
        )
        if process is not None:
            messages.success(request, _("Utworzono projekt procesu. Dodaj etapy i ogłoś go."))
            return redirect(process)
    return _form_page(request, form, _("Nowe konsultacje albo plebiscyt"))


@login_required
def phase_add(request: HttpRequest, pk: int) -> HttpResponse:
    process = selectors.process_for(request.user, pk, "manage")
    form = PhaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        phase = call_service(form, services.phase_add, actor=request.user, process=process, **form.cleaned_data)
        if phase is not None:
            messages.success(request, _("Dodano etap."))
            return redirect(process)
    return _form_page(request, form, _("Nowy etap"), process)


@login_required
def process_move(request: HttpRequest, pk: int, transition: str) -> HttpResponse:
    process = selectors.process_for(request.user, pk, "manage")
    if transition not in ("publish", "cancel"):
        raise Http404
    t = PROCESS.get(transition)
    if t.needs_reason:
        form = ReasonForm(request.POST or None)
        if (
            request.method == "POST"
            and form.is_valid()
            and call_service(
                form, services.process_cancel, actor=request.user, process=process, reason=form.cleaned_data["reason"]
            )
        ):
            messages.success(request, _("Odwołano proces."))
            return redirect(process)
        return _form_page(request, form, t.label, process, submit=t.label)
    if request.method != "POST":
        return _form_page(request, None, t.label, process, submit=t.label, intro=_("Potwierdź ogłoszenie procesu."))
    run_action(request, services.process_publish, actor=request.user, process=process, success=_("Ogłoszono proces."))
    return redirect(process)


@login_required
def paper_submission(request: HttpRequest, pk: int) -> HttpResponse:
    process = selectors.process_for(request.user, pk, "manage")
    form = PaperSubmissionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        obj = call_service(
            form, services.paper_submission_enter, actor=request.user, process=process, **form.cleaned_data
        )
        if obj is not None:
            messages.success(request, _("Wprowadzono zgłoszenie (kanał zapisany)."))
            return redirect(process)
    return _form_page(
        request,
        form,
        _("Zgłoszenie papierowe"),
        process,
        intro=_(
            "Uwagi i propozycje złożone na papierze, e-mailem albo ustnie liczą się tak samo "
            "jak złożone przez internet."
        ),
    )


@login_required
def proposal_answer(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_for(request.user, pk, "answer")
    if not PROPOSAL.available(proposal, request.user):
        messages.info(request, _("Na tę propozycję już odpowiedziano."))
        return redirect(proposal.process)
    form = AnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(form, services.proposal_answer, actor=request.user, proposal=proposal, **form.cleaned_data)
        if done is not None:
            messages.success(request, _("Zapisano odpowiedź. Autor dostanie wiadomość e-mail."))
            return redirect(f"{proposal.process.get_absolute_url()}#propozycje")
    return _form_page(
        request, form, _("Odpowiedź na propozycję"), proposal.process, quote=f"{proposal.title}: {proposal.body}"
    )


@login_required
def report_publish(request: HttpRequest, pk: int) -> HttpResponse:
    process = selectors.process_for(request.user, pk, "manage")
    form = ReportPublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form, services.report_publish, actor=request.user, process=process, summary=form.cleaned_data["summary"]
        )
        if done is not None:
            messages.success(request, _("Opublikowano raport z konsultacji."))
            return redirect("participation:report", pk=process.pk)
    return _form_page(request, form, _("Publikacja raportu z konsultacji"), process)


@login_required
def workshop_add(request: HttpRequest, pk: int) -> HttpResponse:
    process = selectors.process_for(request.user, pk, "manage")
    form = WorkshopForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(form, services.workshop_add, actor=request.user, process=process, **form.cleaned_data)
        if done is not None:
            messages.success(request, _("Dodano spotkanie."))
            return redirect(process)
    return _form_page(request, form, _("Nowy warsztat / spotkanie"), process)


@login_required
def workshop_minutes(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.workshop_for(request.user, pk)
    if not request.user.has_perm("participation.manage_process", item.process):
        raise PermissionDenied
    form = MinutesForm(request.POST or None, initial={"minutes": item.minutes})
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(
            form, services.workshop_minutes, actor=request.user, workshop=item, minutes=form.cleaned_data["minutes"]
        )
    ):
        messages.success(request, _("Zapisano przebieg spotkania."))
        return redirect("participation:workshop", pk=item.pk)
    return _form_page(request, form, _("Przebieg spotkania"), item.process)


@login_required
def survey_create(request: HttpRequest, pk: int) -> HttpResponse:
    from ..forms import SurveyForm

    process = selectors.process_for(request.user, pk, "manage")
    form = SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        survey = call_service(
            form,
            services.survey_create,
            actor=request.user,
            process=process,
            title=form.cleaned_data["title"],
            intro=form.cleaned_data["intro"],
            questions=form.questions(),
        )
        if survey is not None:
            messages.success(request, _("Dodano ankietę."))
            return redirect("participation:survey", pk=survey.pk)
    return _form_page(
        request,
        form,
        _("Nowa ankieta"),
        process,
        intro=_("Do sześciu pytań; puste pytania są pomijane. Pytania wyboru potrzebują co najmniej dwóch odpowiedzi."),
    )


@login_required
def section_add(request: HttpRequest, pk: int) -> HttpResponse:
    from ..forms import SectionForm

    process = selectors.process_for(request.user, pk, "manage")
    form = SectionForm(request.POST or None)
    done = None
    if request.method == "POST" and form.is_valid():
        done = call_service(form, services.section_add, actor=request.user, process=process, **form.cleaned_data)
    if done is not None:
        messages.success(request, _("Dodano część konsultowanego dokumentu."))
        return redirect(process)
    return _form_page(request, form, _("Nowa część konsultowanego dokumentu"), process)


@login_required
def phase_edit(request: HttpRequest, pk: int) -> HttpResponse:
    phase = selectors.phase_for(request.user, pk)
    process = phase.process
    form = PhaseEditForm(request.POST or None, phase=phase)
    if request.method == "POST" and form.is_valid():
        done = call_service(form, services.phase_update, actor=request.user, phase=phase, **form.cleaned_data)
        if done is not None:
            messages.success(request, _("Zapisano zmiany etapu."))
            return redirect(f"{process.get_absolute_url()}#etapy")
    return _form_page(
        request,
        form,
        _("Edycja etapu: %(phase)s") % {"phase": phase},
        process,
        intro=_(
            "Godziny w czasie polskim. Etapy następują po sobie i nie mogą na siebie zachodzić. Trwający etap "
            "zachowuje początek i rodzaj; zakończonego nie można zmienić."
        ),
    )


@login_required
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    process = selectors.process_for(request.user, pk, "manage")
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            services.attachment_add,
            actor=request.user,
            process=process,
            title=form.cleaned_data["title"],
            file=form.cleaned_data["file"],
        )
        if done is not None:
            messages.success(request, _("Dodano dokument."))
            return redirect(process)
    return _form_page(
        request,
        form,
        _("Nowy dokument (PDF)"),
        process,
        multipart=True,
        attachments=list(process.attachments.all()),
        intro=_("Dokumenty widzą wszyscy na stronie procesu: projekt dokumentu, mapy, uchwała o konsultacjach."),
    )


@login_required
@require_POST
def attachment_remove(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = selectors.attachment_for(request.user, pk)
    process = attachment.process
    run_action(
        request, services.attachment_remove, actor=request.user, attachment=attachment, success=_("Usunięto dokument.")
    )
    return redirect("participation:attachment_add", pk=process.pk)
