from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from kooperacja.core.teryt import SHIPPED_FILE, TerytImportError, import_centres, import_terc, read_terc_file


class Command(BaseCommand):
    help = "Importuje rejestr TERC (GUS TERYT) z pliku CSV; bez argumentu – plik dołączony do projektu."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", default=str(SHIPPED_FILE))

    def handle(self, *args: object, **options: object) -> None:
        path = Path(str(options["file"]))
        if not path.is_file():
            raise CommandError(f"Nie ma pliku {path}.")
        try:
            result = import_terc(read_terc_file(path))
        except TerytImportError as exc:
            raise CommandError("Plik odrzucony, nic nie zmieniono:\n" + "\n".join(exc.errors)) from exc
        self.stdout.write(
            f"TERC {path.name}: województwa {result.voivodeships}, powiaty {result.powiats}, "
            f"gminy {result.gminas}"
            + " ("
            + ", ".join(f"{k}: {v}" for k, v in sorted(result.gminas_by_type.items()))
            + f"), części gmin i dzielnice {result.parts}. "
            f"Nowe {result.created}, zmienione {result.updated}, bez zmian {result.unchanged}."
        )
        try:
            centres = import_centres()
        except TerytImportError as exc:
            raise CommandError("Plik współrzędnych siedzib gmin odrzucony:\n" + "\n".join(exc.errors)) from exc
        self.stdout.write(f"Współrzędne siedzib gmin i powiatów: {centres}.")
