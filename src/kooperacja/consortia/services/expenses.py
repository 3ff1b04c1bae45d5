"""A member's expenses per budget row in its delivery report (issue 17): validated against the member's part of the
split per cost row, written with the report (`split.delivery_report_submit` / `delivery_report_resubmit` call
`write_expenses` inside their transaction), and the lines the accepted reports give the contract report."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kooperacja.core.pdf import format_date, format_pln

from ..expenses import ZERO, accepted_for_period, plan_by_row, rows_for_allocation, spent_by_row
from ..models import AllocationPlan, DeliveryExpense, DeliveryReport

GROSZ = Decimal("0.01")


@dataclass
class ExpenseEntry:
    """One accounting document of a member's report, charged to a cost row of its part of the split."""

    budget_row: Any  # commissioning.BudgetRow
    document_number: str
    document_date: dt.date
    amount: Decimal
    from_grant: Decimal = ZERO
    own_share: Decimal = ZERO


def _money(value: Any, n: int) -> Decimal:
    try:
        amount = Decimal(value)
    except (ArithmeticError, ValueError, TypeError):
        raise ValidationError(_("Dokument %(n)s: nieprawidłowa kwota.") % {"n": n}) from None
    if amount != amount.quantize(GROSZ):
        raise ValidationError(_("Dokument %(n)s: kwoty podaje się z dokładnością do grosza.") % {"n": n})
    return amount.quantize(GROSZ)


def expenses_total(entries: Sequence[ExpenseEntry]) -> Decimal:
    return sum((Decimal(e.amount) for e in entries), ZERO)


def write_expenses(report: DeliveryReport, entries: Sequence[ExpenseEntry]) -> None:
    """Replace the report's documents (inside the caller's transaction, after the report is saved).

    Refused with every problem at once: a row outside the member's part, a date outside the contract, parts larger
    than the document, and a row whose grant spent so far (this report included, returned reports not) would pass
    what the split plans for it."""
    allocation = report.allocation
    plan: AllocationPlan = allocation.plan
    contract = plan.contract
    allowed = {r.pk: r for r in rows_for_allocation(allocation)}
    problems: list[str] = []
    clean: list[ExpenseEntry] = []
    for n, e in enumerate(entries, start=1):
        try:
            amount, grant, own = (_money(v, n) for v in (e.amount, e.from_grant, e.own_share))
        except ValidationError as exc:
            problems.extend(exc.messages)
            continue
        row = e.budget_row
        if row is None or row.pk not in allowed:
            problems.append(
                _("Dokument %(n)s: pozycja kosztorysu nie należy do części umowy przydzielonej członkowi.") % {"n": n}
            )
            continue
        if not e.document_number.strip():
            problems.append(_("Dokument %(n)s: podaj numer dokumentu.") % {"n": n})
        if amount <= 0 or grant < 0 or own < 0:
            problems.append(_("Dokument %(n)s: kwoty muszą być dodatnie.") % {"n": n})
        if grant + own > amount:
            problems.append(
                _("Dokument %(n)s: część z dotacji i wkład własny (%(parts)s) przekraczają kwotę dokumentu %(a)s.")
                % {"n": n, "parts": format_pln(grant + own), "a": format_pln(amount)}
            )
        if not contract.start_date <= e.document_date <= contract.end_date:
            problems.append(
                _("Dokument %(n)s: data %(d)s poza okresem realizacji umowy (%(s)s–%(e)s).")
                % {
                    "n": n,
                    "d": format_date(e.document_date),
                    "s": format_date(contract.start_date),
                    "e": format_date(contract.end_date),
                }
            )
        clean.append(
            ExpenseEntry(
                budget_row=row,
                document_number=e.document_number.strip(),
                document_date=e.document_date,
                amount=amount,
                from_grant=grant,
                own_share=own,
            )
        )
    if problems:
        raise ValidationError(problems)
    planned = plan_by_row(plan, allocation.member)
    before = spent_by_row(plan, allocation.member, exclude_report=report.pk)
    now: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for e in clean:
        now[e.budget_row.pk] += e.from_grant
    member_id = allocation.member_id
    for row_id, grant in now.items():
        plan_row = planned.get((member_id, row_id), ZERO)
        spent = before.get((member_id, row_id), (ZERO, ZERO))[0]
        if spent + grant > plan_row:
            problems.append(
                _(
                    "Pozycja „%(row)s”: z dotacji zaplanowano dla członka %(plan)s, wydano wcześniej %(spent)s, "
                    "w tym sprawozdaniu %(now)s – razem o %(over)s za dużo."
                )
                % {
                    "row": allowed[row_id].name,
                    "plan": format_pln(plan_row),
                    "spent": format_pln(spent),
                    "now": format_pln(grant),
                    "over": format_pln(spent + grant - plan_row),
                }
            )
    if problems:
        raise ValidationError(problems)
    DeliveryExpense.objects.filter(report=report).delete()
    for e in clean:
        expense = DeliveryExpense(
            report=report,
            budget_row=e.budget_row,
            document_number=e.document_number,
            document_date=e.document_date,
            amount=e.amount,
            from_grant=e.from_grant,
            own_share=e.own_share,
        )
        expense.full_clean(exclude=["report", "budget_row"])
        expense.save()


def contract_report_lines(plan: AllocationPlan, start: dt.date, end: dt.date) -> tuple[list[Any], list[Any]]:
    """Commissioning's expense lines (per cost row: grant, own financial contribution) and document lines (number,
    issuer = the member, date, amount, of which grant) from the accepted members' documents of the period."""
    from kooperacja.commissioning.services import ExpenseLine, InvoiceLine

    lines = accepted_for_period(plan, start, end)
    expenses = [
        ExpenseLine(budget_row_id=row_id, from_grant=grant, own_financial=own)
        for row_id, (grant, own) in sorted(lines.per_row.items())
    ]
    invoices = [
        InvoiceLine(
            budget_row_id=d.budget_row_id,
            number=d.document_number,
            issuer=d.report.allocation.member.organisation.name[:200],
            issue_date=d.document_date,
            amount=d.amount,
            from_grant=d.from_grant,
        )
        for d in lines.documents
    ]
    return expenses, invoices
