# ESF+ participant data (hand-written: only the new model, other engineers' constraint edits go in their own migration)

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("delivery", "0003_person_duplicates"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="EsfRecord",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="utworzono")),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="zmieniono")),
                (
                    "employment",
                    models.CharField(
                        choices=[
                            ("unemployed", "bezrobotny (w tym zarejestrowany w urzędzie pracy)"),
                            ("long_term", "długotrwale bezrobotny"),
                            ("inactive", "bierny zawodowo"),
                            ("employed", "pracujący (w tym na własny rachunek)"),
                        ],
                        max_length=12,
                        verbose_name="status na rynku pracy przy rozpoczęciu",
                    ),
                ),
                (
                    "education",
                    models.CharField(
                        choices=[
                            ("isced01", "brak lub podstawowe (ISCED 0–1)"),
                            ("isced2", "gimnazjalne / podstawowe 8-letnie (ISCED 2)"),
                            ("isced34", "ponadpodstawowe lub policealne (ISCED 3–4)"),
                            ("isced58", "wyższe (ISCED 5–8)"),
                        ],
                        max_length=8,
                        verbose_name="wykształcenie (poziom ISCED)",
                    ),
                ),
                (
                    "disability",
                    models.CharField(
                        choices=[("yes", "tak"), ("no", "nie"), ("refused", "odmowa podania informacji")],
                        max_length=8,
                        verbose_name="osoba z niepełnosprawnościami",
                    ),
                ),
                (
                    "exit_recorded_on",
                    models.DateField(blank=True, null=True, verbose_name="data ustalenia sytuacji po zakończeniu"),
                ),
                ("exit_job_seeking", models.BooleanField(default=False, verbose_name="poszukuje pracy")),
                ("exit_in_education", models.BooleanField(default=False, verbose_name="kształci się lub szkoli")),
                ("exit_qualification", models.BooleanField(default=False, verbose_name="uzyskał(a) kwalifikacje")),
                (
                    "exit_employed",
                    models.BooleanField(default=False, verbose_name="pracuje (w tym na własny rachunek)"),
                ),
                (
                    "six_months_recorded_on",
                    models.DateField(blank=True, null=True, verbose_name="data ustalenia sytuacji po 6 miesiącach"),
                ),
                (
                    "six_months_employed",
                    models.BooleanField(blank=True, null=True, verbose_name="pracuje 6 miesięcy po zakończeniu"),
                ),
                (
                    "enrolment",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE, related_name="esf", to="delivery.enrolment"
                    ),
                ),
                (
                    "recorded_by",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "dane uczestnika EFS+",
                "verbose_name_plural": "dane uczestników EFS+",
                "default_permissions": (),
            },
        ),
        migrations.AddConstraint(
            model_name="esfrecord",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("exit_recorded_on__isnull", False),
                    models.Q(
                        ("exit_employed", False),
                        ("exit_in_education", False),
                        ("exit_job_seeking", False),
                        ("exit_qualification", False),
                    ),
                    _connector="OR",
                ),
                name="esf_exit_results_have_date",
                violation_error_message="Podaj datę ustalenia sytuacji po zakończeniu udziału.",
            ),
        ),
        migrations.AddConstraint(
            model_name="esfrecord",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("six_months_recorded_on__isnull", True), ("six_months_employed__isnull", False), _connector="OR"
                ),
                name="esf_six_months_has_answer",
                violation_error_message="Zaznacz, czy osoba pracuje 6 miesięcy po zakończeniu udziału.",
            ),
        ),
    ]
