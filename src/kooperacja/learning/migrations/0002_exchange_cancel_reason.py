from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="exchangemeeting",
            name="cancel_reason",
            field=models.CharField(blank=True, max_length=500, verbose_name="powód odwołania"),
        ),
    ]
