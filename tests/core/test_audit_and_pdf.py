from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from kooperacja.core.audit import access_log_for, events_for, log_access, record_event
from kooperacja.core.models import AccessLog, AppendOnlyError
from kooperacja.core.pdf import PdfDocument, format_pln


def test_access_log_names_every_record_and_cannot_change(demo: Any, rf: Any) -> None:
    officer = demo.user("officer")
    org_a, org_b = demo.org("ss_zubr"), demo.org("przystan")
    request = rf.get("/organizacje/1/")
    rows = log_access(user=officer, targets=[org_a, org_b], purpose="test", part="dane", request=request)
    assert len(rows) == 1 and rows[0].record_ids == [str(org_a.pk), str(org_b.pk)]  # one row per request
    entry = access_log_for(org_a).get()
    assert access_log_for(org_b).get() == entry
    assert entry.user == officer
    assert entry.user_label == officer.email
    assert entry.purpose == "test"
    assert entry.path == "/organizacje/1/"
    entry.purpose = "zmienione"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.filter(pk=entry.pk).update(purpose="x")
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.all().delete()
    assert access_log_for(org_a).get().purpose == "test"


def test_record_event_builds_a_timeline(demo: Any) -> None:
    org = demo.org("owop")
    record_event(actor=demo.user("admin"), verb="x.first", target=org)
    record_event(actor=None, verb="x.second", target=org, data={"k": 1})
    verbs = list(events_for(org).filter(verb__startswith="x.").values_list("verb", flat=True))
    assert verbs == ["x.second", "x.first"]


def test_pdf_has_polish_text_and_money_format() -> None:
    doc = PdfDocument(title="Zażółć gęślą jaźń")
    doc.heading("Świetlica")
    doc.table(["Część", "Kwota"], [["Seniorzy", format_pln(Decimal("1234567.8"))]])
    data = doc.output()
    assert data.startswith(b"%PDF")
    assert b"DejaVu" in data
    assert format_pln(Decimal("1234567.8")) == "1\u00a0234\u00a0567,80\u00a0zł"
    assert format_pln(Decimal("-5")) == "-5,00\u00a0zł"
