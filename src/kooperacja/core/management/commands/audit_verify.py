"""Recompute every audit checkpoint from the rows and report the first broken link (exit code 1)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from kooperacja.core import audit_chain


class Command(BaseCommand):
    help = _(
        "Sprawdza łańcuch punktów kontrolnych dziennika zdarzeń i rejestru dostępu; kod wyjścia 1 przy naruszeniu."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--table", choices=sorted(audit_chain.audited_models()), help=_("Tylko ta tabela."))

    def handle(self, *args: Any, **options: Any) -> None:
        tables = [options["table"]] if options["table"] else list(audit_chain.audited_models())
        reports = [audit_chain.verify_table(table) for table in tables]
        for r in reports:
            line = _("%(table)s: punkty kontrolne: %(cps)d, sprawdzone wiersze: %(rows)d") % {
                "table": r.table,
                "cps": r.checkpoints,
                "rows": r.rows,
            }
            if r.archived_checkpoints:
                line += _(", zarchiwizowane punkty: %(n)d") % {"n": r.archived_checkpoints}
            if r.uncovered_rows:
                line += _(", wiersze po ostatnim punkcie (jeszcze bez skrótu): %(n)d") % {"n": r.uncovered_rows}
            self.stdout.write(line)
        broken = [r.broken for r in reports if r.broken is not None]
        if broken:
            b = broken[0]
            where = _("wiersz id %(id)d") % {"id": b.row_id} if b.row_id is not None else _("wiersz nieustalony")
            raise CommandError(
                _("NARUSZENIE: tabela %(table)s, punkt kontrolny %(cp)d, %(where)s: %(reason)s.")
                % {"table": b.table, "cp": b.checkpoint_id, "where": where, "reason": b.reason},
                returncode=1,
            )
        self.stdout.write(
            _("OK: punkty kontrolne: %(cps)d, sprawdzone wiersze: %(rows)d")
            % {"cps": sum(r.checkpoints for r in reports), "rows": sum(r.rows for r in reports)}
        )
