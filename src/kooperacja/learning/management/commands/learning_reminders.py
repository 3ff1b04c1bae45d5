"""Daily: e-mail learners about tomorrow's sessions and holders of certificates about to expire."""

from typing import Any

from django.core.management.base import BaseCommand

from kooperacja.learning.tasks import remind_expiring_certificates, remind_sessions_tomorrow


class Command(BaseCommand):
    help = "Przypomnienia Szkoły Kooperacji: jutrzejsze zajęcia i wygasające zaświadczenia."

    def handle(self, *args: Any, **options: Any) -> None:
        sessions = remind_sessions_tomorrow.call()
        certificates = remind_expiring_certificates.call()
        self.stdout.write(f"zajęcia: {sessions}, zaświadczenia: {certificates}")
