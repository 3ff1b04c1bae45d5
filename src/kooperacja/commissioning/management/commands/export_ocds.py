from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from kooperacja.commissioning.ocds import release_package


class Command(BaseCommand):
    help = "Eksportuje opublikowane ogłoszenia, rozstrzygnięcia i umowy jako pakiet wydań OCDS 1.1 (JSON)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", "-o", help="plik wynikowy (domyślnie standardowe wyjście)")

    def handle(self, *args: Any, **options: Any) -> None:
        text = json.dumps(release_package(), ensure_ascii=False, indent=2)
        if options.get("output"):
            Path(options["output"]).write_text(text, encoding="utf-8")
            self.stdout.write(f"Zapisano {options['output']}")
        else:
            self.stdout.write(text)
