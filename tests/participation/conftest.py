from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits() -> Iterator[None]:
    """The spam limits live in the cache, which outlives a test's rolled-back transaction."""
    cache.clear()
    yield
    cache.clear()
