from __future__ import annotations

from typing import Any

import pytest

from kooperacja.catalog import selectors

pytestmark = pytest.mark.django_db


def test_demo_catalogue_is_public(demo: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    names = set(selectors.services_visible_to(AnonymousUser()).values_list("name", flat=True))
    assert "Świetlica środowiskowa „Żubrzątko”" in names
    assert len(names) >= 12
