"""Where the time of one vote goes (issue 12, the bottleneck behind `benchmarks/plebiscite.py`).

PostgreSQL only: `DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python
benchmarks/participation_vote_profile.py` (a throw-away database is created next to the one in DATABASE_URL and
dropped at the end). BENCH_VOTES (default 2000) votes are cast one after another through the real vote service;
every SQL statement is timed with a connection execute wrapper. Prints:

- the statements of one vote (reads before the transaction, the transaction's writes) and their count;
- per vote: wall time, time inside the database driver (SQL round trips) and the rest (Python: Django, the
  service, HMAC, the ORM), so the share of each is visible;
- EXPLAIN (ANALYZE, BUFFERS) of the vote's writes (in a transaction rolled back), to show they are index-only
  single-row operations;
- the single-thread ceiling (votes/s of one Python thread) and the machine's load.
"""

from __future__ import annotations

import os
import sys
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlparse, urlunparse

sys.path.insert(0, str(Path(__file__).resolve().parent))

URL = os.environ.get("DATABASE_URL", "")
if not URL.startswith("postgres"):
    print("participation_vote_profile: pominięto – potrzebny PostgreSQL (DATABASE_URL=postgres://...)")
    sys.exit(0)

VOTES = int(os.environ.get("BENCH_VOTES", "2000"))
DB_NAME = f"kooperacja_bench_vote_profile_{os.getpid()}"


def main() -> None:
    import psycopg

    with psycopg.connect(URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')
    os.environ["DATABASE_URL"] = urlunparse(urlparse(URL)._replace(path=f"/{DB_NAME}"))
    os.environ["CONN_MAX_AGE"] = "600"
    try:
        run()
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


def _kind(sql: str) -> str:
    head = sql.lstrip().split(None, 1)[0].upper()
    if head == "SELECT":
        table = sql.split(" FROM ", 1)[1].split()[0].strip('"') if " FROM " in sql else "?"
        return f"SELECT {table}"
    if head in ("INSERT", "UPDATE"):
        word = "INTO" if head == "INSERT" else head
        table = sql.split(word, 1)[1].split()[0].strip('"')
        return f"{head} {table}"
    return head


def run() -> None:
    from _setup import setup_django

    setup_django(seed=False)
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    call_command("import_teryt", verbosity=0)

    from kooperacja.accounts.models import User
    from kooperacja.core.actors import SYSTEM
    from kooperacja.core.models import Territory
    from kooperacja.demo.scenarios.participation import make_pesel
    from kooperacja.organisations.models import Organisation
    from kooperacja.participation import services

    gmina = Territory.objects.get(code="2005011")
    org = Organisation.objects.create(name="UM profil", legal_form="jst_office", territory=gmina, is_verified=True)
    p = services.process_create(
        actor=SYSTEM, authority=org, territory=gmina, kind="plebiscite", title="Profil", subject_kind="free",
        description="Profil głosu",
    )  # fmt: skip
    now = timezone.now()
    phase = services.phase_add(
        actor=SYSTEM, process=p, kind="voting", starts_at=now + timedelta(hours=1), ends_at=now + timedelta(days=1),
        allows=("vote",),
    )  # fmt: skip
    pleb = services.plebiscite_create(actor=SYSTEM, process=p, voting_phase=phase, max_choices=1)
    cands = [services.candidate_add(actor=SYSTEM, plebiscite=pleb, title=f"M{i}", description="-").pk for i in range(6)]
    services.phase_reschedule(actor=SYSTEM, phase=phase, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(1))
    services.process_publish(actor=SYSTEM, process=p)
    users = User.objects.bulk_create(
        User(email=f"p{i}@bench.pl", full_name=f"G {i}", home_territory=gmina, password="!")  # noqa: S106
        for i in range(VOTES + 1)
    )
    users = list(User.objects.filter(email__endswith="@bench.pl").order_by("pk"))
    pesels = [make_pesel(date(1940 + i % 60, 1 + i % 12, 1 + i % 28), i) for i in range(VOTES + 1)]

    statements: list[tuple[str, float]] = []
    first_vote: list[tuple[str, Any]] = []

    def timer(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append((sql, time.perf_counter() - started))
            if record_params:
                first_vote.append((sql, params))

    record_params = True

    class _RolledBack(Exception):
        """Raised to roll the profiled vote back."""

    # One vote, to list its statements; rolled back, so that EXPLAIN ANALYZE can replay its writes below.
    try:
        with transaction.atomic(), connection.execute_wrapper(timer):
            services.vote_cast(actor=users[-1], plebiscite=pleb, choices=[cands[0]], pesel=pesels[-1])
            raise _RolledBack
    except _RolledBack:
        pass
    print(f"plebiscite profile: PostgreSQL {connection.pg_version}, {VOTES} głosów po kolei (jeden wątek)")
    print(f"  zapytania jednego głosu ({len(statements)}):")
    for sql, _t in statements:
        print(f"    {_kind(sql)}")
    statements.clear()
    record_params = False

    load_before = os.getloadavg()
    started = time.perf_counter()
    with connection.execute_wrapper(timer):
        for i in range(VOTES):
            services.vote_cast(actor=users[i], plebiscite=pleb, choices=[cands[i % len(cands)]], pesel=pesels[i])
    wall = time.perf_counter() - started
    in_db = sum(t for _sql, t in statements)
    by_kind: dict[str, list[float]] = defaultdict(list)
    for sql, t in statements:
        by_kind[_kind(sql)].append(t)
    print(f"  {VOTES} głosów w {wall:.1f} s = {VOTES / wall:.0f} głosów/s w jednym wątku")
    print(
        f"  na głos: {wall / VOTES * 1000:.2f} ms, w tym SQL (sterownik + serwer) {in_db / VOTES * 1000:.2f} ms "
        f"({in_db / wall:.0%}), Python (Django, usługa, HMAC, ORM) {(wall - in_db) / VOTES * 1000:.2f} ms"
    )
    print("  czas zapytań według rodzaju (średnio na głos, ms):")
    for kind, times in sorted(by_kind.items(), key=lambda kv: -sum(kv[1])):
        print(f"    {kind:45s} {len(times) / VOTES:4.1f} × {sum(times) / len(times) * 1000:.3f}")

    print("  EXPLAIN (ANALYZE) zapisów głosu (w wycofanej transakcji):")
    with connection.cursor() as cur:
        for sql, params in first_vote:
            head = sql.lstrip().split(None, 1)[0].upper()
            if head not in ("INSERT", "UPDATE", "SELECT"):
                continue
            cur.execute("BEGIN")
            try:
                cur.execute(f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {sql}", params)
                plan = [row[0] for row in cur.fetchall()]
            except Exception as exc:  # a statement with parameters that cannot be replayed is skipped
                plan = [f"(pominięto: {type(exc).__name__})"]
            finally:
                cur.execute("ROLLBACK")
            print(f"    {_kind(sql)}: " + " | ".join(line.strip() for line in plan[:4]))
    after = os.getloadavg()
    print(f"  obciążenie maszyny (loadavg 1/5/15 min): przed {load_before}, po {after}; rdzenie: {os.cpu_count()}")


if __name__ == "__main__":
    main()
