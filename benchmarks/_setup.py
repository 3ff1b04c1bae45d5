"""Shared set-up for benchmark scripts: a throw-away SQLite database in a temp folder (or DATABASE_URL),
migrated and loaded with the demo scenario, so numbers are comparable between runs."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))


def setup_django(seed: bool = True) -> None:
    os.environ.setdefault("KOOPERACJA_ENV", "test")
    os.environ.setdefault("KOOPERACJA_DATA_DIR", tempfile.mkdtemp(prefix="kooperacja-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kooperacja.settings")
    import django

    django.setup()
    if seed:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("seed_demo", "--if-empty", verbosity=0)
