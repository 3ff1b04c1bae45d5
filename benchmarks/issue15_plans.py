"""Issue 15 §3: the plans of the list queries the fixes target, with their cost and time, on a scale database.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kooperacja_scale KOOPERACJA_ENV=test \\
        .venv/bin/python benchmarks/issue15_plans.py

For each query: the planner's total cost (JIT compiles above `jit_above_cost`, 100,000 by default), whether JIT
ran, the execution time (median of RUNS) and the index names the plan uses. Run it before and after a change
on the same database, in the same load (the load average is printed).
"""

from __future__ import annotations

import json
import os
import re
import statistics
import sys
from collections.abc import Callable
from typing import Any

if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
    print("benchmarks/issue15_plans.py: pominięto – ustaw DATABASE_URL na bazę PostgreSQL.")
    sys.exit(0)

from _setup import setup_django

setup_django()

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.core.paginator import Paginator  # noqa: E402
from django.db import connection  # noqa: E402

RUNS = int(os.environ.get("RUNS", "7"))


def _user(role: str) -> Any:
    from kooperacja.accounts.models import User
    from kooperacja.demo.scenarios.foundation import USERS

    return User.objects.get(email=next(row[1] for row in USERS if row[0] == role))


def _plan(sql: str, params: Any) -> tuple[float, bool, float, list[str]]:
    times = []
    with connection.cursor() as cursor:
        for _ in range(RUNS):
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
            raw = cursor.fetchone()[0]
            doc = (json.loads(raw) if isinstance(raw, str) else raw)[0]
            times.append(doc["Execution Time"] + doc.get("Planning Time", 0))
    text = json.dumps(doc)
    indexes = sorted(set(re.findall(r'"Index Name": "([^"]+)"', text)))
    return doc["Plan"]["Total Cost"], "JIT" in doc, statistics.median(times), indexes


def queries() -> list[tuple[str, Callable[[], Any]]]:
    from kooperacja.catalog import selectors as catalog
    from kooperacja.cooperation import selectors as cooperation
    from kooperacja.organisations import selectors as organisations

    anon = AnonymousUser()

    def page(qs: Any) -> Any:
        return qs[:20]

    def count(qs: Any) -> Any:
        return Paginator(qs, 20).object_list.order_by().values("pk")  # COUNT(*) runs over this

    return [
        ("katalog: strona 1", lambda: page(catalog.services_search(anon))),
        ("katalog: liczba", lambda: count(catalog.services_search(anon))),
        ("katalog: szukaj 'swietlica' s.1", lambda: page(catalog.services_search(anon, q="swietlica"))),
        ("katalog: szukaj 'świetlica' s.1", lambda: page(catalog.services_search(anon, q="świetlica"))),
        ("katalog: szukaj 'dzieci' liczba", lambda: count(catalog.services_search(anon, q="dzieci"))),
        ("organizacje: strona 1", lambda: page(organisations.organisations_search(anon))),
        ("organizacje: szukaj s.1", lambda: page(organisations.organisations_search(anon, q="stowarzyszenie"))),
        ("sprawy: pracownik s.1", lambda: page(cooperation.case_list(_user("social_worker")))),
        ("sprawy: pracownik liczba", lambda: count(cooperation.case_list(_user("social_worker")))),
        ("sprawy: partner s.1", lambda: page(cooperation.case_list(_user("partner")))),
        ("sprawy: partner liczba", lambda: count(cooperation.case_list(_user("partner")))),
    ]


def main() -> None:
    print(f"load {os.getloadavg()[0]:.1f}; mediana z {RUNS} (planowanie + wykonanie)")
    print(f"{'zapytanie':<34} {'koszt':>10} {'JIT':>4} {'ms':>8}  indeksy")
    for label, make in queries():
        qs = make()
        sql, params = qs.query.sql_with_params()
        if label.endswith("liczba"):
            sql = f"SELECT COUNT(*) FROM ({sql}) sub"  # noqa: S608 - SQL of our own queryset
        cost, jit, ms, indexes = _plan(sql, params)
        print(f"{label:<34} {cost:>10.0f} {'tak' if jit else 'nie':>4} {ms:>8.1f}  {', '.join(indexes)}", flush=True)


if __name__ == "__main__":
    main()
