"""Personal data: one protected record, visible only to staff of organisations serving the person, every
display and export logged; PESEL validation; GDPR export and anonymisation keeping statistics."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from kooperacja.core.actors import SYSTEM
from kooperacja.core.audit import access_log_for
from kooperacja.core.models import AccessLog
from kooperacja.delivery import selectors, services
from kooperacja.delivery.enums import IndicatorKind
from kooperacja.delivery.models import Attendance, Person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["ngo_staff", "social_worker", "officer", "admin", "partner", "resident"])
def test_unrelated_staff_get_404_on_a_participant(role: str, client_as: Any, child: Any) -> None:
    before = access_log_for(child).count()
    for name in ("delivery:person", "delivery:person_edit", "delivery:person_export", "delivery:consent_add"):
        response = client_as(role).get(reverse(name, args=[child.pk]))
        assert response.status_code in (404, 302), (name, response.status_code)
        if response.status_code == 302:
            assert "/konto/logowanie/" in response["Location"] or role == "resident"
    assert access_log_for(child).count() == before, "a denied request must not log (nor show) anything"


def test_person_page_logs_access_before_showing(client_as: Any, child: Any, demo: Any) -> None:
    before = access_log_for(child).count()
    response = client_as("pes_staff").get(reverse("delivery:person", args=[child.pk]))
    assert response.status_code == 200
    assert child.last_name in response.content.decode()
    rows = access_log_for(child)
    assert rows.count() == before + 1
    row = rows.first()
    assert row.user == demo.user("pes_staff")
    assert row.action == "view"
    assert row.path == reverse("delivery:person", args=[child.pk])


def test_every_personal_data_page_logs_each_person_shown(client_as: Any, day_room: Any, child: Any) -> None:
    from kooperacja.delivery.models import Session

    client = client_as("pes_staff")
    session = Session.objects.filter(service=day_room).order_by("-date").first()
    rows = selectors.session_register(session)
    for url, people in (
        (reverse("delivery:service", args=[day_room.pk]), {e.person_id for e in day_room.enrolments.all()}),
        (reverse("delivery:register", args=[session.pk]), {r.enrolment.person_id for r in rows}),
        (reverse("delivery:people"), None),
        (reverse("delivery:person_edit", args=[child.pk]), {child.pk}),
    ):
        start = AccessLog.objects.count()
        response = client.get(url)
        assert response.status_code == 200, url
        logged = AccessLog.objects.order_by("id")[start:]
        assert logged, f"no access log for {url}"
        ids = {int(pk) for r in logged for pk in r.record_ids}
        if people is not None:
            assert people <= ids, url
        assert all(r.path == url for r in logged)


def test_export_contains_everything_and_is_logged_as_export(client_as: Any, child: Any) -> None:
    response = client_as("pes_staff").get(reverse("delivery:person_export", args=[child.pk]))
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["osoba"]["pesel"] == child.pesel
    assert data["zapisy"] and data["obecnosci"] and data["zgody"]
    assert access_log_for(child).filter(action="export").count() == 1


def test_pesel_is_validated_and_birth_date_derived(demo: Any) -> None:
    org = demo.org("ss_zubr")
    with pytest.raises(ValidationError):
        services.person_register(
            actor=SYSTEM,
            organisation=org,
            data={"first_name": "A", "last_name": "B", "pesel": "12345678901", "territory": org.territory},
        )
    from kooperacja.demo.ids import make_pesel

    pesel = make_pesel(4242, birth_year=2014, month=5, day=17, female=True)
    person = services.person_register(
        actor=SYSTEM,
        organisation=org,
        data={"first_name": "Ala", "last_name": "Nowa", "pesel": pesel, "territory": org.territory},
    )
    assert person.birth_date.isoformat() == "2014-05-17"
    assert person.sex == "F"
    assert person.code.startswith("U-") and str(person) == person.code


def test_one_person_one_record_per_organisation(demo: Any, make_person: Any) -> None:
    """A known PESEL reuses the record only inside the registering organisation's own register; another
    organisation gets its own record and never the first one (issue 10, item 2: tests/delivery/test_person_claim.py)."""
    person = make_person("ss_zubr")
    again = services.person_register(
        actor=demo.user("pes_staff"),
        organisation=demo.org("ss_zubr"),
        data={"first_name": "test", "last_name": person.last_name.upper(), "pesel": person.pesel},
    )
    assert again.pk == person.pk
    other = services.person_register(
        actor=demo.user("ngo_staff"),
        organisation=demo.org("fundacja_puszcza"),
        data={"first_name": "X", "last_name": "Y", "pesel": person.pesel, "territory": person.territory},
    )
    assert other.pk != person.pk
    assert Person.objects.filter(pesel=person.pesel).count() == 2
    assert not selectors.people_visible_to(demo.user("ngo_staff")).filter(pk=person.pk).exists()


def test_staff_cannot_register_for_another_organisation(demo: Any) -> None:
    from django.core.exceptions import PermissionDenied

    org = demo.org("przystan")
    with pytest.raises(PermissionDenied):
        services.person_register(
            actor=demo.user("pes_staff"),
            organisation=org,
            data={"first_name": "A", "last_name": "B", "territory": org.territory},
        )


def test_person_for_selector_logs_and_scopes(demo: Any, child: Any) -> None:
    from django.http import Http404

    with pytest.raises(Http404):
        selectors.person_for(demo.user("social_worker"), child.pk)
    before = access_log_for(child).count()
    assert selectors.person_for(demo.user("pes_staff"), child.pk, purpose="test").pk == child.pk
    assert access_log_for(child).count() == before + 1


def test_anonymisation_keeps_statistics(demo: Any, day_room: Any) -> None:
    from kooperacja.delivery.selectors import achieved_value

    leaver = day_room.enrolments.filter(status="left").first()
    person = leaver.person
    start, end = timezone.localdate() - timedelta(days=200), timezone.localdate()
    before = {k: achieved_value(day_room, k, start, end) for k in IndicatorKind.values}
    attendance = Attendance.objects.filter(enrolment__person=person).count()
    with pytest.raises(ValidationError):
        services.person_anonymise(actor=SYSTEM, person=person)  # retention period not over
    later = timezone.localdate() + timedelta(days=services.RETENTION_DAYS + 400)
    assert person in services.people_due_for_anonymisation(later)
    call_command("anonymise_participants", today=later.isoformat())
    person.refresh_from_db()
    assert person.is_anonymised and person.pesel == "" and person.last_name == "" and person.phone == ""
    assert person.birth_date.month == 1 and person.birth_date.day == 1
    assert person.territory_id is not None
    assert Attendance.objects.filter(enrolment__person=person).count() == attendance
    assert {k: achieved_value(day_room, k, start, end) for k in IndicatorKind.values} == before
    active = day_room.enrolments.filter(status="active").first().person
    assert not Person.objects.get(pk=active.pk).is_anonymised, "people still served are never anonymised"


def test_anonymise_task_runs(demo: Any) -> None:
    from kooperacja.delivery.tasks import anonymise_expired_task

    result = anonymise_expired_task.enqueue()
    assert result.return_value == 0  # nobody in the demo is past the retention period today


def test_consent_validity_and_withdrawal(demo: Any, make_person: Any) -> None:
    person = make_person()
    org = demo.org("ss_zubr")
    today = timezone.localdate()
    assert not selectors.has_valid_consent(person, "sharing")
    consent = services.consent_record(
        actor=demo.user("pes_staff"), person=person, organisation=org, scope="sharing", purpose="PZK",
        given_on=today - timedelta(days=10), expires_on=today + timedelta(days=10),
    )  # fmt: skip
    assert selectors.has_valid_consent(person, "sharing")
    assert not selectors.has_valid_consent(person, "sharing", on=today + timedelta(days=11))
    services.consent_withdraw(actor=demo.user("pes_staff"), consent=consent, on=today)
    assert not selectors.has_valid_consent(person, "sharing")
    with pytest.raises(PermissionDenied):
        services.consent_record(
            actor=demo.user("ngo_staff"), person=person, organisation=org, scope="image", purpose="x", given_on=today
        )
