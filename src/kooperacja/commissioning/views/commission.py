"""The commission: its composition, the members' home, declarations and scores."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kooperacja.core.viewtools import call_service, run_action

from .. import forms, legal, selectors, services
from ..models import Criterion
from .common import _need


@login_required
def commission(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_for(request.user, pk)
    _need(request, "commissioning.manage_call", call)
    form = forms.AppointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = get_user_model().objects.filter(email__iexact=form.cleaned_data["email"], is_active=True).first()
        if user is None:
            form.add_error("email", _("Nie ma konta z tym adresem e-mail."))
        else:
            if (
                call_service(
                    form,
                    services.commission_appoint,
                    actor=request.user,
                    call=call,
                    user=user,
                    role=form.cleaned_data["role"],
                    nominated_by=form.cleaned_data["nominated_by"],
                    is_chair=form.cleaned_data["is_chair"],
                )
                is not None
            ):
                messages.success(request, _("Powołano członka komisji."))
                return redirect("commissioning:commission", pk=call.pk)
    members = list(call.commission.select_related("user", "nominated_by", "declaration"))
    return render(
        request,
        "commissioning/commission.html",
        {
            "call": call,
            "members": members,
            "form": form,
            "rule": legal.COMMISSION_NO_BIDDER_NOMINEES,
            "steps": selectors.call_steps(call),
        },
    )


@login_required
def commission_home(request: HttpRequest) -> HttpResponse:
    _need(request, "commissioning.view_commission_work")
    return render(request, "commissioning/commission_home.html", {"seats": selectors.seats_of(request.user)})


@login_required
def declaration(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_for(request.user, pk)
    seat = selectors.seat_of(request.user, call)
    if seat is None:
        raise PermissionDenied
    form = forms.DeclarationForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and call_service(form, services.declaration_sign, actor=request.user, call=call, confirm=True)
    ):
        messages.success(request, _("Podpisano oświadczenie. Możesz otworzyć oferty."))
        return redirect("commissioning:call_offers", pk=call.pk)
    names, text = services.declaration_text(call)
    return render(
        request,
        "commissioning/declaration.html",
        {"call": call, "seat": seat, "form": form, "names": names, "text": text},
    )


def _posted_scores(request: HttpRequest, criteria: list[Criterion]) -> dict[int, tuple[Decimal, str]]:
    """Points and justification per criterion from the form; a missing or malformed number is a ValidationError."""
    data: dict[int, tuple[Decimal, str]] = {}
    for c in criteria:
        raw = (request.POST.get(f"points_{c.pk}") or "").replace(",", ".")
        if raw == "":
            raise ValidationError(_("Oceń wszystkie kryteria."))
        try:
            points = Decimal(raw)
        except ArithmeticError as exc:
            raise ValidationError(_("Niepoprawna liczba punktów.")) from exc
        data[c.pk] = (points, request.POST.get(f"why_{c.pk}", ""))
    return data


@login_required
def score(request: HttpRequest, pk: int) -> HttpResponse:
    offer = selectors.offer_for(request.user, pk)
    seat = selectors.seat_of(request.user, offer.call)
    if not selectors.has_declared(seat):
        raise PermissionDenied
    criteria = list(offer.call.criteria.all())
    if offer.call.task_form == "entrust":
        criteria = [c for c in criteria if not c.support_only]
    existing = {s.criterion_id: s for s in offer.scores.filter(member=seat)}
    if request.method == "POST" and run_action(
        request,
        lambda: services.score_submit(actor=request.user, offer=offer, scores=_posted_scores(request, criteria)),
        success=_("Zapisano ocenę oferty."),
    ):
        return redirect("commissioning:call_offers", pk=offer.call_id)
    rows = [
        (
            c,
            request.POST.get(f"points_{c.pk}", existing[c.pk].points if c.pk in existing else ""),
            request.POST.get(f"why_{c.pk}", existing[c.pk].justification if c.pk in existing else ""),
        )
        for c in criteria
    ]
    return render(
        request,
        "commissioning/score.html",
        {"offer": offer, "call": offer.call, "rows": rows, **selectors.offer_detail_parts(offer)},
    )
