"""Month partitions of the access log on PostgreSQL (core migration 0009, docs/scale.md "Rejestr dostępu").

`ensure()` creates the partitions of the current month and the next `months_ahead` ones that do not exist yet,
each with the BEFORE TRUNCATE trigger of the audit tables (PostgreSQL clones the parent's row trigger, which
refuses UPDATE and DELETE, onto every new partition by itself, but not statement triggers). Run daily:
`kooperacja accesslog_partitions` from cron or the task `core.tasks.accesslog_partitions_task`. Without it rows
still land, in the DEFAULT partition; a month whose rows already sit in the DEFAULT partition is not created
(PostgreSQL would refuse) and is reported, so the command says what to look at instead of failing.
On SQLite, or a database migrated before 0009, it does nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.utils import timezone

TABLE = "core_accesslog"
WARSAW = ZoneInfo("Europe/Warsaw")  # months as the people who keep the log count them


@dataclass
class Result:
    created: list[str] = field(default_factory=list)
    existing: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # rows of that month are in the DEFAULT partition


def name_of(year: int, month: int) -> str:
    return f"{TABLE}_p{year:04d}_{month:02d}"


def _next(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def is_partitioned(using: str = DEFAULT_DB_ALIAS) -> bool:
    conn = connections[using]
    if conn.vendor != "postgresql":
        return False
    with conn.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_partitioned_table WHERE partrelid = to_regclass(%s)", [TABLE])
        return cursor.fetchone() is not None


def partitions(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """Names of the partitions of the access log (the DEFAULT one included), sorted."""
    if not is_partitioned(using):
        return []
    with connections[using].cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = to_regclass(%s) ORDER BY c.relname",
            [TABLE],
        )
        return [name for (name,) in cursor.fetchall()]


def ensure(months_ahead: int = 3, today: date | None = None, using: str = DEFAULT_DB_ALIAS) -> Result:
    """Create the month partitions from this month to `months_ahead` months ahead; idempotent."""
    result = Result()
    if not is_partitioned(using):
        return result
    today = today or timezone.localdate()
    have = set(partitions(using))
    year, month = today.year, today.month
    conn = connections[using]
    for _ in range(months_ahead + 1):
        name = name_of(year, month)
        if name in have:
            result.existing.append(name)
        else:
            start = datetime(year, month, 1, tzinfo=WARSAW).isoformat()
            end = datetime(*_next(year, month), 1, tzinfo=WARSAW).isoformat()
            try:
                with transaction.atomic(using=using), conn.cursor() as cursor:
                    cursor.execute(  # the bounds are our own timestamps, not input
                        f"CREATE TABLE {name} PARTITION OF {TABLE} FOR VALUES FROM ('{start}') TO ('{end}')"
                    )
                    cursor.execute(
                        f"CREATE TRIGGER kooperacja_audit_append_only_truncate BEFORE TRUNCATE ON {name} "
                        "FOR EACH STATEMENT EXECUTE FUNCTION kooperacja_audit_append_only('archivable')"
                    )
                result.created.append(name)
            except DatabaseError:  # "updated partition constraint for default partition would be violated"
                result.skipped.append(name)
        year, month = _next(year, month)
    return result
