"""`kooperacja participation_remind [--enqueue]`: one e-mail to each person who opened the online ballot but did not
vote, before the voting phase ends (hourly from cron / a systemd timer; see docs/participation.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kooperacja.participation.tasks import remind_unfinished_votes


class Command(BaseCommand):
    help = "Przypomina e-mailem (raz) osobom, które zaczęły głosować w plebiscycie, ale nie oddały głosu."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enqueue", action="store_true", help="Zleć zadanie workerowi zamiast wykonać teraz.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = remind_unfinished_votes.enqueue()
            self.stdout.write(f"Zlecono przypomnienia o głosowaniu: zadanie {result.id} ({result.status}).")
            return
        sent = remind_unfinished_votes.call()
        self.stdout.write(f"Wysłano przypomnienia o niedokończonym głosowaniu: {sent}.")
