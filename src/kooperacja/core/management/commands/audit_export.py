"""Write the rows of sealed checkpoints as canonical JSON lines, before a DBA archives them (docs/audit.md)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from kooperacja.core import audit_chain
from kooperacja.core.models import AuditCheckpoint


class Command(BaseCommand):
    help = _(
        "Zapisuje wiersze zamkniętych punktów kontrolnych (po jednym pliku .jsonl na punkt i spis skrótów) "
        "przed archiwizacją; każdy plik można sprawdzić poleceniem sha256sum."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("table", choices=sorted(audit_chain.audited_models()))
        parser.add_argument("directory", type=Path)
        parser.add_argument(
            "--through-checkpoint", type=int, required=True, help=_("Ostatni (najnowszy) eksportowany punkt.")
        )

    def handle(self, *args: Any, **options: Any) -> None:
        table, directory = options["table"], options["directory"]
        last = AuditCheckpoint.objects.filter(table_name=table, pk=options["through_checkpoint"]).first()
        if last is None:
            raise CommandError(_("Tabela %(table)s nie ma takiego punktu kontrolnego.") % {"table": table})
        directory.mkdir(parents=True, exist_ok=True)
        manifest = directory / f"{table}-punkty.tsv"
        rows = 0
        checkpoints = AuditCheckpoint.objects.filter(table_name=table, last_id__lte=last.last_id).order_by("last_id")
        with manifest.open("a", encoding="utf-8") as out:
            for cp in checkpoints:
                path = directory / f"{table}-{cp.pk}.jsonl"
                with path.open("wb") as f:
                    written = 0
                    for line in audit_chain.export_lines(table, cp):
                        f.write(line + b"\n")
                        written += 1
                if written == 0:  # archived earlier
                    path.unlink()
                    continue
                if written != cp.row_count:
                    raise CommandError(
                        _("Punkt %(id)d: w bazie jest %(have)d wierszy zamiast %(want)d – najpierw audit_verify.")
                        % {"id": cp.pk, "have": written, "want": cp.row_count}
                    )
                out.write(f"{cp.pk}\t{cp.after_id}\t{cp.last_id}\t{cp.row_count}\t{cp.previous_digest}\t{cp.digest}\n")
                rows += written
        self.stdout.write(
            _("Zapisano %(rows)d wierszy do %(dir)s; archiwizować można wiersze o id <= %(last)d.")
            % {"rows": rows, "dir": directory, "last": last.last_id}
        )
