"""No double vote under concurrency: simultaneous votes for one member leave exactly one vote (PostgreSQL)."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from kooperacja.consortia import services
from kooperacja.consortia.access import forget
from kooperacja.consortia.models import Vote
from tests.conftest import requires_postgres

from . import helpers as h

THREADS = 6


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_simultaneous_votes_for_one_member_count_once(demo: Any) -> None:
    from kooperacja.accounts.models import User
    from kooperacja.organisations.models import Membership

    c = h.consortium()
    coordinator = demo.user("coordinator")
    zubr = h.member_of(demo, "pes_staff")
    zubr.representatives.clear()  # any Żubr worker may vote for it: several people race for one vote
    voters = [demo.user("pes_staff")]
    for i in range(THREADS - 1):
        user = User.objects.create_user(email=f"zubr{i}@test.demo", password="x-Test-12345", full_name=f"Żubr {i}")
        Membership.objects.create(user=user, organisation=demo.org("ss_zubr"), role="pes_staff", status="active")
        voters.append(user)
    res = services.resolution_draft(
        actor=coordinator, consortium=c, body=c.bodies.get(kind="general_meeting"), title="Wyścig", text="T"
    )
    res = services.resolution_open_vote(actor=coordinator, resolution=res)
    barrier = threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def vote(user: Any, choice: str) -> None:
        try:
            fresh = User.objects.get(pk=user.pk)
            forget(fresh)
            barrier.wait(timeout=20)
            services.vote_cast(actor=fresh, resolution=res, member=zubr, choice=choice)
            result = "ok"
        except ValidationError:
            result = "refused"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    choices = ["for", "against", "abstain"]
    threads = [threading.Thread(target=vote, args=(u, choices[i % 3])) for i, u in enumerate(voters)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert sorted(outcomes) == ["ok"] + ["refused"] * (THREADS - 1)
    assert Vote.objects.filter(resolution=res, member=zubr).count() == 1
    res = services.resolution_close(actor=coordinator, resolution=res)
    assert res.votes_cast == 1
