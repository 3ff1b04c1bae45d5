"""The append-only triggers of the audit tables (installed by core migration 0003, docs/audit.md).

`suspended()` is for the test suite (flushing the database after a transactional test, simulating tampering)
and for benchmarks only. It is no back door: on PostgreSQL it needs a superuser (`session_replication_role`),
on SQLite whoever can write the database file can drop triggers anyway. The archive path for a DBA is the
`kooperacja_audit_archiver` role described in docs/audit.md.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections, transaction

AUDIT_TABLES = ("core_auditevent", "core_accesslog", "core_auditcheckpoint")
PREFIX = "kooperacja_audit_"


def installed(using: str = DEFAULT_DB_ALIAS) -> set[tuple[str, str]]:
    """(table, trigger name) of every append-only trigger present in the database."""
    conn = connections[using]
    with conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' AND c.relname = ANY(%s) AND t.tgname LIKE %s",
                [list(AUDIT_TABLES), PREFIX + "%"],
            )
        else:
            cursor.execute(
                "SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                [PREFIX + "%"],
            )
        return {(table, name) for table, name in cursor.fetchall() if table in AUDIT_TABLES}


@contextmanager
def suspended(using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    """Run the body with the audit triggers off, inside one transaction (tests and benchmarks only).

    On an exception the transaction (or savepoint) rolls back, which also restores the triggers."""
    conn = connections[using]
    with transaction.atomic(using=using), conn.cursor() as cursor:
        if conn.vendor == "postgresql":
            cursor.execute("SHOW session_replication_role")
            (before,) = cursor.fetchone()
            cursor.execute("SET LOCAL session_replication_role = replica")
            yield
            cursor.execute("SELECT set_config('session_replication_role', %s, true)", [before])
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s", [PREFIX + "%"]
            )
            saved = cursor.fetchall()
            for name, _sql in saved:
                cursor.execute(f"DROP TRIGGER {conn.ops.quote_name(name)}")
            yield
            for _name, sql in saved:
                cursor.execute(sql)
