"""Cohorts (named groups of learners): the list, creating one and changing its name and members."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from kooperacja.core.viewtools import call_service

from .. import selectors, services
from ..forms import CohortForm
from ._base import page_of, perm_required


def _teams() -> object:
    from kooperacja.cooperation.models import Team

    return Team.objects.select_related("gmina").order_by("name")  # a team's name and gmina are public facts


@perm_required("learning.add_cohort")
def cohort_list(request: HttpRequest) -> HttpResponse:
    page = page_of(request, selectors.cohorts_visible_to(request.user))
    return render(request, "learning/cohort_list.html", {"page": page})


@perm_required("learning.add_cohort")
@require_http_methods(["GET", "POST"])
def cohort_create(request: HttpRequest) -> HttpResponse:
    form = CohortForm(request.POST or None, people=selectors.cohort_candidates(), teams=_teams())
    if request.method == "POST" and form.is_valid():
        cohort = call_service(form, services.cohort_create, actor=request.user, whole_team=True, **form.cleaned_data)
        if cohort is not None:
            messages.success(request, _("Utworzono grupę szkoleniową „%(name)s”.") % {"name": cohort.name})
            return redirect("learning:cohort_list")
    return render(request, "learning/cohort_form.html", {"form": form, "title": _("Nowa grupa szkoleniowa")})


@login_required
@require_http_methods(["GET", "POST"])
def cohort_edit(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = selectors.cohort_for(request.user, pk, "change")
    form = CohortForm(
        request.POST or None,
        people=selectors.cohort_candidates(),
        teams=_teams(),
        initial={
            "name": cohort.name,
            "description": cohort.description,
            "users": list(cohort.memberships.values_list("user_id", flat=True)),
        },
    )
    if request.method == "POST" and form.is_valid():
        changed = call_service(
            form, services.cohort_update, actor=request.user, cohort=cohort, whole_team=True, **form.cleaned_data
        )
        if changed is not None:
            messages.success(request, _("Zapisano grupę szkoleniową „%(name)s”.") % {"name": changed.name})
            return redirect("learning:cohort_list")
    return render(
        request,
        "learning/cohort_form.html",
        {"form": form, "cohort": cohort, "title": _("Grupa szkoleniowa: %(name)s") % {"name": cohort.name}},
    )
