"""Indexed free-text search of the organisation directory (issue 15 §3), see `kooperacja.core.search`.

PostgreSQL only (SQLite keeps `icontains`): the `pg_trgm` and `unaccent` extensions (both trusted: the
database owner may create them), two IMMUTABLE SQL functions that fold text the same way for the index and for
the phrase, and a GIN trigram index over the folded name, short name and town of an organisation. `unaccent`
is STABLE (its dictionary could change), so it cannot sit in an index directly; the wrapper names the
dictionary and the extension's schema explicitly, which makes it safe to mark IMMUTABLE and keeps it working
under pg_restore's empty search_path.
"""

from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations

TEXT_INDEX = "organisation_search_trgm"
COLUMNS = ("name", "short_name", "city")


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'unaccent'")
        schema = cursor.fetchone()[0]
    unaccent = f"{schema}.unaccent('{schema}.unaccent'::regdictionary, $1)"
    schema_editor.execute(
        "CREATE OR REPLACE FUNCTION kooperacja_search_norm(text) RETURNS text "
        f"LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ SELECT lower({unaccent}) $$"
    )
    schema_editor.execute(
        "CREATE OR REPLACE FUNCTION kooperacja_search_text(VARIADIC text[]) RETURNS text "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS "
        f"$$ SELECT lower({schema}.unaccent('{schema}.unaccent'::regdictionary, array_to_string($1, ' '))) $$"
    )
    cols = ", ".join(COLUMNS)
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {TEXT_INDEX} ON organisations_organisation "
        f"USING gin (kooperacja_search_text({cols}) gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {TEXT_INDEX}")
    schema_editor.execute("DROP FUNCTION IF EXISTS kooperacja_search_text(VARIADIC text[])")
    schema_editor.execute("DROP FUNCTION IF EXISTS kooperacja_search_norm(text)")


class Migration(migrations.Migration):
    dependencies = [("organisations", "0001_initial")]

    operations = [
        TrigramExtension(),  # both are no-ops outside PostgreSQL
        UnaccentExtension(),
        migrations.RunPython(forwards, backwards),
    ]
