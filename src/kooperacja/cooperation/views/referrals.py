"""Pages of the closed loop: the inbox of referrals, a referral, its steps."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.core.audit import events_for, log_access
from kooperacja.core.viewtools import run_action

from .. import forms, selectors, services
from ..enums import CasePart, ReferralState
from ..workflows import REFERRAL_WF
from ._common import PAGE_SIZE, REASON_LABELS, _need, _show_case

# --- referrals --------------------------------------------------------------------------------------------


@login_required
def referral_inbox(request: HttpRequest) -> HttpResponse:
    _need(request, "cooperation.see_referral_inbox")
    state = request.GET.get("stan", "open")
    state = state if state in ("open", "", *ReferralState.values) else "open"
    # per gmina: the teams whose cases sent referrals here (a powiat institution hears from several gminas)
    source_teams = list(selectors.incoming_source_teams(request.user))
    chosen = request.GET.get("zespol", "")
    team = next((t for t in source_teams if str(t.pk) == chosen), None)
    page = Paginator(
        selectors.incoming_referrals(request.user, state=state, team=team.pk if team else None).select_related(
            "service", "case__team__gmina"
        ),
        PAGE_SIZE,
    ).get_page(request.GET.get("strona"))
    log_access(
        user=request.user,
        targets=[r.case for r in page.object_list],
        purpose=_("skrzynka skierowań"),
        part=CasePart.SUMMARY.value,
        request=request,
    )
    return render(
        request,
        "cooperation/referral_inbox.html",
        {
            "page": page,
            "state": state,
            "states": ReferralState.choices,
            "today": timezone.localdate(),
            "query": f"stan={state}" + (f"&zespol={team.pk}" if team else ""),
            "source_teams": source_teams,
            "team": team,
        },
    )


@login_required
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    referral = selectors.referral_for(request.user, pk)
    access = selectors.case_access(request.user, referral.case)
    _show_case(request, referral.case, access, part=CasePart.REFERRALS.value)
    can_handle = request.user.has_perm("cooperation.handle_referral", referral)
    return render(
        request,
        "cooperation/referral_detail.html",
        {
            "referral": referral,
            "case": referral.case,
            "access": access,
            "transitions": [(t, REASON_LABELS.get(t.name, _("Rezultat"))) for t in REFERRAL_WF.available(referral)]
            if can_handle
            else [],
            "step_form": forms.ReferralStepForm(),
            "events": events_for(referral)[:20],
            "part_labels": selectors.part_labels(access.parts),
            "today": timezone.localdate(),
            "is_open": not REFERRAL_WF.is_final(referral),
        },
    )


@login_required
@require_POST
def referral_move(request: HttpRequest, pk: int, transition: str) -> HttpResponse:
    referral = selectors.referral_for(request.user, pk)
    _need(request, "cooperation.handle_referral", referral)
    form = forms.ReferralStepForm(request.POST)
    form.is_valid()
    # TransitionNotAllowed is a ValidationError: its message names the action and the state it cannot start from.
    if run_action(
        request,
        services.referral_move,
        actor=request.user,
        referral=referral,
        transition=transition,
        text=form.cleaned_data.get("text", ""),
    ):
        state = selectors.referral_for(request.user, pk).state
        messages.success(request, _("Zapisano: %(s)s.") % {"s": ReferralState(state).label})
    return redirect("cooperation:referral_detail", pk=referral.pk)
