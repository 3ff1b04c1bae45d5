"""`kooperacja monitoring_refresh [--voivodeship 20 | --gmina 2005011] [--enqueue]`: recompute the regional
figures (the whole voivodeship, or one gmina incrementally)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kooperacja.core.actors import SYSTEM


class Command(BaseCommand):
    help = "Przelicza zestawienia regionalne (monitoring) z danych platformy."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--voivodeship", default="", help="kod TERC województwa, np. 20 (domyślnie wszystkie)")
        parser.add_argument("--gmina", default="", help="kod TERC gminy (7 cyfr): przelicz tylko tę gminę")
        parser.add_argument(
            "--changed", action="store_true", help="przelicz tylko gminy ze zmianami od ostatniego przeliczenia"
        )
        parser.add_argument("--enqueue", action="store_true", help="zleć zadanie w tle zamiast liczyć od razu")

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["voivodeship"]
        gmina = options["gmina"]
        if code and not (len(code) == 2 and code.isdigit()):
            self.stderr.write("Kod województwa to dwie cyfry, np. 20.")
            return
        if gmina and not (len(gmina) == 7 and gmina.isdigit()):
            self.stderr.write("Kod gminy to siedem cyfr kodu TERC, np. 2005011.")
            return
        if options["enqueue"]:
            from kooperacja.monitoring.tasks import refresh_changed_figures_task, refresh_figures_task

            if options["changed"]:
                refresh_changed_figures_task.enqueue(code)
            else:
                refresh_figures_task.enqueue(code, gmina)
            self.stdout.write("Zlecono przeliczenie zestawień.")
            return
        from kooperacja.monitoring.services import figures_refresh, figures_refresh_changed

        if options["changed"]:
            changed = figures_refresh_changed(actor=SYSTEM, voivodeship_code=code)
            self.stdout.write(f"Przeliczono {changed.rows if changed else 0} wierszy zestawień (gminy ze zmianami).")
            return
        run = figures_refresh(actor=SYSTEM, voivodeship_code=code, gmina_code=gmina)
        self.stdout.write(f"Przeliczono {run.rows} wierszy zestawień.")
