# A version of the contract split records where it departs from the joint offer and why (issue 16).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("consortia", "0003_status_state_fields"),
    ]

    operations = [
        migrations.AddField(
            model_name="allocationplan",
            name="offer_deviations",
            field=models.JSONField(blank=True, default=list, verbose_name="odstępstwa od oferty"),
        ),
        migrations.AddField(
            model_name="allocationplan",
            name="deviation_reason",
            field=models.TextField(blank=True, verbose_name="uzasadnienie odstępstw od oferty"),
        ),
    ]
