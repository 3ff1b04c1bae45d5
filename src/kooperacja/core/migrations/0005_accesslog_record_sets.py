"""The access log at scale (issue 15 §4): one row per request and kind of record, naming every id shown.

`target_ids` holds the ids of a row about several records (",12,15,40,"), `record_count` how many it covers
(old rows: one, `target_id`). Nothing is rewritten: old rows stay as they are (the table refuses UPDATE).

On SQLite, adding a NOT NULL column rebuilds the table, which drops its append-only triggers (see the note in
0003), so they are installed again here. On PostgreSQL ADD COLUMN with a constant default neither rewrites
rows nor touches the triggers, and a GIN index over `string_to_array(target_ids, ',')` lets
`core.audit.access_log_for` find one record inside the lists without a scan.
"""

from django.db import migrations, models

TABLE = "core_accesslog"
GIN = "core_accesslog_target_ids_gin"


def sqlite_triggers(table: str) -> list[str]:  # the SQL of 0003, written out (a migration stays as it ran)
    return [
        f"CREATE TRIGGER kooperacja_audit_{table}_no_{op.lower()} BEFORE {op} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, 'Tabela {table} jest tylko do dopisywania: {op} odrzucone.'); END"
        for op in ("UPDATE", "DELETE")
    ]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        for op in ("update", "delete"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS kooperacja_audit_{TABLE}_no_{op}")
        for sql in sqlite_triggers(TABLE):
            schema_editor.execute(sql, params=None)
    elif vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {GIN} ON {TABLE} USING gin (string_to_array(target_ids, ','))"
        )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {GIN}")


def reinstall_sqlite_triggers(apps, schema_editor):
    """After the backwards rebuild (RemoveField) on SQLite the triggers are gone again."""
    if schema_editor.connection.vendor == "sqlite":
        forwards(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("core", "0004_importjob")]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, reinstall_sqlite_triggers),
        migrations.AddField(
            model_name="accesslog",
            name="record_count",
            field=models.PositiveIntegerField(default=1, verbose_name="liczba rekordów"),
        ),
        migrations.AddField(
            model_name="accesslog",
            name="target_ids",
            field=models.TextField(blank=True, default="", verbose_name="identyfikatory rekordów"),
        ),
        migrations.AlterField(
            model_name="accesslog",
            name="target_id",
            field=models.CharField(blank=True, max_length=64, verbose_name="identyfikator rekordu"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
