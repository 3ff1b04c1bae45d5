"""`kooperacja participation_purge [--enqueue] [--after-days N]`: delete the verification data of plebiscites
whose result has been final long enough (daily from cron / a systemd timer; see docs/participation.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kooperacja.participation.tasks import purge_verification_data


class Command(BaseCommand):
    help = "Usuwa dane weryfikacyjne głosujących (skróty PESEL, kody, dane z kart) po ostatecznych wynikach."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enqueue", action="store_true", help="Zleć zadanie workerowi zamiast wykonać teraz.")
        parser.add_argument("--after-days", type=int, default=None, help="Dni od zatwierdzenia wyników.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            purge_verification_data.enqueue(options["after_days"])
            self.stdout.write("Zlecono usunięcie danych weryfikacyjnych.")
            return
        done = purge_verification_data.call(options["after_days"])
        self.stdout.write(f"Usunięto dane weryfikacyjne plebiscytów: {done}.")
