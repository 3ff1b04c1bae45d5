"""Response time (p50/p95) and queries per page for the foundation's pages at two data sizes.

Prints a table; the query count must stay the same when the data grows (tests assert it, this shows it)."""

from __future__ import annotations

import statistics
import time

from _setup import setup_django

setup_django()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from kooperacja.core.models import Territory  # noqa: E402
from kooperacja.organisations.models import Organisation  # noqa: E402

PAGES = [
    "/",
    "/organizacje/",
    "/organizacje/?q=spółdzielnia",
    "/organizacje/?strona=3",
    "/api/v1/organisations?limit=50",
    "/api/v1/territories?kind=gmina&limit=100",
]
REPEAT = 30


def measure(client: Client, url: str) -> tuple[float, float, int]:
    timings = []
    queries = 0
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(ctx.captured_queries)
    timings.sort()
    return statistics.median(timings), timings[int(len(timings) * 0.95) - 1], queries


def main() -> None:
    client = Client(SERVER_NAME="localhost")
    gmina = Territory.objects.get(code="2005092")
    print(f"{'organisations':>14} {'page':<44} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}")
    for target in (100, 5000):
        missing = target - Organisation.objects.count()
        if missing > 0:
            # Names are unique per gmina: number on from the synthetic ones already added by the previous size.
            first = Organisation.objects.filter(name__startswith="Organizacja testowa ").count()
            Organisation.objects.bulk_create(
                [
                    Organisation(
                        name=f"Organizacja testowa {i:05d}",
                        legal_form="association",
                        territory=gmina,
                        is_verified=True,
                        is_pes=True,
                        areas=["youth"],
                    )
                    for i in range(first, first + missing)
                ],
                batch_size=1000,
            )
        for url in PAGES:
            p50, p95, queries = measure(client, url)
            print(f"{Organisation.objects.count():>14} {url:<44} {p50:>8.1f} {p95:>8.1f} {queries:>8}")


main()
