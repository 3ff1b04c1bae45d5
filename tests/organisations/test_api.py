from __future__ import annotations

from typing import Any

from django.test import Client

from tests.conftest import login_client


def test_organisations_list_is_public_paginated_and_scoped(demo: Any, client: Client) -> None:
    response = client.get("/api/v1/organisations", {"limit": 5})
    assert response.status_code == 200
    body = response.json()
    assert len(body["items"]) == 5
    assert body["count"] >= 20
    names = {o["name"] for o in client.get("/api/v1/organisations", {"limit": 100}).json()["items"]}
    assert "Stowarzyszenie „Nowa Inicjatywa”" not in names  # unverified: same scope as the pages
    admin = login_client(Client(), demo.user("admin"))
    names = {o["name"] for o in admin.get("/api/v1/organisations", {"limit": 100}).json()["items"]}
    assert "Stowarzyszenie „Nowa Inicjatywa”" in names


def test_organisation_filters(demo: Any, client: Client) -> None:
    items = client.get("/api/v1/organisations", {"legal_form": "social_cooperative"}).json()["items"]
    assert {o["legal_form"] for o in items} == {"social_cooperative"}
    items = client.get("/api/v1/organisations", {"territory": "2005092"}).json()["items"]
    assert items
    assert all(o["territory_code"] == "2005092" for o in items)
    zubr = demo.org("ss_zubr")
    items = client.get("/api/v1/organisations", {"q": zubr.nip}).json()["items"]
    assert [o["id"] for o in items] == [zubr.pk]
    assert client.get(f"/api/v1/organisations/{zubr.pk}").json()["nip"] == zubr.nip
    hidden = demo.org("nowa_inicjatywa")
    assert client.get(f"/api/v1/organisations/{hidden.pk}").status_code == 404


def test_territories_endpoint(demo: Any, client: Client) -> None:
    body = client.get("/api/v1/territories", {"parent": "2005", "kind": "gmina", "limit": 50}).json()
    names = {t["name"] for t in body["items"]}
    assert {"Hajnówka", "Narewka"} <= names
    assert all(t["parent_code"] == "2005" for t in body["items"])
    assert client.get("/api/v1/territories", {"kind": "voivodeship"}).json()["count"] == 16


def test_openapi_schema_is_served(db: None, client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"]["title"] == "Kooperacja API"
    assert "/api/v1/organisations" in schema["paths"]
    assert "/api/v1/territories" in schema["paths"]


def test_api_docs_page_uses_bundled_assets(db: None, client: Client) -> None:
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    text = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in text
    assert "cdn" not in text.lower()
