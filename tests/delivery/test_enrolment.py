"""Capacity: no over-booking, waiting list, leaving with a reason; also under concurrency on PostgreSQL."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from kooperacja.catalog import selectors as catalog_selectors
from kooperacja.catalog.models import Service
from kooperacja.core.actors import SYSTEM
from kooperacja.delivery import selectors, services
from kooperacja.delivery.models import Enrolment
from tests.conftest import requires_postgres


def _small_service(demo: Any, places: int) -> Service:
    from kooperacja.catalog import services as catalog_services

    return catalog_services.service_create(
        actor=SYSTEM,
        provider=demo.org("ss_zubr"),
        data={
            "name": f"Warsztaty {places}",
            "description": "Test",
            "category": "children_day_room",
            "capacity_places": places,
        },
    )


@pytest.mark.django_db
def test_capacity_waiting_list_and_leaving(demo: Any, make_person: Any) -> None:
    staff = demo.user("pes_staff")
    svc = _small_service(demo, 2)
    people = [make_person() for _ in range(4)]
    e = [services.enrolment_request(actor=staff, person=p, service=svc) for p in people[:3]]
    assert [x.status for x in e] == ["active", "active", "waiting"]
    assert selectors.free_places(svc) == 0
    with pytest.raises(services.CapacityFull):
        services.enrolment_request(actor=staff, person=people[3], service=svc, waitlist=False)
    with pytest.raises(ValidationError):
        services.enrolment_request(actor=staff, person=people[0], service=svc)  # already enrolled
    with pytest.raises(services.CapacityFull):
        services.enrolment_admit(actor=staff, enrolment=e[2])
    services.enrolment_leave(actor=staff, enrolment=e[0], reason="completed")
    assert selectors.free_places(svc) == 1
    assert services.next_waiting(svc).pk == e[2].pk
    services.enrolment_admit(actor=staff, enrolment=e[2])
    svc.refresh_from_db()
    assert svc.places_taken == 2 == Enrolment.objects.filter(service=svc, status="active").count()
    with pytest.raises(ValidationError):
        services.enrolment_leave(actor=staff, enrolment=Enrolment.objects.get(pk=e[0].pk), reason="completed")


@pytest.mark.django_db
def test_only_provider_staff_enrol(demo: Any, make_person: Any) -> None:
    svc = _small_service(demo, 3)
    with pytest.raises(PermissionDenied):
        services.enrolment_request(actor=demo.user("ngo_staff"), person=make_person(), service=svc)


@pytest.mark.django_db
def test_free_places_filter_in_catalogue(demo: Any, make_person: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    svc = _small_service(demo, 1)
    services.enrolment_request(actor=SYSTEM, person=make_person(), service=svc)
    free = catalog_selectors.services_search(AnonymousUser(), free_only=True)
    assert svc.pk not in set(free.values_list("pk", flat=True))
    assert svc.pk not in set(
        catalog_selectors.services_matching(gmina=svc.provider.territory).values_list("pk", flat=True)
    )
    assert svc.pk in set(catalog_selectors.services_search(AnonymousUser()).values_list("pk", flat=True))


@pytest.mark.django_db
def test_enrol_view_and_waiting_list_flow(client_as: Any, demo: Any, make_person: Any) -> None:
    from django.urls import reverse

    svc = _small_service(demo, 1)
    a, b = make_person(), make_person()
    client = client_as("pes_staff")
    for p in (a, b):
        r = client.post(reverse("delivery:enrol", args=[svc.pk]), {"person": p.pk, "on": "2026-01-10"})
        assert r.status_code == 302
    assert list(Enrolment.objects.filter(service=svc).order_by("id").values_list("status", flat=True)) == [
        "active",
        "waiting",
    ]


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_enrolments_never_overbook(demo: Any) -> None:
    """K places, N threads enrolling different people at the same moment -> exactly K active."""
    assert connection.vendor == "postgresql"

    from kooperacja.demo.ids import make_pesel

    places, n = 5, 16
    svc = _small_service(demo, places)
    org = demo.org("ss_zubr")
    people = [
        services.person_register(
            actor=SYSTEM,
            organisation=org,
            data={
                "first_name": "Wątek",
                "last_name": f"N{i}",
                "territory": org.territory,
                "pesel": make_pesel(7000 + i, birth_year=2012, month=3, day=1 + i),
            },
        )
        for i in range(n)
    ]
    barrier = threading.Barrier(n)
    errors: list[BaseException] = []

    def worker(person: Any) -> None:
        try:
            barrier.wait()
            services.enrolment_request(actor=SYSTEM, person=person, service=svc)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()  # this thread's own connection: left open, it keeps the test database from being dropped

    threads = [threading.Thread(target=worker, args=(p,)) for p in people]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert Enrolment.objects.filter(service=svc, status="active").count() == places
    assert Enrolment.objects.filter(service=svc, status="waiting").count() == n - places
    svc.refresh_from_db()
    assert svc.places_taken == places


@pytest.mark.django_db
def test_eligibility_is_checked_and_can_be_overridden_with_a_reason(demo: Any, make_person: Any) -> None:
    from kooperacja.catalog.models import Service as CatalogService

    seniors = CatalogService.objects.get(name="Klub Seniora „Złota Jesień”")
    family = CatalogService.objects.get(name="Asystent rodziny")
    child = make_person("ss_dobre_rece", year=2015)
    with pytest.raises(ValidationError, match="od 60 lat"):
        services.enrolment_request(actor=SYSTEM, person=child, service=seniors)
    with pytest.raises(ValidationError, match="uzasadnienie"):
        services.enrolment_request(actor=SYSTEM, person=child, service=seniors, override_eligibility=True)
    e = services.enrolment_request(
        actor=SYSTEM, person=child, service=seniors, override_eligibility=True, referral_note="wnuczka opiekunki"
    )
    assert e.status == "active"
    hajnowka_parent = make_person(
        "gops_narewka", year=1990, reasons=["helplessness"], territory=demo.org("ss_zubr").territory
    )
    with pytest.raises(ValidationError, match="mieszkańców"):
        services.enrolment_request(actor=SYSTEM, person=hajnowka_parent, service=family)
    no_reason = make_person("gops_narewka", year=1990)
    with pytest.raises(ValidationError, match="przesłanek"):
        services.enrolment_request(actor=SYSTEM, person=no_reason, service=family)
