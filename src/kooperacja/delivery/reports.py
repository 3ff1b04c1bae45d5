"""The delivery report of a service for a period (feeds the contract reports): figures computed from records."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone

from kooperacja.catalog.models import Service
from kooperacja.core import exports

from .enums import IndicatorKind
from .models import OutcomeIndicator
from .selectors import achieved_value


@dataclass
class ReportRow:
    kind: str
    label: str
    planned: Decimal | None
    achieved: Decimal


@dataclass
class ServiceReport:
    service: Service
    start: date
    end: date
    rows: list[ReportRow]


def period_from(params: Any) -> tuple[date, date]:
    today = timezone.localdate()
    start, end = date(today.year, 1, 1), today
    for key, default in (("od", start), ("do", end)):
        raw = params.get(key, "")
        try:
            value = datetime.strptime(raw, "%Y-%m-%d").date() if raw else default  # noqa: DTZ007
        except ValueError:
            value = default
        if key == "od":
            start = value
        else:
            end = value
    if end < start:
        start, end = end, start
    return start, end


def service_report(service: Service, start: date, end: date) -> ServiceReport:
    planned = {
        i.kind: i.planned
        for i in OutcomeIndicator.objects.filter(service=service, period_start__lte=end, period_end__gte=start)
    }
    rows = [
        ReportRow(kind, str(label), planned.get(kind), achieved_value(service, kind, start, end))
        for kind, label in IndicatorKind.choices
        if kind in planned
        or kind
        in (IndicatorKind.PARTICIPANTS, IndicatorKind.SESSIONS, IndicatorKind.HOURS, IndicatorKind.ATTENDANCE_RATE)
    ]
    return ServiceReport(service, start, end, rows)


def _table(report: ServiceReport) -> list[list[Any]]:
    head = [["Usługa", report.service.name], ["Realizator", str(report.service.provider)],
            ["Okres", f"{report.start:%d.%m.%Y} – {report.end:%d.%m.%Y}"], [],
            ["Wskaźnik", "Wartość docelowa", "Osiągnięto"]]  # fmt: skip
    return head + [[r.label, "" if r.planned is None else r.planned, r.achieved] for r in report.rows]


def download(report: ServiceReport, fmt: str) -> HttpResponse:
    """The report as XLSX or CSV; every cell through `core.exports` (no formula from a service's name)."""
    name = f"sprawozdanie-{report.service.pk}-{report.start:%Y%m%d}-{report.end:%Y%m%d}"
    if fmt == "xlsx":
        return exports.xlsx_response(_table(report), f"{name}.xlsx", title="Sprawozdanie")
    return exports.csv_response(_table(report), f"{name}.csv")
