"""Staff pages of service delivery. Personal data is logged (core.audit.log_access) before it is rendered."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.catalog.enums import ServiceStatus
from kooperacja.catalog.models import Service
from kooperacja.core import uploads
from kooperacja.core.fields import parse_id
from kooperacja.core.viewtools import call_service, run_action
from kooperacja.organisations.models import Organisation

from . import imports, reports, selectors, services, workflows
from .enums import AttendanceStatus, DuplicateStatus, EnrolmentStatus
from .forms import (
    ActionForm,
    CloseForm,
    ConsentForm,
    EnrolForm,
    GoalForm,
    ImportForm,
    IndicatorForm,
    LeaveForm,
    MarkForm,
    MeetingForm,
    PersonForm,
    PlacementEndForm,
    PlacementForm,
    ProgrammeForm,
    ReviewForm,
    SessionForm,
)
from .models import Consent, Enrolment, Placement, ProgrammeAction
from .policies import ops_head_org_ids, staff_org_ids

# programme transitions made with a button (completing and discontinuing go through the closing form)
PROGRAMME_BUTTONS = ("submit", "approve", "return")
PAGE_SIZE = 30
REGISTER_PAGE = 100  # rows per page of the register and participant lists


def perm_required(perm: str) -> Callable[..., Any]:
    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        @login_required
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.has_perm(perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _staff_orgs(user: Any) -> Any:
    return Organisation.objects.filter(pk__in=staff_org_ids(user)).order_by("name")


# --- home ---


@perm_required("delivery.open_delivery")
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    mine = selectors.delivered_services_for(user) if staff_org_ids(user) else Service.objects.none()
    return render(
        request,
        "delivery/home.html",
        {
            "services": mine,
            "is_staff": bool(staff_org_ids(user)),
            "can_outcomes": user.has_perm("delivery.view_outcomes"),
            "n_programmes": selectors.programmes_visible_to(user).count(),
            "n_flats": selectors.flats_visible_to(user).count(),
        },
    )


# --- a delivered service: enrolments ---


@login_required
def service(request: HttpRequest, pk: int) -> HttpResponse:
    svc = selectors.delivered_service_for(request.user, pk)
    enrolments = selectors.enrolments_of(svc)
    active = Paginator(enrolments.filter(status=EnrolmentStatus.ACTIVE), REGISTER_PAGE).get_page(
        request.GET.get("strona")
    )
    waiting = list(enrolments.filter(status=EnrolmentStatus.WAITING)[:REGISTER_PAGE])
    left = list(enrolments.filter(status=EnrolmentStatus.LEFT).order_by("-left_on", "-id")[:REGISTER_PAGE])
    shown = {e.person_id: e.person for e in [*active.object_list, *waiting, *left]}
    selectors.people_shown(request.user, shown.values(), purpose=_("lista uczestników usługi"), request=request)
    return render(
        request,
        "delivery/service.html",
        {
            "service": svc,
            "active": active.object_list,
            "page": active,
            "query": "",
            "waiting": waiting,
            "left": left,
            "sessions": selectors.sessions_of(svc)[:10],
            "stats": selectors.service_stats(svc),
        },
    )


@login_required
def enrol(request: HttpRequest, pk: int) -> HttpResponse:
    svc = selectors.delivered_service_for(request.user, pk)
    people = (
        selectors.people_visible_to(request.user).filter(anonymised_at__isnull=True).order_by("last_name", "first_name")
    )
    form = EnrolForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        enrolment = call_service(
            form,
            services.enrolment_request,
            actor=request.user,
            person=form.cleaned_data["person"],
            service=svc,
            on=form.cleaned_data["on"],
            referral_note=form.cleaned_data["referral_note"],
            override_eligibility=form.cleaned_data["override_eligibility"],
        )
        if enrolment is not None:
            if enrolment.status == EnrolmentStatus.WAITING:
                messages.warning(request, _("Brak wolnych miejsc – osoba trafiła na listę oczekujących."))
            else:
                messages.success(request, _("Zapisano uczestnika."))
            return redirect("delivery:service", pk=svc.pk)
    selectors.people_shown(request.user, people, purpose=_("wybór uczestnika do zapisu"), request=request)
    return render(request, "delivery/enrol.html", {"service": svc, "form": form, "free": selectors.free_places(svc)})


@login_required
@require_POST
def admit(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = selectors.enrolment_for(request.user, pk)
    run_action(
        request,
        services.enrolment_admit,
        actor=request.user,
        enrolment=enrolment,
        success=_("Przyjęto osobę z listy oczekujących."),
    )
    return redirect("delivery:service", pk=enrolment.service_id)


@login_required
def leave(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = selectors.enrolment_for(request.user, pk)
    form = LeaveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            services.enrolment_leave,
            actor=request.user,
            enrolment=enrolment,
            reason=form.cleaned_data["reason"],
            on=form.cleaned_data["on"],
            note=form.cleaned_data["note"],
        )
        if done is not None:
            messages.success(request, _("Zapisano zakończenie udziału."))
            nxt = services.next_waiting(enrolment.service)
            if nxt is not None:
                messages.info(request, _("Na liście oczekujących czeka %(c)s.") % {"c": nxt.person.code})
            return redirect("delivery:service", pk=enrolment.service_id)
    return render(
        request,
        "delivery/simple_form.html",
        {
            "form": form,
            "title": _("Zakończenie udziału: %(c)s") % {"c": enrolment.person.code},
            "back_url": reverse("delivery:service", args=[enrolment.service_id]),
            "back_label": enrolment.service.name,
        },
    )


@login_required
def meeting_add(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = selectors.enrolment_for(request.user, pk)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        done = call_service(form, services.meeting_record, actor=request.user, enrolment=enrolment, **form.cleaned_data)
        if done is not None:
            messages.success(request, _("Zapisano spotkanie indywidualne."))
            return redirect("delivery:person", pk=enrolment.person_id)
    return render(
        request,
        "delivery/simple_form.html",
        {
            "form": form,
            "title": _("Spotkanie indywidualne: %(c)s") % {"c": enrolment.person.code},
            "back_url": reverse("delivery:service", args=[enrolment.service_id]),
            "back_label": enrolment.service.name,
        },
    )


# --- sessions and the attendance register ---


@login_required
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    svc = selectors.delivered_service_for(request.user, pk)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        session = call_service(
            form,
            services.session_create,
            actor=request.user,
            service=svc,
            on=form.cleaned_data["on"],
            topic=form.cleaned_data["topic"],
            duration_hours=form.cleaned_data["duration_hours"],
            starts_at=form.cleaned_data["starts_at"],
            led_by=form.cleaned_data["led_by"],
            location=svc.locations.first(),
        )
        if session is not None:
            return redirect("delivery:register", pk=session.pk)
    return render(
        request,
        "delivery/simple_form.html",
        {
            "form": form,
            "title": _("Nowe zajęcia"),
            "back_url": reverse("delivery:service", args=[svc.pk]),
            "back_label": svc.name,
            "submit": _("Utwórz i otwórz listę obecności"),
        },
    )


@login_required
def sessions(request: HttpRequest, pk: int) -> HttpResponse:
    svc = selectors.delivered_service_for(request.user, pk)
    page = Paginator(selectors.sessions_of(svc), PAGE_SIZE).get_page(request.GET.get("strona"))
    return render(request, "delivery/sessions.html", {"service": svc, "page": page, "query": ""})


def _register_context(request: HttpRequest, session: Any) -> dict[str, Any]:
    page = Paginator(selectors.session_register(session), REGISTER_PAGE).get_page(request.GET.get("strona"))
    rows = page.object_list
    selectors.people_shown(
        request.user, [r.enrolment.person for r in rows], purpose=_("lista obecności"), request=request
    )
    present = sum(1 for r in rows if r.attendance and r.attendance.status == AttendanceStatus.PRESENT)
    return {
        "session": session,
        "rows": rows,
        "page": page,
        "query": "",
        "statuses": AttendanceStatus.choices,
        "present": present,
    }


@login_required
def register(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_for(request.user, pk)
    return render(request, "delivery/register.html", _register_context(request, session))


@login_required
@require_POST
def mark(request: HttpRequest, pk: int, enrolment_pk: int) -> HttpResponse:
    session = selectors.session_for(request.user, pk)
    enrolment = get_object_or_404(Enrolment.objects.select_related("person"), pk=enrolment_pk, service=session.service)
    form = MarkForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            services.attendance_set(
                actor=request.user,
                session=session,
                enrolment=enrolment,
                status=form.cleaned_data["status"],
                hours=form.cleaned_data["hours"],
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = _("Niepoprawna wartość.")
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect("delivery:register", pk=session.pk)
    row = next((r for r in selectors.session_register(session) if r.enrolment.pk == enrolment.pk), None)
    if row is None:
        raise Http404
    selectors.people_shown(request.user, [enrolment.person], purpose=_("lista obecności"), request=request)
    return render(
        request,
        "delivery/_register_row.html",
        {"row": row, "session": session, "statuses": AttendanceStatus.choices, "error": error},
    )


@login_required
@require_POST
def mark_all(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_for(request.user, pk)
    n = services.attendance_mark_all(actor=request.user, session=session, status=AttendanceStatus.PRESENT)
    messages.success(request, _("Oznaczono jako obecnych: %(n)d.") % {"n": n})
    return redirect("delivery:register", pk=session.pk)


# --- people (personal data) ---


@perm_required("delivery.register_person")
def people(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "").strip()
    qs = selectors.people_visible_to(request.user).order_by("last_name", "first_name", "code")
    if q:
        qs = qs.filter(Q(last_name__icontains=q) | Q(first_name__icontains=q) | Q(code__iexact=q) | Q(pesel=q))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("strona"))
    selectors.people_shown(request.user, page.object_list, purpose=_("lista uczestników"), request=request)
    return render(request, "delivery/people.html", {"page": page, "q": q, "query": f"q={q}" if q else ""})


@perm_required("delivery.register_person")
def person_create(request: HttpRequest) -> HttpResponse:
    orgs = _staff_orgs(request.user)
    form = PersonForm(request.POST or None, initial={"gmina": orgs.first().territory.code if orgs else ""})
    org_choice = request.POST.get("organisation", "")
    if request.method == "POST" and form.is_valid():
        organisation = orgs.filter(pk=org_id).first() if (org_id := parse_id(org_choice)) else orgs.first()
        data = form.person_data()
        person = call_service(form, services.person_register, actor=request.user, organisation=organisation, data=data)
        if person is not None:  # an error naming a field (the name does not match the PESEL) sits at the field
            messages.success(request, _("Zarejestrowano uczestnika %(c)s.") % {"c": person.code})
            return redirect("delivery:person", pk=person.pk)
    return render(
        request,
        "delivery/simple_form.html",
        {
            "form": form,
            "orgs": orgs if orgs.count() > 1 else None,
            "title": _("Nowy uczestnik"),
            "intro": _(
                "Jeśli osoba o tym numerze PESEL jest już w rejestrze Twojej organizacji, zapis trafi do jej "
                "rekordu – imię i nazwisko muszą się wtedy zgadzać."
            ),
            "back_url": reverse("delivery:people"),
            "back_label": _("Uczestnicy"),
        },
    )


@login_required
def person(request: HttpRequest, pk: int) -> HttpResponse:
    p = selectors.person_for(request.user, pk, purpose=_("karta uczestnika"), part=_("dane osobowe"), request=request)
    mine = staff_org_ids(request.user)
    return render(
        request,
        "delivery/person.html",
        {
            "person": p,
            "enrolments": p.enrolments.select_related("service", "service__provider").order_by("-requested_on"),
            "consents": p.consents.select_related("organisation"),
            "meetings": selectors.meetings_of(p).filter(enrolment__service__provider_id__in=mine)[:20],
            "programmes": p.homelessness_programmes.select_related("ops"),
            "placements": p.placements.select_related("flat"),
            "serving": p.served_by.select_related("organisation"),
            "duplicates": selectors.open_duplicate_flags_of(p),
            "today": timezone.localdate(),
        },
    )


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    p = selectors.person_for(request.user, pk, purpose=_("edycja danych uczestnika"), request=request)
    initial = {
        "first_name": p.first_name, "last_name": p.last_name, "pesel": p.pesel, "birth_date": p.birth_date,
        "phone": p.phone, "email": p.email, "street": p.street, "postal_code": p.postal_code, "city": p.city,
        "gmina": p.territory.code, "reasons": p.reasons,
    }  # fmt: skip
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = call_service(form, services.person_update, actor=request.user, person=p, data=form.person_data())
        if done is not None:
            messages.success(request, _("Zapisano dane uczestnika."))
            return redirect("delivery:person", pk=p.pk)
    return render(
        request,
        "delivery/simple_form.html",
        {
            "form": form,
            "title": _("Dane uczestnika %(c)s") % {"c": p.code},
            "back_url": reverse("delivery:person", args=[p.pk]),
            "back_label": p.code,
        },
    )


@login_required
def person_export(request: HttpRequest, pk: int) -> HttpResponse:
    p = get_object_or_404(selectors.people_visible_to(request.user), pk=pk)
    data = services.person_export(actor=request.user, person=p, request=request)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="dane-{p.code}.json"'
    return response


@login_required
@require_POST
def person_anonymise(request: HttpRequest, pk: int) -> HttpResponse:
    p = get_object_or_404(selectors.people_visible_to(request.user), pk=pk)
    run_action(
        request,
        services.person_anonymise,
        actor=request.user,
        person=p,
        success=_("Dane osobowe zostały zanonimizowane; statystyki pozostały."),
    )
    return redirect("delivery:person", pk=p.pk)


@login_required
def consent_add(request: HttpRequest, pk: int) -> HttpResponse:
    p = selectors.person_for(request.user, pk, purpose=_("rejestracja zgody"), part=_("zgody"), request=request)
    form = ConsentForm(request.POST or None, organisations=_staff_orgs(request.user))
    if request.method == "POST" and form.is_valid():
        done = call_service(form, services.consent_record, actor=request.user, person=p, **form.cleaned_data)
        if done is not None:
            messages.success(request, _("Zapisano zgodę."))
            return redirect("delivery:person", pk=p.pk)
    return render(
        request,
        "delivery/simple_form.html",
        {
            "form": form,
            "title": _("Nowa zgoda: %(c)s") % {"c": p.code},
            "back_url": reverse("delivery:person", args=[p.pk]),
            "back_label": p.code,
        },
    )


@login_required
@require_POST
def consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    consent = get_object_or_404(
        Consent.objects.select_related("person"), pk=pk, person__in=selectors.people_visible_to(request.user)
    )
    run_action(
        request, services.consent_withdraw, actor=request.user, consent=consent, success=_("Zgoda została wycofana.")
    )
    return redirect("delivery:person", pk=consent.person_id)


@perm_required("delivery.register_person")
def duplicates(request: HttpRequest) -> HttpResponse:
    """Suspected duplicates of the records the user's organisations serve (docs/delivery.md)."""
    show_all = request.GET.get("stan") == "wszystkie"
    qs = selectors.duplicate_flags_visible_to(request.user).order_by("-created_at", "-id")
    if not show_all:
        qs = qs.filter(status=DuplicateStatus.OPEN)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("strona"))
    shown = {flag.existing_id: flag.existing for flag in page.object_list}
    selectors.people_shown(request.user, shown.values(), purpose=_("możliwe duplikaty uczestników"), request=request)
    return render(
        request,
        "delivery/duplicates.html",
        {"page": page, "show_all": show_all, "query": "stan=wszystkie" if show_all else ""},
    )


@login_required
@require_POST
def duplicate_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    flag = selectors.duplicate_flag_for(request.user, pk)
    run_action(
        request,
        services.person_duplicate_dismiss,
        actor=request.user,
        flag=flag,
        note=request.POST.get("resolution_note", ""),
        success=_("Zgłoszenie zamknięto bez łączenia rekordów."),
    )
    return redirect("delivery:duplicates")


# --- outcomes and reports ---


@perm_required("delivery.view_outcomes")
def outcomes(request: HttpRequest) -> HttpResponse:
    qs = selectors.outcome_services_for(request.user).filter(indicators__isnull=False).distinct()
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("strona"))
    lots = selectors.lots_visible_to(request.user).order_by("package__year", "package_id", "number")
    return render(request, "delivery/outcomes.html", {"page": page, "query": "", "lots": lots})


@perm_required("delivery.view_outcomes")
def lot_outcomes(request: HttpRequest, pk: int) -> HttpResponse:
    lot = get_object_or_404(selectors.lots_visible_to(request.user), pk=pk)
    return render(request, "delivery/lot_outcomes.html", {"outcome": selectors.lot_outcomes(lot)})


def _outcome_service(request: HttpRequest, pk: int) -> Service:
    svc = get_object_or_404(selectors.outcome_services_for(request.user), pk=pk)
    if not request.user.has_perm("delivery.view_outcomes", svc):
        raise PermissionDenied
    return svc


@login_required
def service_outcomes(request: HttpRequest, pk: int) -> HttpResponse:
    svc = _outcome_service(request, pk)
    can_plan = request.user.has_perm("delivery.plan_outcomes", svc)
    today = timezone.localdate()
    form = IndicatorForm(
        request.POST or None,
        initial={"period_start": date(today.year, 1, 1), "period_end": date(today.year, 12, 31)},
    )
    if request.method == "POST":
        if not can_plan:
            raise PermissionDenied
        if form.is_valid():
            done = call_service(form, services.indicator_plan, actor=request.user, service=svc, **form.cleaned_data)
            if done is not None:
                messages.success(request, _("Zapisano wartość docelową wskaźnika."))
                return redirect("delivery:service_outcomes", pk=svc.pk)
    return render(
        request,
        "delivery/service_outcomes.html",
        {"service": svc, "values": selectors.indicator_values(svc), "form": form if can_plan else None},
    )


@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    svc = _outcome_service(request, pk)
    period = reports.period_from(request.GET)
    data = reports.service_report(svc, *period)
    fmt = request.GET.get("format", "")
    if fmt in ("csv", "xlsx"):
        return reports.download(data, fmt)
    return render(request, "delivery/report.html", {"service": svc, "report": data})


# --- import ---


@login_required
def import_data(request: HttpRequest, pk: int) -> HttpResponse:
    svc = selectors.delivered_service_for(request.user, pk)
    if not request.user.has_perm("delivery.import_data", svc):
        raise PermissionDenied
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload, kind = form.cleaned_data["file"], form.cleaned_data["kind"]
        try:
            content = uploads.read_upload(upload)
            n_rows = imports.inspect(kind=kind, content=content, filename=upload.name)
        except ValidationError as exc:
            result = imports.ImportReport(kind=kind, error=" ".join(exc.messages))
        else:
            if uploads.runs_in_background(size=len(content), rows=n_rows):
                job = imports.job_start(
                    actor=request.user, service=svc, kind=kind, content=content, filename=upload.name, total_rows=n_rows
                )
                return redirect("core:import_job", pk=job.pk)
            result = imports.import_file(
                actor=request.user, service=svc, kind=kind, content=content, filename=upload.name
            )
        if result.committed:
            messages.success(request, _("Zaimportowano wierszy: %(n)d.") % {"n": result.n_ok})
    return render(
        request,
        "delivery/import.html",
        {
            "service": svc,
            "form": form,
            "report": result,
            "participant_columns": imports.PARTICIPANT_COLUMNS,
            "attendance_columns": imports.ATTENDANCE_COLUMNS,
            "max_bytes": uploads.max_upload_bytes(),
            "max_rows": settings.KOOPERACJA_IMPORT_MAX_ROWS,
        },
    )


# --- art. 49 programmes ---


@login_required
def programmes(request: HttpRequest) -> HttpResponse:
    qs = selectors.programmes_visible_to(request.user)
    if not (staff_org_ids(request.user) or ops_head_org_ids(request.user)):
        raise PermissionDenied
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("strona"))
    selectors.people_shown(
        request.user, [p.person for p in page.object_list], purpose=_("lista programów art. 49"), request=request
    )
    return render(request, "delivery/programmes.html", {"page": page, "query": ""})


@perm_required("delivery.register_person")
def programme_create(request: HttpRequest) -> HttpResponse:
    people = selectors.people_visible_to(request.user).filter(anonymised_at__isnull=True).order_by("last_name")
    ops = Organisation.objects.filter(legal_form="ops", is_verified=True).order_by("name")
    svcs = Service.objects.filter(category="homelessness", status=ServiceStatus.ACTIVE).order_by("name")
    form = ProgrammeForm(request.POST or None, people=people, ops=ops, services=svcs)
    if request.method == "POST" and form.is_valid():
        prog = call_service(form, services.programme_create, actor=request.user, **form.cleaned_data)
        if prog is not None:
            messages.success(request, _("Utworzono program – dodaj cele i działania."))
            return redirect("delivery:programme", pk=prog.pk)
    selectors.people_shown(request.user, people, purpose=_("wybór osoby do programu art. 49"), request=request)
    return render(
        request,
        "delivery/simple_form.html",
        {
            "form": form,
            "title": _("Nowy program wychodzenia z bezdomności"),
            "intro": _("Program sporządza pracownik socjalny wspólnie z osobą; zatwierdza kierownik OPS (art. 49)."),
            "back_url": reverse("delivery:programmes"),
            "back_label": _("Programy art. 49"),
        },
    )


@login_required
def programme(request: HttpRequest, pk: int) -> HttpResponse:
    prog = selectors.programme_for(request.user, pk)
    selectors.people_shown(
        request.user, [prog.person], purpose=_("program art. 49"), part=_("program"), request=request
    )
    orgs = Organisation.objects.filter(is_verified=True).order_by("name")
    return render(
        request,
        "delivery/programme.html",
        {
            "programme": prog,
            # the buttons: the workflow's transitions open to this user (closing has its own form below)
            "transitions": [
                t for t in workflows.PROGRAMME.available(prog, request.user) if t.name in PROGRAMME_BUTTONS
            ],
            "reviewable": workflows.PROGRAMME.can(prog, "complete"),  # approved: progress reviews, closing
            "editable": prog.status in workflows.PROGRAMME_OPEN,
            "goal_form": GoalForm(),
            "action_form": ActionForm(goals=prog.goals.all(), organisations=orgs),
            "review_form": ReviewForm(),
            "close_form": CloseForm(),
            "can_work": request.user.has_perm("delivery.work_on_programme", prog),
            "can_approve": request.user.has_perm("delivery.approve_programme", prog),
        },
    )


def _programme_post(request: HttpRequest, pk: int) -> Any:
    prog = selectors.programme_for(request.user, pk)
    if not request.user.has_perm("delivery.work_on_programme", prog):
        raise PermissionDenied
    return prog


@login_required
@require_POST
def programme_goal(request: HttpRequest, pk: int) -> HttpResponse:
    prog = _programme_post(request, pk)
    form = GoalForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Uzupełnij obszar i treść celu."))
    else:
        run_action(
            request,
            services.programme_goal_add,
            actor=request.user,
            programme=prog,
            **form.cleaned_data,
            success=_("Dodano cel."),
        )
    return redirect("delivery:programme", pk=prog.pk)


@login_required
@require_POST
def programme_action(request: HttpRequest, pk: int) -> HttpResponse:
    prog = _programme_post(request, pk)
    form = ActionForm(request.POST, goals=prog.goals.all(), organisations=Organisation.objects.filter(is_verified=True))
    if not form.is_valid():
        messages.error(request, _("Uzupełnij cel, działanie i termin."))
    else:
        run_action(
            request,
            services.programme_action_add,
            actor=request.user,
            programme=prog,
            **form.cleaned_data,
            success=_("Dodano działanie."),
        )
    return redirect("delivery:programme", pk=prog.pk)


@login_required
@require_POST
def action_done(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(
        ProgrammeAction.objects.select_related("programme"),
        pk=pk,
        programme__in=selectors.programmes_visible_to(request.user),
    )
    run_action(request, services.programme_action_done, actor=request.user, action=action)
    return redirect("delivery:programme", pk=action.programme_id)


@login_required
@require_POST
def programme_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    prog = selectors.programme_for(request.user, pk)
    if action not in PROGRAMME_BUTTONS:
        raise Http404
    if action == "submit":
        run_action(
            request,
            services.programme_submit,
            actor=request.user,
            programme=prog,
            success=_("Program przekazano do zatwierdzenia."),
        )
    else:
        approve = action == "approve"
        run_action(
            request,
            services.programme_approve,
            actor=request.user,
            programme=prog,
            approve=approve,
            success=_("Program zatwierdzony.") if approve else _("Program zwrócono."),
        )
    return redirect("delivery:programme", pk=prog.pk)


@login_required
@require_POST
def programme_review(request: HttpRequest, pk: int) -> HttpResponse:
    prog = _programme_post(request, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Uzupełnij datę i ocenę postępów."))
    else:
        run_action(
            request,
            services.programme_review_add,
            actor=request.user,
            programme=prog,
            **form.cleaned_data,
            success=_("Zapisano ocenę postępów."),
        )
    return redirect("delivery:programme", pk=prog.pk)


@login_required
@require_POST
def programme_close(request: HttpRequest, pk: int) -> HttpResponse:
    prog = _programme_post(request, pk)
    form = CloseForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Wybierz rezultat i wpisz podsumowanie."))
    else:
        run_action(
            request,
            services.programme_close,
            actor=request.user,
            programme=prog,
            **form.cleaned_data,
            success=_("Program zakończony."),
        )
    return redirect("delivery:programme", pk=prog.pk)


# --- art. 53 flats ---


@perm_required("delivery.operate_flat")
def flats(request: HttpRequest) -> HttpResponse:
    return render(request, "delivery/flats.html", {"flats": selectors.flats_visible_to(request.user)})


@login_required
def flat(request: HttpRequest, pk: int) -> HttpResponse:
    f = selectors.flat_for(request.user, pk)
    placements = list(selectors.placements_of(f))
    selectors.people_shown(
        request.user, [p.person for p in placements], purpose=_("mieszkańcy mieszkania"), request=request
    )
    people = selectors.people_visible_to(request.user).filter(anonymised_at__isnull=True).order_by("last_name")
    form = PlacementForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        done = call_service(form, services.placement_start, actor=request.user, flat=f, **form.cleaned_data)
        if done is not None:
            messages.success(request, _("Zapisano zamieszkanie."))
            return redirect("delivery:flat", pk=f.pk)
    if form.fields["person"].queryset is not None:
        selectors.people_shown(request.user, people, purpose=_("wybór osoby do mieszkania"), request=request)
    return render(
        request,
        "delivery/flat.html",
        {
            "flat": f,
            "placements": placements,
            "form": form,
            "end_form": PlacementEndForm(),
            "occupied": selectors.occupancy(f, on=timezone.localdate()),
        },
    )


@login_required
@require_POST
def placement_end(request: HttpRequest, pk: int) -> HttpResponse:
    placement = get_object_or_404(
        Placement.objects.select_related("flat"), pk=pk, flat__in=selectors.flats_visible_to(request.user)
    )
    form = PlacementEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Wybierz przyczynę i datę."))
    else:
        run_action(
            request,
            services.placement_end,
            actor=request.user,
            placement=placement,
            **form.cleaned_data,
            success=_("Zakończono pobyt."),
        )
    return redirect("delivery:flat", pk=placement.flat_id)
