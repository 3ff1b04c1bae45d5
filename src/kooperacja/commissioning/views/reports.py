"""Reports on a contract."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core.audit import events_for
from kooperacja.core.fields import parse_id

from .. import forms, selectors, services
from ..enums import ReportState
from ..services import ExpenseLine, InvoiceLine
from .common import _errors, _need


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_for(request.user, pk)
    contract = report.contract
    can_manage = request.user.has_perm("commissioning.manage_contract", contract)
    form = forms.ReportReviewForm(request.POST or None)
    if request.method == "POST":
        _need(request, "commissioning.manage_contract", contract)
        if form.is_valid():
            try:
                services.report_review(actor=request.user, report=report, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
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


@login_required
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_for(request.user, pk)
    contract = report.contract
    _need(request, "commissioning.report_contract", contract)
    if report.state not in {ReportState.DRAFT, ReportState.CORRECTIONS_REQUESTED}:
        return redirect("commissioning:report_detail", pk=report.pk)
    offer = contract.offer
    rows = list(offer.budget_rows.order_by("order"))
    indicators = list(offer.indicators.all())
    spent = {e.budget_row_id: e for e in report.expenses.all()}
    achieved = {v.indicator_id: v.achieved for v in report.indicator_values.all()}
    invoices = list(report.invoices.all())
    if request.method == "POST":

        def dec(name: str) -> Decimal:
            raw = (request.POST.get(name) or "0").replace(",", ".").replace(" ", "") or "0"
            try:
                return Decimal(raw)
            except ArithmeticError as exc:
                raise ValidationError(_("Niepoprawna kwota: %(v)s") % {"v": raw}) from exc

        try:
            inv_lines = []
            for i in range(len(invoices) + 2):
                if request.POST.get(f"inv_{i}_number"):
                    from datetime import date as _date

                    row_id = parse_id(request.POST.get(f"inv_{i}_row", ""))
                    if row_id not in {r.pk for r in rows}:
                        raise ValidationError(_("Nieznana pozycja kosztorysu."))
                    inv_lines.append(
                        InvoiceLine(
                            budget_row_id=row_id,
                            number=request.POST[f"inv_{i}_number"],
                            issuer=request.POST.get(f"inv_{i}_issuer", ""),
                            issue_date=_date.fromisoformat(
                                request.POST.get(f"inv_{i}_date") or str(timezone.localdate())
                            ),
                            amount=dec(f"inv_{i}_amount"),
                            from_grant=dec(f"inv_{i}_grant"),
                        )
                    )
            services.report_save(
                actor=request.user,
                report=report,
                actions_done=request.POST.get("actions_done", ""),
                other_info=request.POST.get("other_info", ""),
                indicators={ind.pk: dec(f"ind_{ind.pk}") for ind in indicators},
                expenses=[
                    ExpenseLine(
                        budget_row_id=r.pk,
                        from_grant=dec(f"row_{r.pk}_grant"),
                        from_other=dec(f"row_{r.pk}_other"),
                        own_financial=dec(f"row_{r.pk}_own"),
                        personal=dec(f"row_{r.pk}_personal"),
                        in_kind=dec(f"row_{r.pk}_in_kind"),
                    )
                    for r in rows
                ],
                invoices=inv_lines,
            )
            if request.POST.get("then") == "submit":
                services.report_submit(actor=request.user, report=report)
                messages.success(request, _("Złożono sprawozdanie."))
                return redirect("commissioning:report_detail", pk=report.pk)
        except (ValidationError, ValueError) as exc:
            if isinstance(exc, ValidationError):
                _errors(request, exc)
            else:
                messages.error(request, _("Niepoprawne dane dokumentu księgowego."))
        else:
            messages.success(request, _("Zapisano sprawozdanie (wersja robocza)."))
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
