"""`kooperacja monitoring_refresh [--voivodeship 20] [--enqueue]`: recompute the regional figures."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kooperacja.core.actors import SYSTEM


class Command(BaseCommand):
    help = "Przelicza zestawienia regionalne (monitoring) z danych platformy."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--voivodeship", default="", help="kod TERC województwa, np. 20 (domyślnie wszystkie)")
        parser.add_argument("--enqueue", action="store_true", help="zleć zadanie w tle zamiast liczyć od razu")

    def handle(self, *args: Any, **options: Any) -> None:
        code = options["voivodeship"]
        if code and not (len(code) == 2 and code.isdigit()):
            self.stderr.write("Kod województwa to dwie cyfry, np. 20.")
            return
        if options["enqueue"]:
            from kooperacja.monitoring.tasks import refresh_figures_task

            refresh_figures_task.enqueue(code)
            self.stdout.write("Zlecono przeliczenie zestawień.")
            return
        from kooperacja.monitoring.services import figures_refresh

        run = figures_refresh(actor=SYSTEM, voivodeship_code=code)
        self.stdout.write(f"Przeliczono {run.rows} wierszy zestawień.")
