from django.core.management.base import BaseCommand

from kooperacja.accounts.roles import requires_two_factor
from kooperacja.accounts.selectors import accounts_by_email
from kooperacja.accounts.services import backup_codes_regenerate
from kooperacja.demo.context import DEMO_PASSWORD
from kooperacja.demo.scenarios.consortia import EXTRA_USERS as CONSORTIA_USERS
from kooperacja.demo.scenarios.foundation import USERS
from kooperacja.demo.scenarios.second_authority import USERS as SECOND_AUTHORITY_USERS


def demo_logins() -> list[tuple[str, str, str]]:
    """(e-mail, name, what to try) of every demo account that can log in, foundation first."""
    rows = [(email, name, hint) for _key, email, name, _m, _staff, hint in USERS]
    rows += [(email, name, hint) for _key, email, name, _org, _role, hint in CONSORTIA_USERS]
    rows += [(email, name, hint) for _key, email, name, _org, _role, hint in SECOND_AUTHORITY_USERS]
    return rows


class Command(BaseCommand):
    help = "Wypisuje loginy demonstracyjne z nowymi kodami zapasowymi 2FA (działają bez telefonu)."

    def handle(self, *args: object, **options: object) -> None:
        self.stdout.write("")
        self.stdout.write(f"Loginy demonstracyjne (hasło dla wszystkich: {DEMO_PASSWORD})")
        self.stdout.write("Konta z dostępem do danych osobowych wymagają kodu 2FA: użyj jednego z kodów zapasowych.")
        self.stdout.write("-" * 100)
        logins = demo_logins()
        users = accounts_by_email(row[0] for row in logins)
        for email, full_name, hint in logins:
            user = users.get(email)
            if user is None:
                continue
            codes = ""
            if requires_two_factor(user):
                codes = "  kody 2FA: " + " ".join(
                    backup_codes_regenerate(user=user, count=5, notify=False, by_owner=False)
                )
            self.stdout.write(f"{email:<34} {full_name:<24} {hint}")
            if codes:
                self.stdout.write(f"{'':<34}{codes}")
        self.stdout.write("-" * 100)
