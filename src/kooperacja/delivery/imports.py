"""Import of participants and attendance from CSV or XLSX: a row-by-row report, and nothing half-imported
(any bad row rolls back the whole file).

Files are read through `core.uploads` (size, type, encoding, separator, zip limits, row cap); a file above
`KOOPERACJA_IMPORT_BACKGROUND_ROWS` / `_BYTES` is imported by the task worker (`job_start` -> `tasks.import_task`
-> `run_job`) while the person follows a progress page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from kooperacja.catalog.enums import AssistanceReason
from kooperacja.catalog.models import Service
from kooperacja.core import importjobs, uploads
from kooperacja.core.actors import Actor, is_system, require
from kooperacja.core.identifiers import normalize_pesel
from kooperacja.core.models import ImportJob, Territory

from . import services
from .enums import AttendanceStatus, EnrolmentStatus
from .models import Enrolment, Person, Session
from .policies import staff_org_ids

PARTICIPANT_COLUMNS = [
    "imie", "nazwisko", "pesel", "data_urodzenia", "telefon", "email", "ulica", "kod_pocztowy", "miejscowosc",
    "gmina_teryt", "przeslanki", "data_zapisu",
]  # fmt: skip
ATTENDANCE_COLUMNS = ["data", "temat", "godziny_zajec", "kod_uczestnika", "pesel", "obecnosc", "godziny"]
COLUMNS = {"participants": PARTICIPANT_COLUMNS, "attendance": ATTENDANCE_COLUMNS}
REQUIRED = {"participants": {"imie", "nazwisko"}, "attendance": {"data", "obecnosc"}}
JOB_KIND = "delivery.import"

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

    def as_json(self) -> dict[str, Any]:
        """The shape `core.importjobs` stores and its progress page renders."""
        return {
            "committed": self.committed,
            "error": self.error,
            "summary": _("Poprawne wiersze: %(ok)d, błędne: %(bad)d.") % {"ok": self.n_ok, "bad": self.n_errors},
            "notice": ""
            if self.committed or self.error
            else _("Jeśli choć jeden wiersz ma błąd, nic nie zostaje zapisane – popraw plik i wczytaj go ponownie."),
            "rows": [{"line": r.line, "ok": r.ok, "label": "", "messages": [r.message]} for r in self.rows],
        }


def open_file(*, kind: str, content: bytes, filename: str) -> uploads.Table:
    """The file as a table with the columns `kind` needs; a ValidationError says what is wrong with it."""
    table = uploads.open_table(content, filename)
    table.require_columns(REQUIRED[kind], COLUMNS[kind])
    return table


def inspect(*, kind: str, content: bytes, filename: str) -> int:
    """Check the whole file without writing anything (streamed, row cap applied); returns its number of rows."""
    n_rows = open_file(kind=kind, content=content, filename=filename).count_rows()
    if not n_rows:
        raise ValidationError(_("Plik nie zawiera żadnych wierszy z danymi."))
    return n_rows


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


def _participant_row(actor: Actor, service: Service, row: dict[str, str], default_gmina: Territory) -> str:
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


def _attendance_row(actor: Actor, service: Service, row: dict[str, str], sessions: dict[date, Session]) -> str:
    day = _parse_date(row.get("data", ""), _("data"))
    code, pesel = row.get("kod_uczestnika", "").strip().upper(), normalize_pesel(row.get("pesel", ""))
    people = Person.objects.filter(
        served_by__organisation_id__in=[service.provider_id] if is_system(actor) else staff_org_ids(actor)
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


def import_file(
    *,
    actor: Actor,
    service: Service,
    kind: str,
    content: bytes,
    filename: str,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    require(actor, "delivery.import_data", service)
    report = ImportReport(kind=kind)
    try:
        table = open_file(kind=kind, content=content, filename=filename)
        total = table.count_rows()  # the row cap is checked before anything is written
    except ValidationError as exc:
        report.error = " ".join(exc.messages)
        return report
    if not total:
        report.error = _("Plik nie zawiera żadnych wierszy z danymi.")
        return report
    sessions: dict[date, Session] = {}
    try:
        with transaction.atomic():
            for done, (line, row) in enumerate(table.rows(), start=1):
                try:
                    with transaction.atomic():
                        if kind == "participants":
                            msg = _participant_row(actor, service, row, service.provider.territory)
                        else:
                            msg = _attendance_row(actor, service, row, sessions)
                    report.rows.append(RowResult(line, True, msg))
                except ValidationError as exc:
                    report.rows.append(RowResult(line, False, " ".join(exc.messages)))
                if progress is not None:
                    progress(done, total)
            if report.n_errors or not report.rows:
                transaction.set_rollback(True)
            else:
                report.committed = True
    except ValidationError as exc:  # the stream itself failed (row cap, a broken line): all rolled back
        report.rows, report.committed = [], False
        report.error = " ".join(exc.messages)
    return report


def job_start(
    *, actor: Actor, service: Service, kind: str, content: bytes, filename: str, total_rows: int
) -> ImportJob:
    """Hand a large file to the task worker; the person follows `core:import_job`."""
    from .tasks import import_task

    require(actor, "delivery.import_data", service)
    job = importjobs.job_create(
        actor=actor,
        kind=JOB_KIND,
        filename=filename,
        content=content,
        target=service,
        options={"kind": kind},
        back_url=reverse("delivery:import", args=[service.pk]),
        total_rows=total_rows,
    )
    transaction.on_commit(lambda: import_task.enqueue(str(job.pk)))
    return job


def run_job(job: ImportJob, progress: Callable[[int, int], None]) -> dict[str, Any]:
    """The task's handler: import the stored file as the person who uploaded it (permissions checked again)."""
    service = Service.objects.filter(pk=job.target_id).select_related("provider__territory").first()
    if service is None:
        return ImportReport(kind=job.options.get("kind", ""), error=_("Usługa już nie istnieje.")).as_json()
    try:
        if job.actor is None:  # the person's account was deleted after the upload
            raise PermissionDenied
        report = import_file(
            actor=job.actor,
            service=service,
            kind=job.options["kind"],
            content=bytes(job.content),
            filename=job.filename,
            progress=progress,
        )
    except PermissionDenied:
        report = ImportReport(kind=job.options["kind"], error=_("Nie masz już uprawnień do importu w tej usłudze."))
    return report.as_json()
