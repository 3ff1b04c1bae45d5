"""Changes after the award: the updated offer after a lower grant, change requests during the contract, and the
offer form's live arithmetic (htmx; the server computes with `services.budget_preview`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.core.audit import events_for
from kooperacja.core.viewtools import call_service, run_action

from .. import changes_forms, forms, legal, selectors, services
from ..enums import OfferState, OfferUpdateState
from ..models import Offer
from ..services import BudgetLine
from ..workflows import CHANGE_REQUEST, CONTRACT_IN_FORCE_STATES
from .common import _need


def _budget_formset(offer: Offer, data: Any = None, initial: list[dict[str, Any]] | None = None) -> Any:
    """The offer form's cost rows (section V) with the offer's lots and offerors as choices."""
    lot_choices = [("", "—")] + [(lot.pk, str(lot)) for lot in offer.call.lots.all()]
    partner_choices = [("", "—")] + [
        (p.organisation_id, str(p.organisation)) for p in offer.partners.select_related("organisation")
    ]
    fs = forms.BudgetFormSet(data, prefix="b", initial=None if data else initial)
    for form in fs:
        form.fields["lot"].choices = lot_choices
        form.fields["partner"].choices = partner_choices
    return fs


def _lines(formset: Any) -> list[BudgetLine]:
    """The rows of a (validated) budget formset that name a cost, as the service's lines."""
    out = []
    for f in formset:
        data = getattr(f, "cleaned_data", None) or {}
        if not data.get("name") or data.get("quantity") is None or data.get("unit_cost") is None:
            continue
        out.append(
            BudgetLine(
                name=data["name"],
                category=data.get("category") or "task",
                lot_id=data.get("lot"),
                partner_org_id=data.get("partner"),
                quantity=data["quantity"],
                unit=data.get("unit") or "",
                unit_cost=data["unit_cost"],
                from_grant=data.get("from_grant"),
                from_other=data.get("from_other") or Decimal(0),
                own_financial=data.get("own_financial") or Decimal(0),
                personal=data.get("personal") or Decimal(0),
                in_kind=data.get("in_kind") or Decimal(0),
            )
        )
    return out


def rows_as_lines(rows: Any) -> list[BudgetLine]:
    """Saved cost rows (of an offer or of an update) as the service's lines (their grant given, not the rest)."""
    return [
        BudgetLine(
            name=r.name,
            category=r.category,
            lot_id=r.lot_id,
            partner_org_id=r.partner.organisation_id if r.partner else None,
            quantity=r.quantity,
            unit=r.unit,
            unit_cost=r.unit_cost,
            from_grant=r.from_grant,
            from_other=r.from_other,
            own_financial=r.own_financial,
            personal=r.personal,
            in_kind=r.in_kind,
        )
        for r in rows
    ]


def budget_preview_for(offer: Offer, formset: Any = None) -> dict[str, Any]:
    """The live sums block of an offer's form: from the posted rows when given, else from the saved ones."""
    lines = _lines(formset) if formset is not None else rows_as_lines(offer.budget_rows.select_related("partner"))
    return services.budget_preview(offer.call, lines, target_grant=_target_grant(offer))


def _initial_rows(lines: list[BudgetLine]) -> list[dict[str, Any]]:
    return [
        {
            "name": b.name,
            "category": b.category,
            "lot": b.lot_id,
            "partner": b.partner_org_id,
            "quantity": b.quantity,
            "unit": b.unit,
            "unit_cost": b.unit_cost,
            "from_grant": b.from_grant,
            "from_other": b.from_other,
            "own_financial": b.own_financial,
            "personal": b.personal,
            "in_kind": b.in_kind,
        }
        for b in lines
    ] + [{}]


def _target_grant(offer: Offer) -> Decimal | None:
    """An updated budget must reach the grant awarded; an offer being written has no target (the call's limits)."""
    return offer.awarded_amount if offer.state == OfferState.UPDATE_REQUIRED else None


@login_required
@require_POST
def offer_calc(request: HttpRequest, pk: int) -> HttpResponse:
    """The live sums of the offer form (htmx swaps them in as the offeror types): each row's total, the budget's
    sums, the grant's share and the call's limits. Computed by the same code as the saved offer; writes nothing."""
    offer = selectors.offer_for(request.user, pk)
    _need(request, "commissioning.edit_offer", offer)
    formset = _budget_formset(offer, request.POST)
    formset.is_valid()  # the rows that parse are summed; the others are listed with what is wrong in them
    preview = services.budget_preview(offer.call, _lines(formset), target_grant=_target_grant(offer))
    unparsed = [
        {"name": f.data.get(f.add_prefix("name"), ""), "error": " ".join(m for e in f.errors.values() for m in e)}
        for f in formset
        if f.errors and f.data.get(f.add_prefix("name"))
    ]
    if unparsed:
        preview = {**preview, "rows": [*preview["rows"], *unparsed], "ok": False}
    return render(request, "commissioning/changes_preview.html", {"preview": preview})


# --- the updated offer after a lower award --------------------------------------------------------------------


@login_required
def offer_update(request: HttpRequest, pk: int) -> HttpResponse:
    """The offeror submits the updated budget and schedule; the office reads it and accepts or returns it. Earlier
    versions stay listed with the office's decision."""
    offer = selectors.offer_for(request.user, pk)
    updates = list(
        offer.updates.select_related("submitted_by", "decided_by")
        .prefetch_related("rows__partner__organisation", "rows__lot", "actions__action")
        .order_by("-number")
    )
    pending = next((u for u in updates if u.state == OfferUpdateState.SUBMITTED), None)
    can_submit = (
        request.user.has_perm("commissioning.edit_offer", offer)
        and offer.state == OfferState.UPDATE_REQUIRED
        and pending is None
    )
    if request.method == "POST" and not can_submit:
        _need(request, "commissioning.edit_offer", offer)
        messages.error(request, _("Aktualizacji tej oferty nie można teraz złożyć."))
        return redirect("commissioning:offer_update", pk=offer.pk)
    form = formset = preview = None
    if can_submit:
        actions = list(offer.actions.order_by("order", "id"))
        returned = next((u for u in updates if u.state == OfferUpdateState.RETURNED), None)
        if returned is not None:  # start from the version the office returned
            start = rows_as_lines(returned.rows.select_related("partner"))
            dates = {"start_date": returned.start_date, "end_date": returned.end_date, "note": returned.schedule_note}
        else:
            start = services.update_proposal(offer)
            dates = {"start_date": offer.start_date, "end_date": offer.end_date}
        form = changes_forms.OfferUpdateForm(request.POST or None, actions=actions, initial=dates)
        formset = _budget_formset(offer, request.POST or None, _initial_rows(start))
        if request.method == "POST":
            valid = form.is_valid() & formset.is_valid()
            lines = _lines(formset)
            preview = services.budget_preview(offer.call, lines, target_grant=offer.awarded_amount)
            if (
                valid
                and request.POST.get("then") == "submit"
                and call_service(
                    form,
                    services.offer_update_submit,
                    actor=request.user,
                    offer=offer,
                    start_date=form.cleaned_data["start_date"],
                    end_date=form.cleaned_data["end_date"],
                    budget=lines,
                    schedule=form.schedule(),
                    note=form.cleaned_data.get("note", ""),
                )
            ):
                messages.success(request, _("Złożono zaktualizowany kosztorys i harmonogram. Urząd go sprawdzi."))
                return redirect("commissioning:offer_update", pk=offer.pk)
        else:
            preview = services.budget_preview(offer.call, start, target_grant=offer.awarded_amount)
    return render(
        request,
        "commissioning/changes_offer_update.html",
        {
            "offer": offer,
            "call": offer.call,
            "updates": updates,
            "pending": pending,
            "can_submit": can_submit,
            "can_decide": pending is not None and request.user.has_perm("commissioning.manage_call", offer.call),
            "form": form,
            "budget": formset,
            "preview": preview,
            "decision_form": changes_forms.UpdateDecisionForm(),
            "rule": legal.OFFER_UPDATE_SUMS,
            "events": events_for(offer)[:20],
        },
    )


@login_required
@require_POST
def offer_update_decide(request: HttpRequest, pk: int) -> HttpResponse:
    update = selectors.offer_update_for(request.user, pk)
    _need(request, "commissioning.manage_call", update.offer.call)
    action = request.POST.get("action")
    if action == "accept":
        run_action(
            request,
            services.offer_update_accept,
            actor=request.user,
            update=update,
            success=_("Przyjęto aktualizację: kosztorys i terminy oferty pochodzą z niej. Można przygotować umowę."),
        )
    elif action == "return":
        run_action(
            request,
            services.offer_update_return,
            actor=request.user,
            update=update,
            reason=request.POST.get("reason", ""),
            success=_("Zwrócono aktualizację do poprawy."),
        )
    else:
        raise Http404
    return redirect("commissioning:offer_update", pk=update.offer_id)


# --- change requests during the contract -----------------------------------------------------------------------


def _row_limits(contract: Any) -> list[dict[str, Any]]:
    """Per cost row: the grant now, spent so far, and how much it may grow without an annex."""
    return [
        {
            "row": t["row"],
            "spent": t["spent"]["grant"],
            "limit": services.increase_limit(contract, t["row"].from_grant),
        }
        for t in selectors.running_totals(contract)
    ]


@login_required
def change_request_create(request: HttpRequest, pk: int) -> HttpResponse:
    contract = selectors.contract_for(request.user, pk)
    _need(request, "commissioning.report_contract", contract)
    offer = contract.offer
    form = changes_forms.ChangeRequestForm(
        request.POST or None,
        rows=offer.budget_rows.order_by("order", "id"),
        actions=offer.actions.order_by("order", "id"),
    )
    if request.method == "POST" and form.is_valid():
        created = call_service(
            form,
            services.change_request_submit,
            actor=request.user,
            contract=contract,
            justification=form.cleaned_data["justification"],
            shifts=form.shifts(),
            schedule=form.schedule(),
            new_end_date=form.cleaned_data.get("new_end_date"),
            contact=form.contact(),
            staff_change=form.cleaned_data.get("staff_change", ""),
        )
        if created is not None:
            messages.success(
                request,
                _("Złożono wniosek o zmianę. Zmiana wymaga aneksu: urząd go przygotuje po zatwierdzeniu.")
                if created.needs_annex
                else _("Złożono wniosek o zmianę. Mieści się w limicie umowy: po zatwierdzeniu obowiązuje bez aneksu."),
            )
            return redirect("commissioning:change_request_detail", pk=created.pk)
    return render(
        request,
        "commissioning/changes_request_form.html",
        {
            "contract": contract,
            "form": form,
            "limits": {x["row"].pk: x for x in _row_limits(contract)},
            "in_force": contract.state in CONTRACT_IN_FORCE_STATES,
            "shift_rule": legal.BUDGET_SHIFT_PERCENT,
            "annex_rule": legal.ANNEX_WRITTEN_FORM,
        },
    )


@login_required
def change_request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    change = selectors.change_request_for(request.user, pk)
    contract = change.contract
    lines = list(change.budget_lines.select_related("budget_row"))
    return render(
        request,
        "commissioning/changes_request_detail.html",
        {
            "change": change,
            "contract": contract,
            "budget_lines": [
                {
                    "line": line,
                    "limit": services.increase_limit(contract, line.previous_grant),
                    "over": line.difference > services.increase_limit(contract, line.previous_grant),
                }
                for line in lines
            ],
            "schedule_lines": list(change.schedule_lines.select_related("action")),
            "summary": services.change_summary(change),
            "can_decide": request.user.has_perm("commissioning.manage_contract", contract)
            and CHANGE_REQUEST.can(change, "approve"),
            "decision_form": changes_forms.ChangeDecisionForm(),
            "shift_rule": legal.BUDGET_SHIFT_PERCENT,
            "annex_rule": legal.ANNEX_WRITTEN_FORM,
        },
    )


@login_required
@require_POST
def change_request_decide(request: HttpRequest, pk: int) -> HttpResponse:
    change = selectors.change_request_for(request.user, pk)
    _need(request, "commissioning.manage_contract", change.contract)
    form = changes_forms.ChangeDecisionForm(request.POST)
    form.is_valid()
    action = request.POST.get("action")
    if action == "approve":
        run_action(
            request,
            services.change_request_approve,
            actor=request.user,
            request=change,
            signed_on=form.cleaned_data.get("signed_on"),
            success=_("Zatwierdzono zmianę."),
        )
    elif action == "reject":
        run_action(
            request,
            services.change_request_reject,
            actor=request.user,
            request=change,
            reason=form.cleaned_data.get("reason", ""),
            success=_("Odrzucono wniosek o zmianę."),
        )
    else:
        raise Http404
    return redirect("commissioning:change_request_detail", pk=change.pk)
