from django.core.management.base import BaseCommand, CommandError, CommandParser

from kooperacja.accounts.models import User
from kooperacja.accounts.services import backup_codes_regenerate


class Command(BaseCommand):
    help = "Wydaje nowe kody zapasowe 2FA użytkownikowi, który stracił telefon (poprzednie przestają działać)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--count", type=int, default=10)

    def handle(self, *args: object, **options: object) -> None:
        user = User.objects.filter(email__iexact=str(options["email"])).first()
        if user is None:
            raise CommandError(f"Nie ma użytkownika {options['email']}.")
        for code in backup_codes_regenerate(user=user, count=int(options["count"]), by_owner=False):  # type: ignore[call-overload]
            self.stdout.write(code)
