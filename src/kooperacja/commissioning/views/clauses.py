"""The social-clause helper: Pzp procedures and OPP competitions (each with the clauses of its own law)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kooperacja.core.viewtools import call_service

from .. import forms, legal, selectors, services
from ..enums import OPP_MODES
from .common import _need


@login_required
def clauses(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_for(request.user, pk)
    _need(request, "commissioning.use_clause_helper", call)
    opp = call.mode in OPP_MODES
    form = forms.ClauseForm(request.POST or None, opp=opp)
    check_form = forms.HistoryCheckForm(request.GET or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and (
            call_service(
                form,
                services.clause_add,
                actor=request.user,
                call=call,
                kind=form.cleaned_data["kind"],
                parameters=form.parameters(),
            )
            is not None
        )
    ):
        messages.success(request, _("Dodano klauzulę; tekst możesz skopiować do SWZ."))
        return redirect("commissioning:clauses", pk=call.pk)
    contractor = check_form.cleaned_data.get("contractor") if check_form.is_valid() else None
    return render(
        request,
        "commissioning/clauses.html",
        {
            "call": call,
            "form": form,
            "check_form": check_form,
            "check": services.art361_check(call=call, contractor=contractor),
            "contractor": contractor,
            "clauses": list(call.clauses.all()),
            "cpv_list": legal.ART361_CPV_CODES,
            "opp": opp,
            "rules": [legal.JOINT_OFFER, legal.OPP_CRITERIA_MANDATORY]
            if opp
            else [
                legal.ART94_MIN_PERCENT,
                legal.ART361_HISTORY_YEARS,
                legal.ART361_MAX_YEARS,
                legal.PZP_THRESHOLD_PLN,
            ],
        },
    )
