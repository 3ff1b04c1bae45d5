"""The sources the incremental refresh watches (no database needed)."""

from __future__ import annotations


def test_every_source_of_the_figures_has_a_write_time() -> None:
    """The incremental refresh finds changed gminas by each source's write time: a source without one would
    never trigger it (the certificate is written once, so its issue time serves)."""
    from django.db import models

    from kooperacja.monitoring.compute import SOURCES

    assert len(SOURCES) == 10
    for model, path, stamp in SOURCES:
        assert isinstance(model._meta.get_field(stamp), models.DateTimeField), (model, stamp)
        assert path.endswith("code")
