"""Scheduled work of the core app (Django Tasks API). Enqueue `audit_checkpoint_task` every few minutes
(`kooperacja audit_checkpoint --enqueue` from cron / a systemd timer), see docs/audit.md."""

from __future__ import annotations

from django_tasks import task


@task()
def audit_checkpoint_task() -> dict[str, int]:
    """Seal the audit rows written since the last checkpoint; returns the number of rows sealed per table."""
    from .audit_chain import checkpoint_all

    return {table: sum(cp.row_count for cp in cps) for table, cps in checkpoint_all().items()}


@task()
def accesslog_partitions_task(months_ahead: int = 3) -> dict[str, list[str]]:
    """Create the access log's month partitions ahead (PostgreSQL; core.partitions). Enqueue daily."""
    from .partitions import ensure

    result = ensure(months_ahead=months_ahead)
    return {"created": result.created, "skipped": result.skipped}
