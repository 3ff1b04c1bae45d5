from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from kooperacja.commissioning.tasks import send_due_reminders


class Command(BaseCommand):
    help = "Kolejkuje przypomnienia o terminach (sprawozdania, uzupełnienia, zamknięcie naboru). Uruchamiaj codziennie."

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_due_reminders.enqueue()
        self.stdout.write(f"Zadanie przypomnień w kolejce: {result.id} ({result.status})")
