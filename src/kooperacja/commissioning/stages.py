"""What the call and contract pages draw: the stage timeline of a call or a contract (its workflow's usual course,
the current stage marked, dates where known) and a contract's progress bars (issue 16, "Draw it").

Built on the shared pieces in `core.templatetags.kooperacja_tags` (`workflow_stages`, `{% stage_timeline %}`,
`{% progress_bar %}`)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Sum
from django.utils import timezone

from kooperacja.core.templatetags.kooperacja_tags import Stage, percent_of, workflow_stages

from .enums import CallState, ContractState, ReportState
from .models import Call, Contract
from .workflows import CONTRACT, call_workflow

C = CallState
K = ContractState
ZERO = Decimal("0.00")


def call_stages(call: Call) -> list[Stage]:
    """The stages of the call's procedure (by its mode) with the dates the call records and its deadlines."""
    dates: dict[str, Any] = {
        C.DRAFT: call.created_at,
        C.SUBMITTED: call.created_at,
        C.PUBLISHED: call.published_at,
        C.CLOSED: call.closed_at,
        C.DECIDED: call.decided_at,
        C.RESULTS_PUBLISHED: call.results_published_at,
        C.CANCELLED: call.cancelled_at,
    }
    planned: dict[str, Any] = {
        C.CLOSED: call.offer_deadline,
        C.DECIDED: call.selection_date,
        C.ASSESSED_POSITIVE: call.assessment_due,
    }
    return workflow_stages(call_workflow(call.mode), call.state, dates=dates, planned=planned)


def contract_stages(contract: Contract) -> list[Stage]:
    """Draft, signed, in delivery, settlement, settled: dates of signing and settling, the delivery period."""
    first_report = (
        contract.reports.exclude(submitted_at=None)
        .order_by("submitted_at")
        .values_list("submitted_at", flat=True)
        .first()
    )
    dates: dict[str, Any] = {
        K.DRAFT: contract.created_at,
        K.SIGNED: contract.signed_on,
        K.IN_DELIVERY: contract.start_date if contract.state != K.DRAFT else None,
        K.REPORTING: first_report,
        K.SETTLED: contract.settled_at,
    }
    planned: dict[str, Any] = {K.IN_DELIVERY: contract.start_date, K.REPORTING: contract.end_date}
    return workflow_stages(CONTRACT, contract.state, dates=dates, planned=planned)


def contract_progress(contract: Contract, totals: list[dict[str, Any]], today: dt.date | None = None) -> dict[str, Any]:
    """The contract's bars: execution (grant spent per the reports, except drafts, of the grant), tranches paid,
    time elapsed in the delivery period. Whole percentages."""
    today = today or timezone.localdate()
    spent = sum((t["spent"]["grant"] for t in totals), ZERO)
    paid = contract.tranches.exclude(paid_on=None).aggregate(s=Sum("amount"))["s"] or ZERO
    days = max((contract.end_date - contract.start_date).days, 1)
    elapsed = min(max((today - contract.start_date).days, 0), days)
    accepted = contract.reports.filter(state=ReportState.ACCEPTED).count()
    return {
        "spent": spent,
        "spent_percent": percent_of(spent, contract.amount),
        "paid": paid,
        "paid_percent": percent_of(paid, contract.amount),
        "elapsed_days": elapsed,
        "period_days": days,
        "accepted_reports": accepted,
        "reports": contract.reports.count(),
    }
