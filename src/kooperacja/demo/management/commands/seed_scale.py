"""`kooperacja seed_scale --scale 0.1 --seed 2026`: the synthetic voivodeship of issue 15 on top of the demo."""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from kooperacja.demo import scale


class Command(BaseCommand):
    help = _(
        "Dokłada do demo syntetyczny region w skali województwa (3000 organizacji, 100 000 uczestników, "
        "1 000 000 obecności, 20 000 spraw przy --scale 1.0). Deterministyczny; uruchamia się raz."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=float, default=0.1, help=_("Ułamek rozmiarów z issue 15 (1.0 = pełne)."))
        parser.add_argument(
            "--seed", type=int, default=2026, help=_("Ziarno generatora (te same dane dla tego samego ziarna).")
        )
        parser.add_argument("--voivodeship", default="20", help=_("Kod TERC województwa (domyślnie 20, podlaskie)."))

    def handle(self, *args: Any, **options: Any) -> None:
        if not 0 < options["scale"] <= 5:
            raise CommandError(_("Skala musi być większa od 0 i nie większa niż 5."))
        call_command("seed_demo", "--if-empty", stdout=self.stdout)
        if scale.already_seeded():
            raise CommandError(
                _("Syntetyczny region już jest w tej bazie (nazwy zaczynają się od %(mark)s); zacznij od czystej bazy.")
                % {"mark": scale.MARK}
            )
        self.stdout.write(_("Generuję region (skala %(scale)s, ziarno %(seed)s)…") % options)
        report = scale.seed_scale(
            scale=options["scale"],
            seed=options["seed"],
            voivodeship=options["voivodeship"],
            say=lambda line: self.stdout.write(line),
        )
        summary = ", ".join(f"{name}: {count}" for name, count in report.counts.items())
        self.stdout.write(
            self.style.SUCCESS(_("Gotowe w %(s).0f s: %(summary)s") % {"s": report.seconds, "summary": summary})
        )
