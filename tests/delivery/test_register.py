"""The attendance register: htmx marks, keyboard-friendly markup, and query counts constant from 10 to 1,000 rows."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from kooperacja.catalog import services as catalog_services
from kooperacja.core.actors import SYSTEM
from kooperacja.delivery import services
from kooperacja.delivery.models import Attendance, Enrolment, Person, PersonOrganisation, Session

pytestmark = pytest.mark.django_db
DAY = date(2026, 2, 2)


def _big_service(demo: Any, n: int) -> tuple[Any, Session]:
    org = demo.org("ss_zubr")
    svc = catalog_services.service_create(
        actor=SYSTEM, provider=org, data={"name": f"Duża grupa {n}", "description": "x", "category": "education"}
    )
    people = Person.objects.bulk_create(
        Person(code=f"U-T{n:04d}{i:04d}"[:12], first_name="Imię", last_name=f"N{i:05d}", territory=org.territory,
               registered_by=org)
        for i in range(n)
    )  # fmt: skip
    PersonOrganisation.objects.bulk_create(
        PersonOrganisation(person=p, organisation=org, since=DAY, reason="test") for p in people
    )
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(person=p, service=svc, status="active", requested_on=DAY, enrolled_on=DAY) for p in people
    )
    session = services.session_create(actor=SYSTEM, service=svc, on=DAY + timedelta(days=1), topic="t")
    Attendance.objects.bulk_create(
        Attendance(session=session, enrolment=e, status="present", hours=Decimal(2)) for e in enrolments[: n // 2]
    )
    return svc, session


def _counts(client: Any, svc: Any, session: Session) -> dict[str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for name, url in (
        ("register", reverse("delivery:register", args=[session.pk])),
        ("service", reverse("delivery:service", args=[svc.pk])),
        ("people", reverse("delivery:people")),
    ):
        client.get(url)  # warm per-request caches of other apps' menus the same way for both sizes
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts[name] = len(ctx.captured_queries)
    return counts


def test_register_queries_constant_from_10_to_1000_rows(
    client_as: Any, demo: Any, django_assert_max_num_queries: Any
) -> None:
    client = client_as("pes_staff")
    small_svc, small_session = _big_service(demo, 10)
    small = _counts(client, small_svc, small_session)
    big_svc, big_session = _big_service(demo, 1000)
    assert _counts(client, big_svc, big_session) == small
    with django_assert_max_num_queries(max(small.values())):
        page = client.get(reverse("delivery:register", args=[big_session.pk]))
    assert page.content.decode().count('<tr id="row-') == 100  # paginated register, 100 rows a page


def test_register_marks_with_htmx_and_keeps_focus_ids(client_as: Any, day_room: Any) -> None:
    session = Session.objects.filter(service=day_room).order_by("-date").first()
    client = client_as("pes_staff")
    page = client.get(reverse("delivery:register", args=[session.pk])).content.decode()
    enrolment = day_room.enrolments.filter(status="active", enrolled_on__lte=session.date).first()
    assert f'id="st-{enrolment.pk}-present"' in page and 'hx-trigger="change"' in page
    response = client.post(
        reverse("delivery:mark", args=[session.pk, enrolment.pk]),
        {"status": "absent", "hours": ""},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.strip().startswith(f'<tr id="row-{enrolment.pk}"')
    assert f'id="st-{enrolment.pk}-absent" name="status" value="absent" checked' in html
    mark = Attendance.objects.get(session=session, enrolment=enrolment)
    assert mark.status == "absent" and mark.hours == 0
    too_many = client.post(
        reverse("delivery:mark", args=[session.pk, enrolment.pk]),
        {"status": "present", "hours": "99"},
        HTTP_HX_REQUEST="true",
    )
    assert 'role="alert"' in too_many.content.decode()


def test_mark_all_present(client_as: Any, day_room: Any) -> None:
    session = services.session_create(actor=SYSTEM, service=day_room, on=date.today(), topic="Nowe")
    client_as("pes_staff").post(reverse("delivery:mark_all", args=[session.pk]))
    active = day_room.enrolments.filter(status="active").count()
    assert Attendance.objects.filter(session=session, status="present").count() == active
