"""Pzp: the qualification of contractors (the notice's conditions, the checklist per offer), the BZP notice export,
and the criteria page of a draft call (OPP and Pzp)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kooperacja.core.viewtools import call_service

from .. import legal, qualification_forms, selectors
from ..enums import OPP_MODES, PZP_MODES, CallMode, CallState, OfferState
from ..models import Call, OfferQualification
from ..services import bzp, criteria, qualification
from .common import _need


def _pzp_call(request: HttpRequest, pk: int) -> Call:
    call = selectors.call_for(request.user, pk)
    _need(request, "commissioning.manage_call", call)
    if call.mode not in PZP_MODES:
        raise Http404
    return call


@login_required
def call_qualification(request: HttpRequest, pk: int) -> HttpResponse:
    """The notice's conditions of participation and exclusion grounds (editable while a draft) and the offers with
    their qualification."""
    call = selectors.call_for(request.user, pk)
    _need(request, "commissioning.manage_call", call)
    if call.mode not in PZP_MODES:
        raise Http404
    setup = qualification.setup_of(call)
    editable = call.state == CallState.DRAFT
    form = qualification_forms.QualificationSetupForm(
        request.POST if request.method == "POST" else None,
        initial={"optional_grounds": setup.optional_grounds or []}
        | {f"c_{k}": v for k, v in (setup.conditions or {}).items()},
    )
    if (
        request.method == "POST"
        and editable
        and form.is_valid()
        and call_service(
            form,
            qualification.qualification_setup_save,
            actor=request.user,
            call=call,
            conditions=form.conditions(),
            optional_grounds=form.cleaned_data["optional_grounds"],
        )
        is not None
    ):
        messages.success(request, _("Zapisano warunki udziału i podstawy wykluczenia."))
        return redirect("commissioning:call_qualification", pk=call.pk)
    offers = []
    if not selectors.is_sealed(call):
        offers = list(
            selectors.offers_of_call(request.user, call, "")
            .exclude(state__in=[OfferState.DRAFT, OfferState.WITHDRAWN])
            .select_related("lead_organisation")
        )
    decided = {q.offer_id: q for q in OfferQualification.objects.filter(offer__in=offers)}
    return render(
        request,
        "commissioning/qualification_call.html",
        {
            "call": call,
            "form": form,
            "editable": editable,
            "items": qualification.checklist(call),
            "rows": [(o, decided.get(o.pk)) for o in offers],
            "in_review": call.state == CallState.FORMAL_REVIEW,
            "before_opening": call.state in {CallState.DRAFT, CallState.PUBLISHED, CallState.CLOSED},
            "reserved_94": call.mode == CallMode.PZP_RESERVED,
            "reserved_361": qualification.reserved_361(call),
            "rules": [legal.ART94_LEGAL_FORMS, legal.ART94_MIN_PERCENT, legal.ART94_SHARE_MAX_AGE_MONTHS],
        },
    )


@login_required
def offer_qualification(request: HttpRequest, pk: int) -> HttpResponse:
    """The checklist of one contractor, the registry checks (art. 94, art. 361 ust. 2 pkt 4) and the decision;
    for a reserved contract the officer may enter the employment share from the contractor's documents."""
    offer = selectors.offer_for(request.user, pk)
    call = offer.call
    _need(request, "commissioning.review_offer", call)
    if call.mode not in PZP_MODES:
        raise Http404
    view = qualification.qualification_view(call, offer)
    action = request.POST.get("action") if request.method == "POST" else None
    form = qualification_forms.OfferQualificationForm(request.POST if action == "decide" else None, items=view["items"])
    share_form = qualification_forms.EmploymentShareForm(request.POST if action == "share" else None, prefix="u")
    if action == "decide" and form.is_valid():
        done = call_service(
            form,
            qualification.offer_qualify,
            actor=request.user,
            offer=offer,
            answers=form.answers(),
            result=form.cleaned_data["result"],
            reason=form.cleaned_data["reason"],
        )
        if done is not None:
            messages.success(request, _("Zapisano wynik kwalifikacji wykonawcy."))
            return redirect("commissioning:call_qualification", pk=call.pk)
    elif action == "share" and share_form.is_valid():
        done = call_service(
            share_form,
            qualification.contractor_employment_share_record,
            actor=request.user,
            offer=offer,
            **share_form.cleaned_data,
        )
        if done is not None:
            messages.success(request, _("Zapisano udział zatrudnionych w rejestrze organizacji."))
            return redirect("commissioning:offer_qualification", pk=offer.pk)
    elif action not in (None, "decide", "share"):
        raise Http404
    return render(
        request,
        "commissioning/qualification_offer.html",
        {
            "call": call,
            "offer": offer,
            "form": form,
            "share_form": share_form,
            "can_decide": view["decided"] is None
            and call.state == CallState.FORMAL_REVIEW
            and offer.state in {OfferState.SUBMITTED, OfferState.CORRECTION_REQUESTED},
            "reserved_94": call.mode == CallMode.PZP_RESERVED,
            **view,
        },
    )


@login_required
def call_bzp(request: HttpRequest, pk: int) -> HttpResponse:
    """The contract notice in the order of the BZP form: a page, a text file or JSON to paste from."""
    call = _pzp_call(request, pk)
    fmt = request.GET.get("pobierz")
    if fmt == "txt":
        response = HttpResponse(bzp.notice_text(call), content_type="text/plain; charset=utf-8")
    elif fmt == "json":
        response = HttpResponse(bzp.notice_json(call), content_type="application/json; charset=utf-8")
    elif fmt is None:
        return render(
            request, "commissioning/qualification_bzp.html", {"call": call, "sections": bzp.notice_sections(call)}
        )
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="ogloszenie-bzp-{call.pk}.{fmt}"'
    return response


@login_required
def call_criteria(request: HttpRequest, pk: int) -> HttpResponse:
    """The criteria and weights of a call, editable until publication; the defaults of its mode on request."""
    call = selectors.call_for(request.user, pk)
    _need(request, "commissioning.manage_call", call)
    if call.mode not in OPP_MODES | PZP_MODES or call.mode in {CallMode.OPP_SMALL_GRANT, CallMode.OPP_OWN_INITIATIVE}:
        raise Http404
    editable = request.user.has_perm("commissioning.edit_criteria", call)
    current = [
        criteria.CriterionLine(c.name, c.basis, c.max_points, c.weight, c.support_only)
        for c in call.criteria.order_by("order", "id")
    ]
    restore = request.method == "GET" and request.GET.get("domyslne") == "1"
    posted = request.method == "POST" and editable
    # a posted list is taken as sent: with `initial`, an unchanged extra row would count as empty and drop out
    formset = qualification_forms.criteria_formset(
        call,
        request.POST if posted else None,
        initial=None if posted else (criteria.criteria_defaults(call) if restore else current),
    )
    errors: list[str] = []
    if posted and formset.is_valid():
        lines = [line for form in formset.forms if (line := form.line()) is not None]
        errors = criteria.criteria_errors(call, lines)
        if not errors:
            # a formset is not one form for call_service: the service's refusal (the call published meanwhile)
            # is listed above the table like the list's own errors
            try:
                criteria.criteria_save(actor=request.user, call=call, lines=lines)
            except ValidationError as exc:
                errors = list(exc.messages)
            else:
                messages.success(request, _("Zapisano kryteria oceny ofert."))
                return redirect("commissioning:call_detail", pk=call.pk)
    return render(
        request,
        "commissioning/criteria_edit.html",
        {
            "call": call,
            "formset": formset,
            "editable": editable,
            "errors": errors,
            "current": current,
            "restored": restore,
            "defaults": criteria.criteria_defaults(call),
            "opp": call.mode in OPP_MODES,
            "rules": [legal.OPP_CRITERIA_MANDATORY]
            if call.mode in OPP_MODES
            else [legal.PZP_PRICE_CRITERION, legal.PZP_WEIGHTS_TOTAL],
        },
    )
