"""A throw-away PostgreSQL database for a benchmark, copied from a migrated template (the plebiscite benchmarks).

Migrating an empty database and importing TERYT takes minutes on a loaded machine; the template is migrated once
(named after the migration files, so a new migration makes a new template) and every run copies it with
`CREATE DATABASE … TEMPLATE …` in seconds. `BENCH_DROP_TEMPLATE=1` drops the template after the run.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse, urlunparse

SRC = Path(__file__).resolve().parents[1] / "src" / "kooperacja"


def _template_name() -> str:
    files = sorted(str(p.relative_to(SRC)) for p in SRC.glob("*/migrations/0*.py"))
    return "kooperacja_bench_tmpl_" + hashlib.sha256("\n".join(files).encode()).hexdigest()[:12]


def _use(url: str, name: str) -> None:
    """DATABASE_URL for a Django not set up yet; the live connection's database name for one that is."""
    os.environ["DATABASE_URL"] = urlunparse(urlparse(url)._replace(path=f"/{name}"))
    from django.conf import settings

    if settings.configured:
        from django.db import connections

        connections.close_all()
        connections["default"].settings_dict["NAME"] = name


def _admin(url: str):  # type: ignore[no-untyped-def]
    import psycopg

    return psycopg.connect(url, autocommit=True)


@contextmanager
def bench_database(url: str, name: str, prepare: Callable[[], None]) -> Iterator[None]:
    """Point DATABASE_URL at a new database `name` copied from the template (made by `prepare()` the first time:
    migrate and import TERYT); drop it at the end."""
    template = _template_name()
    with _admin(url) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [template]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{template}"')
    os.environ["CONN_MAX_AGE"] = "600"
    if not exists:
        _use(url, template)
        try:
            prepare()
        except BaseException:
            with _admin(url) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
            raise
        from django.db import connections

        connections.close_all()
    with _admin(url) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    _use(url, name)
    try:
        yield
    finally:
        from django.db import connections

        connections.close_all()
        with _admin(url) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            if os.environ.get("BENCH_DROP_TEMPLATE") == "1":
                conn.execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
