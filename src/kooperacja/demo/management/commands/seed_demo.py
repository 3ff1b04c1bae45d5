from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from kooperacja.accounts.selectors import account_exists
from kooperacja.core.models import Territory
from kooperacja.demo.scenario import run_all


class Command(BaseCommand):
    help = "Wczytuje scenariusz demonstracyjny (Hajnówka, Narewka, powiat hajnowski). Deterministyczny."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--if-empty", action="store_true", help="Nic nie rób, jeśli dane demo już są.")

    def handle(self, *args: object, **options: object) -> None:
        if not Territory.objects.exists():
            call_command("import_teryt", stdout=self.stdout)
        if account_exists("admin@kooperacja.demo"):
            if options["if_empty"]:
                self.stdout.write("Dane demonstracyjne już są – używam istniejących.")
                return
            self.stderr.write("Dane demonstracyjne już są. Użyj `make demo-reset`, aby zacząć od nowa.")
            return
        ctx = run_all()
        self.stdout.write(
            self.style.SUCCESS(
                f"Scenariusz demonstracyjny wczytany: {len(ctx.orgs)} organizacji, {len(ctx.users)} użytkowników."
            )
        )
