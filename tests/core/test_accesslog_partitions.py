"""Issue 15 §4: on PostgreSQL the access log is partitioned by month (core migration 0009, core.partitions) and
stays append-only on every partition; on SQLite nothing changes."""

from __future__ import annotations

import os
from datetime import date
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction

from kooperacja.accounts.models import User
from kooperacja.core import audit_chain, partitions
from kooperacja.core.audit import log_access
from kooperacja.core.models import AccessLog
from tests.conftest import requires_postgres

pytestmark = pytest.mark.django_db


def _refused(sql: str, params: list[Any] | None = None) -> str:
    with pytest.raises(IntegrityError) as caught, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
    return str(caught.value)


def _logged() -> AccessLog:
    someone = User.objects.create(email="partitions@example.org", full_name="Ktoś")
    (row,) = log_access(user=someone, targets=someone, purpose="test partycji")
    return row


def _partition_of(row_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM core_accesslog WHERE id = %s", [row_id])
        return str(cursor.fetchone()[0])


def _triggers(table: str) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT t.tgname FROM pg_trigger t WHERE t.tgrelid = %s::regclass AND t.tgenabled <> 'D'", [table]
        )
        return {name for (name,) in cursor.fetchall()}


@pytest.mark.skipif(os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="SQLite only (PostgreSQL: below)")
def test_on_sqlite_the_log_is_one_table_and_the_command_says_so() -> None:
    assert not partitions.is_partitioned()
    assert partitions.ensure().created == []
    out = StringIO()
    call_command("accesslog_partitions", stdout=out)
    assert "nic do zrobienia" in out.getvalue()


@pytest.mark.postgres
@requires_postgres
def test_the_log_is_partitioned_by_month_and_a_row_lands_in_its_month() -> None:
    assert partitions.is_partitioned()
    names = partitions.partitions()
    today = date.today()
    assert "core_accesslog_default" in names
    assert partitions.name_of(today.year, today.month) in names
    row = _logged()
    assert _partition_of(row.pk) == partitions.name_of(row.occurred_at.year, row.occurred_at.month)
    with connection.cursor() as cursor:  # one unique id sequence, primary key (id, occurred_at)
        cursor.execute("SELECT pg_get_serial_sequence('core_accesslog', 'id')")
        assert cursor.fetchone()[0]
        cursor.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'core_accesslog'::regclass "
            "AND contype = 'p'"
        )
        assert cursor.fetchone()[0] == "PRIMARY KEY (id, occurred_at)"


@pytest.mark.postgres
@requires_postgres
def test_every_partition_refuses_update_delete_and_truncate() -> None:
    row = _logged()
    partitions.ensure(months_ahead=4)
    for table in ["core_accesslog", *partitions.partitions()]:
        assert {"kooperacja_audit_append_only_row", "kooperacja_audit_append_only_truncate"} <= _triggers(table), table
        if table == "core_accesslog":
            target = row.pk
        else:  # a row inside this partition (INSERT is allowed), then try to change and remove it
            year, month = (2099, 1) if table.endswith("default") else map(int, table.split("_p")[1].split("_"))
            target = _copy_at(row.pk, f"{year:04d}-{month:02d}-15 12:00+01")
            assert _partition_of(target) == table
        assert "UPDATE odrzucone" in _refused(f"UPDATE {table} SET purpose = 'x' WHERE id = %s", [target])  # noqa: S608
        assert "DELETE odrzucone" in _refused(f"DELETE FROM {table} WHERE id = %s", [target])  # noqa: S608
        with connection.cursor() as cursor:  # TRUNCATE waits for deferred FK checks of rows inserted here
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        assert "TRUNCATE odrzucone" in _refused(f"TRUNCATE {table}")
    assert AccessLog.objects.filter(pk=row.pk, purpose="test partycji").exists()


def _copy_at(row_id: int, when: str) -> int:
    """A copy of an access-log row with another time (raw INSERT: auto_now_add would stamp now)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO core_accesslog (occurred_at, user_id, user_label, action, target_type_id, target_id, "
            "target_ids, record_count, part, purpose, path) SELECT %s, user_id, user_label, "
            "action, target_type_id, target_id, target_ids, record_count, part, purpose, path "
            "FROM core_accesslog WHERE id = %s RETURNING id",
            [when, row_id],
        )
        return int(cursor.fetchone()[0])


@pytest.mark.postgres
@requires_postgres
def test_ensure_creates_the_months_ahead_once_with_their_triggers() -> None:
    first = partitions.ensure(months_ahead=2, today=date(2031, 11, 15))
    assert first.created == ["core_accesslog_p2031_11", "core_accesslog_p2031_12", "core_accesslog_p2032_01"]
    again = partitions.ensure(months_ahead=2, today=date(2031, 11, 15))
    assert again.created == [] and again.existing == first.created
    assert {"kooperacja_audit_append_only_row", "kooperacja_audit_append_only_truncate"} <= _triggers(
        "core_accesslog_p2032_01"
    )
    out = StringIO()
    call_command("accesslog_partitions", "--months", "1", stdout=out)
    assert "core_accesslog_p" in out.getvalue()


@pytest.mark.postgres
@requires_postgres
def test_a_month_whose_rows_are_already_in_the_default_partition_is_reported_not_created() -> None:
    row = _logged()
    late = _copy_at(row.pk, "2035-03-10 12:00+01")  # a row of a month nobody created a partition for
    assert _partition_of(late) == "core_accesslog_default"
    result = partitions.ensure(months_ahead=1, today=date(2035, 3, 1))
    assert result.skipped == ["core_accesslog_p2035_03"] and result.created == ["core_accesslog_p2035_04"]


@pytest.mark.postgres
@requires_postgres
def test_the_archiver_deletes_sealed_rows_through_the_parent_and_nothing_else() -> None:
    """The trigger function of 0009 finds the checkpoints of core_accesslog from a partition's row trigger."""
    sealed = _logged()
    audit_chain.checkpoint_all()
    suffix = os.getpid()
    dba = f"koop_test_archiver_{suffix}"
    with connection.cursor() as cursor:  # roles are transactional: rolled back with the test
        cursor.execute("CREATE ROLE kooperacja_audit_archiver NOLOGIN")
        cursor.execute(f"CREATE ROLE {dba} NOLOGIN IN ROLE kooperacja_audit_archiver")
        cursor.execute(f"GRANT SELECT, DELETE ON core_accesslog TO {dba}")
        cursor.execute(f"GRANT SELECT ON core_auditcheckpoint TO {dba}")
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    unsealed = log_access(user=None, targets=User.objects.get(pk=sealed.user_id), purpose="po punkcie")[0]
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"SET ROLE {dba}")
            cursor.execute("SET kooperacja.audit_archive = 'on'")
        assert "nie jest objęty punktem kontrolnym" in _refused(
            "DELETE FROM core_accesslog WHERE id = %s", [unsealed.pk]
        )
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM core_accesslog WHERE id = %s", [sealed.pk])
            assert cursor.rowcount == 1
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
            cursor.execute("RESET kooperacja.audit_archive")
    assert not AccessLog.objects.filter(pk=sealed.pk).exists()
    assert AccessLog.objects.filter(pk=unsealed.pk).exists()
