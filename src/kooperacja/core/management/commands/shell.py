"""`kooperacja shell`: Django's shell without the "N objects could not be automatically imported" notice.

simple_history's historical models live in no importable module, so Django's automatic imports can never
import them; they are left out of the list instead of being reported on every start.
"""

from __future__ import annotations

from django.core.management.commands.shell import Command as DjangoShellCommand
from django.utils.module_loading import import_string


def _importable(path: str) -> bool:
    try:
        import_string(path)
    except ImportError:
        return False
    return True


class Command(DjangoShellCommand):
    def get_auto_imports(self) -> list[str] | None:
        paths = super().get_auto_imports()
        return None if paths is None else [path for path in paths if _importable(path)]
