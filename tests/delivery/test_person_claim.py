"""Issue 10, item 2: a known PESEL must not claim another organisation's participant.

The attack: Żubr staff cannot open a participant served only by Fundacja „Puszczańska Młodzież” (404); they
import `Jan;Obcy;<that PESEL>` into their own service (or type it into the person form), and before the fix the
import said "zapisany", linked the existing record to Żubr and its page showed the real name, PESEL and address.
Now Żubr gets its own separate record, the existing one stays 404, and only its controller sees a suspected
duplicate (docs/delivery.md, "Rejestracja osoby o istniejącym numerze PESEL").
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.urls import reverse

from kooperacja.core.actors import SYSTEM
from kooperacja.core.audit import access_log_for
from kooperacja.core.models import AccessLog
from kooperacja.delivery import imports, selectors, services
from kooperacja.delivery.models import Person, PersonDuplicateFlag, PersonOrganisation
from kooperacja.demo.ids import make_pesel
from tests.conftest import requires_postgres

pytestmark = pytest.mark.django_db

MISMATCH = "Imię i nazwisko nie zgadzają się z osobą o tym numerze PESEL w rejestrze Twojej organizacji"


def _victim(demo: Any) -> Any:
    """A demo participant with a PESEL served by Fundacja „Puszczańska Młodzież” and by nobody else."""
    fundacja = demo.org("fundacja_puszcza")
    for person in Person.objects.filter(served_by__organisation=fundacja).exclude(pesel="").order_by("id"):
        if set(person.served_by.values_list("organisation_id", flat=True)) == {fundacja.pk}:
            return person
    raise AssertionError("the demo has no participant served only by Fundacja „Puszczańska Młodzież”")


def _participants_csv(rows: list[str]) -> bytes:
    return ("\n".join(["imie;nazwisko;pesel", *rows]) + "\n").encode("utf-8")


def _assert_not_claimed(demo: Any, client_as: Any, victim: Any, log_before: int) -> None:
    """The existing record stays unknown to Żubr: no link, 404 on every page, not found by PESEL, nothing read."""
    zubr = demo.org("ss_zubr")
    assert not PersonOrganisation.objects.filter(person=victim, organisation=zubr).exists()
    assert not selectors.people_visible_to(demo.user("pes_staff")).filter(pk=victim.pk).exists()
    client = client_as("pes_staff")
    for name in ("delivery:person", "delivery:person_edit", "delivery:person_export", "delivery:consent_add"):
        assert client.get(reverse(name, args=[victim.pk])).status_code == 404, name
    found = client.get(reverse("delivery:people"), {"q": victim.pesel}).content.decode()
    assert victim.code not in found and victim.last_name not in found
    assert access_log_for(victim).count() == log_before, "nobody read the existing record"
    victim.refresh_from_db()
    assert victim.last_name != "Obcy"


def _assert_flag_for_controller_only(demo: Any, client_as: Any, victim: Any, new: Any) -> PersonDuplicateFlag:
    flag = PersonDuplicateFlag.objects.get(existing=victim, duplicate=new)
    assert flag.organisation == demo.org("ss_zubr")
    assert flag.status == "open" and flag.names_match is False
    # the controller of the existing record sees it on the person page and on the list of suspected duplicates
    controller = client_as("ngo_staff")
    page = controller.get(reverse("delivery:person", args=[victim.pk])).content.decode()
    assert "Możliwe duplikaty" in page and new.code in page
    listing = controller.get(reverse("delivery:duplicates")).content.decode()
    assert new.code in listing and victim.code in listing
    # the registering organisation does not see the flag, neither on the list nor on its own record's page
    zubr = client_as("pes_staff")
    assert victim.code not in zubr.get(reverse("delivery:duplicates")).content.decode()
    own = zubr.get(reverse("delivery:person", args=[new.pk])).content.decode()
    assert "Możliwe duplikaty" not in own and victim.code not in own
    assert zubr.post(reverse("delivery:duplicate_dismiss", args=[flag.pk]), {"resolution_note": "x"}).status_code == 404
    return flag


def test_import_of_a_foreign_pesel_creates_a_separate_record(demo: Any, client_as: Any, day_room: Any) -> None:
    victim = _victim(demo)
    log_before = access_log_for(victim).count()
    report = imports.import_file(
        actor=demo.user("pes_staff"),
        service=day_room,
        kind="participants",
        content=_participants_csv([f"Jan;Obcy;{victim.pesel}"]),
        filename="uczestnicy.csv",
    )
    assert report.committed and report.n_ok == 1, [r.message for r in report.rows]
    new = Person.objects.get(pesel=victim.pesel, registered_by=demo.org("ss_zubr"))
    assert new.pk != victim.pk and (new.first_name, new.last_name) == ("Jan", "Obcy")
    assert report.rows[0].message.startswith(f"{new.code}: ")  # "zapisany", as for any new participant
    assert victim.code not in report.rows[0].message
    assert day_room.enrolments.filter(person=new).exists() and not day_room.enrolments.filter(person=victim).exists()
    _assert_not_claimed(demo, client_as, victim, log_before)
    _assert_flag_for_controller_only(demo, client_as, victim, new)


def test_person_form_with_a_foreign_pesel_says_nothing_about_it(demo: Any, client_as: Any) -> None:
    victim = _victim(demo)
    log_before = access_log_for(victim).count()
    zubr = demo.org("ss_zubr")
    response = client_as("pes_staff").post(
        reverse("delivery:person_create"),
        {"first_name": "Jan", "last_name": "Obcy", "pesel": victim.pesel, "gmina": zubr.territory.code},
        follow=True,
    )
    assert response.status_code == 200
    new = Person.objects.get(pesel=victim.pesel, registered_by=zubr)
    assert response.redirect_chain[-1][0] == reverse("delivery:person", args=[new.pk])
    page = response.content.decode()
    assert f"Zarejestrowano uczestnika {new.code}." in page
    assert victim.code not in page and victim.last_name not in page and "Możliwe duplikaty" not in page
    _assert_not_claimed(demo, client_as, victim, log_before)
    _assert_flag_for_controller_only(demo, client_as, victim, new)


def test_same_organisation_reuses_its_record_when_the_name_matches(demo: Any) -> None:
    zubr = demo.org("ss_zubr")
    pesel = make_pesel(9301, birth_year=2002, month=7, day=8, female=True)
    person = services.person_register(
        actor=demo.user("pes_staff"),
        organisation=zubr,
        data={"first_name": "Łucja", "last_name": "Żółć-Nowak", "pesel": pesel, "territory": zubr.territory},
    )
    again = services.person_register(
        actor=demo.user("pes_staff"),
        organisation=zubr,
        data={"first_name": " LUCJA ", "last_name": "zolc nowak", "pesel": pesel, "territory": zubr.territory},
    )
    assert again.pk == person.pk
    assert Person.objects.filter(pesel=pesel).count() == 1
    assert not PersonDuplicateFlag.objects.filter(duplicate=person).exists()


def test_same_organisation_name_mismatch_is_an_error(demo: Any, client_as: Any, day_room: Any, child: Any) -> None:
    """`child` is a Żubr participant: the same PESEL with another name is refused at the field / row."""
    n_people = Person.objects.count()
    with pytest.raises(ValidationError) as err:
        services.person_register(
            actor=demo.user("pes_staff"),
            organisation=demo.org("ss_zubr"),
            data={"first_name": "Jan", "last_name": "Obcy", "pesel": child.pesel, "territory": child.territory},
        )
    assert MISMATCH in " ".join(err.value.messages)
    assert err.value.message_dict.keys() == {"pesel"}

    report = imports.import_file(
        actor=demo.user("pes_staff"),
        service=day_room,
        kind="participants",
        content=_participants_csv([f"Jan;Obcy;{child.pesel}"]),
        filename="uczestnicy.csv",
    )
    assert not report.committed and not report.rows[0].ok
    assert MISMATCH in report.rows[0].message

    response = client_as("pes_staff").post(
        reverse("delivery:person_create"),
        {"first_name": "Jan", "last_name": "Obcy", "pesel": child.pesel, "gmina": child.territory.code},
    )
    assert response.status_code == 200
    assert any(MISMATCH in e for e in response.context["form"].errors["pesel"])
    assert Person.objects.count() == n_people
    child.refresh_from_db()
    assert child.last_name != "Obcy"


def test_changing_pesel_to_a_foreign_one_is_neither_refused_nor_linked(
    demo: Any, client_as: Any, make_person: Any, child: Any
) -> None:
    """The edit form gave "Osoba o tym numerze PESEL jest już zarejestrowana" for any PESEL on the platform: an
    oracle. Now a PESEL known only elsewhere is saved (and flagged); one of the organisation's own records is an
    error at the field."""
    victim = _victim(demo)
    own = make_person("ss_zubr")
    services.person_update(actor=demo.user("pes_staff"), person=own, data={"pesel": victim.pesel})
    own.refresh_from_db()
    assert own.pesel == victim.pesel
    assert PersonDuplicateFlag.objects.filter(existing=victim, duplicate=own, organisation=demo.org("ss_zubr")).exists()
    assert not PersonOrganisation.objects.filter(person=victim, organisation=demo.org("ss_zubr")).exists()
    with pytest.raises(ValidationError) as err:
        services.person_update(actor=demo.user("pes_staff"), person=own, data={"pesel": child.pesel})
    assert err.value.message_dict.keys() == {"pesel"}


def test_controller_closes_a_flag_with_a_reason(demo: Any, client_as: Any) -> None:
    victim = _victim(demo)
    zubr = demo.org("ss_zubr")
    new = services.person_register(
        actor=demo.user("pes_staff"),
        organisation=zubr,
        data={"first_name": "Jan", "last_name": "Obcy", "pesel": victim.pesel, "territory": zubr.territory},
    )
    flag = PersonDuplicateFlag.objects.get(existing=victim, duplicate=new)
    controller = client_as("ngo_staff")
    url = reverse("delivery:duplicate_dismiss", args=[flag.pk])
    controller.post(url, {"resolution_note": "  "})
    flag.refresh_from_db()
    assert flag.status == "open"
    response = controller.post(url, {"resolution_note": "Inna osoba – pomyłka w numerze PESEL."})
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.status == "dismissed" and flag.resolved_by == demo.user("ngo_staff") and flag.resolved_at
    assert new.code not in controller.get(reverse("delivery:duplicates")).content.decode()
    assert new.code in controller.get(reverse("delivery:duplicates"), {"stan": "wszystkie"}).content.decode()


def test_duplicates_page_logs_the_people_it_shows(demo: Any, client_as: Any) -> None:
    victim = _victim(demo)
    zubr = demo.org("ss_zubr")
    services.person_register(
        actor=SYSTEM,
        organisation=zubr,
        data={"first_name": "Jan", "last_name": "Obcy", "pesel": victim.pesel, "territory": zubr.territory},
    )
    start = AccessLog.objects.count()
    assert client_as("ngo_staff").get(reverse("delivery:duplicates")).status_code == 200
    logged = AccessLog.objects.order_by("id")[start:]
    assert {int(pk) for r in logged for pk in r.record_ids} == {victim.pk}
    assert all(r.user == demo.user("ngo_staff") for r in logged)


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_of_one_pesel(demo: Any) -> None:
    """Without the unique constraint, the advisory lock keeps one record per organisation: 8 threads of Żubr and
    4 of the foundation register the same new PESEL at once -> one record each and one flag between them."""
    zubr, fundacja = demo.org("ss_zubr"), demo.org("fundacja_puszcza")
    pesel = make_pesel(9302, birth_year=2011, month=4, day=9)
    orgs = [zubr] * 8 + [fundacja] * 4
    barrier = threading.Barrier(len(orgs))
    results: list[tuple[int, int]] = []
    errors: list[BaseException] = []

    def worker(org: Any) -> None:
        try:
            barrier.wait()
            data = {"first_name": "Ala", "last_name": "Wątek", "pesel": pesel, "territory": org.territory}
            results.append((org.pk, services.person_register(actor=SYSTEM, organisation=org, data=data).pk))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()  # this thread's own connection: left open, it keeps the test database from being dropped

    threads = [threading.Thread(target=worker, args=(org,)) for org in orgs]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    records = Person.objects.filter(pesel=pesel)
    assert records.count() == 2
    assert {org_pk: {pk for o, pk in results if o == org_pk} for org_pk, _pk in results} == {
        r.registered_by_id: {r.pk} for r in records
    }
    assert PersonDuplicateFlag.objects.filter(existing__in=records, duplicate__in=records).count() == 1
