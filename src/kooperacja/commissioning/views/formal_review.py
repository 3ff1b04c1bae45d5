"""Formal review of an offer."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import forms, selectors, services
from .common import _need, service_errors


@login_required
@require_POST
@service_errors
def offer_formal(request: HttpRequest, pk: int) -> HttpResponse:
    offer = selectors.offer_for(request.user, pk)
    _need(request, "commissioning.review_offer", offer.call)
    decision = request.POST.get("decision")
    if decision == "correction":
        form = forms.CorrectionForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Podaj zakres i termin uzupełnienia."))
        services.offer_request_correction(actor=request.user, offer=offer, **form.cleaned_data)
    elif decision in {"eligible", "reject"}:
        services.offer_formal_decision(
            actor=request.user, offer=offer, eligible=decision == "eligible", reason=request.POST.get("reason", "")
        )
    else:
        raise Http404
    messages.success(request, _("Zapisano ocenę formalną."))
    return redirect("commissioning:call_offers", pk=offer.call_id)
