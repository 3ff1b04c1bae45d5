"""Scheduled work of the delivery app (Django Tasks API). Run `anonymise_expired_task` daily from the scheduler."""

from __future__ import annotations

from django_tasks import task


@task()
def anonymise_expired_task() -> int:
    """Anonymise participants whose retention period has passed; returns how many."""
    from .services import anonymise_expired

    return anonymise_expired()


@task()
def import_task(job_id: str) -> str:
    """A large participants/attendance import (core.importjobs); enqueued by `imports.job_start`."""
    from kooperacja.core.importjobs import job_run

    from .imports import run_job

    return job_run(job_id, run_job)
