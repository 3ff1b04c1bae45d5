"""Anonymise participants whose retention period has passed (statistics are kept)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.management.base import BaseCommand

from kooperacja.delivery import services


class Command(BaseCommand):
    help = "Anonimizuje dane uczestników po upływie okresu przechowywania (statystyki pozostają)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Tylko pokaż, ilu osób to dotyczy.")
        parser.add_argument("--today", default="", help="Data odniesienia RRRR-MM-DD (domyślnie dziś).")
        parser.add_argument("--enqueue", action="store_true", help="Zleć zadanie w tle zamiast wykonywać od razu.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = date.fromisoformat(options["today"]) if options["today"] else None
        if options["enqueue"]:
            from kooperacja.delivery.tasks import anonymise_expired_task

            result = anonymise_expired_task.enqueue()
            self.stdout.write(f"Zlecono zadanie {result.id}.")
            return
        due = services.people_due_for_anonymisation(today)
        if options["dry_run"]:
            self.stdout.write(f"Do anonimizacji: {len(due)} osób (okres przechowywania {services.RETENTION_DAYS} dni).")
            return
        n = services.anonymise_expired(today=today)
        self.stdout.write(f"Zanonimizowano: {n} osób.")
