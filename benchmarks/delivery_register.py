"""Attendance register and enrolment: p50/p95 of the register page (100 and 1,000 participants) and of
`enrolment_request` (capacity lock), with queries per request.

    KOOPERACJA_ENV=test .venv/bin/python benchmarks/delivery_register.py
"""

from __future__ import annotations

import statistics
import time
from datetime import timedelta
from decimal import Decimal

from _setup import setup_django

setup_django(seed=False)

from catalog_pages import seed_once  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from kooperacja.accounts.models import User  # noqa: E402
from kooperacja.catalog import services as catalog_services  # noqa: E402
from kooperacja.core.actors import SYSTEM  # noqa: E402
from kooperacja.delivery import services  # noqa: E402
from kooperacja.delivery.models import Attendance, Enrolment, Person, PersonOrganisation  # noqa: E402
from kooperacja.organisations.models import Organisation  # noqa: E402

REPEAT = 20


def big_group(n: int, org: Organisation) -> tuple[object, object]:
    day = timezone.localdate() - timedelta(days=7)
    svc = catalog_services.service_create(
        actor=SYSTEM, provider=org, data={"name": f"Grupa {n} {time.time()}", "description": "x", "category": "other"}
    )
    people = Person.objects.bulk_create(
        Person(code=f"U-{svc.pk % 1000:03d}{n % 10}{i:04d}", first_name="Imię", last_name=f"N{i:05d}",
               territory=org.territory, registered_by=org)
        for i in range(n)
    )  # fmt: skip
    PersonOrganisation.objects.bulk_create(
        PersonOrganisation(person=p, organisation=org, since=day, reason="benchmark") for p in people
    )
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(person=p, service=svc, status="active", requested_on=day, enrolled_on=day) for p in people
    )
    session = services.session_create(actor=SYSTEM, service=svc, on=day + timedelta(days=1), topic="t")
    Attendance.objects.bulk_create(
        Attendance(session=session, enrolment=e, status="present", hours=Decimal(2)) for e in enrolments[::2]
    )
    return svc, session


def timed(client: Client, url: str) -> tuple[float, float, int]:
    client.get(url)
    times = []
    for _ in range(REPEAT):
        start = time.perf_counter()
        assert client.get(url).status_code == 200
        times.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1], len(ctx.captured_queries)


def main() -> None:
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    seed_once()
    user = User.objects.get(email="spoldzielnia@zubr.demo")
    org = Organisation.objects.get(short_name="SS „Żubr”")
    client = Client(SERVER_NAME="localhost")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    device, _ = StaticDevice.objects.get_or_create(user=user, defaults={"name": "bench"})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    print(f"{'strona':40} {'uczestników':>12} {'p50 ms':>8} {'p95 ms':>8} {'zapytań':>8}")
    for n in (100, 1000):
        svc, sess = big_group(n, org)
        for label, url in (("lista obecności", f"/realizacja/zajecia/{sess.pk}/"),
                           ("uczestnicy usługi", f"/realizacja/uslugi/{svc.pk}/")):  # fmt: skip
            p50, p95, q = timed(client, url)
            print(f"{label:40} {n:12d} {p50:8.1f} {p95:8.1f} {q:8d}")
    svc = catalog_services.service_create(
        actor=SYSTEM,
        provider=org,
        data={"name": "Zapisy", "description": "x", "category": "other", "capacity_places": 50},
    )
    people = list(Person.objects.filter(served_by__organisation=org).order_by("id")[:80])
    times = []
    with CaptureQueriesContext(connection) as ctx:
        for p in people:
            start = time.perf_counter()
            services.enrolment_request(actor=user, person=p, service=svc)
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    print(
        f"\nenrolment_request: {len(people)} zapisów na 50 miejsc, p50 {statistics.median(times):.1f} ms, "
        f"p95 {times[int(len(times) * 0.95) - 1]:.1f} ms, {len(ctx.captured_queries) / len(people):.1f} zapytań/zapis; "
        f"aktywnych {Enrolment.objects.filter(service=svc, status='active').count()}, "
        f"oczekujących {Enrolment.objects.filter(service=svc, status='waiting').count()}"
    )


if __name__ == "__main__":
    main()
