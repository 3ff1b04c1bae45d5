"""Create the next months' partitions of the access log on PostgreSQL (core.partitions). Run it daily."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from kooperacja.core import partitions


class Command(BaseCommand):
    help = _("Zakłada partycje rejestru dostępu na bieżący i kolejne miesiące (PostgreSQL).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--months", type=int, default=3, help=_("Na ile miesięcy naprzód założyć partycje (domyślnie 3).")
        )
        parser.add_argument("--enqueue", action="store_true", help=_("Zleć zadanie w tle zamiast wykonywać od razu."))

    def handle(self, *args: Any, **options: Any) -> None:
        months = max(0, min(options["months"], 24))
        if options["enqueue"]:
            from kooperacja.core.tasks import accesslog_partitions_task

            result = accesslog_partitions_task.enqueue(months)
            self.stdout.write(_("Zlecono zadanie %(id)s.") % {"id": result.id})
            return
        if not partitions.is_partitioned():
            self.stdout.write(_("Rejestr dostępu nie jest podzielony na partycje (SQLite) – nic do zrobienia."))
            return
        done = partitions.ensure(months_ahead=months)
        for name in done.created:
            self.stdout.write(_("Założono partycję %(name)s.") % {"name": name})
        for name in done.existing:
            self.stdout.write(_("Partycja %(name)s już jest.") % {"name": name})
        for name in done.skipped:
            self.stderr.write(
                _(
                    "Nie założono partycji %(name)s: wiersze z tego miesiąca są już w partycji domyślnej "
                    "(polecenie nie działało na czas); zob. docs/scale.md."
                )
                % {"name": name}
            )
