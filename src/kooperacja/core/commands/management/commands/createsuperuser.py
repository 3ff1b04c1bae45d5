"""`kooperacja createsuperuser` with every prompt and message in Polish.

Django's command asks for the fields by their verbose names (Polish in our user model) but writes its password
prompts and messages as fixed English strings; this subclass puts Polish ones in their place and keeps the
logic (validation, --noinput, DJANGO_SUPERUSER_* variables) of Django's command.
"""

from __future__ import annotations

import getpass as _getpass
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from django.contrib.auth.management.commands import createsuperuser as django_createsuperuser
from django.core import exceptions
from django.utils.text import capfirst

PROMPTS = {
    "Password: ": "Hasło: ",
    "Password (again): ": "Hasło (powtórnie): ",
    "Bypass password validation and create user anyway? [y/N]: ": (
        "Pominąć sprawdzenie hasła i mimo to utworzyć konto? [t/N]: "
    ),
}
MESSAGES = {
    "Error: Your passwords didn't match.": "Błąd: hasła się różnią.",
    "Error: Blank passwords aren't allowed.": "Błąd: hasło nie może być puste.",
    "Error: This field cannot be blank.": "Błąd: to pole nie może być puste.",
    "Superuser created successfully.": "Utworzono konto superużytkownika.",
    "\nOperation cancelled.": "\nPrzerwano.",
    "Superuser creation skipped due to not running in a TTY. You can run `manage.py createsuperuser` in your "
    "project to create one manually.": (
        "Pominięto tworzenie superużytkownika: polecenie nie działa w terminalu. Uruchom "
        "`kooperacja createsuperuser` w terminalu."
    ),
}


def _polish(text: str) -> str:
    if text in MESSAGES:
        return MESSAGES[text]
    if text.startswith("Error: That ") and text.endswith(" is already taken."):
        taken = text[len("Error: That ") : -len(" is already taken.")]
        return f"Błąd: takie konto ({taken}) już istnieje."
    if text.startswith("Error: "):
        return "Błąd: " + text[len("Error: ") :]
    return text


class _PolishGetpass:
    """Stands in for the getpass module inside Django's command."""

    @staticmethod
    def getpass(prompt: str = "Password: ", stream: Any = None) -> str:
        return _getpass.getpass(PROMPTS.get(prompt, prompt), stream)


def _polish_input(prompt: str = "") -> str:
    answer = input(PROMPTS.get(prompt, prompt))
    return "y" if answer.strip().lower() in {"t", "tak"} else answer


@contextmanager
def _polish_prompts(command: Command) -> Iterator[None]:
    module: Any = django_createsuperuser
    saved_getpass = module.getpass
    writers: list[tuple[Any, Callable[..., Any]]] = [(command.stdout, command.stdout.write)]
    writers.append((command.stderr, command.stderr.write))
    module.getpass = _PolishGetpass
    module.input = _polish_input
    for wrapper, write in writers:
        wrapper.write = lambda msg="", *a, _write=write, **kw: _write(_polish(str(msg)), *a, **kw)
    try:
        yield
    finally:
        module.getpass = saved_getpass
        del module.input
        for wrapper, write in writers:
            wrapper.write = write


class Command(django_createsuperuser.Command):
    help = "Tworzy konto superużytkownika (konto techniczne; administratorzy platformy to is_staff)."

    def handle(self, *args: Any, **options: Any) -> None:
        with _polish_prompts(self):
            super().handle(*args, **options)

    def _get_input_message(self, field: Any, default: Any = None) -> str:
        message = f"{capfirst(field.verbose_name)}"
        if default:
            message += f" (pozostaw puste, aby użyć „{default}”)"
        return message + ": "

    def get_input_data(self, field: Any, message: str, default: Any = None) -> Any:
        raw_value = input(message)
        if default and raw_value == "":
            raw_value = default
        try:
            return field.clean(raw_value, None)
        except exceptions.ValidationError as e:
            self.stderr.write("Błąd: " + "; ".join(e.messages))
            return None
