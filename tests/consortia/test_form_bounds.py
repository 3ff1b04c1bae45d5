"""Consortia split forms refuse nonsense at the field, in Polish (issue 16)."""

from __future__ import annotations

import pytest

from kooperacja.consortia.split_forms import DeliveryReportForm


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("period_start", "0202-01-01", "Podaj datę z lat 1900–2100."),
        ("progress_percent", "150", "Upewnij się, że ta wartość jest mniejsza lub równa 100."),
        ("people_reached", "-3", "Upewnij się, że ta wartość jest większa lub równa 0."),
    ],
)
def test_delivery_report_form_refuses_nonsense(field: str, value: str, message: str) -> None:
    form = DeliveryReportForm({field: value})
    assert not form.is_valid()
    assert form.errors[field] == [message]
