from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser


class Command(BaseCommand):
    help = "Demo: migracje + rejestr TERYT + scenariusz demonstracyjny + serwer na http://127.0.0.1:8000."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true")

    def handle(self, *args: object, **options: object) -> None:
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        call_command("seed_demo", if_empty=True)
        call_command("collectstatic", interactive=False, verbosity=0)
        call_command("demo_logins")
        if not options["no_serve"]:
            call_command("serve")
