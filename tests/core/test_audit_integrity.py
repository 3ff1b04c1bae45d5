"""Issue 10, item 6: the audit tables are append-only in the database itself, and checkpoints make any rewrite
that gets past the triggers (a superuser, the table owner) visible to `kooperacja audit_verify`."""

from __future__ import annotations

import contextlib
import hashlib
import os
import threading
import time
from io import StringIO
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.color import no_style
from django.db import IntegrityError, connection, transaction

from kooperacja.accounts.models import User
from kooperacja.core import audit_chain, audit_triggers
from kooperacja.core.audit import log_access, record_event
from kooperacja.core.models import AccessLog, AppendOnlyError, AuditCheckpoint, AuditEvent
from tests.conftest import requires_postgres

TABLES = ["core_auditevent", "core_accesslog", "core_auditcheckpoint"]


def _refused(sql: str, params: list[Any] | None = None) -> str:
    """Run `sql` and return the database's refusal (the test fails if the statement goes through)."""
    with pytest.raises(IntegrityError) as caught, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
    return str(caught.value)


@pytest.fixture
def audit_rows(demo: Any) -> Any:
    """The demo scenario's timeline, plus access-log rows (the scenario itself shows no personal data)."""
    from kooperacja.organisations.models import Organisation

    for organisation in Organisation.objects.order_by("id")[:12]:  # twelve requests: twelve rows
        log_access(user=demo.user("officer"), targets=organisation, purpose="test")
    return demo


def _checkpointed() -> None:
    audit_chain.checkpoint_all()
    assert AuditCheckpoint.objects.exists()


def _no_pending_constraint_checks() -> None:
    """PostgreSQL refuses TRUNCATE of a table with deferred foreign-key checks pending in the same transaction
    (rows this test inserted) before any trigger runs; check them now so that TRUNCATE reaches the trigger."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _verify() -> str:
    out = StringIO()
    call_command("audit_verify", stdout=out)
    return out.getvalue()


def test_every_audit_table_has_its_triggers_after_migrate(db: None) -> None:
    per_table = 2  # PostgreSQL: row UPDATE/DELETE + statement TRUNCATE; SQLite: UPDATE + DELETE
    installed = audit_triggers.installed()
    assert {table for table, _ in installed} == set(TABLES)
    assert len(installed) == per_table * len(TABLES)


@pytest.mark.parametrize("table", TABLES)
def test_raw_sql_update_and_delete_are_refused(audit_rows: Any, table: str) -> None:
    _checkpointed()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MIN(id), COUNT(*) FROM {table}")  # noqa: S608 - fixed table names
        first_id, count = cursor.fetchone()
    assert count > 0
    assert "tylko do dopisywania" in _refused(f"UPDATE {table} SET id = id WHERE id = %s", [first_id])  # noqa: S608
    assert "tylko do dopisywania" in _refused(f"DELETE FROM {table} WHERE id = %s", [first_id])  # noqa: S608
    assert "tylko do dopisywania" in _refused(f"DELETE FROM {table}")  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")  # noqa: S608
        assert cursor.fetchone()[0] == count


def test_base_manager_cannot_update_or_delete(audit_rows: Any) -> None:
    event = AuditEvent.objects.order_by("id").first()
    access = AccessLog.objects.order_by("id").first()
    assert event is not None and access is not None
    for model, pk in ((AuditEvent, event.pk), (AccessLog, access.pk)):
        with pytest.raises(IntegrityError), transaction.atomic():
            model._base_manager.filter(pk=pk).update(target_id="0")
        with pytest.raises(IntegrityError), transaction.atomic():
            model._base_manager.filter(pk=pk).delete()
        with pytest.raises(IntegrityError), transaction.atomic():
            model._base_manager.all().delete()
        with pytest.raises(AppendOnlyError):
            model.objects.filter(pk=pk).update(target_id="0")
    event.verb = "zmienione"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert AuditEvent.objects.get(pk=event.pk).verb != "zmienione"


@pytest.mark.postgres
@requires_postgres
@pytest.mark.parametrize("table", TABLES)
def test_truncate_is_refused_on_postgres(audit_rows: Any, table: str) -> None:
    _checkpointed()
    _no_pending_constraint_checks()
    assert "TRUNCATE odrzucone" in _refused(f"TRUNCATE {table}")
    assert "TRUNCATE odrzucone" in _refused(f"TRUNCATE {table} CASCADE")


def test_deleting_a_user_keeps_their_audit_rows_unchanged(demo: Any, rf: Any) -> None:
    user = User.objects.create_user(email="odchodzi@kooperacja.demo", password="x-Długie-hasło-1", full_name="Odchodzi")
    org = demo.org("ss_zubr")
    event = record_event(actor=user, verb="test.user_acted", target=org)
    (access,) = log_access(user=user, targets=org, purpose="test", request=rf.get("/"))
    user_pk = user.pk
    user.delete()  # SET_NULL would UPDATE the rows (refused) or erase who acted; the rows must stay as written
    assert not User.objects.filter(pk=user_pk).exists()
    kept_event = AuditEvent.objects.get(pk=event.pk)
    kept_access = AccessLog.objects.get(pk=access.pk)
    assert (kept_event.actor_id, kept_event.actor_label) == (user_pk, "odchodzi@kooperacja.demo")
    assert (kept_access.user_id, kept_access.user_label) == (user_pk, "odchodzi@kooperacja.demo")
    # The timeline still renders: the missing account reads as nobody, the label says who it was.
    assert AuditEvent.objects.select_related("actor").get(pk=event.pk).actor is None


def test_deleting_or_anonymising_a_person_keeps_the_audit_rows(demo: Any) -> None:
    from kooperacja.core.actors import SYSTEM
    from kooperacja.delivery import services as delivery
    from kooperacja.delivery.models import Person

    org = demo.org("ss_zubr")
    person = Person.objects.create(first_name="Anna", last_name="Próbna", territory=org.territory, registered_by=org)
    record_event(actor=None, verb="test.person_touched", target=person)
    log_access(user=demo.user("pes_staff"), targets=person, purpose="test")
    delivery.person_anonymise(actor=SYSTEM, person=person, force=True)
    target = {"target_type": ContentType.objects.get_for_model(Person), "target_id": str(person.pk)}
    events_before = AuditEvent.objects.filter(**target).count()
    assert events_before == 2  # touched + anonymised
    Person.objects.filter(pk=person.pk).delete()
    assert AuditEvent.objects.filter(**target).count() == events_before
    assert AccessLog.objects.filter(**target).count() == 1


def test_audit_verify_is_ok_on_the_demo_after_a_checkpoint(audit_rows: Any) -> None:
    out = StringIO()
    call_command("audit_checkpoint", stdout=out)
    assert "punkt kontrolny" in out.getvalue()
    rows = AuditEvent.objects.count() + AccessLog.objects.count()
    report = _verify()
    assert f"OK: punkty kontrolne: {AuditCheckpoint.objects.count()}, sprawdzone wiersze: {rows}" in report
    # nothing new: no empty checkpoint
    out = StringIO()
    call_command("audit_checkpoint", stdout=out)
    assert out.getvalue().count("brak nowych wierszy") == 2


def test_checkpoints_chain_and_match_the_documented_formula(demo: Any) -> None:
    first = audit_chain.checkpoint_all()["core_auditevent"][-1]
    record_event(actor=demo.user("officer"), verb="test.after_first", target=demo.org("owop"), data={"ż": [1, 2.5]})
    record_event(actor=None, verb="test.after_first_2", target=demo.org("owop"))
    (second,) = audit_chain.checkpoint_all()["core_auditevent"]
    assert second.after_id == first.last_id
    assert second.previous_digest == first.digest
    assert second.row_count == 2
    # sha256( previous digest + "\n" + every canonical line + "\n" ): what docs/audit.md tells an archivist.
    lines = list(audit_chain.export_lines("core_auditevent", second))
    sealed_bytes = (second.previous_digest + "\n").encode() + b"".join(line + b"\n" for line in lines)
    assert second.digest == hashlib.sha256(sealed_bytes).hexdigest()
    assert b'"verb":"test.after_first"' in lines[0]
    assert '"ż":[1,2.5]' in lines[0].decode()
    assert audit_chain.verify_table("core_auditevent").broken is None


def test_exported_archive_files_check_with_sha256_alone(audit_rows: Any, tmp_path: Any) -> None:
    audit_chain.checkpoint_table("core_accesslog", batch_rows=5)
    last = AuditCheckpoint.objects.filter(table_name="core_accesslog").order_by("-last_id")[1]
    call_command("audit_export", "core_accesslog", str(tmp_path), through_checkpoint=last.pk, stdout=StringIO())
    manifest = (tmp_path / "core_accesslog-punkty.tsv").read_text().splitlines()
    covered = AuditCheckpoint.objects.filter(table_name="core_accesslog", last_id__lte=last.last_id)
    assert len(manifest) == covered.count() >= 2
    for entry in manifest:  # what `{ echo PREVIOUS; cat FILE; } | sha256sum` computes
        cp_id, _after, _last, count, previous, digest = entry.split("\t")
        body = (tmp_path / f"core_accesslog-{cp_id}.jsonl").read_bytes()
        assert body.count(b"\n") == int(count)
        assert hashlib.sha256(previous.encode() + b"\n" + body).hexdigest() == digest


def test_audit_verify_names_a_changed_row(demo: Any) -> None:
    _checkpointed()
    victim = AuditEvent.objects.order_by("id")[5]
    checkpoint = AuditCheckpoint.objects.get(
        table_name="core_auditevent", after_id__lt=victim.pk, last_id__gte=victim.pk
    )
    with audit_triggers.suspended(), connection.cursor() as cursor:  # what a superuser could do
        cursor.execute("UPDATE core_auditevent SET verb = %s WHERE id = %s", ["x.podmienione", victim.pk])
    assert len(audit_triggers.installed()) == 2 * len(TABLES)  # back after the suspension
    with pytest.raises(CommandError) as caught:
        _verify()
    message = str(caught.value)
    assert "tabela core_auditevent" in message
    assert f"punkt kontrolny {checkpoint.pk}" in message
    assert f"wiersz id {victim.pk}: wiersz zmieniony" in message
    assert caught.value.returncode == 1


def test_audit_verify_names_a_deleted_row(audit_rows: Any) -> None:
    _checkpointed()
    victim = AccessLog.objects.order_by("id")[3]
    with audit_triggers.suspended(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_accesslog WHERE id = %s", [victim.pk])
    with pytest.raises(CommandError, match=rf"core_accesslog.*wiersz id {victim.pk}: wiersz usunięty"):
        _verify()


def test_audit_verify_names_a_row_that_appears_inside_a_sealed_range(demo: Any) -> None:
    """A row missing when the checkpoint was made and present later (a forged back-dated row, or a late commit
    if the checkpoint did not wait for in-flight inserts) breaks the checkpoint."""
    victim = AuditEvent.objects.order_by("-id")[2]
    with audit_triggers.suspended(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditevent WHERE id = %s", [victim.pk])
    _checkpointed()
    assert audit_chain.verify_table("core_auditevent").broken is None
    AuditEvent._base_manager.bulk_create([victim])  # INSERT with its old id: allowed by the triggers
    with pytest.raises(CommandError, match=rf"wiersz id {victim.pk}: wiersz dopisany w zamkniętym zakresie"):
        _verify()


def test_a_large_backlog_is_sealed_in_batches(audit_rows: Any) -> None:
    total = AccessLog.objects.count()
    batch = max(1, total // 3)
    audit_chain.checkpoint_table("core_accesslog", batch_rows=batch)
    checkpoints = list(AuditCheckpoint.objects.filter(table_name="core_accesslog").order_by("last_id"))
    assert len(checkpoints) == -(-total // batch) >= 3
    assert all(cp.row_count == batch for cp in checkpoints[:-1])
    report = audit_chain.verify_table("core_accesslog")
    assert (report.broken, report.rows, report.checkpoints) == (None, AccessLog.objects.count(), len(checkpoints))


def test_flush_in_tests_passes_the_triggers_and_leaves_them_in_place(demo: Any) -> None:
    """tests/conftest.py runs Django's flush (after transactional tests) with the triggers suspended."""
    _checkpointed()
    _no_pending_constraint_checks()
    (plain_flush,) = connection.ops.sql_flush(no_style(), ["core_auditevent"])  # what flush runs, unhooked
    assert "tylko do dopisywania" in _refused(plain_flush)
    try:
        call_command("flush", interactive=False, verbosity=0, reset_sequences=False, inhibit_post_migrate=True)
        ContentType.objects.clear_cache()
        assert not AuditEvent.objects.exists()
        assert not AuditCheckpoint.objects.exists()
        assert len(audit_triggers.installed()) == 2 * len(TABLES)
        record_event(actor=None, verb="test.after_flush", target=ContentType.objects.get_for_model(User))
        assert "tylko do dopisywania" in _refused("DELETE FROM core_auditevent")
    finally:
        ContentType.objects.clear_cache()  # the flush is rolled back with the test


# --- PostgreSQL: the archive path and in-flight inserts ---

ARCHIVER = "kooperacja_audit_archiver"


@pytest.mark.postgres
@requires_postgres
def test_only_the_archiver_role_may_delete_and_only_sealed_rows(demo: Any) -> None:
    suffix = os.getpid()
    app, dba = f"koop_test_app_{suffix}", f"koop_test_dba_{suffix}"
    with connection.cursor() as cursor:  # roles are transactional: rolled back with the test
        cursor.execute(f"CREATE ROLE {ARCHIVER} NOLOGIN")
        cursor.execute(f"CREATE ROLE {app} NOLOGIN")
        cursor.execute(f"CREATE ROLE {dba} NOLOGIN IN ROLE {ARCHIVER}")
        for table in TABLES:
            cursor.execute(f"GRANT SELECT, UPDATE, DELETE, TRUNCATE ON {table} TO {app}, {dba}")
    _checkpointed()
    sealed = AuditEvent.objects.order_by("id").first()
    assert sealed is not None
    unsealed = record_event(actor=None, verb="test.not_yet_sealed", target=demo.org("owop"))
    delete_sealed = f"DELETE FROM core_auditevent WHERE id = {sealed.pk}"  # noqa: S608 - an integer
    try:
        with connection.cursor() as cursor:
            cursor.execute(f"SET ROLE {app}")
            cursor.execute("SET kooperacja.audit_archive = 'on'")  # anyone may set it; it is not enough
        assert "DELETE odrzucone" in _refused(delete_sealed)
        with connection.cursor() as cursor:
            cursor.execute(f"SET ROLE {dba}")
            cursor.execute("RESET kooperacja.audit_archive")
        assert "DELETE odrzucone" in _refused(delete_sealed)  # a member must also say so in the session
        with connection.cursor() as cursor:
            cursor.execute("SET kooperacja.audit_archive = 'on'")
        assert "nie jest objęty punktem kontrolnym" in _refused(
            "DELETE FROM core_auditevent WHERE id = %s", [unsealed.pk]
        )
        assert "UPDATE odrzucone" in _refused(f"UPDATE core_auditevent SET verb = 'x' WHERE id = {sealed.pk}")  # noqa: S608
        _no_pending_constraint_checks()
        assert "TRUNCATE odrzucone" in _refused("TRUNCATE core_auditevent")
        assert "DELETE odrzucone" in _refused("DELETE FROM core_auditcheckpoint")
        sealed_through = AuditCheckpoint.objects.filter(table_name="core_auditevent").order_by("-last_id")[0].last_id
        with connection.cursor() as cursor:  # archive every sealed row (after exporting them, docs/audit.md)
            cursor.execute("DELETE FROM core_auditevent WHERE id <= %s", [sealed_through])
            archived = cursor.rowcount
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")
            cursor.execute("RESET kooperacja.audit_archive")
    assert archived > 0
    assert not AuditEvent.objects.filter(pk__lte=sealed_through).exists()
    # The chain continues from the archived checkpoints' stored digests.
    audit_chain.checkpoint_all()
    report = audit_chain.verify_table("core_auditevent")
    assert report.broken is None
    assert report.archived_checkpoints >= 1
    assert report.rows == AuditEvent.objects.count()


@pytest.mark.postgres
@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_checkpoint_waits_for_inserts_in_flight_instead_of_sealing_past_them() -> None:
    """PostgreSQL hands out ids at INSERT, not at COMMIT: a checkpoint must not seal a range while a transaction
    holding an id in it is still open (the row would appear later inside a sealed range). Runs as a
    transactional test, so its flush also exercises the test hook of tests/conftest.py."""
    target = ContentType.objects.get_for_model(User)
    record_event(actor=None, verb="test.committed", target=target)
    inserted, release, done = threading.Event(), threading.Event(), threading.Event()
    late: dict[str, int] = {}

    def slow_writer() -> None:
        try:
            with transaction.atomic():
                late["id"] = record_event(actor=None, verb="test.late_commit", target=target).pk
                inserted.set()
                release.wait(timeout=20)
        finally:
            connection.close()
            done.set()

    writer = threading.Thread(target=slow_writer)
    writer.start()
    assert inserted.wait(timeout=20)
    record_event(actor=None, verb="test.committed_after", target=target)  # a higher id, committed first
    with pytest.raises(audit_chain.CheckpointBusyError):
        audit_chain.checkpoint_all(lock_timeout_ms=200)
    assert not AuditCheckpoint.objects.exists()
    release.set()
    writer.join(timeout=20)
    assert done.is_set()
    created = audit_chain.checkpoint_all()["core_auditevent"]
    assert created and created[-1].last_id > late["id"]
    assert str(late["id"]) + ":" in created[-1].fingerprints
    assert audit_chain.verify_table("core_auditevent").broken is None


@pytest.mark.postgres
@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_checkpoints_racing_concurrent_writers_never_break_the_chain() -> None:
    """Writers commit in a different order than their ids while checkpoints keep being made: no checkpoint may
    seal past a row that commits later, and writers never fail because of a checkpoint."""
    target = ContentType.objects.get_for_model(User)
    writers, per_writer = 6, 30
    barrier = threading.Barrier(writers + 1)
    errors: list[BaseException] = []

    def write(k: int) -> None:
        try:
            barrier.wait()
            for i in range(per_writer):
                with transaction.atomic():
                    record_event(actor=None, verb="test.race", target=target, data={"w": k, "i": i})
                    time.sleep(0.003 * ((i + k) % 4))  # commit order differs from id order
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(k,)) for k in range(writers)]
    for t in threads:
        t.start()
    barrier.wait()
    made = 0
    while any(t.is_alive() for t in threads):
        with contextlib.suppress(audit_chain.CheckpointBusyError):
            made += sum(len(cps) for cps in audit_chain.checkpoint_all(lock_timeout_ms=1_000).values())
        time.sleep(0.02)
    for t in threads:
        t.join(timeout=30)
    audit_chain.checkpoint_all()
    assert not errors, errors
    assert made >= 1
    assert AuditEvent.objects.filter(verb="test.race").count() == writers * per_writer
    report = audit_chain.verify_table("core_auditevent")
    assert report.broken is None
    assert report.uncovered_rows == 0
