"""The needs behind the package (issue 17): a diagnosis of local needs with needs by target group, their scale and
source; each lot answers named needs; the package page shows which needs are covered and which are not. And the
sectors of Model na więcej on lots and catalogue services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from kooperacja.catalog import selectors as catalog_selectors
from kooperacja.catalog.enums import ServiceCategory, TargetGroup
from kooperacja.commissioning import selectors, services
from kooperacja.commissioning.enums import MODEL_NA_WIECEJ_SECTORS, DiagnosisBasis, LotSector, NeedSource
from kooperacja.commissioning.events import CommissioningEvent as E
from kooperacja.commissioning.models import Need, NeedsDiagnosis, ServicePackage
from kooperacja.core.models import AuditEvent
from kooperacja.demo.scenarios.commissioning import PACKAGE_NAME
from kooperacja.demo.scenarios.needs import TRANSPORT_LOT

D = Decimal
pytestmark = pytest.mark.django_db


def package() -> ServicePackage:
    return ServicePackage.objects.get(name=PACKAGE_NAME)


def diagnosis_data(**extra: Any) -> dict[str, Any]:
    year = timezone.localdate().year
    return {
        "title": "Diagnoza testowa",
        "basis": DiagnosisBasis.CUS,
        "prepared_on": timezone.localdate(),
        "author": "Centrum usług społecznych",
        "year_from": year,
        "year_to": year + 1,
        **extra,
    }


def need_data(**extra: Any) -> dict[str, Any]:
    return {
        "target_group": TargetGroup.SENIORS,
        "description": "Opieka wytchnieniowa dla opiekunów seniorów.",
        "people": 30,
        "source": NeedSource.SURVEY,
        **extra,
    }


# --- the demo: Hajnówka's package rests on its diagnosis ---------------------------------------------------------


def test_demo_package_answers_the_needs_but_one(demo: Any) -> None:
    coverage = selectors.package_needs(package())
    assert coverage["diagnosis"].basis == DiagnosisBasis.STRATEGY
    groups = {row["need"].target_group for row in coverage["rows"]}
    assert {"seniors", "youth", "children", "homeless", "unemployed", "organisations"} <= groups
    assert coverage["needs_total"] == 8 and coverage["needs_covered"] == 7
    [gap] = coverage["uncovered"]
    assert gap.target_group == TargetGroup.FAMILIES
    # the seniors' transport need comes from the finished consultation and lot 7 (transport) answers it
    transport_need = next(r for r in coverage["rows"] if r["need"].source == NeedSource.CONSULTATION)
    assert transport_need["need"].consultation_url.startswith("/")
    assert {lot.name for lot in transport_need["lots"]} >= {TRANSPORT_LOT}
    transport = next(lot for lot in coverage["lots"] if lot.name == TRANSPORT_LOT)
    assert transport.sector == LotSector.TRANSPORT and transport.get_sector_display() == "transport i dowóz"
    assert coverage["people_covered"] == coverage["people_total"] - gap.people
    assert coverage["lots_without_need"] == []


def test_package_page_draws_the_coverage_for_everyone(demo: Any, client: Any, client_as: Any) -> None:
    p = package()
    page = client.get(reverse("commissioning:package_detail", args=[p.pk])).content.decode()
    assert "Potrzeby, na które odpowiada pakiet" in page
    assert "7/8" in page  # the bar's text: needs covered of all
    assert "potrzeba bez odpowiedzi w pakiecie" in page and "rodziny" in page
    assert "<progress" in page
    assert reverse("commissioning:package_needs", args=[p.pk]) not in page  # read-only for the public
    officer_page = client_as("officer").get(reverse("commissioning:package_detail", args=[p.pk])).content.decode()
    assert reverse("commissioning:package_needs", args=[p.pk]) in officer_page
    diagnosis_page = client.get(reverse("commissioning:diagnosis_detail", args=[p.diagnosis_id])).content.decode()
    assert "art. 16b ust. 2 pkt 1 ustawy o pomocy społecznej" in diagnosis_page  # the article is shown
    assert "45 osób" in diagnosis_page and "18 podmiotów" in diagnosis_page  # Polish plurals, organisations
    assert "żadna część pakietu" in diagnosis_page
    assert reverse("commissioning:need_add", args=[p.diagnosis_id]) not in diagnosis_page


def test_matrix_links_lots_to_needs_and_records_the_event(demo: Any, client_as: Any) -> None:
    p = package()
    coverage = selectors.package_needs(p)
    gap = coverage["uncovered"][0]
    lot = coverage["lots"][0]
    data = {f"need_{r['need'].pk}": [str(pk) for pk in r["lot_ids"]] for r in coverage["rows"]}
    data[f"need_{gap.pk}"] = [str(lot.pk)]
    before = AuditEvent.objects.filter(verb=E.NEED_LOTS_SET).count()
    response = client_as("officer").post(reverse("commissioning:package_needs", args=[p.pk]), data)
    assert response.status_code == 302
    after = selectors.package_needs(p)
    assert after["needs_covered"] == 8 and after["uncovered"] == []
    assert AuditEvent.objects.filter(verb=E.NEED_LOTS_SET).count() == before + 1
    # unticking every box leaves every need uncovered
    client_as("officer").post(reverse("commissioning:package_needs", args=[p.pk]), {})
    assert selectors.package_needs(p)["needs_covered"] == 0


def test_the_matrix_refuses_a_lot_of_another_package(demo: Any) -> None:
    p = package()
    officer = demo.user("officer")
    other = services.package_create(
        actor=officer, municipality=demo.org("um_hajnowka"), name="Inny pakiet", year=p.year
    )
    foreign = services.lot_save(
        actor=officer,
        package=other,
        data={"name": "Sprzątanie", "sector": LotSector.CLEANING, "target_group": "x", "scope": "y"},
    )
    need = p.diagnosis.needs.first()
    with pytest.raises(ValidationError):
        services.need_lots_set(actor=officer, package=p, links={need.pk: [foreign.pk]})
    assert not need.lots.filter(pk=foreign.pk).exists()


def test_only_the_authoritys_officer_writes(demo: Any, client_as: Any) -> None:
    p = package()
    diagnosis = p.diagnosis
    need = diagnosis.needs.first()
    for role in ("officer_b", "coordinator", "social_worker"):
        with pytest.raises(PermissionDenied):
            services.need_save(actor=demo.user(role), diagnosis=diagnosis, data=need_data())
        with pytest.raises(PermissionDenied):
            services.need_lots_set(actor=demo.user(role), package=p, links={})
    assert client_as("officer_b").post(reverse("commissioning:need_remove", args=[need.pk])).status_code == 403
    assert client_as("coordinator").get(reverse("commissioning:package_needs", args=[p.pk])).status_code == 403
    assert Need.objects.filter(pk=need.pk).exists()
    # Białowieża's officer may not rest their own package on Hajnówka's diagnosis
    b_package = services.package_create(
        actor=demo.user("officer_b"), municipality=demo.org("ug_bialowieza"), name="Pakiet B", year=p.year
    )
    with pytest.raises(ValidationError):
        services.package_diagnosis_set(actor=demo.user("officer_b"), package=b_package, diagnosis=diagnosis)


def test_need_form_bounds_are_polish_field_errors(demo: Any, client_as: Any) -> None:
    diagnosis = package().diagnosis
    url = reverse("commissioning:need_add", args=[diagnosis.pk])
    count = diagnosis.needs.count()
    cases = [
        ({"people": "0"}, "people", "większa od zera"),
        ({"people": "2000000"}, "people", "1 000 000"),
        ({"consultation_url": "javascript:alert(1)"}, "consultation_url", ""),
        ({"description": "x" * 2001}, "description", ""),
        ({"target_group": "aliens"}, "target_group", ""),
    ]
    for change, field, words in cases:
        data = {**need_data(), **change}
        response = client_as("officer").post(url, data)
        assert response.status_code == 200, change
        errors = response.context["form"].errors
        assert field in errors, (change, errors)
        assert words in " ".join(errors[field])
    assert diagnosis.needs.count() == count
    response = client_as("officer").post(url, need_data(consultation_url="/konsultacje/1/"))
    assert response.status_code == 302 and diagnosis.needs.count() == count + 1


def test_diagnosis_years_and_date_are_checked(demo: Any, client_as: Any) -> None:
    p = package()
    url = reverse("commissioning:diagnosis_create", args=[p.pk])
    year = timezone.localdate().year
    bad_years = client_as("officer").post(url, diagnosis_data(year_from=year + 1, year_to=year))
    assert "year_to" in bad_years.context["form"].errors
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    future = client_as("officer").post(url, diagnosis_data(prepared_on=tomorrow.isoformat()))
    assert "później" in " ".join(future.context["form"].errors["prepared_on"])
    assert p.diagnosis.title.startswith("Diagnoza potrzeb społecznych Hajnówki")  # unchanged
    created = client_as("officer").post(url, diagnosis_data(prepared_on=timezone.localdate().isoformat()))
    assert created.status_code == 302
    p.refresh_from_db()
    assert p.diagnosis.title == "Diagnoza testowa"


def test_resting_on_another_diagnosis_drops_the_old_links(demo: Any) -> None:
    p = package()
    officer = demo.user("officer")
    old = p.diagnosis
    assert Need.lots.through.objects.filter(need__diagnosis=old, lot__package=p).exists()
    new = services.diagnosis_save(actor=officer, authority=demo.org("um_hajnowka"), data=diagnosis_data())
    services.package_diagnosis_set(actor=officer, package=p, diagnosis=new)
    p.refresh_from_db()
    assert p.diagnosis == new
    assert not Need.lots.through.objects.filter(need__diagnosis=old, lot__package=p).exists()
    assert AuditEvent.objects.filter(verb=E.DIAGNOSIS_LINKED, target_id=str(p.pk)).exists()


def test_removing_a_need(demo: Any, client_as: Any) -> None:
    diagnosis = package().diagnosis
    need = diagnosis.needs.order_by("number").last()
    response = client_as("officer").post(reverse("commissioning:need_remove", args=[need.pk]))
    assert response.status_code == 302
    assert not Need.objects.filter(pk=need.pk).exists()
    assert AuditEvent.objects.filter(verb=E.NEED_REMOVED).exists()
    # a new need takes the next number
    added = services.need_save(actor=demo.user("officer"), diagnosis=diagnosis, data=need_data())
    assert added.number == need.number


def test_demo_diagnosis_is_public(demo: Any) -> None:
    diagnosis = package().diagnosis
    assert selectors.diagnosis_for(AnonymousUser(), diagnosis.pk) == diagnosis
    assert NeedsDiagnosis.objects.count() >= 1


# --- the sectors of Model na więcej -------------------------------------------------------------------------------


def test_lots_and_catalogue_share_the_sectors_of_model_na_wiecej() -> None:
    labels = dict(ServiceCategory.choices)
    for sector in MODEL_NA_WIECEJ_SECTORS:
        assert sector.value in ServiceCategory.values
        assert str(labels[sector.value]) == str(sector.label)
    assert {s.value for s in MODEL_NA_WIECEJ_SECTORS} == {"care", "health", "transport", "recycling", "cleaning"}


def test_catalogue_filter_finds_a_demo_service_in_each_new_sector(demo: Any, client: Any) -> None:
    anon = AnonymousUser()
    for sector in MODEL_NA_WIECEJ_SECTORS:
        found = catalog_selectors.services_search(anon, category=sector.value)
        assert found.exists(), sector
        assert all(s.category == sector.value for s in found)
    page = client.get(reverse("catalog:index"), {"category": "transport"}).content.decode()
    assert "Dowóz seniorów z okolicznych wsi" in page and "Klub Seniora" not in page
    assert "transport i dowóz" in page  # the filter offers the sector by its Polish label


def test_lot_form_offers_the_new_sectors(demo: Any, client_as: Any) -> None:
    p = package()
    page = client_as("officer").get(reverse("commissioning:lot_create", args=[p.pk])).content.decode()
    for sector in MODEL_NA_WIECEJ_SECTORS:
        assert f'value="{sector.value}"' in page and str(sector.label) in page
