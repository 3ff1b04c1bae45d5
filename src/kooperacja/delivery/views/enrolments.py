"""A delivered service: its participants, enrolling, admitting, leaving, support meetings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.core.viewtools import call_service, run_action

from .. import selectors, services
from ..enums import EnrolmentStatus
from ..forms import (
    EnrolForm,
    LeaveForm,
    MeetingForm,
)
from .common import REGISTER_PAGE


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
            "esf_missing": selectors.esf_missing(svc),
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
