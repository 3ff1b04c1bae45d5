"""Imports that run in the task worker (Django Tasks) instead of holding a web worker.

An app's import view stores a large upload as an `ImportJob` (`job_create`) and enqueues its own task on
commit; the task calls `job_run(job_id, handler)`, where the handler does the import and returns the report
as JSON:

    {"committed": bool, "error": str, "summary": str,
     "rows": [{"line": int, "ok": bool, "label": str, "messages": [str], "url": str}]}

The person who started the job follows it on `core:import_job` (htmx polling), which nobody else can open.
The uploaded bytes are kept only until the job ends; jobs are purged after `KEEP_DAYS`.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, transaction
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .enums import ImportJobStatus
from .models import ImportJob

logger = logging.getLogger(__name__)

KEEP_DAYS = 7
Handler = Callable[[ImportJob, "Progress"], dict[str, Any]]


class Progress:
    """Progress counters of a running job, written at most once per `interval` seconds.

    Outside a transaction the job row is updated directly. Inside the import's transaction the update goes
    through a second connection on PostgreSQL (so the page sees it before the commit); SQLite has a single
    writer, so there the counters catch up when the import ends."""

    def __init__(self, job_pk: uuid.UUID, interval: float = 1.0) -> None:
        self.job_pk = job_pk
        self.interval = interval
        self._last = 0.0
        self._side: Any = None
        self._broken = False

    def __call__(self, done: int, total: int, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last < self.interval:
            return
        self._last = now
        if not connection.in_atomic_block:
            ImportJob.objects.filter(pk=self.job_pk).update(processed_rows=done, total_rows=total)
        elif connection.vendor == "postgresql" and not self._broken:
            self._write_aside(done, total)

    def _write_aside(self, done: int, total: int) -> None:
        try:
            if self._side is None:
                self._side = connections.create_connection(DEFAULT_DB_ALIAS)
                with self._side.cursor() as cursor:
                    cursor.execute("SET lock_timeout = '1s'")
            table = self._side.ops.quote_name(ImportJob._meta.db_table)
            with self._side.cursor() as cursor:
                cursor.execute(
                    f"UPDATE {table} SET processed_rows = %s, total_rows = %s WHERE id = %s",  # noqa: S608 - our table
                    [done, total, str(self.job_pk)],
                )
        except DatabaseError:
            logger.warning("Import job %s: progress could not be written aside", self.job_pk, exc_info=True)
            self._broken = True

    def close(self) -> None:
        if self._side is not None:
            self._side.close()
            self._side = None


def job_create(
    *,
    actor: Any,
    kind: str,
    filename: str,
    content: bytes,
    target: Any = None,
    options: dict[str, Any] | None = None,
    back_url: str = "",
    total_rows: int = 0,
) -> ImportJob:
    """Store an upload for the worker. The caller checked the permission and enqueues its task on commit."""
    ImportJob.objects.filter(created_at__lt=timezone.now() - timedelta(days=KEEP_DAYS)).delete()
    return ImportJob.objects.create(
        kind=kind,
        actor=actor,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        filename=filename[:255],
        size=len(content),
        content=content,
        options={"language": translation.get_language() or "", **(options or {})},
        back_url=back_url[:300],
        total_rows=total_rows,
    )


def job_for(user: Any, pk: Any) -> ImportJob:
    """The job, for the person who started it only; 404 for anyone else."""
    job = ImportJob.objects.filter(pk=pk, actor_id=getattr(user, "pk", None)).defer("content").first()
    if job is None:
        raise Http404
    return job


def job_run(job_id: str, handler: Handler) -> str:
    """Run a queued job once (a repeated delivery of the task does nothing); returns the final status."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update().filter(pk=job_id).select_related("actor").first()
        if job is None or job.status != ImportJobStatus.QUEUED:
            return job.status if job else "missing"
        job.status, job.started_at = ImportJobStatus.RUNNING, timezone.now()
        job.save(update_fields=["status", "started_at"])
    progress = Progress(job.pk)
    with translation.override(job.options.get("language") or settings.LANGUAGE_CODE):
        try:
            result = handler(job, progress)
        except Exception:
            logger.exception("Import job %s (%s) failed", job.pk, job.kind)
            ImportJob.objects.filter(pk=job.pk).update(
                status=ImportJobStatus.FAILED,
                error=_(
                    "Import przerwał nieoczekiwany błąd (zapisany w dzienniku serwera). "
                    "Spróbuj ponownie; jeśli błąd się powtórzy, zgłoś go administratorowi."
                ),
                content=b"",
                finished_at=timezone.now(),
            )
            raise
        finally:
            progress.close()
    rows = len(result.get("rows", []))
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJobStatus.DONE,
        committed=bool(result.get("committed")),
        report=result,
        error=result.get("error", ""),
        total_rows=max(rows, job.total_rows),
        processed_rows=max(rows, job.total_rows),
        content=b"",
        finished_at=timezone.now(),
    )
    return ImportJobStatus.DONE
