"""Import of participants and attendance from CSV or XLSX: a row-by-row report, and nothing half-imported
(any bad row rolls back the whole file)."""

from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kooperacja.catalog.enums import AssistanceReason
from kooperacja.catalog.models import Service
from kooperacja.core.identifiers import normalize_pesel
from kooperacja.core.models import Territory

from . import services
from .enums import AttendanceStatus, EnrolmentStatus
from .models import Enrolment, Person, Session
from .rules import staff_org_ids

PARTICIPANT_COLUMNS = [
    "imie", "nazwisko", "pesel", "data_urodzenia", "telefon", "email", "ulica", "kod_pocztowy", "miejscowosc",
    "gmina_teryt", "przeslanki", "data_zapisu",
]  # fmt: skip
ATTENDANCE_COLUMNS = ["data", "temat", "godziny_zajec", "kod_uczestnika", "pesel", "obecnosc", "godziny"]
MAX_ROWS = 5000

STATUS_WORDS = {
    "obecny": AttendanceStatus.PRESENT, "obecna": AttendanceStatus.PRESENT, "o": AttendanceStatus.PRESENT,
    "1": AttendanceStatus.PRESENT, "tak": AttendanceStatus.PRESENT, "present": AttendanceStatus.PRESENT,
    "nieobecny": AttendanceStatus.ABSENT, "nieobecna": AttendanceStatus.ABSENT, "n": AttendanceStatus.ABSENT,
    "0": AttendanceStatus.ABSENT, "nie": AttendanceStatus.ABSENT, "absent": AttendanceStatus.ABSENT,
    "usprawiedliwiony": AttendanceStatus.EXCUSED, "usprawiedliwiona": AttendanceStatus.EXCUSED,
    "u": AttendanceStatus.EXCUSED, "excused": AttendanceStatus.EXCUSED,
}  # fmt: skip
REASON_LABELS = {str(label).lower(): value for value, label in AssistanceReason.choices}


@dataclass
class RowResult:
    line: int
    ok: bool
    message: str


@dataclass
class ImportReport:
    kind: str
    rows: list[RowResult] = field(default_factory=list)
    committed: bool = False
    error: str = ""

    @property
    def n_ok(self) -> int:
        return sum(r.ok for r in self.rows)

    @property
    def n_errors(self) -> int:
        return sum(not r.ok for r in self.rows)


def _norm(header: Any) -> str:
    text = unicodedata.normalize("NFKD", str(header or "").strip().lower().replace("ł", "l"))
    return "".join(c for c in text if not unicodedata.combining(c)).replace(" ", "_").replace("-", "_")


def read_table(content: bytes, filename: str) -> list[tuple[int, dict[str, str]]]:
    """Rows as (line number in the file, {normalised header: text})."""
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for a broken file
            raise ValidationError(_("Nie udało się odczytać pliku XLSX.")) from exc
        raw = [list(r) for r in wb.active.iter_rows(values_only=True)]
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("cp1250")
        first = text.splitlines()[0] if text else ""
        delimiter = ";" if first.count(";") >= first.count(",") else ","
        raw = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    if not raw:
        raise ValidationError(_("Plik jest pusty."))
    headers = [_norm(h) for h in raw[0]]
    rows = []
    for i, values in enumerate(raw[1:], start=2):
        if not any(v not in (None, "") for v in values):
            continue
        row = {}
        for h, v in zip(headers, values, strict=False):
            if isinstance(v, datetime):
                v = v.date()
            row[h] = v.isoformat() if isinstance(v, date) else ("" if v is None else str(v).strip())
        rows.append((i, row))
    if len(rows) > MAX_ROWS:
        raise ValidationError(_("Plik ma więcej niż %(n)d wierszy – podziel go.") % {"n": MAX_ROWS})
    return rows


def _parse_date(value: str, label: str) -> date:
    value = value.strip()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(value, fmt).date()  # noqa: DTZ007 - a calendar date, no time zone
        except ValueError:
            continue
    raise ValidationError(_("%(label)s: niepoprawna data „%(v)s” (użyj dd.mm.rrrr).") % {"label": label, "v": value})


def _parse_decimal(value: str, label: str) -> Decimal:
    try:
        return Decimal(value.replace(",", "."))
    except InvalidOperation:
        raise ValidationError(_("%(label)s: to nie jest liczba.") % {"label": label}) from None


def _reasons(value: str) -> list[str]:
    found = []
    for part in filter(None, (p.strip().lower() for p in value.replace(";", ",").split(","))):
        code = part if part in AssistanceReason.values else REASON_LABELS.get(part)
        if code is None:
            raise ValidationError(_("Nieznana przesłanka pomocy: %(v)s") % {"v": part})
        found.append(code)
    return found


def _participant_row(actor: Any, service: Service, row: dict[str, str], default_gmina: Territory) -> str:
    gmina: Territory | None = default_gmina
    if row.get("gmina_teryt"):
        gmina = Territory.objects.filter(code=row["gmina_teryt"], kind="gmina").first()
        if gmina is None:
            raise ValidationError(_("Nie ma gminy o kodzie TERYT %(v)s.") % {"v": row["gmina_teryt"]})
    data: dict[str, Any] = {
        "first_name": row.get("imie", ""),
        "last_name": row.get("nazwisko", ""),
        "pesel": row.get("pesel", ""),
        "phone": row.get("telefon", ""),
        "email": row.get("email", ""),
        "street": row.get("ulica", ""),
        "postal_code": row.get("kod_pocztowy", ""),
        "city": row.get("miejscowosc", ""),
        "territory": gmina,
        "reasons": _reasons(row.get("przeslanki", "")),
    }
    if row.get("data_urodzenia") and not data["pesel"]:
        data["birth_date"] = _parse_date(row["data_urodzenia"], _("data urodzenia"))
    person = services.person_register(actor=actor, organisation=service.provider, data=data)
    on = _parse_date(row["data_zapisu"], _("data zapisu")) if row.get("data_zapisu") else None
    enrolment = services.enrolment_request(actor=actor, person=person, service=service, on=on)
    where = _("lista oczekujących") if enrolment.status == EnrolmentStatus.WAITING else _("zapisany")
    return f"{person.code}: {where}"


def _attendance_row(actor: Any, service: Service, row: dict[str, str], sessions: dict[date, Session]) -> str:
    day = _parse_date(row.get("data", ""), _("data"))
    code, pesel = row.get("kod_uczestnika", "").strip().upper(), normalize_pesel(row.get("pesel", ""))
    people = Person.objects.filter(
        served_by__organisation_id__in=staff_org_ids(actor) if actor else [service.provider_id]
    )
    person = people.filter(code=code).first() if code else (people.filter(pesel=pesel).first() if pesel else None)
    if person is None:
        raise ValidationError(_("Nie znaleziono uczestnika (kod lub PESEL) wśród Twoich uczestników."))
    enrolment = (
        Enrolment.objects.filter(person=person, service=service, enrolled_on__lte=day).order_by("-enrolled_on").first()
    )
    if enrolment is None:
        raise ValidationError(_("Uczestnik nie był zapisany na tę usługę w dniu %(d)s.") % {"d": f"{day:%d.%m.%Y}"})
    status = STATUS_WORDS.get(row.get("obecnosc", "").strip().lower())
    if status is None:
        raise ValidationError(_("Obecność: wpisz obecny / nieobecny / usprawiedliwiony."))
    session = sessions.get(day) or Session.objects.filter(service=service, date=day).order_by("id").first()
    if session is None:
        duration = _parse_decimal(row["godziny_zajec"], _("godziny zajęć")) if row.get("godziny_zajec") else Decimal(2)
        session = services.session_create(
            actor=actor, service=service, on=day, topic=row.get("temat") or _("Zajęcia"), duration_hours=duration
        )
    hours = _parse_decimal(row["godziny"], _("godziny")) if row.get("godziny") else None
    services.attendance_set(actor=actor, session=session, enrolment=enrolment, status=status, hours=hours)
    sessions[day] = session  # cached only after the row succeeded (a failed row's savepoint is rolled back)
    return f"{person.code}: {dict(AttendanceStatus.choices)[status]} {day:%d.%m.%Y}"


def import_file(*, actor: Any, service: Service, kind: str, content: bytes, filename: str) -> ImportReport:
    if actor is not None and not actor.has_perm("delivery.import_data", service):
        raise PermissionDenied
    report = ImportReport(kind=kind)
    try:
        rows = read_table(content, filename)
    except ValidationError as exc:
        report.error = " ".join(exc.messages)
        return report
    required = {"participants": {"imie", "nazwisko"}, "attendance": {"data", "obecnosc"}}[kind]
    headers = set().union(*(r.keys() for _line, r in rows)) if rows else set()
    if missing := required - headers:
        report.error = _("Brak kolumn: %(c)s.") % {"c": ", ".join(sorted(missing))}
        return report
    sessions: dict[date, Session] = {}
    with transaction.atomic():
        for line, row in rows:
            try:
                with transaction.atomic():
                    if kind == "participants":
                        msg = _participant_row(actor, service, row, service.provider.territory)
                    else:
                        msg = _attendance_row(actor, service, row, sessions)
                report.rows.append(RowResult(line, True, msg))
            except ValidationError as exc:
                report.rows.append(RowResult(line, False, " ".join(exc.messages)))
        if report.n_errors or not report.rows:
            transaction.set_rollback(True)
        else:
            report.committed = True
    return report
