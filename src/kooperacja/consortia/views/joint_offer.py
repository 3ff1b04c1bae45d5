"""A joint offer from the register of members' capacity: the calls the consortium may answer, and for one call the
lots with the members proposed for each; the office builds the lead's draft offer and goes on in the offer form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from kooperacja.core.viewtools import call_service

from .. import joint_offer, selectors, services
from ..joint_offer_forms import JointOfferForm


def _office_consortium(request: HttpRequest, pk: int) -> object:
    consortium = selectors.internal_consortium_for(request.user, pk)
    if not request.user.has_perm("consortia.manage_consortium", consortium):
        raise PermissionDenied
    return consortium


@login_required
def joint_offer_calls(request: HttpRequest, pk: int) -> HttpResponse:
    consortium = _office_consortium(request, pk)
    calls = list(joint_offer.open_calls_for(consortium).prefetch_related("lots"))
    return render(request, "consortia/joint_offer_calls.html", {"consortium": consortium, "calls": calls})


@login_required
def joint_offer_build(request: HttpRequest, pk: int, call_pk: int) -> HttpResponse:
    consortium = _office_consortium(request, pk)
    call = get_object_or_404(joint_offer.open_calls_for(consortium).select_related("package__territory"), pk=call_pk)
    proposals = joint_offer.proposals(consortium, call)
    form = JointOfferForm(request.POST or None, proposals=proposals)
    if request.method == "POST" and form.is_valid():
        offer = call_service(
            form,
            services.joint_offer_build,
            actor=request.user,
            consortium=consortium,
            call=call,
            choices=form.choices(),
            title=form.cleaned_data["title"],
        )
        if offer is not None:
            messages.success(
                request,
                _(
                    "Przygotowano projekt oferty wspólnej z rejestru potencjału. Sprawdź i uzupełnij go w formularzu "
                    "oferty, zanim ją złożysz."
                ),
            )
            return redirect("commissioning:offer_edit", pk=offer.pk)
    return render(
        request,
        "consortia/joint_offer_build.html",
        {
            "consortium": consortium,
            "call": call,
            "form": form,
            "existing": joint_offer.offers_of_lead(consortium, call),
        },
    )
