"""Small grants (art. 19a OPP), own initiative (art. 12 OPP) and public comments."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.core.viewtools import call_service

from .. import forms, legal, programme_forms, selectors, services
from ..services import ActionLine, BudgetLine, IndicatorLine
from .common import _need, service_errors
from .offers import _offeror_orgs


@login_required
def small_grant_new(request: HttpRequest) -> HttpResponse:
    _need(request, "commissioning.submit_small_grant")
    form = forms.SmallGrantForm(request.POST or None, organisations=_offeror_orgs(request.user))
    programme_forms.add_priority_field(form)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        offer = call_service(
            form,
            services.small_grant_submit,
            actor=request.user,
            authority=d["authority"],
            organisation=d["organisation"],
            title=d["title"],
            priority=d.get("priority"),
            data={k: d[k] for k in services.OFFER_FIELDS if k in d},
            actions=[ActionLine(name=d["action_name"], start_date=d["start_date"], end_date=d["end_date"])],
            indicators=[IndicatorLine(name=d["indicator_name"], planned_level=d["indicator_level"])],
            budget=[
                BudgetLine(
                    name=d["cost_name"],
                    quantity=d["cost_quantity"],
                    unit=d["cost_unit"],
                    unit_cost=d["cost_unit_cost"],
                    personal=d.get("cost_personal") or Decimal(0),
                    own_financial=d.get("cost_own") or Decimal(0),
                )
            ],
        )
        if offer is not None:
            messages.success(request, _("Złożono ofertę w trybie małego grantu."))
            return redirect("commissioning:call_detail", pk=offer.call_id)
    return render(
        request,
        "commissioning/form.html",
        {
            "form": form,
            "title": _("Mały grant (art. 19a OPP)"),
            "legal": [
                legal.SMALL_GRANT_MAX,
                legal.SMALL_GRANT_MAX_DAYS,
                legal.SMALL_GRANT_ORG_YEAR_CAP,
                legal.SMALL_GRANT_PUBLISH_WORKING_DAYS,
            ],
        },
    )


@login_required
def own_initiative_new(request: HttpRequest) -> HttpResponse:
    _need(request, "commissioning.submit_small_grant")
    form = forms.OwnInitiativeForm(request.POST or None, organisations=_offeror_orgs(request.user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        call = call_service(form, services.own_initiative_submit, actor=request.user, **d)
        if call is not None:
            messages.success(request, _("Złożono wniosek; organ rozpatrzy go w ciągu miesiąca (art. 12 ust. 2 OPP)."))
            return redirect("commissioning:call_detail", pk=call.pk)
    return render(
        request,
        "commissioning/form.html",
        {"form": form, "title": _("Inicjatywa własna (art. 12 OPP)"), "legal": [legal.OWN_INITIATIVE_ASSESS_MONTHS]},
    )


@require_POST
@service_errors
def comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_for(request.user, pk)
    form = forms.CommentForm(request.POST)
    if not form.is_valid():
        raise ValidationError(_("Podaj autora i treść uwagi."))
    services.public_comment_add(call=call, actor=request.user, **form.cleaned_data)
    messages.success(request, _("Dziękujemy – uwaga została przekazana organowi."))
    return redirect("commissioning:call_detail", pk=call.pk)
