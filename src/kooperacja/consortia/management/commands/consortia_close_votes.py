"""`kooperacja consortia_close_votes [--enqueue]`: close the consortium votes whose deadline has passed and e-mail the
result to the members (daily, just after midnight, from cron / a systemd timer; see docs/consortia.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kooperacja.consortia.tasks import close_due_votes


class Command(BaseCommand):
    help = "Zamyka głosowania nad uchwałami konsorcjów po terminie i powiadamia członków o wyniku."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enqueue", action="store_true", help="Zleć zadanie workerowi zamiast wykonać teraz.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = close_due_votes.enqueue()
            self.stdout.write(f"Zlecono zamknięcie głosowań po terminie: zadanie {result.id} ({result.status}).")
            return
        closed = close_due_votes.call()
        self.stdout.write(f"Zamknięto głosowania po terminie: {closed}.")
