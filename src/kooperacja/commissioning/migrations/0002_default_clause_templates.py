from django.db import migrations


def load(apps, schema_editor):
    from kooperacja.commissioning.clause_library import DEFAULT_CLAUSES

    ClauseTemplate = apps.get_model("commissioning", "ClauseTemplate")
    for kind, title, basis, body in DEFAULT_CLAUSES:
        ClauseTemplate.objects.get_or_create(kind=kind, title=title, defaults={"basis": basis, "body": body})


def unload(apps, schema_editor):
    from kooperacja.commissioning.clause_library import DEFAULT_CLAUSES

    ClauseTemplate = apps.get_model("commissioning", "ClauseTemplate")
    ClauseTemplate.objects.filter(title__in=[row[1] for row in DEFAULT_CLAUSES]).delete()


class Migration(migrations.Migration):
    dependencies = [("commissioning", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
