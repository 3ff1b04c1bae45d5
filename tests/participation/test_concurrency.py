"""PostgreSQL, threads: the same person voting from 20 sessions at once gets exactly one vote."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from tests.conftest import requires_postgres

pytestmark = [pytest.mark.postgres, requires_postgres]


def _plebiscite() -> tuple[Any, Any, int]:
    """A small plebiscite built through the services (the database was flushed: no demo here)."""
    from django.core.management import call_command

    from kooperacja.accounts.models import User
    from kooperacja.core.actors import SYSTEM
    from kooperacja.core.models import Territory
    from kooperacja.organisations.models import Organisation
    from kooperacja.participation import services

    if not Territory.objects.filter(code="2005011").exists():
        call_command("import_teryt", verbosity=0)
    gmina = Territory.objects.get(code="2005011")
    org = Organisation.objects.create(name="UM test", legal_form="jst_office", territory=gmina, is_verified=True)
    p = services.process_create(
        actor=SYSTEM, authority=org, territory=gmina, kind="plebiscite", title="Test", subject_kind="free",
        description="Test współbieżności",
    )  # fmt: skip
    now = timezone.now()
    phase = services.phase_add(
        actor=SYSTEM, process=p, kind="voting", starts_at=now + timedelta(hours=1), ends_at=now + timedelta(days=1),
        allows=("vote",),
    )  # fmt: skip
    pleb = services.plebiscite_create(actor=SYSTEM, process=p, voting_phase=phase)
    cand = services.candidate_add(actor=SYSTEM, plebiscite=pleb, title="A", description="A")
    services.phase_reschedule(
        actor=SYSTEM, phase=phase, starts_at=now - timedelta(hours=1), ends_at=now + timedelta(days=1)
    )
    services.process_publish(actor=SYSTEM, process=p)
    user = User.objects.create_user(email="glosujaca@test.pl", password="x", full_name="G", home_territory=gmina)
    return pleb, user, cand.pk


@pytest.mark.django_db(transaction=True)
def test_same_person_from_20_sessions_votes_once() -> None:
    from kooperacja.participation import services
    from kooperacja.participation.models import Ballot, Tally, VoterRecord
    from tests.participation.helpers import valid_pesel

    assert connection.vendor == "postgresql"
    pleb, user, cid = _plebiscite()
    barrier = threading.Barrier(20)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt() -> None:
        from django.db import connections

        try:
            barrier.wait()
            services.vote_cast(actor=user, plebiscite=pleb, choices=[cid], pesel=valid_pesel())
            result = "ok"
        except ValidationError:
            result = "refused"
        except Exception as exc:  # anything else is a failure the test reports
            result = f"error: {exc!r}"
        finally:
            connections.close_all()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["ok"] + ["refused"] * 19, outcomes
    assert VoterRecord.objects.filter(plebiscite=pleb).count() == 1
    assert Ballot.objects.filter(plebiscite=pleb).count() == 1
    assert sum(Tally.objects.filter(plebiscite=pleb).values_list("votes", flat=True)) == 1
