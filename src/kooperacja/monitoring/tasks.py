"""Scheduled work of the monitoring app (Django Tasks API): refresh the regional figures nightly
(`kooperacja monitoring_refresh --enqueue` from the scheduler, see docs/monitoring.md)."""

from __future__ import annotations

from django_tasks import task


@task()
def refresh_figures_task(voivodeship_code: str = "", gmina_code: str = "") -> int:
    """Recompute the regional figures as the system (one gmina when `gmina_code` is given); returns the
    number of rows written."""
    from kooperacja.core.actors import SYSTEM

    from .services import figures_refresh

    return figures_refresh(actor=SYSTEM, voivodeship_code=voivodeship_code, gmina_code=gmina_code).rows


@task()
def refresh_changed_figures_task(voivodeship_code: str = "") -> int:
    """Incremental refresh (every few minutes from the scheduler): only the gminas whose records changed since
    the last finished refresh; returns the number of rows written (0 when nothing changed)."""
    from kooperacja.core.actors import SYSTEM

    from .services import figures_refresh_changed

    run = figures_refresh_changed(actor=SYSTEM, voivodeship_code=voivodeship_code)
    return run.rows if run else 0
