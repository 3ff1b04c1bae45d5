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
    month = f"?miesiac={session.date:%Y-%m}"
    for name, url in (
        ("register", reverse("delivery:register", args=[session.pk])),
        ("month", reverse("delivery:month_register", args=[svc.pk]) + month),
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
    html = page.content.decode()
    assert html.count('<tr id="row-') == 50  # paginated register, 50 rows a page
    assert len(html) < 80_000  # compact: one line a person (it was 130 KB a page for 513 people)
    month = client.get(reverse("delivery:month_register", args=[big_svc.pk]) + f"?miesiac={big_session.date:%Y-%m}")
    assert month.content.decode().count('<th scope="row">') == 40  # 40 people a page of the month grid


def test_register_pages_are_read_from_the_database(client_as: Any, demo: Any) -> None:
    """The register asks the database for one page (LIMIT), not for every enrolment to slice in Python."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as("pes_staff")
    _svc, session = _big_service(demo, 250)
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(reverse("delivery:register", args=[session.pk]) + "?strona=3").content.decode()
    enrolment_reads = [q["sql"] for q in ctx.captured_queries if 'FROM "delivery_enrolment"' in q["sql"]]
    assert enrolment_reads and all("LIMIT" in sql or "COUNT(" in sql for sql in enrolment_reads)
    assert html.count('<tr id="row-') == 50 and "N00149" in html and "N00150" not in html


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


def test_month_register_is_a_paper_register_with_autosave(client_as: Any, day_room: Any) -> None:
    """Children x session days of a month; a cell saves on change (htmx) and updates the person's total."""
    session = Session.objects.filter(service=day_room).order_by("-date").first()
    client = client_as("pes_staff")
    url = reverse("delivery:month_register", args=[day_room.pk]) + f"?miesiac={session.date:%Y-%m}"
    html = client.get(url).content.decode()
    in_month = Session.objects.filter(
        service=day_room, date__year=session.date.year, date__month=session.date.month
    ).count()
    assert html.count('<th scope="col" class="day">') == in_month
    assert 'class="no-stack month-grid"' in html and 'hx-trigger="change"' in html
    enrolment = (
        day_room.enrolments.filter(status="active", enrolled_on__lte=session.date)
        .exclude(attendance__session=session)
        .first()
    ) or day_room.enrolments.filter(status="active", enrolled_on__lte=session.date).first()
    assert f'id="c-{enrolment.pk}-{session.pk}"' in html
    response = client.post(
        reverse("delivery:mark", args=[session.pk, enrolment.pk]),
        {"status": "excused", "widok": "miesiac"},
        HTTP_HX_REQUEST="true",
    )
    cell = response.content.decode()
    assert cell.startswith(f'<td id="c-{enrolment.pk}-{session.pk}" class="mark-excused">')
    assert '<option value="excused" selected>usp.</option>' in cell and 'hx-swap-oob="true"' in cell
    assert Attendance.objects.get(session=session, enrolment=enrolment).status == "excused"
    response = client.post(
        reverse("delivery:mark", args=[session.pk, enrolment.pk]),
        {"status": "present", "widok": "miesiac"},
        HTTP_HX_REQUEST="true",
    )
    mark = Attendance.objects.get(session=session, enrolment=enrolment)
    assert mark.status == "present" and mark.hours == session.duration_hours  # the whole session
    present = Attendance.objects.filter(
        enrolment=enrolment, status="present", session__date__year=session.date.year,
        session__date__month=session.date.month,
    ).count()  # fmt: skip
    assert f'<td class="num" id="sum-{enrolment.pk}" hx-swap-oob="true">{present}</td>' in response.content.decode()
    # without JavaScript the form posts back and returns to the month
    plain = client.post(
        reverse("delivery:mark", args=[session.pk, enrolment.pk]), {"status": "absent", "widok": "miesiac"}
    )
    assert plain.status_code == 302 and "miesiac=" in plain["Location"]


def test_month_register_of_another_provider_is_404_and_bad_month_is_this_month(client_as: Any, day_room: Any) -> None:
    assert client_as("officer").get(reverse("delivery:month_register", args=[day_room.pk])).status_code == 404
    response = client_as("pes_staff").get(reverse("delivery:month_register", args=[day_room.pk]) + "?miesiac=x-13")
    assert response.status_code == 200
