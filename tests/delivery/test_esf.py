"""ESF+ participant data (Regulation 2021/1057 art. 17 + Annex I): only on an EU-funded service, by the provider's
staff, with the legal basis at the form; results only after leaving (6-month result only six months after);
reads logged; in the art. 15 export; kept (coded) through anonymisation, no additions after it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from kooperacja.core.actors import SYSTEM
from kooperacja.core.audit import access_log_for
from kooperacja.delivery import services
from kooperacja.delivery.enums import EsfDisability, EsfEducation, EsfEmployment
from kooperacja.delivery.models import Enrolment, EsfRecord
from kooperacja.delivery.services.esf import add_months

pytestmark = pytest.mark.django_db

ENTRY = {
    "employment": EsfEmployment.INACTIVE,
    "education": EsfEducation.ISCED_2,
    "disability": EsfDisability.REFUSED,
}


def _youth_enrolment(status: str = "active") -> Enrolment:
    return (
        Enrolment.objects.filter(service__eu_funded=True, service__provider__name__icontains="Puszcza", status=status)
        .select_related("service", "person")
        .order_by("id")
        .first()
    )


def test_add_months_clamps_to_the_end_of_the_month() -> None:
    assert add_months(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert add_months(date(2027, 8, 31), 6) == date(2028, 2, 29)
    assert add_months(date(2026, 1, 15), 6) == date(2026, 7, 15)


def test_demo_eu_funded_services_carry_esf_data(demo: Any) -> None:
    funded = _youth_enrolment().service
    assert funded.eu_funded and funded.eu_project_number
    enrolments = Enrolment.objects.filter(service__eu_funded=True)
    assert enrolments.count() >= 20
    # every participant of an EU-funded service in the demo has the data at entry; nobody else has any
    assert EsfRecord.objects.count() == enrolments.count()
    assert not EsfRecord.objects.filter(enrolment__service__eu_funded=False).exists()
    # an earlier cohort has its results at exit and six months later
    six = EsfRecord.objects.filter(six_months_recorded_on__isnull=False)
    assert six.count() >= 5
    for r in six.select_related("enrolment"):
        assert r.six_months_recorded_on >= add_months(r.enrolment.left_on, 6)


def test_not_collectable_on_a_service_without_eu_funding(demo: Any, day_room: Any, client_as: Any) -> None:
    enrolment = Enrolment.objects.filter(service=day_room, status="active").first()
    with pytest.raises(ValidationError, match="EFS"):
        services.esf_record_save(actor=SYSTEM, enrolment=enrolment, data=ENTRY)
    assert not EsfRecord.objects.filter(enrolment=enrolment).exists()
    # the provider's staff get no form for it (and the person card offers none)
    staff = client_as("pes_staff")
    assert staff.get(reverse("delivery:esf", args=[enrolment.pk])).status_code == 404
    card = staff.get(reverse("delivery:person", args=[enrolment.person_id])).content.decode()
    assert reverse("delivery:esf", args=[enrolment.pk]) not in card


def test_only_the_providers_staff_record_it(demo: Any, client_as: Any) -> None:
    enrolment = _youth_enrolment()
    with pytest.raises(PermissionDenied):
        services.esf_record_save(actor=demo.user("pes_staff"), enrolment=enrolment, data=ENTRY)
    for role in ("pes_staff", "officer", "analyst", "social_worker"):
        assert client_as(role).get(reverse("delivery:esf", args=[enrolment.pk])).status_code == 404, role


def test_form_shows_legal_basis_logs_the_read_and_saves(demo: Any, client_as: Any) -> None:
    enrolment = _youth_enrolment()
    staff = client_as("ngo_staff")
    card = staff.get(reverse("delivery:person", args=[enrolment.person_id])).content.decode()
    assert reverse("delivery:esf", args=[enrolment.pk]) in card
    before = access_log_for(enrolment.person).count()
    page = staff.get(reverse("delivery:esf", args=[enrolment.pk])).content.decode()
    assert "2021/1057" in page and "art. 6 ust. 1 lit. c i e RODO" in page and "art. 9 ust. 2 lit. g RODO" in page
    assert enrolment.service.eu_project_number in page
    # results are not asked while the person still takes part
    assert 'name="exit_recorded_on"' not in page and 'name="six_months_employed"' not in page
    log = access_log_for(enrolment.person)
    assert log.count() == before + 1 and "EFS+" in log.first().purpose
    response = staff.post(
        reverse("delivery:esf", args=[enrolment.pk]),
        {"employment": "employed", "education": "isced34", "disability": "yes"},
    )
    assert response.status_code == 302
    record = EsfRecord.objects.get(enrolment=enrolment)
    assert (record.employment, record.education, record.disability) == ("employed", "isced34", "yes")
    assert record.recorded_by == demo.user("ngo_staff")
    # an unknown answer is refused at the field, in Polish
    bad = staff.post(reverse("delivery:esf", args=[enrolment.pk]), {"employment": "astronaut", "education": "x"})
    assert bad.status_code == 200
    assert "Wybierz poprawną wartość" in bad.content.decode()


def test_results_only_after_leaving_and_six_months_later(demo: Any) -> None:
    enrolment = _youth_enrolment()
    with pytest.raises(ValidationError) as err:
        services.esf_record_save(
            actor=SYSTEM, enrolment=enrolment, data={**ENTRY, "exit_recorded_on": timezone.localdate()}
        )
    assert "exit_recorded_on" in err.value.message_dict
    today = timezone.localdate()
    left = services.enrolment_leave(
        actor=SYSTEM, enrolment=enrolment, reason="completed", on=today - timedelta(days=10)
    )
    # the six-month result before six months have passed is refused
    with pytest.raises(ValidationError) as err:
        services.esf_record_save(
            actor=SYSTEM,
            enrolment=left,
            data={**ENTRY, "six_months_recorded_on": today, "six_months_employed": True},
        )
    assert "six_months_recorded_on" in err.value.message_dict
    # an exit result needs its date, not before leaving
    with pytest.raises(ValidationError) as err:
        services.esf_record_save(actor=SYSTEM, enrolment=left, data={**ENTRY, "exit_employed": True})
    assert "exit_recorded_on" in err.value.message_dict
    record = services.esf_record_save(
        actor=SYSTEM,
        enrolment=left,
        data={**ENTRY, "exit_recorded_on": today - timedelta(days=5), "exit_in_education": True},
    )
    assert record.exit_in_education and not record.exit_employed
    later = services.esf_record_save(
        actor=SYSTEM,
        enrolment=left,
        data={
            **ENTRY,
            "exit_recorded_on": today - timedelta(days=5),
            "exit_in_education": True,
            "six_months_recorded_on": add_months(left.left_on, 6),
            "six_months_employed": False,
        },
        today=add_months(left.left_on, 6),
    )
    assert later.pk == record.pk and later.six_months_employed is False


def test_export_includes_it_and_anonymisation_keeps_the_codes(demo: Any) -> None:
    record = EsfRecord.objects.select_related("enrolment__person").filter(enrolment__status="left").first()
    person = record.enrolment.person
    export = services.person_export(actor=SYSTEM, person=person)
    assert export["efs"] and export["efs"][0]["status_na_rynku_pracy"] == record.employment
    services.person_anonymise(actor=SYSTEM, person=person, force=True)
    kept = EsfRecord.objects.get(pk=record.pk)
    assert (kept.employment, kept.education, kept.disability) == (
        record.employment,
        record.education,
        record.disability,
    )
    with pytest.raises(ValidationError, match="zanonimizowane"):
        services.esf_record_save(actor=SYSTEM, enrolment=record.enrolment, data=ENTRY)


def test_service_page_tells_the_provider_whose_esf_data_are_missing(demo: Any, client_as: Any, day_room: Any) -> None:
    enrolment = _youth_enrolment()
    service = enrolment.service
    staff = client_as("ngo_staff")
    page = staff.get(reverse("delivery:service", args=[service.pk])).content.decode()
    assert 'id="esf-status"' in page and service.eu_project_number in page
    assert "Dane EFS+ są uzupełnione u wszystkich przyjętych uczestników." in page
    assert reverse("delivery:esf", args=[enrolment.pk]) in page
    EsfRecord.objects.filter(enrolment=enrolment).delete()
    page = staff.get(reverse("delivery:service", args=[service.pk])).content.decode()
    assert "Brak danych EFS+ u 1 uczestnika." in page
    assert (
        'id="esf-status"'
        not in client_as("pes_staff").get(reverse("delivery:service", args=[day_room.pk])).content.decode()
    )
