"""Tamper evidence for the audit tables: periodic checkpoints that hash every row since the previous one.

Inserts do not take part: `record_event` and `log_access` insert as before and wait on no lock of ours. A
checkpoint (command `kooperacja audit_checkpoint`, task `core.tasks.audit_checkpoint_task`) seals the rows that
arrived since the previous checkpoint of the same table, like a certificate-transparency tree head:

    digest = SHA-256( previous_digest + "\\n" + line(row_1) + "\\n" + ... + line(row_n) + "\\n" )

for the rows with `after_id < id <= last_id` in ascending id, where `line` is the row's canonical JSON (see
`canonical_line`) and the first checkpoint of a table starts from `GENESIS`. `kooperacja audit_verify`
recomputes every checkpoint from the rows and names the first broken link.

Late commits. On PostgreSQL ids come from a sequence when the row is inserted, not when it commits, so a
transaction that inserted id 100 can commit after a checkpoint that already covered id 105; the row would
then appear inside a sealed range and `audit_verify` would call it tampering. A checkpoint therefore fixes its
upper bound under `LOCK TABLE ... IN SHARE MODE` (it conflicts with the ROW EXCLUSIVE lock every INSERT
holds until its transaction ends): once granted, every transaction that ever took an id has committed or
rolled back, `max(id)` is final and later inserts get larger ids. The lock is held only for that one
statement (its own short transaction, `lock_timeout` bounded, so inserts are never stalled longer), the rows
are then hashed without any lock. Ids of rolled-back transactions are simply gaps. On SQLite there is one
writer at a time and uncommitted ids are always above the committed ones, so `max(id)` is final as read.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, IntegrityError, connection, transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from .models import AccessLog, AuditCheckpoint, AuditEvent

GENESIS = "0" * 64
# One checkpoint seals at most this many rows (a backlog is sealed as several checkpoints); keeps the
# fingerprints column of one checkpoint below ~1 MB.
BATCH_ROWS = 50_000
LOCK_TIMEOUT_MS = 2_000


def audited_models() -> dict[str, type[Model]]:
    """The append-only tables that checkpoints seal, by database table name (what `table_name` stores)."""
    return {model._meta.db_table: model for model in (AuditEvent, AccessLog)}


class CheckpointBusyError(Exception):
    """The upper bound could not be fixed in time (a long transaction is writing audit rows) or another
    checkpoint of the same table was created meanwhile; the next run will seal these rows."""


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.UTC)
        return value.isoformat(timespec="microseconds")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def canonical_line(columns: list[str], values: tuple[Any, ...] | list[Any]) -> bytes:
    """One row as compact JSON: the columns as keys (sorted), times in UTC with microseconds, UTF-8."""
    row = {column: _plain(value) for column, value in zip(columns, values, strict=True)}
    return json.dumps(row, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def current_columns(model: type[Model]) -> list[str]:
    return [f.column for f in model._meta.concrete_fields]


def _attnames(model: type[Model], columns: list[str]) -> list[str]:
    by_column = {f.column: f.attname for f in model._meta.concrete_fields}
    return [by_column[c] for c in columns]


def iter_lines(model: type[Model], columns: list[str], after_id: int, last_id: int) -> Iterator[tuple[int, bytes]]:
    """(id, canonical line) of every row with after_id < id <= last_id, ascending."""
    rows = (
        model._base_manager.filter(pk__gt=after_id, pk__lte=last_id)
        .order_by("pk")
        .values_list(*_attnames(model, columns))
    )
    id_index = columns.index("id")
    for values in rows.iterator(chunk_size=2_000):
        yield int(values[id_index]), canonical_line(columns, values)


def fingerprint(line: bytes) -> str:
    return hashlib.sha256(line).hexdigest()[:8]


@dataclass
class Sealed:
    last_id: int = 0
    count: int = 0
    digest: str = ""
    fingerprints: list[str] = field(default_factory=list)


def _seal(lines: Iterator[tuple[int, bytes]], previous_digest: str, limit: int | None = None) -> Sealed:
    h = hashlib.sha256(previous_digest.encode() + b"\n")
    out = Sealed()
    for row_id, line in lines:
        h.update(line + b"\n")
        out.fingerprints.append(f"{row_id}:{fingerprint(line)}")
        out.count += 1
        out.last_id = row_id
        if limit is not None and out.count >= limit:
            break
    out.digest = h.hexdigest()
    return out


def _final_max_id(model: type[Model], lock_timeout_ms: int) -> int:
    """The largest id below which no row can still appear (see the module docstring)."""
    table = connection.ops.quote_name(model._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW lock_timeout")
            (before,) = cursor.fetchone()
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [f"{int(lock_timeout_ms)}ms"])
            try:
                with transaction.atomic():
                    cursor.execute(f"LOCK TABLE {table} IN SHARE MODE")
            except DatabaseError as exc:
                raise CheckpointBusyError(
                    _("%(table)s: trwające zapisy nie skończyły się w %(ms)d ms.")
                    % {"table": model._meta.db_table, "ms": lock_timeout_ms}
                ) from exc
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [before])
        cursor.execute(f"SELECT MAX(id) FROM {table}")  # noqa: S608 - a model's table name
        (value,) = cursor.fetchone()
    return int(value or 0)


def last_checkpoint(table_name: str) -> AuditCheckpoint | None:
    return AuditCheckpoint.objects.filter(table_name=table_name).order_by("-last_id").first()


def checkpoint_table(
    table_name: str, *, batch_rows: int = BATCH_ROWS, lock_timeout_ms: int = LOCK_TIMEOUT_MS
) -> list[AuditCheckpoint]:
    """Seal every row of one audit table that no checkpoint covers yet; returns the new checkpoints."""
    model = audited_models()[table_name]
    bound = _final_max_id(model, lock_timeout_ms)
    columns = current_columns(model)
    created: list[AuditCheckpoint] = []
    while True:
        previous = last_checkpoint(table_name)
        after_id = previous.last_id if previous else 0
        previous_digest = previous.digest if previous else GENESIS
        if bound <= after_id:
            return created
        sealed = _seal(iter_lines(model, columns, after_id, bound), previous_digest, limit=batch_rows)
        if sealed.count == 0:  # only ids of rolled-back transactions: the next checkpoint spans the gap
            return created
        # A full batch ends at its last row; otherwise the range reaches the bound (trailing gaps included).
        last_id = sealed.last_id if sealed.count >= batch_rows else bound
        try:
            with transaction.atomic():
                created.append(
                    AuditCheckpoint.objects.create(
                        table_name=table_name,
                        after_id=after_id,
                        last_id=last_id,
                        row_count=sealed.count,
                        columns=",".join(columns),
                        previous_digest=previous_digest,
                        digest=sealed.digest,
                        fingerprints=",".join(sealed.fingerprints),
                    )
                )
        except IntegrityError as exc:
            raise CheckpointBusyError(
                _("%(table)s: w tym samym czasie powstał inny punkt kontrolny.") % {"table": table_name}
            ) from exc


def checkpoint_all(**options: Any) -> dict[str, list[AuditCheckpoint]]:
    return {table: checkpoint_table(table, **options) for table in audited_models()}


# --- verification ---


@dataclass
class Broken:
    table: str
    checkpoint_id: int
    reason: str
    row_id: int | None = None


@dataclass
class TableReport:
    table: str
    checkpoints: int = 0
    rows: int = 0
    archived_checkpoints: int = 0
    uncovered_rows: int = 0
    broken: Broken | None = None


def _first_difference(stored: list[str], actual: list[str]) -> tuple[int | None, str]:
    """The first row where the stored fingerprints and the rows differ, and what happened to it."""
    actual_ids = {_id_of(item) for item in actual}
    for want, have in zip(stored, actual, strict=False):
        if want == have:
            continue
        if _id_of(want) == _id_of(have):
            return _id_of(want), _("wiersz zmieniony")
        if _id_of(want) not in actual_ids:
            return _id_of(want), _("wiersz usunięty")
        return _id_of(have), _("wiersz dopisany w zamkniętym zakresie")
    if len(stored) > len(actual):
        return _id_of(stored[len(actual)]), _("wiersz usunięty")
    if len(actual) > len(stored):
        return _id_of(actual[len(stored)]), _("wiersz dopisany w zamkniętym zakresie")
    return None, _("skrót się nie zgadza, choć odciski wierszy tak (zmieniony punkt kontrolny?)")


def _id_of(fingerprint_item: str) -> int:
    return int(fingerprint_item.split(":", 1)[0])


def verify_table(table_name: str) -> TableReport:
    model = audited_models()[table_name]
    report = TableReport(table=table_name)
    previous_digest, previous_last = GENESIS, 0
    archived_prefix = True
    for cp in AuditCheckpoint.objects.filter(table_name=table_name).order_by("after_id", "id"):
        report.checkpoints += 1
        if cp.previous_digest != previous_digest or cp.after_id != previous_last:
            why = _("punkt kontrolny nie wskazuje na poprzedni (łańcuch przerwany)")
            report.broken = Broken(table_name, cp.pk, why)
            return report
        columns = cp.columns.split(",")
        unknown = set(columns) - set(current_columns(model))
        if unknown:
            report.broken = Broken(
                table_name, cp.pk, _("tabeli brakuje kolumn %(columns)s") % {"columns": ", ".join(sorted(unknown))}
            )
            return report
        sealed = _seal(iter_lines(model, columns, cp.after_id, cp.last_id), cp.previous_digest)
        stored = cp.fingerprints.split(",") if cp.fingerprints else []
        if sealed.count == 0 and archived_prefix:
            # Rows of the oldest checkpoints may be archived by the archiver role (docs/audit.md): the chain
            # continues from the stored digest, and the archive file can be checked against it.
            report.archived_checkpoints += 1
        elif sealed.digest != cp.digest or sealed.count != cp.row_count:
            row_id, what = _first_difference(stored, sealed.fingerprints)
            report.broken = Broken(table_name, cp.pk, what, row_id)
            return report
        else:
            archived_prefix = False
            report.rows += sealed.count
        previous_digest, previous_last = cp.digest, cp.last_id
    report.uncovered_rows = model._base_manager.filter(pk__gt=previous_last).count()
    return report


def verify_all() -> list[TableReport]:
    return [verify_table(table) for table in audited_models()]


def export_lines(table_name: str, checkpoint: AuditCheckpoint) -> Iterator[bytes]:
    """The canonical lines a checkpoint covers (for an archive: `sha256sum` of previous digest + lines)."""
    model = audited_models()[table_name]
    for _row_id, line in iter_lines(model, checkpoint.columns.split(","), checkpoint.after_id, checkpoint.last_id):
        yield line
