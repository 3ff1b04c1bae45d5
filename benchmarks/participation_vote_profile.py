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
- the single-thread ceiling (votes/s of one Python thread) and the machine's load;
for the ORM path of the service (`voting.vote_cast_orm`, the baseline) and then for the service `vote_cast`
(its one-statement path, `services/ballot_box.py`), each on its own plebiscite, and the ratio of the two.
"""

from __future__ import annotations

import os
import sys
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

URL = os.environ.get("DATABASE_URL", "")
if not URL.startswith("postgres"):
    print("participation_vote_profile: pominięto – potrzebny PostgreSQL (DATABASE_URL=postgres://...)")
    sys.exit(0)

VOTES = int(os.environ.get("BENCH_VOTES", "2000"))
DB_NAME = f"kooperacja_bench_vote_profile_{os.getpid()}"


def main() -> None:
    from _pgtemplate import bench_database

    with bench_database(URL, DB_NAME, prepare):
        run()


def prepare() -> None:
    """The template database: migrated, with the TERYT register (copied for every run)."""
    from _setup import setup_django

    setup_django(seed=False)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("import_teryt", verbosity=0)


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
    from django.db import connection
    from django.utils import timezone

    from kooperacja.accounts.models import User
    from kooperacja.core.actors import SYSTEM
    from kooperacja.core.models import Territory
    from kooperacja.demo.scenarios.participation import make_pesel
    from kooperacja.organisations.models import Organisation
    from kooperacja.participation import services
    from kooperacja.participation.services.voting import vote_cast_orm

    gmina = Territory.objects.get(code="2005011")
    org = Organisation.objects.create(name="UM profil", legal_form="jst_office", territory=gmina, is_verified=True)

    def plebiscite(title: str) -> tuple[Any, list[int]]:
        p = services.process_create(
            actor=SYSTEM, authority=org, territory=gmina, kind="plebiscite", title=title, subject_kind="free",
            description="Profil głosu",
        )  # fmt: skip
        now = timezone.now()
        phase = services.phase_add(
            actor=SYSTEM, process=p, kind="voting", starts_at=now + timedelta(hours=1),
            ends_at=now + timedelta(days=1), allows=("vote",),
        )  # fmt: skip
        pleb = services.plebiscite_create(actor=SYSTEM, process=p, voting_phase=phase, max_choices=1)
        cands = [
            services.candidate_add(actor=SYSTEM, plebiscite=pleb, title=f"M{i}", description="-").pk for i in range(6)
        ]
        services.phase_reschedule(
            actor=SYSTEM, phase=phase, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(1)
        )
        services.process_publish(actor=SYSTEM, process=p)
        return pleb, cands

    User.objects.bulk_create(
        User(email=f"p{i}@bench.pl", full_name=f"G {i}", home_territory=gmina, password="!")  # noqa: S106
        for i in range(VOTES + 1)
    )
    users = list(User.objects.filter(email__endswith="@bench.pl").order_by("pk"))
    pesels = [make_pesel(date(1940 + i % 60, 1 + i % 12, 1 + i % 28), i) for i in range(VOTES + 1)]
    print(f"plebiscite profile: PostgreSQL {connection.pg_version}, {VOTES} głosów po kolei (jeden wątek) na ścieżkę")

    def orm_path(**kwargs: Any) -> str:
        return vote_cast_orm(area="", now=timezone.now(), **kwargs)

    per_vote: dict[str, float] = {}
    for name, cast in (("ścieżka ORM (vote_cast_orm, punkt odniesienia)", orm_path), ("usługa vote_cast", None)):
        pleb, cands = plebiscite(name)
        per_vote[name] = profile(name, cast or services.vote_cast, pleb, cands, users, pesels)
    (before_name, before), (after_name, after) = per_vote.items()
    print(f"  {after_name}: {after * 1000:.2f} ms na głos = {before / after:.2f} x szybciej niż {before_name}")


def profile(name: str, cast: Any, pleb: Any, cands: list[int], users: list[Any], pesels: list[str]) -> float:
    """Profile VOTES votes cast one after another through `cast`; the wall time per vote."""
    from django.db import connection, transaction

    statements: list[tuple[str, float]] = []
    first_vote: list[tuple[str, Any]] = []
    record_params = True

    def timer(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append((sql, time.perf_counter() - started))
            if record_params:
                first_vote.append((sql, params))

    class _RolledBack(Exception):
        """Raised to roll the profiled vote back."""

    # One vote, to list its statements; rolled back, so that EXPLAIN ANALYZE can replay its writes below.
    try:
        with transaction.atomic(), connection.execute_wrapper(timer):
            cast(actor=users[-1], plebiscite=pleb, choices=[cands[0]], pesel=pesels[-1])
            raise _RolledBack
    except _RolledBack:
        pass
    print(f"  [{name}]")
    print(f"  zapytania jednego głosu ({len(statements)}):")
    for sql, _t in statements:
        print(f"    {_kind(sql)}")
    statements.clear()
    record_params = False

    load_before = os.getloadavg()
    started = time.perf_counter()
    with connection.execute_wrapper(timer):
        for i in range(VOTES):
            cast(actor=users[i], plebiscite=pleb, choices=[cands[i % len(cands)]], pesel=pesels[i])
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
            if head not in ("INSERT", "UPDATE", "SELECT", "WITH"):
                continue
            cur.execute("BEGIN")
            try:
                cur.execute(f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {sql}", params)
                plan = [row[0] for row in cur.fetchall()]
            except Exception as exc:  # a statement with parameters that cannot be replayed is skipped
                plan = [f"(pominięto: {type(exc).__name__})"]
            finally:
                cur.execute("ROLLBACK")
            shown = [line.strip() for line in plan if "Time:" in line or not line.startswith(" ")][:6]
            print(f"    {_kind(sql)}: " + " | ".join(shown))
    after = os.getloadavg()
    print(f"  obciążenie maszyny (loadavg 1/5/15 min): przed {load_before}, po {after}; rdzenie: {os.cpu_count()}")
    return wall / VOTES


if __name__ == "__main__":
    main()
