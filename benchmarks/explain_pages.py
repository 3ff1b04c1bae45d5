"""Issue 15 §3 evidence: the slowest queries of every main page on the PostgreSQL scale database, explained.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kooperacja_scale KOOPERACJA_ENV=test \\
        .venv/bin/python benchmarks/explain_pages.py

Run after `benchmarks/scale.py` (it seeds the region). For every page of `scale.pages()` it takes the two
slowest queries of one request (Django test client) and prints EXPLAIN (ANALYZE) figures: execution and
planning time, whether JIT compiled it (and how long that took), the planner's total cost, sequential scans
and sorts that spill to disk. Without DATABASE_URL on PostgreSQL it exits 0 at once (as scale.py).
"""

from __future__ import annotations

import json
import os
import time
from typing import Any

import scale  # exits 0 without PostgreSQL, sets Django up
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

TOP = int(os.environ.get("EXPLAIN_TOP", "2"))
FILTER = os.environ.get("EXPLAIN_PAGES", "")


def _walk(node: dict[str, Any], out: list[str]) -> None:
    kind = node.get("Node Type", "")
    if kind == "Seq Scan" and node.get("Actual Rows", 0) * node.get("Actual Loops", 1) > 5_000:
        out.append(
            f"Seq Scan {node.get('Relation Name')} ({node.get('Actual Rows')} wierszy x {node.get('Actual Loops')})"
        )
    if kind == "Sort" and node.get("Sort Space Type") == "Disk":
        out.append(f"Sort na dysku {node.get('Sort Space Used')} kB")
    for child in node.get("Plans", []):
        _walk(child, out)


def explain(sql: str, params: Any) -> dict[str, Any]:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        (plan,) = cursor.fetchone()
    if isinstance(plan, str):
        plan = json.loads(plan)
    return plan[0]


def main() -> None:
    for role, label, url in scale.pages():
        if FILTER and FILTER not in label:
            continue
        client = Client() if role == "anonymous" else scale.login_client(Client(), scale.user_of(role))
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            client.get(url)
            total = (time.perf_counter() - start) * 1000
        queries = sorted(ctx.captured_queries, key=lambda q: -float(q["time"]))[:TOP]
        print(f"\n== {role} {label} {url}: {total:.0f} ms, zapytań {len(ctx.captured_queries)}")
        for q in queries:
            sql = q["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            # the captured SQL has its parameters inlined as Django renders them; EXPLAIN it as is
            try:
                plan = explain(sql, None)
            except Exception as exc:  # a query that cannot be re-run as text is reported, not fatal
                print(f"  ({q['time']} s) nie da się wyjaśnić: {str(exc).splitlines()[0]}")
                continue
            root = plan["Plan"]
            notes: list[str] = []
            _walk(root, notes)
            jit = plan.get("JIT", {}).get("Timing", {}).get("Total")
            print(
                f"  {float(q['time']) * 1000:7.1f} ms | wykonanie {plan['Execution Time']:.1f} ms, planowanie "
                f"{plan['Planning Time']:.1f} ms, koszt {root['Total Cost']:.0f}"
                + (f", JIT {jit:.1f} ms" if jit else "")
                + (" | " + "; ".join(notes) if notes else "")
            )
            print(f"      {sql[:260]}")


main()
