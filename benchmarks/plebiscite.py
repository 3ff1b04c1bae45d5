"""Plebiscite under load (issue 12): 100 concurrent voters cast 10,000 votes through the real vote service.

PostgreSQL only: `DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/plebiscite.py`
(the server in DATABASE_URL is used to create a throw-away database, dropped at the end). Options through the
environment: BENCH_VOTERS (10000), BENCH_THREADS (100), BENCH_DOUBLE (0.05: share of voters who try twice),
BENCH_PROCESSES (the number of cores): the 100 voters are threads spread over that many processes, the way a
web server runs its workers, so that Python (one GIL per process) is not the ceiling of a 2-core machine.
BENCH_SERVER_THREADS (4): as the web server serves them (`kooperacja serve`: 2 processes x 4 threads), each process
casts its voters' votes through that many server threads, each with its own database connection, so the database
sees processes x server threads connections however many voters wait; 0 gives every voter thread its own connection
and lets it call the service itself (100 connections, what earlier runs measured).
BENCH_BASELINE (3000): the number of voters of the baseline, measured first in the same run on a second
plebiscite: the same threads and voters through the ORM path of the service (`voting.vote_cast_orm`, four ORM
writes and two reads per vote, the path before the one-statement `ballot_box`); 0 skips it.

Prints votes/s, the number of duplicates ("has voted" records sharing a key: the UNIQUE constraint makes it 0),
double-vote attempts refused, lost votes (accepted votes without a ballot, or tallies that disagree with the
ballots), the machine's load, and the ratio of the service's votes/s to the baseline's: on a machine that other
work is loading, the ratio says more than the absolute figure. No assertions: the figures are for the reader.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

URL = os.environ.get("DATABASE_URL", "")
if not URL.startswith("postgres"):
    print("plebiscite: pominięto – potrzebny PostgreSQL (DATABASE_URL=postgres://...)")
    sys.exit(0)

VOTERS = int(os.environ.get("BENCH_VOTERS", "10000"))
THREADS = int(os.environ.get("BENCH_THREADS", "100"))
DOUBLE = float(os.environ.get("BENCH_DOUBLE", "0.05"))
PROCESSES = max(1, int(os.environ.get("BENCH_PROCESSES", str(os.cpu_count() or 1))))
BASELINE = int(os.environ.get("BENCH_BASELINE", "3000"))
SERVER_THREADS = int(os.environ.get("BENCH_SERVER_THREADS", "4"))
DB_NAME = f"kooperacja_bench_plebiscite_{os.getpid()}"


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


def run() -> None:
    from _setup import setup_django

    setup_django(seed=False)
    from django.db import connection, connections
    from django.utils import timezone

    from kooperacja.accounts.models import User
    from kooperacja.core.actors import SYSTEM
    from kooperacja.core.models import Territory
    from kooperacja.demo.scenarios.participation import make_pesel
    from kooperacja.organisations.models import Organisation
    from kooperacja.participation import services

    gmina = Territory.objects.get(code="2005011")
    org = Organisation.objects.create(name="UM benchmark", legal_form="jst_office", territory=gmina, is_verified=True)

    def plebiscite(title: str) -> tuple[object, list[int]]:
        p = services.process_create(
            actor=SYSTEM, authority=org, territory=gmina, kind="plebiscite", title=title, subject_kind="free",
            description="Benchmark plebiscytu",
        )  # fmt: skip
        now = timezone.now()
        phase = services.phase_add(
            actor=SYSTEM, process=p, kind="voting", starts_at=now + timedelta(hours=1),
            ends_at=now + timedelta(days=1), allows=("vote",),
        )  # fmt: skip
        pleb = services.plebiscite_create(actor=SYSTEM, process=p, voting_phase=phase, max_choices=1)
        candidates = [
            services.candidate_add(actor=SYSTEM, plebiscite=pleb, title=f"Motyw {i}", description="-").pk
            for i in range(6)
        ]
        services.phase_reschedule(
            actor=SYSTEM, phase=phase, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(days=1)
        )
        services.process_publish(actor=SYSTEM, process=p)
        return pleb, candidates

    users = User.objects.bulk_create(
        User(email=f"v{i}@bench.pl", full_name=f"Głosujący {i}", home_territory=gmina, password="!")  # noqa: S106
        for i in range(VOTERS)
    )
    pesels = [make_pesel(date(1940 + i % 60, 1 + i % 12, 1 + i % 28), i) for i in range(VOTERS)]

    with connection.cursor() as cur:
        cur.execute("SELECT current_setting('max_connections')::int, (SELECT count(*) FROM pg_stat_activity)")
        max_conn, in_use = cur.fetchone()
    # each voter thread holds a connection only without server threads
    threads_n = THREADS if SERVER_THREADS else min(THREADS, max_conn - in_use - 5)
    if threads_n < THREADS:
        print(
            f"  uwaga: serwer ma max_connections={max_conn} ({in_use} zajętych): {threads_n} wątków zamiast {THREADS}"
        )
    connections.close_all()
    baseline = None
    if BASELINE:
        pleb, candidates = plebiscite("Benchmark: ścieżka ORM (punkt odniesienia)")
        connections.close_all()
        baseline = run_threads(threads_n, users[:BASELINE], pesels, pleb, candidates, "orm")
    pleb, candidates = plebiscite("Benchmark")
    connections.close_all()
    rate = run_threads(threads_n, users, pesels, pleb, candidates, "service")
    if baseline:
        print(
            f"plebiscite: usługa vote_cast {rate:.0f} głosów/s = {rate / baseline:.2f} x punkt odniesienia "
            f"(ścieżka ORM w tym samym przebiegu: {baseline:.0f} głosów/s)"
        )


def _voter_process(
    p: int,
    threads_n: int,
    users: list,
    pesels: list[str],
    pleb: object,
    candidates: list[int],
    path: str,
    ready,
    go,
    out,
) -> None:  # type: ignore[no-untyped-def]
    """One worker process: its threads vote for every voter i with i % threads_total == its thread number."""
    from django.db import connection, connections
    from django.utils import timezone

    from kooperacja.participation import services
    from kooperacja.participation.services.voting import AlreadyVoted, vote_cast_orm

    def cast_here(**kwargs: object) -> str:
        if path == "orm":
            return vote_cast_orm(area="", now=timezone.now(), **kwargs)  # type: ignore[arg-type]
        return services.vote_cast(**kwargs)  # type: ignore[arg-type]

    server = None
    if SERVER_THREADS:
        # the web server's threads of this process: a voter waits for one, as a browser waits for the server
        from concurrent.futures import ThreadPoolExecutor

        server = ThreadPoolExecutor(max_workers=SERVER_THREADS)
        warm = threading.Barrier(SERVER_THREADS)

        def connect() -> None:
            connection.ensure_connection()  # before the clock starts
            warm.wait()

        for f in [server.submit(connect) for _ in range(SERVER_THREADS)]:
            f.result()

    def cast(**kwargs: object) -> str:
        if server is None:
            return cast_here(**kwargs)
        return server.submit(cast_here, **kwargs).result()

    total = threads_n * PROCESSES
    accepted = [0] * threads_n
    refused = [0] * threads_n
    errors: list[str] = []
    barrier = threading.Barrier(threads_n + 1)

    def worker(k: int) -> None:
        t = p * threads_n + k
        mine = range(t, len(users), total)
        if server is None:
            connection.ensure_connection()  # connect before the clock starts
        barrier.wait()
        try:
            for n, i in enumerate(mine):
                tries = 2 if (n * total + t) % int(1 / DOUBLE if DOUBLE else 10**9) == 0 else 1
                for _ in range(tries):
                    try:
                        cast(
                            actor=users[i], plebiscite=pleb, choices=[candidates[i % len(candidates)]], pesel=pesels[i]
                        )
                        accepted[k] += 1
                    except AlreadyVoted:
                        refused[k] += 1
        except Exception as exc:  # reported, not raised: the figures are what matters
            errors.append(repr(exc))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(threads_n)]
    for th in threads:
        th.start()
    ready.put(p)
    go.wait()
    barrier.wait()
    for th in threads:
        th.join()
    if server is not None:
        server.shutdown()
    out.put((sum(accepted), sum(refused), errors))


def run_threads(THREADS: int, users: list, pesels: list[str], pleb: object, candidates: list[int], path: str) -> float:
    """Cast the votes of `users` through `path` ("service": `services.vote_cast`; "orm": its ORM path); votes/s."""
    import multiprocessing

    from django.db import connection, connections
    from django.db.models import Count, Sum

    from kooperacja.participation.models import Ballot, Tally, VoterRecord

    connections.close_all()  # the children must not share the parent's connection
    ctx = multiprocessing.get_context("fork")
    ready, out, go = ctx.Queue(), ctx.Queue(), ctx.Event()
    per_process = max(1, THREADS // PROCESSES)
    procs = [
        ctx.Process(target=_voter_process, args=(p, per_process, users, pesels, pleb, candidates, path, ready, go, out))
        for p in range(PROCESSES)
    ]
    for pr in procs:
        pr.start()
    for _ in procs:
        ready.get()
    load_before = os.getloadavg()
    started = time.perf_counter()
    go.set()
    results = [out.get() for _ in procs]
    elapsed = time.perf_counter() - started
    for pr in procs:
        pr.join()
    load_after = os.getloadavg()
    ok = sum(r[0] for r in results)
    refused = sum(r[1] for r in results)
    errors = [e for r in results for e in r[2]]

    records = VoterRecord.objects.filter(plebiscite=pleb).count()
    ballots = Ballot.objects.filter(plebiscite=pleb).count()
    tallied = Tally.objects.filter(plebiscite=pleb).aggregate(s=Sum("votes"))["s"] or 0
    duplicates = (
        VoterRecord.objects.filter(plebiscite=pleb).values("voter_key").annotate(n=Count("pk")).filter(n__gt=1).count()
    )
    lost = (ok - ballots) + abs(ballots - tallied) + (ok - records)
    what = "usługa vote_cast" if path == "service" else "punkt odniesienia: ścieżka ORM (vote_cast_orm)"
    print(
        f"plebiscite [{what}]: PostgreSQL {connection.pg_version}, {per_process * PROCESSES} równoległych "
        f"głosujących ({PROCESSES} procesy x {per_process} wątków), {len(users)} osób; "
        + (
            f"serwer: {PROCESSES} procesy x {SERVER_THREADS} wątki = {PROCESSES * SERVER_THREADS} połączeń z bazą"
            if SERVER_THREADS
            else f"każdy głosujący z własnym połączeniem z bazą ({per_process * PROCESSES})"
        )
    )
    print(f"  głosy przyjęte: {ok} w {elapsed:.1f} s = {ok / elapsed:.0f} głosów/s")
    print(f"  duplikaty (ten sam klucz głosującego): {duplicates}")
    print(f"  odrzucone próby ponownego głosowania: {refused}")
    print(f"  utracone głosy (przyjęte bez karty / liczniki niezgodne z kartami): {lost}")
    print(f"  rekordy „głosował”: {records}, karty: {ballots}, suma liczników: {tallied}")
    print(f"  błędy: {len(errors)}" + (f" (pierwszy: {errors[0]})" if errors else ""))
    print(f"  obciążenie maszyny (loadavg 1/5/15 min): przed {load_before}, po {load_after}; rdzenie: {os.cpu_count()}")
    return ok / elapsed


if __name__ == "__main__":
    main()
