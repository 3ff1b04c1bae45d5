"""Daily: enqueue reminders for referrals past their due date (both sides of the loop). Run it from cron."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kooperacja.cooperation.tasks import remind_overdue_referrals


class Command(BaseCommand):
    help = "Przypomnienia o skierowaniach po terminie (Django Tasks)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = remind_overdue_referrals.enqueue()
        self.stdout.write(f"Zlecono przypomnienia: zadanie {result.id} ({result.status}).")
