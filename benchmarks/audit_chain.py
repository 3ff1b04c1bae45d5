"""Audit integrity: what the append-only triggers and the checkpoints cost (docs/audit.md).

Prints inserts per second through `record_event` (one transaction per row, as requests write them) with and
without the triggers, the time to checkpoint and to verify everything, and on PostgreSQL insert latency of
concurrent writers while checkpoints run (a checkpoint must not make inserts wait beyond its brief lock).

    .venv/bin/python benchmarks/audit_chain.py [--rows 20000] [--threads 4]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/koop_bench_audit .venv/bin/python benchmarks/audit_chain.py

On PostgreSQL the run without triggers needs a superuser (`session_replication_role`). Figures only.
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO

from _setup import setup_django

setup_django(seed=False)

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import close_old_connections, connection  # noqa: E402

from kooperacja.accounts.models import User  # noqa: E402
from kooperacja.core import audit_chain, audit_triggers  # noqa: E402
from kooperacja.core.audit import record_event  # noqa: E402
from kooperacja.core.models import AuditEvent  # noqa: E402


@contextmanager
def triggers_off() -> Iterator[None]:
    """For this session only and outside any transaction, so each insert still commits on its own."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET session_replication_role = replica")
            try:
                yield
            finally:
                cursor.execute("SET session_replication_role = origin")
            return
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'kooperacja_audit_%'")
        saved = cursor.fetchall()
        for name, _sql in saved:
            cursor.execute(f'DROP TRIGGER "{name}"')
        try:
            yield
        finally:
            for _name, sql in saved:
                cursor.execute(sql)


def insert_rate(n: int, actor: User, target: ContentType, verb: str) -> float:
    start = time.perf_counter()
    for i in range(n):
        record_event(actor=actor, verb=verb, target=target, data={"i": i, "note": "zażółć gęślą jaźń"})
    return n / (time.perf_counter() - start)


def concurrent_writers(threads: int, per_thread: int, target: ContentType, with_checkpoints: bool) -> None:
    latencies: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(threads + 1)
    stop = threading.Event()
    checkpoints: list[float] = []
    busy = 0

    def writer() -> None:
        mine = []
        try:
            barrier.wait()
            for i in range(per_thread):
                t = time.perf_counter()
                record_event(actor=None, verb="bench.concurrent", target=target, data={"i": i})
                mine.append(time.perf_counter() - t)
        finally:
            with lock:
                latencies.extend(mine)
            connection.close()

    workers = [threading.Thread(target=writer) for _ in range(threads)]
    for w in workers:
        w.start()
    barrier.wait()
    start = time.perf_counter()
    while with_checkpoints and any(w.is_alive() for w in workers):
        t = time.perf_counter()
        try:
            audit_chain.checkpoint_all()
            checkpoints.append(time.perf_counter() - t)
        except audit_chain.CheckpointBusyError:
            busy += 1
        stop.wait(0.25)
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - start
    latencies.sort()
    p99 = latencies[int(len(latencies) * 0.99)]
    label = "z punktami kontrolnymi co 0,25 s" if with_checkpoints else "bez punktów kontrolnych"
    print(
        f"  {threads} wątków, {label}: {len(latencies) / elapsed:8.0f} wstawień/s, "
        f"p50 {statistics.median(latencies) * 1000:6.2f} ms, p99 {p99 * 1000:6.2f} ms, "
        f"max {latencies[-1] * 1000:7.2f} ms"
        + (
            f"; punktów {len(checkpoints)}, średnio {statistics.mean(checkpoints) * 1000:.0f} ms, zajętych {busy}"
            if checkpoints
            else ""
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--threads", type=int, default=4)
    args = parser.parse_args()
    call_command("migrate", verbosity=0)
    assert audit_triggers.installed(), "brak wyzwalaczy: migracja core 0003 nie została zastosowana"
    actor, _ = User.objects.get_or_create(email="bench-audit@kooperacja.local", defaults={"full_name": "Benchmark"})
    target = ContentType.objects.get_for_model(User)
    n = args.rows
    print(f"baza: {connection.vendor}, wierszy na próbę: {n}, w tabeli na start: {AuditEvent.objects.count()}")
    insert_rate(200, actor, target, "bench.warmup")
    # Alternate the two modes in rounds (and their order) so that a busy machine drifts both alike.
    rates: dict[bool, list[float]] = {False: [], True: []}
    rounds = 10
    for r in range(rounds):
        for triggers in (True, False) if r % 2 else (False, True):
            if triggers:
                rates[True].append(insert_rate(n // rounds, actor, target, "bench.triggers"))
            else:
                with triggers_off():
                    rates[False].append(insert_rate(n // rounds, actor, target, "bench.no_triggers"))
    without, with_triggers = statistics.median(rates[False]), statistics.median(rates[True])
    print(f"record_event bez wyzwalaczy: {without:8.0f} wstawień/s (mediana {rounds} rund)")
    print(f"record_event z wyzwalaczami: {with_triggers:8.0f} wstawień/s ({(with_triggers / without - 1) * 100:+.1f}%)")
    start = time.perf_counter()
    created = audit_chain.checkpoint_all()
    sealed = sum(cp.row_count for cps in created.values() for cp in cps)
    print(f"punkt kontrolny: {sealed} wierszy w {time.perf_counter() - start:.2f} s")
    record_event(actor=actor, verb="bench.after", target=target)
    start = time.perf_counter()
    call_command("audit_checkpoint", stdout=StringIO())
    print(f"kolejny punkt kontrolny (1 nowy wiersz): {(time.perf_counter() - start) * 1000:.0f} ms")
    start = time.perf_counter()
    reports = audit_chain.verify_all()
    rows = sum(r.rows for r in reports)
    assert all(r.broken is None for r in reports)
    print(f"audit_verify: {rows} wierszy w {time.perf_counter() - start:.2f} s")
    if connection.vendor == "postgresql":
        print("PostgreSQL, równoległe zapisy (opóźnienie jednego record_event):")
        per_thread = max(1, n // (4 * args.threads))
        close_old_connections()
        concurrent_writers(args.threads, per_thread, target, with_checkpoints=False)
        concurrent_writers(args.threads, per_thread, target, with_checkpoints=True)


if __name__ == "__main__":
    main()
