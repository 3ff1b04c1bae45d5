"""Reports on a contract."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core.audit import events_for
from kooperacja.core.fields import parse_id
from kooperacja.core.viewtools import call_service, run_action

from .. import forms, selectors, services
from ..models import BudgetRow
from ..services import ExpenseLine, InvoiceLine
from ..workflows import REPORT
from .common import _need


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_for(request.user, pk)
    contract = report.contract
    can_manage = request.user.has_perm("commissioning.manage_contract", contract)
    form = forms.ReportReviewForm(request.POST or None)
    if request.method == "POST":
        _need(request, "commissioning.manage_contract", contract)
        if form.is_valid() and call_service(
            form, services.report_review, actor=request.user, report=report, **form.cleaned_data
        ):
            messages.success(request, _("Zapisano ocenę sprawozdania."))
            return redirect("commissioning:contract_detail", pk=contract.pk)
    return render(
        request,
        "commissioning/report_detail.html",
        {
            "report": report,
            "contract": contract,
            "indicators": list(report.indicator_values.select_related("indicator")),
            "expenses": list(report.expenses.select_related("budget_row")),
            "invoices": list(report.invoices.select_related("budget_row")),
            "totals": selectors.running_totals(contract, upto=report),
            "can_manage": can_manage,
            "can_report": request.user.has_perm("commissioning.report_contract", contract),
            "form": form,
            "events": events_for(contract).filter(data__report=report.pk)[:20],
        },
    )


def _posted_amount(request: HttpRequest, name: str) -> Decimal:
    raw = (request.POST.get(name) or "0").replace(",", ".").replace(" ", "") or "0"
    try:
        return Decimal(raw)
    except ArithmeticError as exc:
        raise ValidationError(_("Niepoprawna kwota: %(v)s") % {"v": raw}) from exc


def _posted_invoices(request: HttpRequest, rows: list[BudgetRow], slots: int) -> list[InvoiceLine]:
    """The invoice rows typed in the form (`slots` of them); a bad row or date is a ValidationError."""
    row_ids = {r.pk for r in rows}
    lines = []
    for i in range(slots):
        if not request.POST.get(f"inv_{i}_number"):
            continue
        row_id = parse_id(request.POST.get(f"inv_{i}_row", ""))
        if row_id is None or row_id not in row_ids:
            raise ValidationError(_("Nieznana pozycja kosztorysu."))
        try:
            issued = date.fromisoformat(request.POST.get(f"inv_{i}_date") or str(timezone.localdate()))
        except ValueError as exc:
            raise ValidationError(_("Niepoprawne dane dokumentu księgowego.")) from exc
        lines.append(
            InvoiceLine(
                budget_row_id=row_id,
                number=request.POST[f"inv_{i}_number"],
                issuer=request.POST.get(f"inv_{i}_issuer", ""),
                issue_date=issued,
                amount=_posted_amount(request, f"inv_{i}_amount"),
                from_grant=_posted_amount(request, f"inv_{i}_grant"),
            )
        )
    return lines


def _posted_report(
    request: HttpRequest, rows: list[BudgetRow], indicators: list[Any], invoice_slots: int
) -> dict[str, Any]:
    """The report form as the arguments of `services.report_save` (parsing only; the service validates)."""
    amount = partial(_posted_amount, request)
    return {
        "actions_done": request.POST.get("actions_done", ""),
        "other_info": request.POST.get("other_info", ""),
        "indicators": {ind.pk: amount(f"ind_{ind.pk}") for ind in indicators},
        "expenses": [
            ExpenseLine(
                budget_row_id=r.pk,
                from_grant=amount(f"row_{r.pk}_grant"),
                from_other=amount(f"row_{r.pk}_other"),
                own_financial=amount(f"row_{r.pk}_own"),
                personal=amount(f"row_{r.pk}_personal"),
                in_kind=amount(f"row_{r.pk}_in_kind"),
            )
            for r in rows
        ],
        "invoices": _posted_invoices(request, rows, invoice_slots),
    }


@login_required
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_for(request.user, pk)
    contract = report.contract
    _need(request, "commissioning.report_contract", contract)
    if not REPORT.can(report, "submit"):
        return redirect("commissioning:report_detail", pk=report.pk)
    offer = contract.offer
    rows = list(offer.budget_rows.order_by("order"))
    indicators = list(offer.indicators.all())
    spent = {e.budget_row_id: e for e in report.expenses.all()}
    achieved = {v.indicator_id: v.achieved for v in report.indicator_values.all()}
    invoices = list(report.invoices.all())
    if request.method == "POST":
        then_submit = request.POST.get("then") == "submit"

        def save() -> None:
            data = _posted_report(request, rows, indicators, len(invoices) + 2)
            services.report_save(actor=request.user, report=report, **data)
            if then_submit:
                services.report_submit(actor=request.user, report=report)

        done = run_action(
            request,
            save,
            success=_("Złożono sprawozdanie.") if then_submit else _("Zapisano sprawozdanie (wersja robocza)."),
        )
        if done and then_submit:
            return redirect("commissioning:report_detail", pk=report.pk)
        return redirect("commissioning:report_edit", pk=report.pk)
    return render(
        request,
        "commissioning/report_edit.html",
        {
            "report": report,
            "contract": contract,
            "rows": [(r, spent.get(r.pk)) for r in rows],
            "indicators": [(i, achieved.get(i.pk, "")) for i in indicators],
            "invoices": [*list(enumerate(invoices)), *[(len(invoices) + k, None) for k in range(2)]],
            "budget_rows": rows,
        },
    )
