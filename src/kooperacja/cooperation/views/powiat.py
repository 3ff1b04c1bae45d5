"""Pages of the powiat level and of the planner's places: the powiat team's gminas and the flow of their referrals,
where a family lives (for the planner's distances)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kooperacja.core.viewtools import call_service

from .. import forms, selectors, services
from ..enums import CasePart
from ..models import Team
from ._common import _case, _show_case


def powiat_context(team: Team) -> dict[str, Any]:
    """For the team page: a powiat team's gmina teams with the figures of their referrals to its institutions; a
    gmina team's powiat team (where its cases may also be referred)."""
    if team.is_powiat:
        return {"powiat_rows": selectors.powiat_referral_figures(team)}
    return {"powiat_team": selectors.powiat_team_of(team)}


@login_required
def case_place(request: HttpRequest, pk: int) -> HttpResponse:
    """The locality and approximate coordinates of the family's home: the planner measures travel from them."""
    case, access = _case(request, pk, manage=True)
    form = forms.CasePlaceForm(
        request.POST or None,
        initial={"locality": case.locality, "latitude": case.latitude, "longitude": case.longitude},
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(form, services.case_set_place, actor=request.user, case=case, **form.cleaned_data) is not None
    ):
        messages.success(request, _("Zapisano miejscowość i współrzędne sprawy."))
        return redirect("cooperation:case_detail", pk=case.pk)
    _show_case(request, case, access, part=CasePart.PERSONS.value)
    return render(
        request,
        "cooperation/form.html",
        {
            "case": case,
            "form": form,
            "title": _("Miejsce zamieszkania (dla planera koszyków)"),
            "intro": _(
                "Planer liczy odległość dojazdu od tego miejsca do usług. Wystarczą przybliżone współrzędne, np. "
                "środek miejscowości; bez nich planer liczy od środka gminy i mówi o tym w propozycji."
            ),
        },
    )
