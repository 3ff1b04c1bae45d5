"""Split pages: a member's obligations, the split of a won contract, its versions, delivery reports and the
consortium's report to the contracting authority."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import formset_factory
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kooperacja.commissioning.selectors import contract_for
from kooperacja.core.fields import parse_id
from kooperacja.core.viewtools import call_service, run_action

from .. import expenses, pdfs, selectors, services
from ..access import access_of
from ..enums import PlanStatus, ReportStatus
from ..expense_forms import ExpenseFormSet
from ..models import DeliveryReport
from ..split_forms import AllocationRowForm, DeliveryReportForm, PlanNoteForm
from ._common import pdf_response

ZERO = Decimal("0.00")
# What a document line leaves empty: its grant and own share are zero.
EXPENSE_DEFAULTS: dict[str, Any] = {
    "budget_row": None,
    "document_number": "",
    "document_date": None,
    "amount": ZERO,
    "from_grant": ZERO,
    "own_share": ZERO,
}


@login_required
def obligations(request: HttpRequest) -> HttpResponse:
    """The member's own obligations: its allocations in approved splits, report deadlines, open votes."""
    if not access_of(request.user).members:
        raise PermissionDenied
    return render(request, "consortia/obligations.html", selectors.obligations_of(request.user))


def _contract_and_consortium(request: HttpRequest, pk: int, contract_pk: int) -> tuple[Any, Any]:
    """The consortium and one of its contracts: insiders see every contract won by the consortium, others (the
    authority's officers) only contracts commissioning lets them see."""
    consortium = selectors.consortium_for(request.user, pk)
    if request.user.has_perm("consortia.view_internal", consortium):
        contract = get_object_or_404(selectors.contracts_of(consortium), pk=contract_pk)
    else:
        contract = contract_for(request.user, contract_pk)
        if contract.contractor_id != consortium.lead_id:
            raise Http404
    return consortium, contract


@login_required
def split_view(request: HttpRequest, pk: int, contract_pk: int) -> HttpResponse:
    consortium, contract = _contract_and_consortium(request, pk, contract_pk)
    internal = request.user.has_perm("consortia.view_internal", consortium)
    overview = selectors.split_overview(request.user, consortium, contract, internal=internal)
    if overview is None:
        raise Http404
    return render(
        request,
        "consortia/split.html",
        {
            "consortium": consortium,
            "contract": contract,
            **overview,
            "is_office": request.user.has_perm("consortia.manage_consortium", consortium),
            "internal": internal,
        },
    )


AllocationFormSet = formset_factory(AllocationRowForm, extra=2, can_delete=False)


def _rows(formset: Any) -> list[services.AllocationRow]:
    return [
        services.AllocationRow(
            member=f.cleaned_data["member"],
            task=f.cleaned_data["task"],
            amount=f.cleaned_data["amount"],
            starts_on=f.cleaned_data["starts_on"],
            ends_on=f.cleaned_data["ends_on"],
            report_due=f.cleaned_data["report_due"],
            contract_lot=f.cleaned_data.get("contract_lot"),
        )
        for f in formset.forms
        if f.cleaned_data and f.cleaned_data.get("member")
    ]


@login_required
def plan_create(request: HttpRequest, pk: int, contract_pk: int) -> HttpResponse:
    consortium, contract = _contract_and_consortium(request, pk, contract_pk)
    if not request.user.has_perm("consortia.manage_consortium", consortium):
        raise PermissionDenied
    base, initial = selectors.plan_initial_rows(contract, consortium)
    note_form = PlanNoteForm(request.POST or None)
    formset = AllocationFormSet(
        request.POST or None,
        initial=initial,
        form_kwargs={"consortium": consortium, "contract": contract},
        prefix="rows",
    )
    if request.method == "POST" and formset.is_valid() and note_form.is_valid():
        plan = call_service(
            note_form,
            services.plan_create,
            actor=request.user,
            consortium=consortium,
            contract=contract,
            rows=_rows(formset),
            note=note_form.cleaned_data["note"],
            deviation_reason=note_form.cleaned_data["deviation_reason"],
        )
        if plan is not None:
            messages.success(
                request,
                _("Zapisano wersję %(v)s podziału. Przedłóż ją do zatwierdzenia uchwałą.") % {"v": plan.version},
            )
            return redirect("consortia:plan", pk=plan.pk)
    return render(
        request,
        "consortia/plan_form.html",
        {
            "consortium": consortium,
            "contract": contract,
            "formset": formset,
            "note_form": note_form,
            "base": base,
            "offer": contract.offer,
            "shares": selectors.offer_shares(contract),
        },
    )


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = get_object_or_404(selectors.plans_visible_to(request.user), pk=pk)
    consortium = plan.consortium
    internal = request.user.has_perm("consortia.view_internal", consortium)
    is_office = request.user.has_perm("consortia.manage_consortium", consortium)
    return render(
        request,
        "consortia/plan.html",
        {
            "plan": plan,
            "consortium": consortium,
            "contract": plan.contract,
            **selectors.plan_overview(request.user, plan, internal=internal),
            "is_office": is_office,
            "can_propose": is_office and plan.status == PlanStatus.DRAFT,
        },
    )


@login_required
def report_delivery(request: HttpRequest, pk: int) -> HttpResponse:
    allocation = get_object_or_404(selectors.allocations_visible_to(request.user), pk=pk)
    if not request.user.has_perm("consortia.report_delivery", allocation):
        raise PermissionDenied
    form = DeliveryReportForm(request.POST or None, initial={"period_start": allocation.starts_on})
    rows = expenses.rows_for_allocation(allocation)
    # Without cost rows of the member's part in the offer there is nothing to charge documents to: no formset.
    formset = ExpenseFormSet(request.POST or None, form_kwargs={"rows": rows}, prefix="docs") if rows else None
    if request.method == "POST" and form.is_valid() and (formset is None or formset.is_valid()):
        entries = [
            services.ExpenseEntry(**{k: f.cleaned_data[k] or v for k, v in EXPENSE_DEFAULTS.items()})
            for f in (formset.forms if formset is not None else [])
            if f.is_filled
        ]
        data = dict(form.cleaned_data)
        if not entries and data.get("costs") is None:
            form.add_error("costs", _("Podaj poniesione koszty albo wpisz dokumenty księgowe poniżej."))
        else:
            data["costs"] = data.get("costs") or ZERO
            report = call_service(
                form,
                services.delivery_report_submit,
                actor=request.user,
                allocation=allocation,
                expenses=entries,
                **data,
            )
            if report is not None:
                messages.success(request, _("Sprawozdanie przekazano do biura konsorcjum."))
                return redirect("consortia:obligations")
    plan = allocation.plan
    return render(
        request,
        "consortia/report_form.html",
        {
            "form": form,
            "formset": formset,
            "allocation": allocation,
            "consortium": plan.consortium,
            "previous": allocation.reports.order_by("period_start"),
            "rows": expenses.member_rows(plan, allocation.member) if rows else [],
        },
    )


@login_required
@require_POST
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(
        DeliveryReport.objects.select_related("allocation__plan__consortium", "allocation__plan__contract"),
        pk=pk,
        allocation__plan__consortium__in=selectors.internal_consortia_for(request.user),
    )
    if not request.user.has_perm("consortia.manage_consortium", report.allocation.plan.consortium):
        raise PermissionDenied
    run_action(
        request,
        services.delivery_report_review,
        actor=request.user,
        report=report,
        accept=request.POST.get("decision") == "accept",
        note=request.POST.get("note", ""),
        success=_("Zapisano decyzję biura."),
    )
    plan = report.allocation.plan
    return redirect("consortia:consortium_report", pk=plan.consortium_id, contract_pk=plan.contract_id)


def _report_context(request: HttpRequest, pk: int, contract_pk: int) -> dict[str, Any]:
    consortium, contract = _contract_and_consortium(request, pk, contract_pk)
    if not request.user.has_perm("consortia.manage_consortium", consortium):
        if request.user.has_perm("consortia.view_internal", consortium):
            raise PermissionDenied
        raise Http404
    plan = selectors.approved_plan(contract)
    if plan is None:
        raise Http404
    return {
        "consortium": consortium,
        "contract": contract,
        "plan": plan,
        **selectors.consortium_report_summary(contract, plan),
        "expense_rows": expenses.consortium_rows(plan),
        "is_office": True,
        "to_review": ReportStatus.SUBMITTED,
    }


@login_required
@require_POST
def consortium_report_feed(request: HttpRequest, pk: int, contract_pk: int) -> HttpResponse:
    ctx = _report_context(request, pk, contract_pk)
    report = get_object_or_404(ctx["to_feed"], pk=parse_id(request.POST.get("report", "")) or 0)
    run_action(
        request,
        services.consortium_report_feed,
        actor=request.user,
        consortium=ctx["consortium"],
        contract=ctx["contract"],
        report=report,
        success=_("Przeniesiono opis działań i koszty członków do sprawozdania „%(r)s” dla zleceniodawcy.")
        % {"r": report},
    )
    return redirect("consortia:consortium_report", pk=pk, contract_pk=contract_pk)


@login_required
def consortium_report(request: HttpRequest, pk: int, contract_pk: int) -> HttpResponse:
    return render(request, "consortia/consortium_report.html", _report_context(request, pk, contract_pk))


@login_required
def consortium_report_pdf(request: HttpRequest, pk: int, contract_pk: int) -> HttpResponse:
    ctx = _report_context(request, pk, contract_pk)
    data = pdfs.consortium_report_pdf(ctx["consortium"], ctx["contract"], ctx["plan"], ctx["summaries"])
    return pdf_response(data, f"sprawozdanie-konsorcjum-{contract_pk}.pdf")
