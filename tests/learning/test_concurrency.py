"""Places on a course under concurrent applications (PostgreSQL, threads): never more enrolled than places."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection

from kooperacja.accounts.models import User
from kooperacja.core.actors import SYSTEM
from kooperacja.learning import services
from kooperacja.learning.enums import EnrolmentState
from tests.conftest import requires_postgres


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_applications_never_overbook(demo: Any) -> None:
    assert connection.vendor == "postgresql"
    places, n = 3, 12
    course = services.course_create(
        actor=SYSTEM,
        organisation=demo.org("owop"),
        trainers=[demo.user("trainer")],
        title="Równoległe zapisy",
        summary="test",
        hours=1,
        capacity=places,
        enrolment_mode="open",
        visibility="logged_in",
    )
    services.module_add(actor=SYSTEM, course=course, title="m")
    services.course_transition(actor=SYSTEM, course=course, name="publish")
    users = [User.objects.create_user(email=f"watek{i}@test.demo", full_name=f"Wątek {i}") for i in range(n)]
    barrier = threading.Barrier(n)
    errors: list[BaseException] = []

    def apply(user: Any) -> None:
        try:
            barrier.wait(timeout=30)
            services.enrolment_apply(actor=user, course=course)
        except BaseException as exc:  # collected and reported by the main thread
            errors.append(exc)
        finally:
            connection.close()  # this thread's own connection: left open, it keeps the test database from being dropped

    threads = [threading.Thread(target=apply, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    states = list(course.enrolments.values_list("state", flat=True))
    assert states.count(EnrolmentState.ENROLLED) == places
    assert states.count(EnrolmentState.WAITLISTED) == n - places
