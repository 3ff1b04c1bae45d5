"""Recomputation of the monitoring figures at scale: time of the full refresh of podlaskie, of one gmina, and of
the changed gminas only, for N gminas with records (10, 40, every gmina of the voivodeship) over 3 years.

    KOOPERACJA_ENV=test .venv/bin/python benchmarks/monitoring_refresh.py [--per-gmina 250]

Seeds the foundation scenario only, then bulk-creates SYNTHETIC records (a throw-away database: a provider,
a PZK, cases, two referrals per case, participants and enrolments per gmina) so the refresh reads data of a
voivodeship's size (~118 gminas x 250 cases = ~30,000 cases, ~60,000 referrals, ~35,000 enrolments).
Attendance rows are not read by the refresh (the package dashboard reads them per lot), so none are created.
Prints figures, asserts nothing."""

from __future__ import annotations

import argparse
import random
import time
from datetime import date, datetime, timedelta

from _setup import setup_django

setup_django(seed=False)

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from kooperacja.accounts.models import User  # noqa: E402
from kooperacja.catalog.models import Service  # noqa: E402
from kooperacja.cooperation.models import Case, Referral, Team  # noqa: E402
from kooperacja.core.actors import SYSTEM  # noqa: E402
from kooperacja.core.models import Territory  # noqa: E402
from kooperacja.delivery.models import Enrolment, Person  # noqa: E402
from kooperacja.demo.context import DemoContext  # noqa: E402
from kooperacja.demo.scenarios import foundation  # noqa: E402
from kooperacja.monitoring.services import figures_refresh, figures_refresh_changed  # noqa: E402
from kooperacja.organisations.models import Organisation  # noqa: E402


def seed_once() -> None:
    call_command("migrate", verbosity=0)
    if User.objects.exists():
        return
    call_command("import_teryt", verbosity=0)
    with transaction.atomic():
        foundation.seed(DemoContext(today=timezone.localdate()))


def records_for(gminas: list[Territory], per_gmina: int, rng: random.Random) -> int:
    """Bulk-create synthetic records for the gminas (benchmark only; the demo writes through services)."""
    worker = User.objects.order_by("pk").first()
    year = timezone.localdate().year
    created = 0
    for g in gminas:
        org = Organisation.objects.create(name=f"OPS syntetyczny {g.code}", legal_form="ops", territory=g)
        ngo = Organisation.objects.create(
            name=f"Stowarzyszenie syntetyczne {g.code}", legal_form="association", territory=g, is_pes=True
        )
        team = Team.objects.create(
            name=f"PZK {g.name}", gmina=g, lead_organisation=org, founded_on=date(year - 2, 1, 1)
        )
        services = Service.objects.bulk_create(
            Service(provider=ngo, name=f"Usługa {i} {g.code}", description="syntetyczna", category="other")
            for i in range(2)
        )
        cases = Case.objects.bulk_create(
            (
                Case(
                    team=team,
                    number=f"S/{g.code}/{i}",
                    title=f"Rodzina {i}",
                    gmina=g,
                    owner=org,
                    case_worker=worker,
                    opened_on=date(year - rng.randint(0, 2), rng.randint(1, 12), rng.randint(1, 28)),
                )
                for i in range(per_gmina)
            ),
            batch_size=500,
        )
        referrals = []
        for c in cases:
            for _ in range(2):
                sent = timezone.make_aware(
                    datetime.combine(c.opened_on + timedelta(days=rng.randint(1, 30)), datetime.min.time())
                )
                done = rng.random() < 0.6
                referrals.append(
                    Referral(
                        case=c,
                        from_organisation=org,
                        to_organisation=ngo,
                        sent_by=worker,
                        request="syntetyczne",
                        due_on=c.opened_on + timedelta(days=60),
                        sent_at=sent,
                        state="completed" if done else "sent",
                        finished_at=sent + timedelta(days=rng.randint(5, 90)) if done else None,
                        outcome="zrealizowane (syntetyczne)" if done else "",
                    )
                )
        Referral.objects.bulk_create(referrals, batch_size=1000)
        people = Person.objects.bulk_create(
            (
                Person(
                    first_name="Syntetyczna",
                    last_name=f"Osoba {i}",
                    territory=g,
                    registered_by=ngo,
                    sex=rng.choice("FM"),
                )
                for i in range(per_gmina * 6 // 5)
            ),
            batch_size=1000,
        )
        Enrolment.objects.bulk_create(
            (
                Enrolment(
                    person=p,
                    service=services[i % 2],
                    status="active",
                    requested_on=date(year - 1, 1, 1),
                    enrolled_on=date(year - rng.randint(0, 1), rng.randint(1, 12), 1),
                )
                for i, p in enumerate(people)
            ),
            batch_size=1000,
        )
        created += len(cases) + len(referrals) + 2 * len(people)
    return created


def timed(label: str, fn) -> object:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    with CaptureQueriesContext(connection) as ctx:
        result = fn()
    ms = (time.perf_counter() - start) * 1000
    rows = getattr(result, "rows", 0) if result is not None else 0
    print(f"  {label:<44} {ms:9.0f} ms  {len(ctx):4d} queries  {rows:5d} rows")
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-gmina", type=int, default=250, help="cases per gmina (participants: x1.2)")
    args = parser.parse_args()
    seed_once()
    rng = random.Random(14)
    every = list(Territory.objects.filter(kind="gmina", code__startswith="20").order_by("code"))
    done: list[Territory] = []
    for n in (10, 40, len(every)):
        new = every[len(done) : n]
        start = time.perf_counter()
        with transaction.atomic():
            created = records_for(new, args.per_gmina, rng)
        done += new
        print(
            f"{len(done)} gmin z danymi (+{created} rekordów w {time.perf_counter() - start:.1f} s), "
            f"{Case.objects.count()} spraw, {Referral.objects.count()} skierowań, {Enrolment.objects.count()} zapisów:"
        )
        timed("pełne przeliczenie województwa 20", lambda: figures_refresh(actor=SYSTEM, voivodeship_code="20"))
        last = done[-1].code
        timed(f"jedna gmina ({last})", lambda c=last: figures_refresh(actor=SYSTEM, gmina_code=c))
        timed("gminy ze zmianami: brak zmian", lambda: figures_refresh_changed(actor=SYSTEM))
        changed = done[:3]
        Case.objects.filter(gmina__in=changed).update(updated_at=timezone.now())
        timed("gminy ze zmianami: 3 gminy", lambda: figures_refresh_changed(actor=SYSTEM))
    print("(dane syntetyczne; umów i kwot nie generujemy – te zapytania są grupowane tak samo)")


main()
