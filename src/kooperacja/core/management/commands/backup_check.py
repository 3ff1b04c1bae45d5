"""After a restore (docs/deployment.md, "Odtwarzanie"): is this database and media folder a usable Kooperacja?

Checks, in order: every migration of the code is applied; the rows of every table of the platform's apps (printed,
so they can be compared with the figures noted at backup time); the audit hash chain (the `audit_verify` logic);
every file a record refers to exists in its storage. Exit code 0 when all pass, 1 otherwise (one line per problem).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DEFAULT_DB_ALIAS, connections, models
from django.db.migrations.executor import MigrationExecutor
from django.utils.translation import gettext as _

from kooperacja.core import audit_chain

MISSING_SHOWN = 5


def unapplied_migrations(alias: str = DEFAULT_DB_ALIAS) -> list[str]:
    executor = MigrationExecutor(connections[alias])
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return [f"{migration.app_label}.{migration.name}" for migration, _backwards in plan]


def platform_models() -> list[type[models.Model]]:
    return [
        model
        for config in apps.get_app_configs()
        if config.name.startswith("kooperacja.")
        for model in config.get_models()
        if model._meta.managed and not model._meta.proxy
    ]


def missing_files() -> tuple[int, int, list[str]]:
    """(files referenced, files missing, the first few missing as table.column: name)."""
    referenced = 0
    missing: list[str] = []
    count = 0
    for model in platform_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.FileField):
                continue
            names = model._default_manager.exclude(**{field.attname: ""}).values_list(field.attname, flat=True)
            for name in names.iterator():
                if not name:
                    continue
                referenced += 1
                if not field.storage.exists(name):
                    count += 1
                    if len(missing) < MISSING_SHOWN:
                        missing.append(f"{model._meta.db_table}.{field.column}: {name}")
    return referenced, count, missing


class Command(BaseCommand):
    help = _(
        "Sprawdza bazę i pliki po odtworzeniu kopii: migracje, liczby wierszy, łańcuch dziennika zdarzeń, "
        "istnienie załączników; kod wyjścia 1 przy problemie."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--quiet-counts", action="store_true", help=_("Bez liczby wierszy każdej tabeli."))

    def handle(self, *args: Any, **options: Any) -> None:
        problems: list[str] = []

        pending = unapplied_migrations()
        if pending:
            problems.append(
                _("Niezastosowane migracje (%(n)d), np. %(first)s: uruchom migrate.")
                % {"n": len(pending), "first": pending[0]}
            )
            self.stdout.write(problems[-1])
            raise CommandError(problems[-1], returncode=1)  # the rest would read tables that may not exist
        self.stdout.write(_("Migracje: wszystkie zastosowane."))

        total = 0
        for model in platform_models():
            rows = model._default_manager.count()
            total += rows
            if not options["quiet_counts"]:
                self.stdout.write(f"  {model._meta.db_table}: {rows}")
        self.stdout.write(_("Wiersze w tabelach platformy: %(n)d") % {"n": total})

        for table in audit_chain.audited_models():
            report = audit_chain.verify_table(table)
            if report.broken is not None:
                problems.append(
                    _("Łańcuch dziennika naruszony: tabela %(table)s, punkt kontrolny %(cp)d: %(reason)s.")
                    % {"table": table, "cp": report.broken.checkpoint_id, "reason": report.broken.reason}
                )
            else:
                self.stdout.write(
                    _("Łańcuch dziennika %(table)s: punkty kontrolne %(cps)d, wiersze %(rows)d – zgodny.")
                    % {"table": table, "cps": report.checkpoints, "rows": report.rows}
                )

        referenced, count, examples = missing_files()
        if count:
            problems.append(
                _("Brak plików: %(count)d z %(referenced)d, np. %(examples)s (odtwórz katalog MEDIA_ROOT).")
                % {"count": count, "referenced": referenced, "examples": "; ".join(examples)}
            )
        else:
            self.stdout.write(_("Pliki załączników: %(n)d, wszystkie na miejscu.") % {"n": referenced})

        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(
                _("Kopia nie przeszła sprawdzenia (problemów: %(n)d).") % {"n": len(problems)}, returncode=1
            )
        self.stdout.write(_("OK: kopia nadaje się do użycia."))
