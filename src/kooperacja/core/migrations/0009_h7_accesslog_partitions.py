"""The access log partitioned by month on PostgreSQL (issue 15 §4); nothing changes on SQLite.

`core_accesslog` becomes a table partitioned by RANGE (occurred_at): one partition per calendar month
(Europe/Warsaw), `core_accesslog_pYYYY_MM`, and a DEFAULT partition for rows no month partition takes. Why: the
log is the fastest-growing table; by month, a month past the retention period (docs/scale.md) is archived and
dropped as a whole, and the indexes of the months nobody reads leave the cache. New months are created ahead by
`kooperacja accesslog_partitions` (core.partitions; daily from cron, or the task `accesslog_partitions_task`).

How (one transaction): the table is renamed, the partitioned table is created with the same columns and defaults,
partitions for every month from the oldest row to three months ahead, the rows are copied (INSERT ... SELECT: the
append-only triggers refuse only UPDATE, DELETE and TRUNCATE), the old table is dropped, and its indexes, foreign
keys and the id sequence come back on the new table under the same names. A partitioned table's primary key must
contain the partition key, so it is (id, occurred_at); ids stay unique (one sequence).

Append-only (docs/audit.md) holds on every partition: the row trigger BEFORE UPDATE OR DELETE of the parent is
cloned by PostgreSQL onto each partition, present and future; the statement trigger BEFORE TRUNCATE is not, so it
is created on the parent and on every partition (here and by core.partitions). The trigger function is replaced
by one that looks up the checkpoint of the partition's root table, so that archiving through the parent (DELETE
of sealed rows by the role kooperacja_audit_archiver) still finds the checkpoints of `core_accesslog`.

The SQL is written out here (a migration stays as it ran), core.partitions has its own copy for new months.
"""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import migrations

TABLE = "core_accesslog"
OLD = "core_accesslog_unpartitioned"
SEQUENCE = "core_accesslog_id_seq"
WARSAW = ZoneInfo("Europe/Warsaw")
MONTHS_AHEAD = 3

PG_FUNCTION = r"""
CREATE OR REPLACE FUNCTION kooperacja_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    sealed_through bigint;
    root_table text;
BEGIN
    IF TG_OP = 'DELETE' AND TG_LEVEL = 'ROW' AND TG_ARGV[0] = 'archivable'
       AND coalesce(current_setting('kooperacja.audit_archive', true), '') = 'on' THEN
        IF coalesce(pg_has_role(current_user, to_regrole('kooperacja_audit_archiver')::oid, 'MEMBER'), false) THEN
            -- a partition (core_accesslog_p2026_12) is sealed by the checkpoints of its root table
            SELECT c.relname INTO root_table FROM pg_class c WHERE c.oid = pg_partition_root(TG_RELID);
            EXECUTE format('SELECT max(last_id) FROM %I.core_auditcheckpoint WHERE table_name = $1',
                           TG_TABLE_SCHEMA)
                INTO sealed_through USING coalesce(root_table, TG_TABLE_NAME);
            IF OLD.id <= sealed_through THEN
                RETURN OLD;
            END IF;
            RAISE EXCEPTION USING
                ERRCODE = 'restrict_violation',
                MESSAGE = format('%s: wiersz %s nie jest objęty punktem kontrolnym, nie można go zarchiwizować.',
                                 coalesce(root_table, TG_TABLE_NAME), OLD.id),
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


def row_trigger(table):
    return (
        f"CREATE TRIGGER kooperacja_audit_append_only_row BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION kooperacja_audit_append_only('archivable')"
    )


def truncate_trigger(table):
    return (
        f"CREATE TRIGGER kooperacja_audit_append_only_truncate BEFORE TRUNCATE ON {table} "
        "FOR EACH STATEMENT EXECUTE FUNCTION kooperacja_audit_append_only('archivable')"
    )


def month_start(year, month):
    return datetime(year, month, 1, tzinfo=WARSAW)


def next_month(year, month):
    return (year + 1, 1) if month == 12 else (year, month + 1)


def create_month(execute, year, month):  # execute: run one statement
    name = f"{TABLE}_p{year:04d}_{month:02d}"
    start, end = month_start(year, month), month_start(*next_month(year, month))
    execute(  # the bounds are our own timestamps, not input
        f"CREATE TABLE {name} PARTITION OF {TABLE} FOR VALUES FROM ('{start.isoformat()}') TO ('{end.isoformat()}')"
    )
    execute(truncate_trigger(name))


def saved_definitions(cursor, table):
    """The table's indexes (but the primary key) and foreign keys, as SQL to run on the new table."""
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = %s "
        "AND indexname <> %s ORDER BY indexname",
        [table, f"{table}_pkey"],
    )
    indexes = [definition for _name, definition in cursor.fetchall()]
    cursor.execute(
        "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'f' "
        "ORDER BY conname",
        [table],
    )
    foreign_keys = [f"ALTER TABLE {TABLE} ADD CONSTRAINT {name} {definition}" for name, definition in cursor.fetchall()]
    return indexes, foreign_keys


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return

    def execute(sql):
        schema_editor.execute(sql, params=None)

    with schema_editor.connection.cursor() as cursor:
        indexes, foreign_keys = saved_definitions(cursor, TABLE)
        cursor.execute(f"SELECT min(occurred_at), coalesce(max(id), 0) FROM {TABLE}")  # noqa: S608 - a constant
        oldest, last_id = cursor.fetchone()
        cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [TABLE])
        (sequence,) = cursor.fetchone()
        last_value = last_id
        if sequence:
            cursor.execute(f"SELECT last_value FROM {sequence}")  # noqa: S608 - the table's own sequence
            last_value = max(last_id, cursor.fetchone()[0])
    execute(PG_FUNCTION)
    execute(f"ALTER TABLE {TABLE} RENAME TO {OLD}")
    execute(
        f"CREATE TABLE {TABLE} (LIKE {OLD} INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY RANGE (occurred_at)"
    )
    execute(f"CREATE TABLE {TABLE}_default PARTITION OF {TABLE} DEFAULT")
    execute(truncate_trigger(f"{TABLE}_default"))
    today = datetime.now(tz=WARSAW).date()
    first = oldest.astimezone(WARSAW) if oldest else today
    year, month = first.year, first.month
    last = (today.year, today.month)
    for _ in range(MONTHS_AHEAD):
        last = next_month(*last)
    while (year, month) <= last:
        create_month(execute, year, month)
        year, month = next_month(year, month)
    execute(f"INSERT INTO {TABLE} SELECT * FROM {OLD} ORDER BY id")  # noqa: S608 - constants
    execute(f"DROP TABLE {OLD}")  # its identity sequence, indexes and triggers go with it
    execute(f"CREATE SEQUENCE {SEQUENCE} OWNED BY {TABLE}.id")
    execute(f"SELECT setval('{SEQUENCE}', {max(last_value, 1)}, {'true' if last_value > 0 else 'false'})")
    execute(f"ALTER TABLE {TABLE} ALTER COLUMN id SET DEFAULT nextval('{SEQUENCE}')")
    execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_pkey PRIMARY KEY (id, occurred_at)")
    for sql in indexes:
        execute(sql)
    # the order of the access log views (newest first, id as the tie-break): keyset pages walk it (core.pagination)
    execute(f"CREATE INDEX core_accesslog_occurred_id ON {TABLE} (occurred_at, id)")
    for sql in foreign_keys:
        execute(sql)
    execute(row_trigger(TABLE))
    execute(truncate_trigger(TABLE))


def backwards(apps, schema_editor):
    """Back to one plain table (rows copied; the month partitions are dropped with the partitioned table)."""
    if schema_editor.connection.vendor != "postgresql":
        return

    def execute(sql):
        schema_editor.execute(sql, params=None)

    with schema_editor.connection.cursor() as cursor:
        indexes, foreign_keys = saved_definitions(cursor, TABLE)
        cursor.execute(f"SELECT coalesce(max(id), 0) FROM {TABLE}")  # noqa: S608 - a constant
        (last_id,) = cursor.fetchone()
    execute(f"ALTER TABLE {TABLE} RENAME TO {OLD}")
    execute(f"ALTER TABLE {OLD} RENAME CONSTRAINT {TABLE}_pkey TO {OLD}_pkey")
    execute(f"CREATE TABLE {TABLE} (LIKE {OLD} INCLUDING CONSTRAINTS)")  # the id default is the old sequence
    execute(f"INSERT INTO {TABLE} SELECT * FROM {OLD} ORDER BY id")  # noqa: S608 - constants
    execute(f"DROP TABLE {OLD}")
    execute(f"ALTER TABLE {TABLE} ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (START WITH {last_id + 1})")
    execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_pkey PRIMARY KEY (id)")
    for sql in indexes:
        execute(sql)
    for sql in foreign_keys:
        execute(sql)
    execute(row_trigger(TABLE))
    execute(truncate_trigger(TABLE))


class Migration(migrations.Migration):
    dependencies = [("core", "0008_h5_territory_centre")]

    operations = [migrations.RunPython(forwards, backwards)]
