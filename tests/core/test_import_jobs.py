"""core.importjobs: a background import runs once, records its failure, keeps no file and shows progress."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection, transaction

from kooperacja.core import importjobs
from kooperacja.core.models import ImportJob
from tests.conftest import requires_postgres


def test_a_job_runs_once_and_forgets_the_file(demo: Any) -> None:
    calls: list[str] = []

    def handler(job: ImportJob, progress: Any) -> dict[str, Any]:
        calls.append(bytes(job.content).decode())
        progress(1, 1, force=True)
        return {"committed": True, "error": "", "summary": "", "rows": [{"line": 2, "ok": True, "messages": []}]}

    job = importjobs.job_create(actor=demo.user("pes_staff"), kind="test", filename="a.csv", content=b"abc")
    assert importjobs.job_run(str(job.pk), handler) == "done"
    assert importjobs.job_run(str(job.pk), handler) == "done"  # a repeated delivery of the task does nothing
    job.refresh_from_db()
    assert calls == ["abc"] and job.committed and bytes(job.content) == b"" and job.finished_at is not None


def test_a_failing_job_is_marked_and_explained(demo: Any) -> None:
    def handler(job: ImportJob, progress: Any) -> dict[str, Any]:
        raise RuntimeError("boom")

    job = importjobs.job_create(actor=demo.user("pes_staff"), kind="test", filename="a.csv", content=b"abc")
    with pytest.raises(RuntimeError):
        importjobs.job_run(str(job.pk), handler)
    job.refresh_from_db()
    assert job.status == "failed" and bytes(job.content) == b""
    assert job.error.startswith("Import przerwał nieoczekiwany błąd")


@requires_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_progress_is_visible_while_the_import_transaction_is_open() -> None:
    """On PostgreSQL the counters go through a second connection, so the page sees them before the commit."""
    from kooperacja.accounts.models import User

    assert connection.vendor == "postgresql"
    user = User.objects.create_user("postep@example.org", full_name="Postęp")
    job = importjobs.job_create(actor=user, kind="test", filename="a.csv", content=b"abc", total_rows=10)
    seen: list[int] = []

    def look() -> None:  # another request, as the progress page would make it
        try:
            seen.append(ImportJob.objects.get(pk=job.pk).processed_rows)
        finally:
            connection.close()

    progress = importjobs.Progress(job.pk)
    with transaction.atomic():
        progress(4, 10, force=True)
        reader = threading.Thread(target=look)
        reader.start()
        reader.join()
    progress.close()
    assert seen == [4]
