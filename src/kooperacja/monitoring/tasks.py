"""Scheduled work of the monitoring app (Django Tasks API): refresh the regional figures nightly
(`kooperacja monitoring_refresh --enqueue` from the scheduler, see docs/monitoring.md)."""

from __future__ import annotations

from django_tasks import task


@task()
def refresh_figures_task(voivodeship_code: str = "") -> int:
    """Recompute the regional figures as the system; returns the number of rows written."""
    from kooperacja.core.actors import SYSTEM

    from .services import figures_refresh

    return figures_refresh(actor=SYSTEM, voivodeship_code=voivodeship_code).rows
