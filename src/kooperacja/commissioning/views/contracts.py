"""Contracts: list, preparation, detail, PDF and actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.core.audit import events_for
from kooperacja.core.viewtools import call_service

from .. import documents, forms, selectors, services, stages
from ..models import Tranche
from .common import PAGE_SIZE, _need, service_errors


@login_required
def contracts(request: HttpRequest) -> HttpResponse:
    _need(request, "commissioning.view_contracts")
    qs = selectors.contracts_visible_to(request.user).order_by("-start_date", "-id")
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("strona"))
    return render(request, "commissioning/contracts.html", {"page": page})


@login_required
def contract_create(request: HttpRequest, pk: int) -> HttpResponse:
    offer = selectors.offer_for(request.user, pk)
    _need(request, "commissioning.manage_call", offer.call)
    amount = offer.awarded_amount or offer.requested_amount
    form = forms.ContractForm(
        request.POST or None,
        initial={
            "number": f"{offer.call.number or 'UM'}/{offer.number}",
            "start_date": offer.start_date,
            "end_date": offer.end_date,
            "tranche1_date": offer.start_date,
            "tranche1_amount": amount,
        },
    )
    if request.method == "POST" and form.is_valid():
        contract = call_service(
            form,
            services.contract_create,
            actor=request.user,
            offer=offer,
            number=form.cleaned_data["number"],
            tranches=form.tranches(),
            start_date=form.cleaned_data["start_date"],
            end_date=form.cleaned_data["end_date"],
        )
        if contract is not None:
            messages.success(request, _("Przygotowano umowę. Po podpisaniu zaznacz to w systemie."))
            return redirect("commissioning:contract_detail", pk=contract.pk)
    return render(
        request,
        "commissioning/form.html",
        {
            "form": form,
            "title": _("Umowa dla oferty %(n)s (dotacja %(a)s zł)") % {"n": offer.number, "a": amount},
            "parent": offer.call,
            "parent_url": offer.call.get_absolute_url(),
        },
    )


@login_required
def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contract = selectors.contract_for(request.user, pk)
    totals = selectors.running_totals(contract)
    return render(
        request,
        "commissioning/contract_detail.html",
        {
            "contract": contract,
            "stages": stages.contract_stages(contract),
            "progress": stages.contract_progress(contract, totals),
            "lots": list(contract.contract_lots.select_related("lot")),
            "tranches": list(contract.tranches.all()),
            "annexes": list(contract.annexes.select_related("change_request")),
            "changes": services.contract_changes(contract),
            "reports": selectors.contract_reports(contract),
            "partners": list(contract.offer.partners.select_related("organisation")),
            "totals": totals,
            "can_manage": request.user.has_perm("commissioning.manage_contract", contract),
            "can_report": request.user.has_perm("commissioning.report_contract", contract),
            "history": contract.history.select_related("history_user")[:10],
            "events": events_for(contract)[:20],
            "annex_form": forms.AnnexForm(),
            "demand_form": forms.ReportDemandForm(),
            "today": timezone.localdate(),
            **selectors.contract_steps(contract),
        },
    )


@login_required
def contract_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    contract = selectors.contract_for(request.user, pk)
    response = HttpResponse(documents.contract_pdf(contract), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="umowa-{contract.pk}.pdf"'
    return response


@login_required
@require_POST
@service_errors
def contract_action(request: HttpRequest, pk: int) -> HttpResponse:
    contract = selectors.contract_for(request.user, pk)
    _need(request, "commissioning.manage_contract", contract)
    action = request.POST.get("action")
    today = timezone.localdate()
    if action == "sign":
        services.contract_sign(actor=request.user, contract=contract, signed_on=today)
    elif action == "tranche_paid":
        tranche = get_object_or_404(Tranche, contract=contract, pk=request.POST.get("tranche"))
        services.tranche_mark_paid(actor=request.user, tranche=tranche, paid_on=today)
    elif action == "annex":
        form = forms.AnnexForm(request.POST)
        if not form.is_valid():
            raise ValidationError(_("Uzupełnij datę i zakres aneksu."))
        services.annex_create(actor=request.user, contract=contract, **form.cleaned_data)
    elif action == "demand_report":
        demand = forms.ReportDemandForm(request.POST)
        if not demand.is_valid():
            raise ValidationError(_("Podaj okres i termin sprawozdania."))
        services.report_demand(actor=request.user, contract=contract, **demand.cleaned_data)
    elif action == "settle":
        services.contract_settle(actor=request.user, contract=contract, note=request.POST.get("note", ""))
    else:
        raise Http404
    messages.success(request, _("Zapisano."))
    return redirect("commissioning:contract_detail", pk=contract.pk)
