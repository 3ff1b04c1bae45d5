"""The participation API: processes with phases, public results only after the vote, bounded ids."""

from __future__ import annotations

from typing import Any

from tests.participation import helpers as h


def test_processes_list_with_phases(demo: Any, client: Any) -> None:
    response = client.get("/api/v1/participation/processes?limit=100")
    assert response.status_code == 200
    items = response.json()["items"]
    building = next(i for i in items if i["title"] == h.BUILDING)
    assert any(ph["active"] and "comment" in ph["allows"] for ph in building["phases"])


def test_results_of_a_finished_plebiscite_are_public(demo: Any, client: Any) -> None:
    square = h.plebiscite(h.SQUARE)
    body = client.get(f"/api/v1/participation/plebiscites/{square.pk}/results").json()
    assert body["state"] == "final" and body["votes"] == 10 and len(body["tie_draws"]) == 1


def test_results_during_voting_are_refused(demo: Any, client: Any) -> None:
    response = client.get(f"/api/v1/participation/plebiscites/{h.plebiscite().pk}/results")
    assert response.status_code == 403


def test_out_of_range_ids_are_422_and_unknown_404(demo: Any, client: Any) -> None:
    assert client.get(f"/api/v1/participation/processes/{2**70}").status_code == 422
    assert client.get("/api/v1/participation/processes/999999").status_code == 404
    assert client.get("/api/v1/participation/processes?limit=1000").status_code == 422


def test_openapi_documents_the_routes(demo: Any, client: Any) -> None:
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/participation/processes" in paths
    assert "403" in paths["/api/v1/participation/plebiscites/{pk}/results"]["get"]["responses"]
