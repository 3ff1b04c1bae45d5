"""Issue 15 §3, the JIT question: the slowest SELECT of the list pages, EXPLAIN ANALYZE with `jit` on and off.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kooperacja_scale KOOPERACJA_ENV=test \\
        .venv/bin/python benchmarks/scale_jit.py

Run on the database `benchmarks/scale.py` seeded (best of three runs each; figures in docs/performance.md).
Without DATABASE_URL on PostgreSQL it exits 0 at once (as scale.py).
"""

from __future__ import annotations

import json
from typing import Any

import scale  # exits 0 without PostgreSQL, sets Django up
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

PAGES = {
    "sprawy",
    "sprawy (partner)",
    "API sprawy",
    "API skierowania",
    "statystyki regionalne",
    "uczestnicy",
    "katalog usług",
    "katalog: wyszukiwanie",
}


def best_of_three(sql: str) -> tuple[float, float, Any]:
    best: tuple[float, float, Any] | None = None
    with connection.cursor() as cursor:
        for _ in range(3):
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
            (raw,) = cursor.fetchone()
            plan = (json.loads(raw) if isinstance(raw, str) else raw)[0]
            total = plan["Execution Time"] + plan["Planning Time"]
            if best is None or total < best[0]:
                best = (total, plan["Plan"]["Total Cost"], plan.get("JIT", {}).get("Timing", {}).get("Total"))
    assert best is not None
    return best


def main() -> None:
    for role, label, url in scale.pages():
        if label not in PAGES:
            continue
        client = Client() if role == "anonymous" else scale.login_client(Client(), scale.user_of(role))
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        selects = [q for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith("SELECT")]
        slowest = max(selects, key=lambda q: float(q["time"]))
        figures = []
        for jit in ("on", "off"):
            with connection.cursor() as cursor:
                cursor.execute(f"SET jit = {jit}")
            total, cost, jit_ms = best_of_three(slowest["sql"])
            figures.append(f"jit {jit}: {total:.1f} ms (koszt {cost:.0f}, JIT {jit_ms or 0:.1f} ms)")
        with connection.cursor() as cursor:
            cursor.execute("RESET jit")
        print(f"{role} {label}: zapytań {len(ctx.captured_queries)}; najwolniejsze: " + " | ".join(figures), flush=True)


main()
