"""School of Cooperation pages: courses for learners, the trainer's course room, registers, my learning."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from kooperacja.accounts.models import User
from kooperacja.core.audit import events_for, log_access
from kooperacja.core.events import label_for
from kooperacja.core.viewtools import action_result, call_service, run_action
from kooperacja.organisations.models import Organisation

from .. import selectors, services
from ..enums import AttendanceStatus, EnrolmentMode, EnrolmentState
from ..forms import CohortAssignForm, CourseForm, EnrolForm, MarkForm, ModuleForm, QuestionForm, SessionForm
from ..ical import session_ics as make_ics
from ..models import Enrolment, Module
from ..policies import MATERIALS
from ..workflows import COURSE, ENROLMENT, SESSION
from ._base import page_of, perm_required, publisher_orgs


def course_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "learning/course_list.html", {"page": page_of(request, selectors.courses_visible_to(request.user))}
    )


def course_detail(request: HttpRequest, pk: int) -> HttpResponse:
    course = selectors.course_for(request.user, pk)
    mine = selectors.my_enrolment(request.user, course)
    progress = selectors.progress_of(mine, course=course) if mine and mine.state in selectors.ACTIVE_ENROLMENT else None
    done = set(mine.modules_done.values_list("module_id", flat=True)) if mine else set()
    visible_materials = set(MATERIALS.visible(request.user).values_list("pk", flat=True))
    return render(
        request,
        "learning/course_detail.html",
        {
            "course": course,
            "modules": selectors.modules_of(course),
            "sessions": selectors.sessions_of(course),
            "mine": mine,
            "progress": progress,
            "done": done,
            "visible_materials": visible_materials,
            "can_enrol": mine is None and request.user.has_perm("learning.enrol_course", course),
            "can_reapply": mine is not None
            and ENROLMENT.can(mine, "reapply")
            and request.user.has_perm("learning.enrol_course", course),
            "can_cancel": mine is not None and ENROLMENT.can(mine, "cancel"),
            "can_manage": request.user.has_perm("learning.manage_course", course),
            "has_check": course.questions.exists(),
            "enrol_form": EnrolForm(),
        },
    )


@login_required
@require_POST
def enrol(request: HttpRequest, pk: int) -> HttpResponse:
    course = selectors.course_for(request.user, pk)
    form = EnrolForm(request.POST)
    motivation = form.cleaned_data["motivation"] if form.is_valid() else ""
    enrolment = action_result(
        request, services.enrolment_apply, actor=request.user, course=course, motivation=motivation
    )
    if enrolment is not None:
        messages.success(
            request,
            {
                str(EnrolmentState.ENROLLED): _("Zapisano Cię na szkolenie. Potwierdzenie wysłaliśmy e-mailem."),
                str(EnrolmentState.WAITLISTED): _("Brak wolnych miejsc – jesteś na liście rezerwowej."),
            }.get(str(enrolment.state), _("Zgłoszenie przyjęte – trener podejmie decyzję.")),
        )
    return redirect("learning:course_detail", pk=course.pk)


@login_required
@require_POST
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    course = selectors.course_for(request.user, pk)
    mine = selectors.my_enrolment(request.user, course)
    if mine is None:
        raise Http404
    run_action(
        request, services.enrolment_cancel, actor=request.user, enrolment=mine, success=_("Zrezygnowano ze szkolenia.")
    )
    return redirect("learning:course_detail", pk=course.pk)


@login_required
@require_POST
def module_done(request: HttpRequest, pk: int, module_pk: int) -> HttpResponse:
    course = selectors.course_for(request.user, pk)
    mine = selectors.my_enrolment(request.user, course)
    module = get_object_or_404(Module, pk=module_pk, course=course)
    if mine is None:
        raise Http404
    run_action(
        request,
        services.module_done,
        actor=request.user,
        enrolment=mine,
        module=module,
        success=_("Oznaczono moduł jako przerobiony."),
    )
    return redirect("learning:course_detail", pk=course.pk)


@login_required
@require_http_methods(["GET", "POST"])
def knowledge_check(request: HttpRequest, pk: int) -> HttpResponse:
    course = selectors.course_for(request.user, pk)
    mine = selectors.my_enrolment(request.user, course)
    if mine is None or mine.state not in selectors.ACTIVE_ENROLMENT:
        raise Http404
    questions = list(course.questions.prefetch_related("choices"))
    if not questions:
        raise Http404
    error = ""
    if request.method == "POST":
        answers: dict[int, list[int]] = {}
        for q in questions:
            raw = request.POST.getlist(f"q{q.pk}")[:20]
            answers[q.pk] = [int(v) for v in raw if v.isdigit() and len(v) < 19]
        # The answers are not a Django form: the service's refusal is shown above the questions (`error`).
        try:
            attempt = services.attempt_submit(actor=request.user, enrolment=mine, answers=answers)
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            if attempt.passed:
                messages.success(request, _("Test zaliczony: %(s)d%%.") % {"s": attempt.score})
            else:
                messages.warning(
                    request,
                    _("Test niezaliczony: %(s)d%% (próg %(p)d%%).") % {"s": attempt.score, "p": course.pass_mark},
                )
            return redirect("learning:course_detail", pk=course.pk)
    return render(
        request,
        "learning/check.html",
        {"course": course, "questions": questions, "attempts": mine.attempts.all(), "error": error},
    )


@login_required
def my_learning(request: HttpRequest) -> HttpResponse:
    enrolments = list(selectors.my_enrolments(request.user)[:50])
    progress = selectors.progress_many([e for e in enrolments if e.state in selectors.ACTIVE_ENROLMENT])
    rows = [(e, progress.get(e.pk)) for e in enrolments]
    return render(
        request,
        "learning/my_learning.html",
        {"rows": rows, "certificates": selectors.my_certificates(request.user)},
    )


# --- the trainer ---------------------------------------------------------------------------------------------


def _trainers() -> Any:
    from kooperacja.accounts.enums import MembershipStatus, Role

    return (
        User.objects.filter(
            is_active=True,
            memberships__role=Role.TRAINER,
            memberships__status=MembershipStatus.ACTIVE,
            memberships__organisation__is_verified=True,
        )
        .distinct()
        .order_by("full_name")
    )


@perm_required("learning.see_trainer_panel")
def trainer_panel(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "learning/trainer.html",
        {
            "courses": selectors.courses_managed_by(request.user),
            "sessions": selectors.upcoming_sessions_for_trainer(request.user),
        },
    )


@perm_required("learning.add_course")
@require_http_methods(["GET", "POST"])
def course_create(request: HttpRequest) -> HttpResponse:
    form = CourseForm(
        request.POST or None,
        organisations=publisher_orgs(request.user),
        trainers=_trainers(),
        initial={"trainers": [request.user.pk]},
    )
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        for k in ("visibility", "cohort", "legal_forms", "roles", "pzk_members"):
            d.pop(k, None)
        course = call_service(form, services.course_create, actor=request.user, **d, **form.audience_data())
        if course is not None:
            messages.success(request, _("Utworzono szkolenie. Dodaj moduły i zajęcia, potem je opublikuj."))
            return redirect("learning:course_manage", pk=course.pk)
    return render(request, "learning/form.html", {"form": form, "title": _("Nowe szkolenie")})


COURSE_EDIT_FIELDS = (
    "title",
    "programme",
    "summary",
    "hours",
    "capacity",
    "enrolment_mode",
    "min_attendance",
    "requires_modules",
    "requires_check",
    "pass_mark",
    "max_attempts",
    "certificate_months",
)


@login_required
@require_http_methods(["GET", "POST"])
def course_edit(request: HttpRequest, pk: int) -> HttpResponse:
    from .materials import _initial_audience

    course = selectors.course_for(request.user, pk, "manage")
    initial = {k: getattr(course, k) for k in COURSE_EDIT_FIELDS} | _initial_audience(course)
    initial |= {"organisation": course.organisation, "trainers": list(course.trainers.all())}
    orgs = publisher_orgs(request.user) | Organisation.objects.filter(pk=course.organisation_id)
    form = CourseForm(request.POST or None, initial=initial, organisations=orgs.distinct(), trainers=_trainers())
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        done = call_service(
            form,
            services.course_update,
            actor=request.user,
            course=course,
            organisation=d["organisation"],
            trainers=d["trainers"],
            **{k: d[k] for k in COURSE_EDIT_FIELDS},
            **form.audience_data(),
        )
        if done is not None:
            messages.success(request, _("Zapisano zmiany szkolenia."))
            return redirect("learning:course_manage", pk=course.pk)
    return render(request, "learning/form.html", {"form": form, "title": _("Edycja szkolenia"), "course": course})


@login_required
def course_manage(request: HttpRequest, pk: int) -> HttpResponse:
    course = selectors.course_for(request.user, pk, "manage")
    enrolments = list(selectors.enrolments_of(course))
    log_access(user=request.user, targets=enrolments, purpose=_("lista uczestników szkolenia"), request=request)
    certified = {c.enrolment_id: c for c in selectors.certificates_of(course)}
    progress = selectors.progress_many([e for e in enrolments if e.state in selectors.ACTIVE_ENROLMENT])
    rows = [
        {
            "e": e,
            # the page is for the course's managers, who decide every enrolment of it (one check, not one per row)
            "actions": [t for t in ENROLMENT.available(e) if t.name not in ("cancel", "reapply", "complete")],
            "progress": progress.get(e.pk),
            "certificate": certified.get(e.pk),
        }
        for e in enrolments
    ]
    return render(
        request,
        "learning/course_manage.html",
        {
            "course": course,
            "rows": rows,
            "sessions": selectors.sessions_of(course),
            "modules": selectors.modules_of(course),
            "questions": course.questions.prefetch_related("choices"),
            "transitions": COURSE.available(course, request.user),
            "cohort_form": CohortAssignForm() if course.enrolment_mode == EnrolmentMode.COHORT else None,
            "timeline": [(label_for(ev.verb), ev) for ev in events_for(course)[:15]],
        },
    )


@login_required
@require_POST
def course_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    course = selectors.course_for(request.user, pk, "manage")
    run_action(
        request,
        services.course_transition,
        actor=request.user,
        course=course,
        name=name,
        success=_("Zmieniono stan szkolenia."),
    )
    return redirect("learning:course_manage", pk=course.pk)


@login_required
@require_POST
def cohort_assign(request: HttpRequest, pk: int) -> HttpResponse:
    course = selectors.course_for(request.user, pk, "manage")
    form = CohortAssignForm(request.POST)
    if form.is_valid():
        n = action_result(
            request, services.cohort_assign, actor=request.user, course=course, cohort=form.cleaned_data["cohort"]
        )
        if n is not None:
            messages.success(request, _("Dodano uczestników z grupy: %(n)d.") % {"n": n})
    else:
        messages.error(request, _("Wybierz grupę szkoleniową."))
    return redirect("learning:course_manage", pk=course.pk)


def _course_form(request: HttpRequest, pk: int, form_class: Any, title: str, **form_kwargs: Any) -> tuple[Any, Any]:
    course = selectors.course_for(request.user, pk, "manage")
    kwargs = {k: (v(course) if callable(v) else v) for k, v in form_kwargs.items()}
    return course, form_class(request.POST or None, **kwargs)


@login_required
@require_http_methods(["GET", "POST"])
def module_create(request: HttpRequest, pk: int) -> HttpResponse:
    course, form = _course_form(
        request, pk, ModuleForm, "", materials=lambda c: MATERIALS.visible(request.user, "change").order_by("title")
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(form, services.module_add, actor=request.user, course=course, **form.cleaned_data) is not None
    ):
        messages.success(request, _("Dodano moduł."))
        return redirect("learning:course_manage", pk=course.pk)
    return render(request, "learning/form.html", {"form": form, "title": _("Nowy moduł"), "course": course})


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request: HttpRequest, pk: int) -> HttpResponse:
    course, form = _course_form(request, pk, SessionForm, "", trainers=lambda c: c.trainers.order_by("full_name"))
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(form, services.session_add, actor=request.user, course=course, **form.cleaned_data) is not None
    ):
        messages.success(request, _("Zaplanowano zajęcia."))
        return redirect("learning:course_manage", pk=course.pk)
    return render(request, "learning/form.html", {"form": form, "title": _("Nowe zajęcia"), "course": course})


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_for(request.user, pk, "manage")
    course = session.course
    fields = ("title", "starts_at", "ends_at", "place", "online_url", "trainer", "capacity")
    form = SessionForm(
        request.POST or None,
        initial={k: getattr(session, k) for k in fields},
        trainers=course.trainers.order_by("full_name"),
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(form, services.session_update, actor=request.user, session=session, **form.cleaned_data)
        is not None
    ):
        messages.success(request, _("Zapisano zmiany zajęć."))
        return redirect("learning:course_manage", pk=course.pk)
    return render(
        request,
        "learning/form.html",
        {"form": form, "title": _("Zmiana zajęć: %(t)s") % {"t": session.title}, "course": course},
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_create(request: HttpRequest, pk: int) -> HttpResponse:
    course, form = _course_form(request, pk, QuestionForm, "")
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if (
            call_service(
                form,
                services.question_add,
                actor=request.user,
                course=course,
                text=d["text"],
                multiple=d["multiple"],
                choices=form.choices(),
            )
            is not None
        ):
            messages.success(request, _("Dodano pytanie do testu."))
            return redirect("learning:course_manage", pk=course.pk)
    return render(request, "learning/form.html", {"form": form, "title": _("Nowe pytanie testu"), "course": course})


@login_required
@require_POST
def enrolment_decide(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    enrolment = selectors.enrolment_for(request.user, pk, "decide")
    run_action(
        request,
        services.enrolment_decide,
        actor=request.user,
        enrolment=enrolment,
        name=name,
        reason=request.POST.get("reason", "")[:1000],
        success=_("Zapisano decyzję."),
    )
    return redirect("learning:course_manage", pk=enrolment.course_id)


@login_required
@require_POST
def certificate_issue(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = selectors.enrolment_for(request.user, pk, "decide")
    run_action(
        request,
        services.certificate_issue,
        actor=request.user,
        enrolment=enrolment,
        success=_("Wydano zaświadczenie. Uczestnik dostał e-mail z kodem."),
    )
    return redirect("learning:course_manage", pk=enrolment.course_id)


# --- sessions and the register ----------------------------------------------------------------------------


@login_required
def session_register(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_for(request.user, pk, "manage")
    rows = selectors.session_register(session)
    log_access(user=request.user, targets=[r.enrolment for r in rows], purpose=_("lista obecności"), request=request)
    return render(
        request,
        "learning/register.html",
        {
            "session": session,
            "course": session.course,
            "rows": rows,
            "statuses": AttendanceStatus.choices,
            # a session's transitions are guarded by a course permission: ask it of the course, not the session
            "transitions": [
                t
                for t in SESSION.available(session)
                if not t.permission or request.user.has_perm(t.permission, session.course)
            ],
        },
    )


@login_required
@require_POST
def mark(request: HttpRequest, pk: int, enrolment_pk: int) -> HttpResponse:
    session = selectors.session_for(request.user, pk, "manage")
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("user", "organisation"), pk=enrolment_pk, course=session.course
    )
    form = MarkForm(request.POST)
    error = ""
    if form.is_valid():
        # The refusal is shown in the person's row of the register (htmx swaps the row), not on a form page.
        try:
            services.attendance_set(
                actor=request.user, session=session, enrolment=enrolment, status=form.cleaned_data["status"]
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = _("Wybierz obecność z listy.")
    if not request.htmx:  # type: ignore[attr-defined]
        if error:
            messages.error(request, error)
        return redirect("learning:session_register", pk=session.pk)
    row = next((r for r in selectors.session_register(session) if r.enrolment.pk == enrolment.pk), None)
    if row is None:
        raise Http404
    return render(
        request,
        "learning/_register_row.html",
        {"row": row, "session": session, "statuses": AttendanceStatus.choices, "error": error},
    )


@login_required
@require_POST
def mark_all(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_for(request.user, pk, "manage")
    n = action_result(request, services.attendance_mark_all, actor=request.user, session=session)
    if n == 0:
        messages.info(request, _("Wszyscy uczestnicy mają już zaznaczoną obecność."))
    elif n is not None:
        messages.success(request, _("Oznaczono jako obecnych: %(n)d.") % {"n": n})
    return redirect("learning:session_register", pk=session.pk)


@login_required
@require_POST
def session_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    session = selectors.session_for(request.user, pk, "manage")
    run_action(
        request,
        services.session_transition,
        actor=request.user,
        session=session,
        name=name,
        reason=request.POST.get("reason", "")[:500],
        success=_("Zapisano."),
    )
    return redirect("learning:session_register", pk=session.pk)


def session_ics(request: HttpRequest, pk: int) -> HttpResponse:
    session = selectors.session_for(request.user, pk)
    url = request.build_absolute_uri(reverse("learning:course_detail", args=[session.course_id]))
    response = HttpResponse(
        make_ics(session, url=url, host=request.get_host()), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="zajecia-{session.pk}.ics"'
    return response


@perm_required("learning.see_coordination")
def coordination(request: HttpRequest) -> HttpResponse:
    return render(request, "learning/coordination.html", selectors.coordination_figures(request.user))
