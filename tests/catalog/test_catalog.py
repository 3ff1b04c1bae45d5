"""The public catalogue: search and filters, matching for the cooperation basket, API, HSDS export validated
against the shipped HSDS 3.0 JSON schemas, rules, and query counts independent of the number of services."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.urls import reverse

from kooperacja.catalog import selectors, services
from kooperacja.catalog.models import Location, Service

pytestmark = pytest.mark.django_db
HSDS = Path(__file__).parent / "hsds"
HAJNOWKA, NAREWKA = "2005011", "2005092"


def schema(name: str) -> dict[str, Any]:
    return json.loads((HSDS / name).read_text(encoding="utf-8"))


def names(qs: Any) -> set[str]:
    return set(qs.values_list("name", flat=True))


def test_search_filters(demo: Any) -> None:
    anon = AnonymousUser()
    narewka = names(selectors.services_search(anon, gmina=NAREWKA))
    assert "Asystent rodziny" in narewka and "Klub pracy" not in narewka
    assert names(selectors.services_search(anon, category="seniors")) == {"Klub Seniora „Złota Jesień”"}
    youth = names(selectors.services_search(anon, target_group="youth"))
    assert "Program „Młodzi dla Puszczy”" in youth and "Klub Seniora „Złota Jesień”" not in youth
    assert names(selectors.services_search(anon, q="żubrzątko")) == {"Świetlica środowiskowa „Żubrzątko”"}


def test_matching_for_the_basket(demo: Any) -> None:
    narewka_child = names(selectors.services_matching(gmina=NAREWKA, age=10))
    assert "Świetlica popołudniowa GOK" in narewka_child
    assert "Klub Seniora „Złota Jesień”" not in narewka_child  # age 60+
    assert "Wsparcie w wychodzeniu z bezdomności" not in narewka_child  # requires the homelessness reason
    with_reason = names(selectors.services_matching(gmina=NAREWKA, age=40, reasons=["homelessness"]))
    assert "Wsparcie w wychodzeniu z bezdomności" in with_reason
    # restricted to Narewka residents: not offered in Hajnówka
    assert "Asystent rodziny" not in names(selectors.services_matching(gmina=HAJNOWKA, reasons=["helplessness"]))
    first = selectors.services_matching(gmina=NAREWKA, categories=["family_support", "culture"]).first()
    assert first.is_local == 1


def test_draft_service_visible_only_to_provider(demo: Any) -> None:
    svc = services.service_create(
        actor=demo.user("pes_staff"),
        provider=demo.org("ss_zubr"),
        data={"name": "Nowe zajęcia", "description": "x", "category": "other", "status": "draft"},
    )
    assert not selectors.services_visible_to(AnonymousUser()).filter(pk=svc.pk).exists()
    assert not selectors.services_visible_to(demo.user("ngo_staff")).filter(pk=svc.pk).exists()
    assert selectors.services_visible_to(demo.user("pes_staff")).filter(pk=svc.pk).exists()


def test_resident_service_page(client: Any, demo: Any) -> None:
    svc = Service.objects.get(name="Klub Seniora „Złota Jesień”")
    response = client.get(reverse("catalog:detail", args=[svc.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "wolne miejsca" in html.lower() or "Wolne miejsca" in html
    assert "toaleta dostosowana" in html  # accessibility of the location
    assert "ul. Batorego 12" in html


def test_create_service_through_the_form(client_as: Any, demo: Any) -> None:
    client = client_as("ngo_staff")
    org = demo.org("fundacja_puszcza")
    loc = Location.objects.filter(organisation=org).first()
    response = client.post(
        reverse("catalog:create"),
        {
            "provider": org.pk, "name": "Korepetycje", "description": "Pomoc w nauce", "category": "education",
            "target_groups": ["youth"], "is_free": "on", "capacity_places": "8", "capacity_hours_unit": "week",
            "locations": [loc.pk], "status": "active",
        },
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:3000]
    svc = Service.objects.get(name="Korepetycje")
    assert svc.provider == org and svc.free_places == 8


def test_api_services_filter(client: Any, demo: Any) -> None:
    response = client.get("/api/v1/services", {"gmina": NAREWKA, "free": "true"})
    assert response.status_code == 200
    items = response.json()["items"]
    assert items and all(i["free_places"] is None or i["free_places"] > 0 for i in items)
    assert {i["locations"][0]["territory_code"] for i in items} == {NAREWKA}


def test_hsds_api_validates_against_schema(client: Any, demo: Any) -> None:
    full = schema("service_with_definitions.json")
    listed = schema("service_list.json")
    page = client.get("/api/v1/hsds/services", {"per_page": 100}).json()
    assert page["total_items"] == len(page["contents"]) >= 12
    for item in page["contents"]:
        jsonschema.validate(item, full, format_checker=jsonschema.FormatChecker())
        jsonschema.validate(item, listed)
    one = client.get(f"/api/v1/hsds/services/{Service.objects.get(name='Klub pracy').pk}").json()
    jsonschema.validate(one, full, format_checker=jsonschema.FormatChecker())
    assert one["service_at_locations"][0]["location"]["accessibility"]
    orgs = client.get("/api/v1/hsds/organizations").json()["contents"]
    for org in orgs:
        jsonschema.validate(org, schema("organization_list.json"))


def test_hsds_validation_catches_a_broken_record(demo: Any) -> None:
    from kooperacja.catalog import hsds

    item = hsds.service(Service.objects.first())
    item["status"] = "open"  # not an HSDS status
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(item, schema("service_with_definitions.json"))


def test_export_hsds_command(tmp_path: Path, demo: Any) -> None:
    call_command("export_hsds", out=str(tmp_path), gmina=NAREWKA)
    items = json.loads((tmp_path / "services.json").read_text(encoding="utf-8"))
    assert {i["name"] for i in items} >= {"Asystent rodziny", "Świetlica popołudniowa GOK"}
    full = schema("service_with_definitions.json")
    for item in items:
        jsonschema.validate(item, full)


def _add_services(demo: Any, n: int) -> None:
    org = demo.org("ss_zubr")
    loc = Location.objects.filter(organisation=org).first()
    created = Service.objects.bulk_create(
        Service(provider=org, name=f"Usługa testowa {i:04d}", description="x", category="other",
                target_groups=["youth"], capacity_places=10)
        for i in range(n)
    )  # fmt: skip
    Service.locations.through.objects.bulk_create(
        Service.locations.through(service_id=s.pk, location_id=loc.pk) for s in created
    )


@pytest.mark.parametrize("extra", [10, 1000])
def test_catalogue_queries_do_not_grow(extra: int, client: Any, demo: Any, django_assert_max_num_queries: Any) -> None:
    _add_services(demo, extra)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("catalog:index"), {"target_group": "youth", "order": "free"})
    assert response.status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/api/v1/services", {"limit": 100}).status_code == 200
