"""The `kooperacja` console command: Django's management commands with our settings.

A configuration error (production without DATABASE_URL, `serve` without SECRET_KEY) is printed as one line on
stderr and ends the command with exit code 2, before anything else runs.
"""

from __future__ import annotations

import os
import sys


def _refuse(message: object) -> None:
    sys.stderr.write(f"kooperacja: {message}\n")
    raise SystemExit(2)


# Commands that never open the database run without DATABASE_URL (translators, help).
NO_DATABASE_COMMANDS = {"makemessages", "compilemessages", "help", "version", "--help", "-h", "--version"}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kooperacja.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    argv = sys.argv[1:]
    try:
        settings.INSTALLED_APPS  # noqa: B018 - loads the settings module
        if settings.DATABASE_URL_MISSING and argv[:1] and argv[0] not in NO_DATABASE_COMMANDS:
            raise ImproperlyConfigured(settings.DATABASE_URL_MESSAGE)
        if argv[:1] == ["serve"]:
            from kooperacja.settings import require_secret_key

            require_secret_key()  # before gunicorn: one line, not a traceback from every worker
    except ImproperlyConfigured as exc:
        _refuse(exc)
    execute_from_command_line(["kooperacja", *argv])


if __name__ == "__main__":
    main()
