"""`make demo`: migrations, TERYT, the demo scenario, static files, then the server on http://127.0.0.1:8000.

The second start skips what is already done (benchmarks/demo_start.py measures it): no system checks
(`kooperacja check` and CI run them), no `migrate` when no migration is pending (told from the migration files
on disk and the applied list, without loading the migration graph), the scenario only into an empty database,
`collectstatic` only when a static file changed since the last run (a fingerprint of names, sizes and
modification times kept in STATIC_ROOT), and the server (`serve`) runs gunicorn in this process with the
application preloaded, so Django is not set up again in a fresh interpreter and in every worker.
"""

from __future__ import annotations

import hashlib
import importlib
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from kooperacja.core.management.commands.backup_check import unapplied_migrations

FINGERPRINT_FILE = ".kooperacja-static-fingerprint"


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())


def ensure_database(connection: BaseDatabaseWrapper | None = None) -> bool:
    """Connect; a PostgreSQL database that does not exist yet is created. True when it was created.
    Any other connection problem is one CommandError line, not a traceback."""
    connection = connection or connections[DEFAULT_DB_ALIAS]
    try:
        connection.ensure_connection()
        return False
    except OperationalError as exc:
        name = connection.settings_dict["NAME"]
        if connection.vendor != "postgresql" or "does not exist" not in str(exc):
            raise CommandError(f"Nie można połączyć się z bazą danych {name!r}: {_one_line(exc)}") from None
    try:
        with connection._nodb_cursor() as cursor:
            cursor.execute(f"CREATE DATABASE {connection.ops.quote_name(name)}")
    except Exception as exc:
        raise CommandError(
            f"Baza danych {name!r} nie istnieje i nie udało się jej utworzyć ({_one_line(exc)}); "
            f"utwórz ją: createdb {name}"
        ) from None
    return True


def migrations_pending(connection: BaseDatabaseWrapper | None = None) -> bool:
    """True unless every migration file on disk is recorded as applied: one query and a directory listing per app,
    without importing the ~150 migration modules and building the graph (`migrate` does that when it has to run)."""
    connection = connection or connections[DEFAULT_DB_ALIAS]
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return True
    applied = set(recorder.applied_migrations())
    for config in apps.get_app_configs():
        module_name, _explicit = MigrationLoader.migrations_module(config.label)
        if module_name is None:
            continue
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError:
            continue
        for folder in getattr(module, "__path__", []):
            for path in Path(folder).glob("[0-9]*.py"):
                if (config.label, path.stem) not in applied:
                    return True
    return False


def static_fingerprint() -> str:
    digest = hashlib.sha256()
    for finder in get_finders():
        for path, storage in finder.list(ignore_patterns=["CVS", ".*", "*~"]):
            stat = Path(storage.path(path)).stat()
            digest.update(f"{path}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def collectstatic_if_changed() -> bool:
    """Run collectstatic unless the static sources are unchanged since the last run. True when it ran."""
    root = Path(settings.STATIC_ROOT)
    stamp = root / FINGERPRINT_FILE
    fingerprint = static_fingerprint()
    if stamp.exists() and stamp.read_text() == fingerprint and (root / "staticfiles.json").exists():
        return False
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(fingerprint)
    return True


class Command(BaseCommand):
    help = "Demo: migracje + rejestr TERYT + scenariusz demonstracyjny + serwer na http://127.0.0.1:8000."
    # The system checks took half of a second start (benchmarks/demo_start.py); `kooperacja check` and CI run them.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-serve", action="store_true")

    def handle(self, *args: object, **options: object) -> None:
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        if ensure_database():
            self.stdout.write(f"Utworzono bazę danych {connections[DEFAULT_DB_ALIAS].settings_dict['NAME']!r}.")
        if migrations_pending() and unapplied_migrations():
            call_command("migrate", interactive=False, verbosity=0)
        call_command("seed_demo", if_empty=True)
        collectstatic_if_changed()
        call_command("demo_logins")
        if not options["no_serve"]:
            call_command("serve")
