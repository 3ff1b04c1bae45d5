"""Indexes of the public catalogue list (issue 15 §3).

- `service_name_id`: the list's ORDER BY (`name, id`, the model's ordering), so the first page is an index
  walk and not a sort of every service. Created in SQL on both databases and not declared in `Meta.indexes`
  (the model module is edited elsewhere at the same time); the migration state does not know it, so
  `makemigrations` leaves it alone.
- PostgreSQL only: a GIN trigram index over the folded name, summary and description of a service, the
  expression `kooperacja.core.search` filters on (functions and extensions: `organisations/0002`).
"""

from django.db import migrations

ORDER_INDEX = "service_name_id"
TEXT_INDEX = "service_search_trgm"
COLUMNS = ("name", "summary", "description")


def forwards(apps, schema_editor):
    schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {ORDER_INDEX} ON catalog_service (name, id)")
    if schema_editor.connection.vendor == "postgresql":
        cols = ", ".join(COLUMNS)
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {TEXT_INDEX} ON catalog_service "
            f"USING gin (kooperacja_search_text({cols}) gin_trgm_ops)"
        )


def backwards(apps, schema_editor):
    schema_editor.execute(f"DROP INDEX IF EXISTS {ORDER_INDEX}")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {TEXT_INDEX}")


class Migration(migrations.Migration):
    dependencies = [("catalog", "0002_service_eu_funded"), ("organisations", "0002_search_trigram")]

    operations = [migrations.RunPython(forwards, backwards)]
