"""Commissioning pages, API and OCDS export: p50/p95 and queries per page with 100 and 2,000 published calls.

    KOOPERACJA_ENV=test .venv/bin/python benchmarks/commissioning_pages.py

Seeds the foundation, catalogue and commissioning demo scenarios, then adds synthetic published calls (each with
one submitted offer). Query counts of list pages must not change with the number of calls; the OCDS export
is linear in calls (prefetching keeps its query count constant)."""

from __future__ import annotations

import datetime as dt
import statistics
import time

from _setup import setup_django

setup_django(seed=False)

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from kooperacja.commissioning.models import Call, Offer, OfferPartner  # noqa: E402
from kooperacja.commissioning.ocds import release_package  # noqa: E402
from kooperacja.demo.context import DemoContext  # noqa: E402
from kooperacja.demo.scenarios import catalog, commissioning, foundation  # noqa: E402

PAGES = [
    "/zlecanie/ogloszenia/",
    "/zlecanie/ogloszenia/?otwarte=1",
    "/zlecanie/ogloszenia/otwarte.atom",
    "/zlecanie/pakiety/",
    "/api/v1/calls?limit=50",
]
REPEAT = 15


def seed_once() -> None:
    call_command("migrate", verbosity=0)
    if Call.objects.exists():
        return
    call_command("import_teryt", verbosity=0)
    ctx = DemoContext(today=timezone.localdate())
    with transaction.atomic():
        for module in (foundation, catalog, commissioning):
            module.seed(ctx)


def grow_to(n: int) -> None:
    template = Call.objects.filter(published_at__isnull=False, mode="opp_open").first()
    have = Call.objects.count()
    now = timezone.now()
    calls = [
        Call(
            title=f"Konkurs syntetyczny {i}",
            authority=template.authority,
            package=template.package,
            state="published",
            published_at=now - dt.timedelta(days=i % 20),
            offer_deadline=now + dt.timedelta(days=1 + i % 30),
            funds_total=template.funds_total,
        )
        for i in range(have, n)
    ]
    Call.objects.bulk_create(calls, batch_size=500)
    new = list(Call.objects.filter(title__startswith="Konkurs syntetyczny", offers__isnull=True))
    offers = Offer.objects.bulk_create(
        [
            Offer(
                call=c, lead_organisation=template.offers.first().lead_organisation, title="Oferta", state="submitted"
            )
            for c in new
        ],
        batch_size=500,
    )
    OfferPartner.objects.bulk_create(
        [OfferPartner(offer=o, organisation_id=o.lead_organisation_id, role="lead") for o in offers], batch_size=500
    )


def measure(client: Client, url: str) -> tuple[float, float, int]:
    times = []
    queries = 0
    for _ in range(REPEAT):
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
        queries = len(ctx.captured_queries)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], queries


def main() -> None:
    seed_once()
    client = Client(SERVER_NAME="localhost")
    for n in (100, 2000):
        grow_to(n)
        print(f"\n== {Call.objects.count()} ogłoszeń ==")
        for url in PAGES:
            p50, p95, q = measure(client, url)
            print(f"{url:45s} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  zapytań {q}")
        with CaptureQueriesContext(connection) as ctx:
            start = time.perf_counter()
            package = release_package()
            took = (time.perf_counter() - start) * 1000
        label = "OCDS release package"
        releases, queries = len(package["releases"]), len(ctx.captured_queries)
        print(f"{label:45s} {took:7.1f} ms  wydań {releases}  zapytań {queries}")


if __name__ == "__main__":
    main()
