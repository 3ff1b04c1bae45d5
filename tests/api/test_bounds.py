"""Out-of-range numbers in the API answer 422 (never a 500), pages are capped, and every error is JSON."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, get_args

import pytest
from pydantic import BaseModel

pytestmark = pytest.mark.django_db

TOO_BIG = "9223372036854775808"  # 2^63: one past the largest 64-bit id
HUGE = "9" * 40


def _loc(response: Any) -> list[list[Any]]:
    return [error["loc"] for error in response.json()["detail"]]


@pytest.mark.parametrize(
    ("url", "param"),
    [
        (f"/api/v1/packages?offset={TOO_BIG}", "offset"),
        ("/api/v1/services?limit=99999999999999999999", "limit"),
        (f"/api/v1/allocations?contract={HUGE}", "contract"),
        (f"/api/v1/allocations?consortium={TOO_BIG}", "consortium"),
        (f"/api/v1/offers?call={HUGE}", "call"),
        (f"/api/v1/organisations?offset={HUGE}", "offset"),
        ("/api/v1/territories?limit=0", "limit"),
        (f"/api/v1/packages/{HUGE}", "pk"),
        (f"/api/v1/services/{TOO_BIG}", "pk"),
        ("/api/v1/calls/0", "pk"),
        (f"/api/v1/delivery/lots/{HUGE}/outcomes", "pk"),
        (f"/api/v1/hsds/services?page={HUGE}", "page"),
    ],
)
def test_out_of_range_numbers_answer_422(demo: Any, client: Any, url: str, param: str) -> None:
    response = client.get(url)
    assert response.status_code == 422, response.content[:300]
    assert response["Content-Type"].startswith("application/json")
    assert [loc[-1] for loc in _loc(response)] == [param]


def test_largest_offset_is_an_empty_page_not_an_error(demo: Any, client: Any) -> None:
    response = client.get("/api/v1/territories?limit=100&offset=9223372036854775807")
    assert response.status_code == 200
    assert response.json()["items"] == [] and response.json()["count"] > 100


def test_page_size_is_capped(demo: Any, client: Any) -> None:
    assert client.get("/api/v1/territories?limit=100000000").status_code == 422
    page = client.get("/api/v1/territories?limit=100").json()
    assert len(page["items"]) == 100 and page["count"] > 100
    assert len(client.get("/api/v1/territories").json()["items"]) == 50  # the default page


def test_forbidden_is_json(demo: Any, client: Any) -> None:
    from kooperacja.commissioning.models import Lot

    lot = Lot.objects.order_by("pk").first()
    response = client.get(f"/api/v1/delivery/lots/{lot.pk}/outcomes")
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Brak uprawnień do tego zasobu."}


def test_not_found_and_bad_token_are_json(demo: Any, client: Any) -> None:
    response = client.get("/api/v1/packages/999999999")
    assert response.status_code == 404 and response.json() == {"detail": "Nie znaleziono."}
    response = client.get("/api/v1/packages", HTTP_AUTHORIZATION="Bearer koop_nie-ma-takiego")
    assert response.status_code == 401 and response["WWW-Authenticate"] == "Bearer"
    assert set(response.json()) == {"detail"}


def test_openapi_documents_every_error_response(client: Any) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    assert {"ErrorOut", "ValidationErrorOut"} <= set(schema["components"]["schemas"])
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            codes = set(operation["responses"])
            assert "401" in codes, (method, path)
            if operation.get("parameters") or operation.get("requestBody"):
                assert "422" in codes, (method, path)
            if "{" in path:
                assert "404" in codes, (method, path)
            for code, response in operation["responses"].items():
                assert "application/json" in response["content"], (method, path, code)
    outcomes = schema["paths"]["/api/v1/delivery/lots/{pk}/outcomes"]["get"]["responses"]
    assert "403" in outcomes
    indicators = schema["paths"]["/api/v1/delivery/services/{pk}/indicators"]["get"]["responses"]
    assert "403" in indicators
    limit = next(p for p in schema["paths"]["/api/v1/territories"]["get"]["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 100


def _models(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        for field in annotation.model_fields.values():
            yield from _models(field.annotation)
    for arg in get_args(annotation):
        yield from _models(arg)


def test_schema_names_are_unique_across_routers() -> None:
    """OpenAPI components are keyed by class name: two routers' `LotOut` would document one operation wrongly."""
    from kooperacja.api.api import api

    shapes: dict[str, set[str]] = {}
    for _, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for wrapper in operation.response_models.values():
                    if wrapper is None or not hasattr(wrapper, "model_fields"):
                        continue
                    for model in _models(wrapper.model_fields["response"].annotation):
                        shape = json.dumps(model.model_json_schema(mode="serialization"), sort_keys=True)
                        shapes.setdefault(model.__name__, set()).add(shape)
    assert shapes
    assert sorted(name for name, found in shapes.items() if len(found) > 1) == []
