"""The delivery API exposes aggregates only, scoped like the outcome pages."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.django_db


def test_indicators_api_scope(client_as: Any, day_room: Any) -> None:
    url = f"/api/v1/delivery/services/{day_room.pk}/indicators"
    data = client_as("officer").get(url).json()
    assert {row["kind"] for row in data} >= {"participants", "hours"}
    assert all("pesel" not in str(row) for row in data)
    assert client_as("pes_staff").get(url).status_code == 200
    assert client_as("ngo_staff").get(url).status_code == 404
    assert client_as("anonymous").get(url).status_code in (403, 404)


def test_lot_outcomes_api(client_as: Any, day_room: Any) -> None:
    lot = day_room.commissioning_lots.first()
    if lot is None:
        pytest.skip("scenariusz zlecania nie powiązał części pakietu ze świetlicą")
    data = client_as("officer").get(f"/api/v1/delivery/lots/{lot.pk}/outcomes").json()
    assert data["participants"] > 0 and day_room.pk in data["service_ids"]
    assert client_as("resident").get(f"/api/v1/delivery/lots/{lot.pk}/outcomes").status_code in (403, 404)
