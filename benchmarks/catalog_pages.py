"""Catalogue pages and API: p50/p95 response time and queries per page with 100 and 5,000 services.

    KOOPERACJA_ENV=test .venv/bin/python benchmarks/catalog_pages.py

Seeds only the foundation, catalogue and delivery demo scenarios (independent of other apps' demo data), then
adds synthetic services. The query count must not change with the number of services."""

from __future__ import annotations

import statistics
import time

from _setup import setup_django

setup_django(seed=False)

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from kooperacja.catalog.models import Location, Service  # noqa: E402
from kooperacja.demo.context import DemoContext  # noqa: E402
from kooperacja.demo.scenarios import catalog, delivery, foundation  # noqa: E402

PAGES = [
    "/uslugi/",
    "/uslugi/?gmina=2005011&target_group=seniors&free=on",
    "/uslugi/?q=klub&order=free",
    "/api/v1/services?limit=50",
    "/api/v1/hsds/services?per_page=50",
]
REPEAT = 20


def seed_once() -> None:
    call_command("migrate", verbosity=0)
    if Service.objects.exists():
        return
    call_command("import_teryt", verbosity=0)
    ctx = DemoContext(today=timezone.localdate())
    with transaction.atomic():
        for module in (foundation, catalog, delivery):
            module.seed(ctx)


def grow_to(n: int) -> None:
    have = Service.objects.count()
    if have >= n:
        return
    template = Service.objects.get(name="Klub pracy")
    loc = Location.objects.filter(organisation=template.provider).first()
    made = Service.objects.bulk_create(
        Service(provider=template.provider, name=f"Usługa syntetyczna {i:05d}", description="Opis", category="other",
                target_groups=["adults", "seniors"], capacity_places=10 + i % 20, places_taken=i % 10)
        for i in range(have, n)
    )  # fmt: skip
    Service.locations.through.objects.bulk_create(
        Service.locations.through(service_id=s.pk, location_id=loc.pk) for s in made
    )


def measure() -> list[tuple[str, float, float, int]]:
    client = Client(SERVER_NAME="localhost")
    rows = []
    for url in PAGES:
        client.get(url)
        times = []
        for _ in range(REPEAT):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        times.sort()
        rows.append((url, statistics.median(times), times[int(len(times) * 0.95) - 1], len(ctx.captured_queries)))
    return rows


def main() -> None:
    seed_once()
    for size in (100, 5000):
        grow_to(size)
        print(f"\n{Service.objects.count()} usług w katalogu")
        print(f"{'strona':58} {'p50 ms':>8} {'p95 ms':>8} {'zapytań':>8}")
        for url, p50, p95, queries in measure():
            print(f"{url:58} {p50:8.1f} {p95:8.1f} {queries:8d}")


if __name__ == "__main__":
    main()
