"""Background work of the organisation registry (Django Tasks API)."""

from __future__ import annotations

from django_tasks import task


@task()
def import_task(job_id: str) -> str:
    """A large organisations import (core.importjobs); enqueued by `services.organisations_import_start`."""
    from kooperacja.core.importjobs import job_run

    from .services import organisations_import_run

    return job_run(job_id, organisations_import_run)
