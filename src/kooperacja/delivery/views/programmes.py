"""Art. 49 individual programmes: list, creation, detail, goals, actions, transitions, reviews, closing."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.catalog.enums import ServiceStatus
from kooperacja.catalog.models import Service
from kooperacja.core.viewtools import call_service, run_action
from kooperacja.organisations.models import Organisation

from .. import selectors, services, workflows
from ..forms import (
    ActionForm,
    CloseForm,
    GoalForm,
    ProgrammeForm,
    ReviewForm,
)
from ..models import ProgrammeAction
from ..policies import ops_head_org_ids, staff_org_ids
from .common import PAGE_SIZE, PROGRAMME_BUTTONS, perm_required


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
