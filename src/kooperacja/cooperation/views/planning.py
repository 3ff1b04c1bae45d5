"""The basket planner, its proposals, and the aggregated statistics."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.core import charts
from kooperacja.core.audit import log_access

from .. import forms, selectors, services
from ..basket import distance_note
from ..enums import CasePart, ReferralState
from ..models import Action
from ._common import _need

# --- planner and statistics -------------------------------------------------------------------------------


@login_required
def planner(request: HttpRequest) -> HttpResponse:
    _need(request, "cooperation.run_planner")
    team_ids = selectors.planner_team_ids(request.user)
    team = selectors.teams_visible_to(request.user).filter(pk__in=team_ids).first()
    if team is None:
        raise Http404
    form = forms.PlannerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        km = form.cleaned_data["max_distance_km"]
        if team.is_powiat:
            try:
                proposal = services.plan_propose_powiat(actor=request.user, team=team, max_distance_km=km)
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
                return redirect("cooperation:planner")
            messages.success(
                request,
                _(
                    "Planer przygotował plan dla całego powiatu. Każdy zespół gminny zatwierdza albo odrzuca "
                    "swoją część."
                ),
            )
        else:
            proposal = services.plan_propose(actor=request.user, team=team, max_distance_km=km)
            messages.success(
                request, _("Planer przygotował propozycję. Nic się nie zmieni, dopóki jej nie zatwierdzisz.")
            )
        return redirect("cooperation:proposal_detail", pk=proposal.pk)
    return render(
        request,
        "cooperation/planner.html",
        {
            "form": form,
            "team": team,
            "proposals": selectors.proposals_for(request.user)[:10],
            "gmina_teams": list(selectors.gmina_teams_of(team)) if team.is_powiat else [],
        },
    )


@login_required
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(selectors.proposals_for(request.user), pk=pk)
    from kooperacja.catalog.models import Service

    actions = {
        a.pk: a
        for a in Action.objects.filter(pk__in=[r["action"] for r in proposal.assignments]).select_related(
            "programme__case"
        )
    }
    svcs = {
        s.pk: s
        for s in Service.objects.filter(pk__in=[r["service"] for r in proposal.assignments]).select_related("provider")
    }
    rows = [
        {
            "action": actions.get(r["action"]),
            "service": svcs.get(r["service"]),
            "distance_km": r["distance_km"],
            "distance_note": distance_note(r),
        }
        for r in proposal.assignments
    ]
    cases = {row["action"].programme.case for row in rows if row["action"] is not None}
    if cases:  # a powiat-wide proposal holds figures only (its parts, with the cases, go to the gmina teams)
        log_access(
            user=request.user,
            targets=list(cases),
            purpose=_("planer koszyków"),
            part=CasePart.PROGRAMME.value,
            request=request,
        )
    return render(
        request,
        "cooperation/proposal.html",
        {
            "proposal": proposal,
            "rows": rows,
            "can_decide": request.user.has_perm("cooperation.decide_proposal", proposal),
            "parts": proposal.parts.select_related("team").order_by("team__name") if proposal.team.is_powiat else [],
        },
    )


@login_required
@require_POST
def proposal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(selectors.proposals_for(request.user), pk=pk)
    _need(request, "cooperation.decide_proposal", proposal)
    accept = request.POST.get("decision") == "accept"
    proposal = services.plan_decide(actor=request.user, proposal=proposal, accept=accept)
    if accept:
        messages.success(
            request, _("Zatwierdzono propozycję: przydzielono %(n)s usług.") % {"n": proposal.stats.get("applied", 0)}
        )
    else:
        messages.success(request, _("Odrzucono propozycję – nic nie zmieniono."))
    return redirect("cooperation:proposal_detail", pk=proposal.pk)


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    _need(request, "cooperation.see_statistics")
    report = selectors.statistics_report()
    by_state = report.region_referrals_by_state()
    total = sum(by_state.values())
    by_state_rows = [
        (label, by_state[state], _percent(by_state[state], total)) for state, label in ReferralState.choices
    ]
    chart = charts.ranking(
        [charts.Bar(label, n, f"{n} ({share})") for label, n, share in by_state_rows],
        title=_("Skierowania w regionie według stanu"),
        desc=_("Liczba skierowań wszystkich zespołów w każdym stanie; dane w tabeli pod wykresem."),
    )
    return render(
        request,
        "cooperation/statistics.html",
        {
            "rows": report.rows,
            "computed_at": report.computed_at,
            "referrals_total": total,
            "by_state": by_state_rows,
            "by_state_chart": chart,
        },
    )


def _percent(part: int, whole: int) -> str:
    """ "12,5 %" (Polish decimal comma and a space before the sign), "–" when there is nothing to divide."""
    if not whole:
        return "–"
    return formats.number_format(round(100 * part / whole, 1), 1) + "\u00a0%"
