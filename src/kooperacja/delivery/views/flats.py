"""Art. 53 flats: list, placements."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.core.viewtools import call_service, run_action

from .. import selectors, services
from ..forms import (
    PlacementEndForm,
    PlacementForm,
)
from ..models import Placement
from .common import perm_required


@perm_required("delivery.operate_flat")
def flats(request: HttpRequest) -> HttpResponse:
    return render(request, "delivery/flats.html", {"flats": selectors.flats_visible_to(request.user)})


@login_required
def flat(request: HttpRequest, pk: int) -> HttpResponse:
    f = selectors.flat_for(request.user, pk)
    placements = list(selectors.placements_of(f))
    selectors.people_shown(
        request.user, [p.person for p in placements], purpose=_("mieszkańcy mieszkania"), request=request
    )
    people = selectors.people_visible_to(request.user).filter(anonymised_at__isnull=True).order_by("last_name")
    form = PlacementForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        done = call_service(form, services.placement_start, actor=request.user, flat=f, **form.cleaned_data)
        if done is not None:
            messages.success(request, _("Zapisano zamieszkanie."))
            return redirect("delivery:flat", pk=f.pk)
    if form.fields["person"].queryset is not None:
        selectors.people_shown(request.user, people, purpose=_("wybór osoby do mieszkania"), request=request)
    return render(
        request,
        "delivery/flat.html",
        {
            "flat": f,
            "placements": placements,
            "form": form,
            "end_form": PlacementEndForm(),
            "occupied": selectors.occupancy(f, on=timezone.localdate()),
        },
    )


@login_required
@require_POST
def placement_end(request: HttpRequest, pk: int) -> HttpResponse:
    placement = get_object_or_404(
        Placement.objects.select_related("flat"), pk=pk, flat__in=selectors.flats_visible_to(request.user)
    )
    form = PlacementEndForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Wybierz przyczynę i datę."))
    else:
        run_action(
            request,
            services.placement_end,
            actor=request.user,
            placement=placement,
            **form.cleaned_data,
            success=_("Zakończono pobyt."),
        )
    return redirect("delivery:flat", pk=placement.flat_id)
