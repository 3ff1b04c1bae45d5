"""Scheduled work of the core app (Django Tasks API). Enqueue `audit_checkpoint_task` every few minutes
(`kooperacja audit_checkpoint --enqueue` from cron / a systemd timer), see docs/audit.md."""

from __future__ import annotations

from django_tasks import task


@task()
def audit_checkpoint_task() -> dict[str, int]:
    """Seal the audit rows written since the last checkpoint; returns the number of rows sealed per table."""
    from .audit_chain import checkpoint_all

    return {table: sum(cp.row_count for cp in cps) for table, cps in checkpoint_all().items()}
