"""Regional pages of monitoring (ROPS): p50/p95 response time and queries per page at a small and a voivodeship
size of precomputed figures (10 gminas x 3 years, then every gmina of podlaskie x 6 years, ~118 gminas).

    KOOPERACJA_ENV=test .venv/bin/python benchmarks/monitoring.py

Seeds only the foundation scenario (the analyst and ROPS), then loads synthetic figures through the service
(as SYSTEM). The regional pages read only the precomputed table, so their query count must not grow; the
refresh (recomputation from the records) is timed separately on the data present. Prints figures, asserts
nothing."""

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

from kooperacja.accounts.models import User  # noqa: E402
from kooperacja.core.actors import SYSTEM  # noqa: E402
from kooperacja.core.models import Territory  # noqa: E402
from kooperacja.demo.context import DemoContext  # noqa: E402
from kooperacja.demo.scenarios import foundation  # noqa: E402
from kooperacja.demo.scenarios.monitoring import SYNTHETIC_GMINAS, synthetic_rows  # noqa: E402
from kooperacja.monitoring.services import figures_load_synthetic, figures_refresh  # noqa: E402

PAGES = [
    "/monitoring/",
    "/monitoring/?powiat=2005&sort=participants&malejaco=on",
    "/monitoring/?typ=2&sort=awarded_value",
    "/monitoring/eksport.xlsx",
    "/api/v1/monitoring/gminas",
]
REPEAT = 20


def seed_once() -> None:
    call_command("migrate", verbosity=0)
    if User.objects.exists():
        return
    call_command("import_teryt", verbosity=0)
    with transaction.atomic():
        foundation.seed(DemoContext(today=timezone.localdate()))


def measure(client: Client, label: str) -> None:
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
        p95 = statistics.quantiles(times, n=20)[-1]
        print(f"{label:>26} {url:<58} p50 {statistics.median(times):7.1f} ms  p95 {p95:7.1f} ms  {len(ctx):3d} queries")


def main() -> None:
    seed_once()
    year = timezone.localdate().year
    small = list(Territory.objects.filter(code__in=SYNTHETIC_GMINAS))
    figures_load_synthetic(actor=SYSTEM, rows=synthetic_rows(small, [year - 2, year - 1, year]))
    client = Client(SERVER_NAME="localhost")
    client.force_login(
        User.objects.get(email="analityk@rops.demo"), backend="django.contrib.auth.backends.ModelBackend"
    )
    measure(client, f"{len(small)} gmin x 3 lata")
    every = list(Territory.objects.filter(kind="gmina", code__startswith="20"))
    n = figures_load_synthetic(actor=SYSTEM, rows=synthetic_rows(every, list(range(year - 5, year + 1)), seed=7))
    measure(client, f"{len(every)} gmin x 6 lat ({n})")
    start = time.perf_counter()
    run = figures_refresh(actor=SYSTEM, voivodeship_code="20")
    print(f"refresh from records (rows {run.rows}): {(time.perf_counter() - start) * 1000:.0f} ms")


main()
