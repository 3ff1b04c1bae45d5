"""Offers: the offeror's list, start, edit (Annex 1 forms), detail and actions."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.core.audit import events_for
from kooperacja.core.fields import parse_id
from kooperacja.core.viewtools import call_service, run_action

from .. import forms, selectors, services
from ..enums import OfferState
from ..models import Offer
from ..services import ActionLine, BudgetLine, IndicatorLine, PartnerLine
from .changes import budget_preview_for
from .common import PAGE_SIZE, _need, service_errors


@login_required
def my_offers(request: HttpRequest) -> HttpResponse:
    _need(request, "commissioning.view_my_offers")
    qs = selectors.my_offers(request.user)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("strona"))
    return render(
        request,
        "commissioning/my_offers.html",
        {"page": page, "open_calls": selectors.open_calls()[:10]},
    )


def _offeror_orgs(user: Any) -> Any:
    from kooperacja.accounts import roles
    from kooperacja.organisations.models import Organisation

    from ..rules import OFFEROR_ROLES

    return Organisation.objects.filter(pk__in=roles.organisation_ids(user, *OFFEROR_ROLES, verified_only=True))


@login_required
def offer_start(request: HttpRequest, pk: int) -> HttpResponse:
    call = selectors.call_for(request.user, pk)
    _need(request, "commissioning.prepare_offer", call)
    orgs = _offeror_orgs(request.user)
    only = list(orgs[:2])
    form = forms.OfferStartForm(
        request.POST or None, organisations=orgs, initial={"organisation": only[0].pk} if len(only) == 1 else None
    )
    if request.method == "POST" and form.is_valid():
        offer = call_service(
            form,
            services.offer_create,
            actor=request.user,
            call=call,
            lead_organisation=form.cleaned_data["organisation"],
            title=form.cleaned_data["title"],
        )
        if offer is not None:
            messages.success(request, _("Utworzono wersję roboczą oferty."))
            return redirect("commissioning:offer_edit", pk=offer.pk)
    return render(
        request,
        "commissioning/form.html",
        {"form": form, "title": _("Nowa oferta"), "parent": call, "parent_url": call.get_absolute_url()},
    )


def _offer_initial(offer: Offer, partners: list[Any]) -> tuple[list[dict[str, Any]], ...]:
    """The saved rows of the offer as the formsets' initial data, with empty rows to add new ones."""
    init_partners = [
        {"organisation": p.organisation_id, "actions": p.actions} for p in partners if p.role != "lead"
    ] + [{}, {}]
    init_actions = [
        {
            "name": a.name,
            "lot": a.lot_id,
            "responsible": a.responsible.organisation_id if a.responsible else None,
            "start_date": a.start_date,
            "end_date": a.end_date,
        }
        for a in offer.actions.select_related("responsible")
    ] + [{}, {}]
    init_ind = [
        {"name": i.name, "planned_level": i.planned_level, "unit": i.unit, "monitoring": i.monitoring, "lot": i.lot_id}
        for i in offer.indicators.all()
    ] + [{}]
    init_budget = [
        {
            "name": r.name,
            "category": r.category,
            "lot": r.lot_id,
            "partner": r.partner.organisation_id if r.partner else None,
            "quantity": r.quantity,
            "unit": r.unit,
            "unit_cost": r.unit_cost,
            "from_grant": r.from_grant,
            "from_other": r.from_other,
            "own_financial": r.own_financial,
            "personal": r.personal,
            "in_kind": r.in_kind,
        }
        for r in offer.budget_rows.select_related("partner")
    ] + [{}, {}]
    return init_partners, init_actions, init_ind, init_budget


def _offer_formsets(offer: Offer, data: Any = None) -> dict[str, Any]:
    from kooperacja.organisations.models import Organisation

    lots = list(offer.call.lots.all())
    lot_choices = [("", "—")] + [(lot.pk, str(lot)) for lot in lots]
    partners = list(offer.partners.select_related("organisation"))
    orgs = Organisation.objects.filter(is_verified=True, is_pes=True).exclude(pk=offer.lead_organisation_id)
    # any offeror of this offer: the lead and the verified organisations that may be added as partners
    partner_choices = [("", "—"), (offer.lead_organisation_id, str(offer.lead_organisation))] + [
        (o.pk, str(o)) for o in orgs
    ]
    init_partners, init_actions, init_ind, init_budget = _offer_initial(offer, partners)
    fs = {
        "partners": forms.PartnerFormSet(
            data, prefix="p", initial=None if data else init_partners, form_kwargs={"organisations": orgs}
        ),
        "actions": forms.ActionFormSet(data, prefix="a", initial=None if data else init_actions),
        "indicators": forms.IndicatorFormSet(data, prefix="i", initial=None if data else init_ind),
        "budget": forms.BudgetFormSet(data, prefix="b", initial=None if data else init_budget),
    }
    for form in fs["actions"]:
        form.fields["lot"].choices = lot_choices
        form.fields["responsible"].choices = partner_choices
    for form in fs["indicators"]:
        form.fields["lot"].choices = lot_choices
    for form in fs["budget"]:
        form.fields["lot"].choices = lot_choices
        form.fields["partner"].choices = partner_choices
    return fs


def _offer_lines(sets: dict[str, Any], chosen: set[int]) -> dict[str, Any]:
    """The rows of the offer form's formsets as the service's line types (parsing only; the service validates)."""
    return dict(
        lot_ids=sorted(chosen),
        partners=[
            PartnerLine(f.cleaned_data["organisation"].pk, f.cleaned_data.get("actions", ""))
            for f in sets["partners"]
            if f.cleaned_data.get("organisation")
        ],
        actions=[
            ActionLine(
                name=f.cleaned_data["name"],
                lot_id=f.cleaned_data.get("lot"),
                responsible_org_id=f.cleaned_data.get("responsible"),
                start_date=f.cleaned_data.get("start_date"),
                end_date=f.cleaned_data.get("end_date"),
            )
            for f in sets["actions"]
            if f.cleaned_data.get("name")
        ],
        indicators=[
            IndicatorLine(
                name=f.cleaned_data["name"],
                planned_level=f.cleaned_data.get("planned_level") or Decimal(0),
                unit=f.cleaned_data.get("unit", ""),
                monitoring=f.cleaned_data.get("monitoring", ""),
                lot_id=f.cleaned_data.get("lot"),
            )
            for f in sets["indicators"]
            if f.cleaned_data.get("name")
        ],
        budget=[
            BudgetLine(
                name=f.cleaned_data["name"],
                category=f.cleaned_data.get("category") or "task",
                lot_id=f.cleaned_data.get("lot"),
                partner_org_id=f.cleaned_data.get("partner"),
                quantity=f.cleaned_data["quantity"],
                unit=f.cleaned_data["unit"],
                unit_cost=f.cleaned_data["unit_cost"],
                from_grant=f.cleaned_data.get("from_grant"),
                from_other=f.cleaned_data.get("from_other") or Decimal(0),
                own_financial=f.cleaned_data.get("own_financial") or Decimal(0),
                personal=f.cleaned_data.get("personal") or Decimal(0),
                in_kind=f.cleaned_data.get("in_kind") or Decimal(0),
            )
            for f in sets["budget"]
            if f.cleaned_data.get("name")
        ],
    )


@login_required
def offer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    offer = selectors.offer_for(request.user, pk)
    _need(request, "commissioning.edit_offer", offer)
    if offer.state not in services.EDITABLE_OFFER_STATES:
        messages.info(request, _("Oferty w tym stanie nie można edytować."))
        return redirect("commissioning:offer_detail", pk=offer.pk)
    initial = {f: getattr(offer, f) for f in services.OFFER_FIELDS}
    main = forms.OfferMainForm(request.POST or None, initial=initial)
    sets = _offer_formsets(offer, request.POST or None)
    lots = list(offer.call.lots.all())
    chosen = (
        {n for x in request.POST.getlist("lots") if (n := parse_id(x)) is not None}
        if request.method == "POST"
        else set(offer.offer_lots.values_list("lot_id", flat=True))
    )
    if request.method == "POST" and main.is_valid() and all(s.is_valid() for s in sets.values()):
        saved = run_action(
            request,
            services.offer_save,
            actor=request.user,
            offer=offer,
            data=main.cleaned_data,
            **_offer_lines(sets, chosen),
        )
        if saved and request.POST.get("then") == "submit":
            if run_action(
                request,
                services.offer_submit,
                actor=request.user,
                offer=offer,
                success=_("Oferta została złożona. Do terminu możesz ją wycofać."),
            ):
                return redirect("commissioning:offer_detail", pk=offer.pk)
            return redirect("commissioning:offer_edit", pk=offer.pk)
        if saved:
            messages.success(request, _("Zapisano wersję roboczą. Sumy przeliczono automatycznie."))
            return redirect("commissioning:offer_edit", pk=offer.pk)
    offer.refresh_from_db()
    return render(
        request,
        "commissioning/offer_edit.html",
        {
            "offer": offer,
            "call": offer.call,
            "main": main,
            "lots": lots,
            "chosen": chosen,
            **sets,
            "rows": list(offer.budget_rows.select_related("partner__organisation", "lot")),
            "problems": services.offer_limit_errors(offer),
            "preview": budget_preview_for(offer, sets["budget"] if request.method == "POST" else None),
            "attachment_form": forms.AttachmentForm(),
            "attachments": list(offer.attachments.all()),
        },
    )


def offer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not request.user.is_authenticated:
        raise Http404
    offer = selectors.offer_for(request.user, pk)
    parts = selectors.offer_detail_parts(offer)
    return render(
        request,
        "commissioning/offer_detail.html",
        {
            "offer": offer,
            "call": offer.call,
            **parts,
            "can_edit": request.user.has_perm("commissioning.edit_offer", offer),
            "sealed": selectors.is_sealed(offer.call),
            "update_required": offer.state == OfferState.UPDATE_REQUIRED,
            "has_updates": offer.updates.exists(),
            "seat": selectors.seat_of(request.user, offer.call),
            "events": events_for(offer)[:20],
            "open_correction": next((c for c in parts["corrections"] if c.answered_at is None), None),
            "contract": getattr(offer, "contract", None) if hasattr(offer, "contract") else None,
            "can_contract": request.user.has_perm("commissioning.manage_call", offer.call)
            and offer.state == OfferState.ACCEPTED,
        },
    )


OFFER_ACTIONS = {
    "submit": (lambda r, o: services.offer_submit(actor=r.user, offer=o), _("Oferta została złożona.")),
    "withdraw": (lambda r, o: services.offer_withdraw(actor=r.user, offer=o), _("Ofertę wycofano.")),
    "reopen": (lambda r, o: services.offer_reopen(actor=r.user, offer=o), _("Oferta wróciła do wersji roboczej.")),
    "answer": (
        lambda r, o: services.offer_answer_correction(actor=r.user, offer=o, answer=r.POST.get("answer", "")),
        _("Przesłano uzupełnienie."),
    ),
    "accept": (
        lambda r, o: services.offer_accept_award(actor=r.user, offer=o),
        _("Przyjęto dotację."),
    ),
    "decline": (
        lambda r, o: services.offer_decline_award(actor=r.user, offer=o, reason=r.POST.get("reason", "")),
        _("Zrezygnowano z realizacji zadania."),
    ),
}


@login_required
@require_POST
@service_errors
def offer_action(request: HttpRequest, pk: int) -> HttpResponse:
    offer = selectors.offer_for(request.user, pk)
    _need(request, "commissioning.edit_offer", offer)
    action = request.POST.get("action", "")
    if action == "attach":
        form = forms.AttachmentForm(request.POST, request.FILES)
        if not form.is_valid():
            raise ValidationError(_("Wybierz plik."))
        services.offer_attach(
            actor=request.user,
            offer=offer,
            upload=form.cleaned_data["file"],
            description=form.cleaned_data["description"],
        )
        messages.success(request, _("Dodano załącznik."))
        return redirect("commissioning:offer_edit", pk=offer.pk)
    if action not in OFFER_ACTIONS:
        raise Http404
    func, message = OFFER_ACTIONS[action]
    func(request, offer)
    messages.success(request, message)
    return redirect("commissioning:offer_detail", pk=offer.pk)
