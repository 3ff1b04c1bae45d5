"""Learning's restricted materials, beyond the permission matrix: the learning rows of the matrix itself
(`tests/learning/matrix.py`) are walked with every other app's in `tests/test_permission_matrix.py`."""

from __future__ import annotations

from typing import Any

import pytest


def test_restricted_material_is_404_for_resident_and_anonymous(demo: Any, client_as: Any) -> None:
    """Page, search, API, file: a PZK-only material does not exist for a resident or an anonymous visitor."""
    from django.urls import reverse

    from tests.learning import helpers as h

    material = h.material()
    for role in ("anonymous", "resident", "officer"):
        client = client_as(role)
        assert client.get(reverse("learning:material_detail", args=[material.pk])).status_code == 404
        assert client.get(reverse("learning:material_download", args=[material.pk])).status_code == 404
        assert client.get(reverse("learning:material_version_download", args=[material.pk, 1])).status_code == 404
        assert client.get(f"/api/v1/learning/materials/{material.pk}").status_code == 404
        page = client.get(reverse("learning:library"), {"q": "porozumienia"}).content.decode()
        assert material.title not in page
        listed = client.get("/api/v1/learning/materials", {"q": "porozumienia", "limit": 100}).json()
        assert all(item["id"] != material.pk for item in listed["items"])
    member = client_as("social_worker")
    assert member.get(reverse("learning:material_detail", args=[material.pk])).status_code == 200
    assert member.get(reverse("learning:material_download", args=[material.pk])).status_code == 200
    assert member.get(f"/api/v1/learning/materials/{material.pk}").status_code == 200
    assert material.title in member.get(reverse("learning:library"), {"q": "porozumienia"}).content.decode()


def test_material_file_is_not_under_media_root(demo: Any) -> None:
    from pathlib import Path

    from django.conf import settings

    from tests.learning import helpers as h

    version = h.material().versions.get()
    assert not Path(version.file.path).resolve().is_relative_to(Path(settings.MEDIA_ROOT).resolve())
    with pytest.raises(ValueError, match="permission-checked"):
        _ = version.file.url
