"""The audit tables refuse UPDATE, DELETE and TRUNCATE in the database itself (docs/audit.md).

PostgreSQL: one plpgsql function behind a BEFORE UPDATE OR DELETE row trigger and a BEFORE TRUNCATE statement
trigger on each table. The only way through is archiving: DELETE (never UPDATE or TRUNCATE) of rows that a
checkpoint already sealed, by a member of the role `kooperacja_audit_archiver` that also set
`kooperacja.audit_archive = 'on'` in its session. Checkpoints themselves are never deleted.
SQLite (demo, development): BEFORE UPDATE and BEFORE DELETE triggers with RAISE(ABORT); SQLite has no
TRUNCATE (a DELETE without WHERE fires the delete trigger) and no roles, so there is no archive path.

The SQL is written out here, not imported, so that the migration stays what it was when it ran. Note for
future migrations: on SQLite a schema change that rebuilds one of these tables (most AlterField operations)
drops its triggers; such a migration must run `install` again. tests/core/test_audit_integrity.py fails if
the triggers are missing from a freshly migrated database.
"""

from django.db import migrations

TABLES = {
    "core_auditevent": "archivable",
    "core_accesslog": "archivable",
    "core_auditcheckpoint": "sealed",
}

PG_FUNCTION = r"""
CREATE OR REPLACE FUNCTION kooperacja_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    sealed_through bigint;
BEGIN
    IF TG_OP = 'DELETE' AND TG_LEVEL = 'ROW' AND TG_ARGV[0] = 'archivable'
       AND coalesce(current_setting('kooperacja.audit_archive', true), '') = 'on' THEN
        IF coalesce(pg_has_role(current_user, to_regrole('kooperacja_audit_archiver')::oid, 'MEMBER'), false) THEN
            EXECUTE format('SELECT max(last_id) FROM %I.core_auditcheckpoint WHERE table_name = $1',
                           TG_TABLE_SCHEMA)
                INTO sealed_through USING TG_TABLE_NAME;
            IF OLD.id <= sealed_through THEN
                RETURN OLD;
            END IF;
            RAISE EXCEPTION USING
                ERRCODE = 'restrict_violation',
                MESSAGE = format('%s: wiersz %s nie jest objęty punktem kontrolnym, nie można go zarchiwizować.',
                                 TG_TABLE_NAME, OLD.id),
                HINT = 'Najpierw kooperacja audit_checkpoint; zob. docs/audit.md.';
        END IF;
    END IF;
    RAISE EXCEPTION USING
        ERRCODE = 'restrict_violation',
        MESSAGE = format('Tabela %s jest tylko do dopisywania: %s odrzucone.', TG_TABLE_NAME, TG_OP),
        HINT = 'Archiwizacja tylko przez rolę kooperacja_audit_archiver; zob. docs/audit.md.';
END;
$$;
"""


def pg_triggers(table: str, mode: str) -> list[str]:
    return [
        f"CREATE TRIGGER kooperacja_audit_append_only_row BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION kooperacja_audit_append_only('{mode}')",
        f"CREATE TRIGGER kooperacja_audit_append_only_truncate BEFORE TRUNCATE ON {table} "
        f"FOR EACH STATEMENT EXECUTE FUNCTION kooperacja_audit_append_only('{mode}')",
    ]


def sqlite_triggers(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER kooperacja_audit_{table}_no_{op.lower()} BEFORE {op} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, 'Tabela {table} jest tylko do dopisywania: {op} odrzucone.'); END"
        for op in ("UPDATE", "DELETE")
    ]


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_FUNCTION, params=None)
        for table, mode in TABLES.items():
            for sql in pg_triggers(table, mode):
                schema_editor.execute(sql, params=None)
    elif vendor == "sqlite":
        for table in TABLES:
            for sql in sqlite_triggers(table):
                schema_editor.execute(sql, params=None)
    else:
        raise NotImplementedError(f"Brak wyzwalaczy dziennika dla bazy {vendor} (obsługiwane: PostgreSQL, SQLite).")


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for table in TABLES:
            schema_editor.execute(f"DROP TRIGGER IF EXISTS kooperacja_audit_append_only_row ON {table}")
            schema_editor.execute(f"DROP TRIGGER IF EXISTS kooperacja_audit_append_only_truncate ON {table}")
        schema_editor.execute("DROP FUNCTION IF EXISTS kooperacja_audit_append_only()")
    elif vendor == "sqlite":
        for table in TABLES:
            for op in ("update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS kooperacja_audit_{table}_no_{op}")


class Migration(migrations.Migration):
    dependencies = [("core", "0002_audit_append_only_schema")]

    operations = [migrations.RunPython(install, uninstall)]
