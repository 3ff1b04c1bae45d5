"""`kooperacja participation_notify [--enqueue]`: e-mail the followers of processes whose phase has just opened
(every 15 minutes from cron / a systemd timer; see docs/participation.md). Each phase is announced once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kooperacja.participation.tasks import notify_phases_opened


class Command(BaseCommand):
    help = "Powiadamia obserwujących proces o otwarciu jego etapu (e-mail, raz na etap)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enqueue", action="store_true", help="Zleć zadanie workerowi zamiast wykonać teraz.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            result = notify_phases_opened.enqueue()
            self.stdout.write(f"Zlecono powiadomienia o etapach: zadanie {result.id} ({result.status}).")
            return
        sent = notify_phases_opened.call()
        self.stdout.write(f"Wysłano powiadomienia o otwarciu etapów: {sent}.")
