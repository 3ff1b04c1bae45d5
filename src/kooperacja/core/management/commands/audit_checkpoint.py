"""Seal the audit rows written since the last checkpoint (hash chain, docs/audit.md). Run it every few minutes."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from kooperacja.core import audit_chain


class Command(BaseCommand):
    help = _("Zamyka nowe wiersze dziennika zdarzeń i rejestru dostępu w punktach kontrolnych (łańcuch SHA-256).")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--enqueue", action="store_true", help=_("Zleć zadanie w tle zamiast wykonywać od razu."))
        parser.add_argument(
            "--lock-timeout",
            type=int,
            default=audit_chain.LOCK_TIMEOUT_MS,
            help=_("Ile milisekund czekać na zakończenie trwających zapisów (PostgreSQL)."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            from kooperacja.core.tasks import audit_checkpoint_task

            result = audit_checkpoint_task.enqueue()
            self.stdout.write(_("Zlecono zadanie %(id)s.") % {"id": result.id})
            return
        try:
            created = audit_chain.checkpoint_all(lock_timeout_ms=options["lock_timeout"])
        except audit_chain.CheckpointBusyError as exc:
            raise CommandError(_("Nie utworzono punktu kontrolnego: %(why)s Spróbuj ponownie.") % {"why": exc}) from exc
        for table, checkpoints in created.items():
            if not checkpoints:
                self.stdout.write(_("%(table)s: brak nowych wierszy.") % {"table": table})
            for cp in checkpoints:
                self.stdout.write(
                    _("%(table)s: punkt kontrolny %(id)d, wiersze %(first)d–%(last)d (%(n)d), skrót %(digest)s")
                    % {
                        "table": table,
                        "id": cp.pk,
                        "first": cp.after_id + 1,
                        "last": cp.last_id,
                        "n": cp.row_count,
                        "digest": cp.digest,
                    }
                )
