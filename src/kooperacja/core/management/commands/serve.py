import os
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Uruchamia platformę na serwerze produkcyjnym gunicorn (pliki statyczne przez WhiteNoise)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("KOOPERACJA_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "2")))
        # The proxies whose X-Forwarded-Proto/-For gunicorn trusts (request.is_secure() behind nginx comes from it).
        parser.add_argument("--forwarded-allow-ips", default=os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"))

    def handle(self, *args: object, **options: object) -> None:
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "kooperacja.wsgi:application",
            "--bind",
            str(options["bind"]),
            "--workers",
            str(options["workers"]),
            "--threads",
            "4",
            "--access-logfile",
            "-",
            "--forwarded-allow-ips",
            str(options["forwarded_allow_ips"]),
        ]
        self.stdout.write(f"Kooperacja: http://{options['bind']}/  (baza: {settings.DATABASES['default']['ENGINE']})")
        sys.stdout.flush()
        os.execv(sys.executable, argv)  # noqa: S606 - replaces this process with gunicorn, fixed argv
