"""Partner exchange meetings (study visits) and focus-group studies."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kooperacja.core.viewtools import call_service, run_action
from kooperacja.organisations.enums import LegalForm
from kooperacja.organisations.models import Organisation

from .. import selectors, services
from ..forms import ExchangeForm, ExchangeReportForm, ReasonForm, StudyForm, StudyGroupForm, StudyReportForm
from ..models import ExchangePhoto
from ..workflows import MEETING
from ._base import page_of, perm_required, publisher_orgs


@perm_required("learning.view_exchange")
def exchange_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "learning/exchange_list.html",
        {
            "page": page_of(request, selectors.exchanges_visible_to(request.user)),
            "studies": selectors.studies_visible_to(request.user)[:20],
        },
    )


@login_required
def exchange_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.exchange_for(request.user, pk)
    registrations = meeting.registrations.select_related("organisation", "user").order_by("organisation__name")
    can_manage = request.user.has_perm("learning.manage_exchange", meeting)
    return render(
        request,
        "learning/exchange_detail.html",
        {
            "meeting": meeting,
            "registrations": registrations,
            "registered": registrations.filter(user=request.user).exists(),
            "can_manage": can_manage,
            "transitions": MEETING.available(meeting, request.user),
            "photos": meeting.photos.all(),
        },
    )


@login_required
@require_POST
def exchange_register(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.exchange_for(request.user, pk)
    run_action(
        request,
        services.exchange_register,
        actor=request.user,
        meeting=meeting,
        success=_("Zgłoszono Twój udział w spotkaniu."),
    )
    return redirect("learning:exchange_detail", pk=meeting.pk)


@perm_required("learning.add_exchange")
@require_http_methods(["GET", "POST"])
def exchange_create(request: HttpRequest) -> HttpResponse:
    form = ExchangeForm(request.POST or None, hosts=Organisation.objects.filter(is_verified=True).order_by("name"))
    if request.method == "POST" and form.is_valid():
        meeting = call_service(form, services.exchange_create, actor=request.user, **form.cleaned_data)
        if meeting is not None:
            messages.success(request, _("Zaplanowano spotkanie."))
            return redirect("learning:exchange_detail", pk=meeting.pk)
    return render(request, "learning/form.html", {"form": form, "title": _("Nowe spotkanie wymiany doświadczeń")})


@login_required
@require_http_methods(["GET", "POST"])
def exchange_report(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.exchange_for(request.user, pk, "manage")
    form = ExchangeReportForm(
        request.POST or None,
        request.FILES or None,
        initial={"conclusions": meeting.conclusions, "recommendations": meeting.recommendations},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        photos = [(d["photo"], d.get("caption") or "")] if d.get("photo") else []
        done = call_service(
            form,
            services.exchange_report,
            actor=request.user,
            meeting=meeting,
            conclusions=d["conclusions"],
            recommendations=d["recommendations"],
            photos=photos,
        )
        if done is not None:
            messages.success(request, _("Zapisano sprawozdanie ze spotkania."))
            return redirect("learning:exchange_detail", pk=meeting.pk)
    return render(
        request, "learning/form.html", {"form": form, "title": _("Sprawozdanie ze spotkania"), "multipart": True}
    )


@login_required
@require_http_methods(["GET", "POST"])
def exchange_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.exchange_for(request.user, pk, "manage")
    form = ReasonForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(
            form, services.exchange_cancel, actor=request.user, meeting=meeting, reason=form.cleaned_data["reason"]
        )
        is not None
    ):
        messages.success(request, _("Odwołano spotkanie. Zgłoszeni uczestnicy dostaną e-mail z powodem."))
        return redirect("learning:exchange_detail", pk=meeting.pk)
    return render(
        request,
        "learning/form.html",
        {
            "form": form,
            "title": _("Odwołanie spotkania: %(t)s") % {"t": meeting.title},
            "meeting": meeting,
            "danger": True,
            "submit": _("Odwołaj spotkanie"),
        },
    )


@login_required
def exchange_photo(request: HttpRequest, pk: int) -> FileResponse:
    photo = get_object_or_404(ExchangePhoto, pk=pk)
    selectors.exchange_for(request.user, photo.meeting_id)
    try:
        handle = photo.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=photo.content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def study_detail(request: HttpRequest, pk: int) -> HttpResponse:
    study = selectors.study_for(request.user, pk)
    labels = dict(LegalForm.choices)
    groups = [(g, labels.get(g.legal_form, "—")) for g in study.groups.all()]
    return render(
        request,
        "learning/study_detail.html",
        {
            "study": study,
            "groups": groups,
            "can_manage": request.user.has_perm("learning.manage_study", study),
            "participants": sum(g.participants for g, _l in groups),
        },
    )


@perm_required("learning.add_study")
@require_http_methods(["GET", "POST"])
def study_create(request: HttpRequest) -> HttpResponse:
    from kooperacja.accounts import roles

    own = roles.organisation_ids(request.user, verified_only=True)
    orgs = publisher_orgs(request.user) | Organisation.objects.filter(pk__in=sorted(own))
    from kooperacja.cooperation.models import Team

    teams = Team.objects.select_related("gmina").order_by("name")  # a team's name and gmina are public facts
    form = StudyForm(request.POST or None, organisations=orgs.distinct().order_by("name"), teams=teams)
    if request.method == "POST" and form.is_valid():
        study = call_service(form, services.study_create, actor=request.user, **form.cleaned_data)
        if study is not None:
            messages.success(request, _("Dodano badanie."))
            return redirect("learning:study_detail", pk=study.pk)
    return render(request, "learning/form.html", {"form": form, "title": _("Nowe badanie fokusowe")})


@login_required
@require_http_methods(["GET", "POST"])
def study_group_add(request: HttpRequest, pk: int) -> HttpResponse:
    study = selectors.study_for(request.user, pk, "manage")
    form = StudyGroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(form, services.study_group_add, actor=request.user, study=study, **form.cleaned_data)
        if done is not None:
            messages.success(request, _("Dodano grupę fokusową."))
            return redirect("learning:study_detail", pk=study.pk)
    return render(request, "learning/form.html", {"form": form, "title": _("Nowa grupa fokusowa")})


@login_required
@require_http_methods(["GET", "POST"])
def study_report(request: HttpRequest, pk: int) -> HttpResponse:
    study = selectors.study_for(request.user, pk, "manage")
    form = StudyReportForm(request.POST or None, request.FILES or None, initial={"conclusions": study.conclusions})
    if request.method == "POST" and form.is_valid():
        done = call_service(form, services.study_report, actor=request.user, study=study, **form.cleaned_data)
        if done is not None:
            messages.success(request, _("Zapisano wyniki badania."))
            return redirect("learning:study_detail", pk=study.pk)
    return render(request, "learning/form.html", {"form": form, "title": _("Wyniki badania"), "multipart": True})


@login_required
def study_report_file(request: HttpRequest, pk: int) -> FileResponse:
    study = selectors.study_for(request.user, pk)
    if not study.report:
        raise Http404
    try:
        handle = study.report.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle, as_attachment=True, filename=f"raport-badania-{study.pk}.pdf", content_type="application/pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response
