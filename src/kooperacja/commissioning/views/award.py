"""The decision and the reasons requests."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.core.viewtools import call_service, run_action

from .. import forms, legal, selectors, services
from ..models import ReasonsRequest
from .common import _need


@login_required
@require_POST
def reasons_answer(request: HttpRequest, pk: int) -> HttpResponse:
    req = get_object_or_404(ReasonsRequest.objects.select_related("call"), pk=pk)
    # a reasons request names a member of the public: who does not manage the call may not know it exists
    _need(request, "commissioning.manage_call", req.call, hide=True)
    services.reasons_answer(actor=request.user, request=req, answer=request.POST.get("answer", ""))
    messages.success(request, _("Zapisano odpowiedź."))
    return redirect("commissioning:call_results", pk=req.call_id)


def _posted_awards(request: HttpRequest, ranking: list[dict[str, Any]]) -> dict[int, Decimal | None]:
    """The amount typed per ranked offer (empty: no grant); a malformed amount is a ValidationError."""
    awards: dict[int, Decimal | None] = {}
    for row in ranking:
        raw = (request.POST.get(f"award_{row['offer'].pk}") or "").replace(",", ".").replace(" ", "")
        try:
            awards[row["offer"].pk] = Decimal(raw) if raw else None
        except ArithmeticError as exc:
            raise ValidationError(_("Niepoprawna kwota.")) from exc
    return awards


@login_required
def call_decide(request: HttpRequest, pk: int) -> HttpResponse:
    """Ranking, the commission's opinion and the authority's decision on amounts (art. 15 ust. 2h OPP)."""
    call = selectors.call_for(request.user, pk)
    can_manage = request.user.has_perm("commissioning.manage_call", call)
    seat = selectors.seat_of(request.user, call)
    if not (can_manage or selectors.has_declared(seat)):
        raise PermissionDenied
    if selectors.is_sealed(call):
        raise Http404
    ranking = selectors.ranking(call)
    opinion_form = forms.OpinionForm(request.POST or None, initial={"opinion": call.commission_opinion})
    step = request.POST.get("step") if request.method == "POST" else None
    if (
        step == "opinion"
        and opinion_form.is_valid()
        and call_service(
            opinion_form,
            services.call_record_opinion,
            actor=request.user,
            call=call,
            opinion=opinion_form.cleaned_data["opinion"],
        )
    ):
        messages.success(request, _("Zapisano opinię komisji."))
        return redirect("commissioning:call_decide", pk=call.pk)
    if step == "decide":
        _need(request, "commissioning.manage_call", call)
        decided = run_action(
            request,
            lambda: services.call_decide(
                actor=request.user,
                call=call,
                awards=_posted_awards(request, ranking),
                note=request.POST.get("note", ""),
            ),
            success=_("Organ rozstrzygnął konkurs. Opublikuj wyniki."),
        )
        if decided:
            return redirect("commissioning:call_detail", pk=call.pk)
    return render(
        request,
        "commissioning/call_decide.html",
        {
            "call": call,
            "ranking": ranking,
            "criteria": list(call.criteria.all()),
            "opinion_form": opinion_form,
            "can_manage": can_manage,
            "seat": seat,
            "rule": legal.AUTHORITY_DECIDES,
        },
    )
