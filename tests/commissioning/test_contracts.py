"""Contracts and reports: review, settlement, annexes, report deadlines, reminders."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from kooperacja.commissioning import services
from kooperacja.commissioning.enums import CallState, ReportState
from kooperacja.commissioning.models import Call
from kooperacja.demo.scenarios.commissioning import FINISHED_TITLE

D = Decimal
pytestmark = pytest.mark.django_db


def finished() -> Call:
    return Call.objects.get(title=FINISHED_TITLE)


def test_report_review_and_settlement(demo: Any) -> None:
    contract = finished().contracts.get()
    officer, coordinator = demo.user("officer"), demo.user("coordinator")
    partial = contract.reports.get(kind="partial")
    partial = services.report_review(
        actor=officer,
        report=partial,
        decision="corrections",
        note="Brak faktur",
        corrections_due=timezone.localdate() + dt.timedelta(days=14),
    )
    assert partial.state == ReportState.CORRECTIONS_REQUESTED
    partial = services.report_submit(actor=coordinator, report=partial)
    services.report_review(actor=officer, report=partial, decision="accept")
    final = contract.reports.get(kind="final")
    # a row the accepted partial report already spent from: its whole grant again in the final report is too much
    row = partial.expenses.filter(from_grant__gt=0).select_related("budget_row").first().budget_row
    with pytest.raises(ValidationError, match="przekraczają"):
        services.report_save(
            actor=coordinator,
            report=final,
            actions_done="x",
            expenses=[services.ExpenseLine(budget_row_id=row.pk, from_grant=row.from_grant)],
        )
    with pytest.raises(ValidationError, match="Rozliczenie"):
        services.contract_settle(actor=officer, contract=contract)
    for yearly in contract.reports.filter(kind="yearly"):  # a contract over two budget years (art. 16 ust. 3)
        services.report_save(actor=coordinator, report=yearly, actions_done="Działania roku budżetowego.")
        services.report_submit(actor=coordinator, report=yearly)
        services.report_review(actor=officer, report=yearly, decision="accept")
    services.report_save(actor=coordinator, report=final, actions_done="Zrealizowano wszystkie działania.")
    services.report_submit(actor=coordinator, report=final)
    contract.refresh_from_db()
    assert contract.state == "reporting"
    services.report_review(actor=officer, report=final, decision="accept")
    contract = services.contract_settle(actor=officer, contract=contract)
    assert contract.state == "settled"
    assert Call.objects.get(pk=contract.call_id).state == CallState.ARCHIVED


def test_annex_keeps_history_and_rescales_lots(demo: Any) -> None:
    contract = finished().contracts.get()
    annex = services.annex_create(
        actor=demo.user("officer"),
        contract=contract,
        signed_on=timezone.localdate(),
        summary="Zmniejszenie dotacji",
        new_amount=D("640000.00"),
        new_end_date=contract.end_date + dt.timedelta(days=10),
    )
    contract.refresh_from_db()
    assert (annex.previous_amount, annex.new_amount) == (D("650000.00"), D("640000.00"))
    assert sum(cl.amount for cl in contract.contract_lots.all()) == D("640000.00")
    assert sum(t.amount for t in contract.tranches.all()) == D("640000.00")
    assert contract.reports.get(kind="final").due_date == contract.end_date + dt.timedelta(days=30)
    assert contract.history.count() >= 2


def test_partial_report_deadline_at_least_30_days(demo: Any) -> None:
    contract = finished().contracts.get()
    with pytest.raises(ValidationError, match=r"art\. 18 ust\. 2 OPP"):
        services.report_demand(
            actor=demo.user("officer"),
            contract=contract,
            period_start=contract.start_date,
            period_end=timezone.localdate(),
            due_date=timezone.localdate() + dt.timedelta(days=29),
        )


def test_reminders_are_sent_once(demo: Any) -> None:
    from kooperacja.commissioning.models import Report
    from kooperacja.commissioning.tasks import send_due_reminders

    report = finished().contracts.get().reports.get(kind="final")
    Report.objects.filter(pk=report.pk).update(due_date=timezone.localdate() + dt.timedelta(days=2))
    mail.outbox.clear()
    assert send_due_reminders.call() >= 1
    assert any("sprawozdania" in m.subject for m in mail.outbox)
    sent = len(mail.outbox)
    send_due_reminders.call()
    assert len(mail.outbox) == sent


def test_reminders_command_enqueues_the_task(demo: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("commissioning_reminders", stdout=out)
    assert "Zadanie przypomnień" in out.getvalue()
