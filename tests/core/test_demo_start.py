"""The second `make demo` start does only what is left to do (issue 16): no migration graph when every migration
file is applied, and `kooperacja serve` runs gunicorn in its own process with the application preloaded (the
figures: benchmarks/demo_start.py, docs/performance.md)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_pending_migrations_are_told_from_the_files_and_the_applied_list() -> None:
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    from kooperacja.core.management.commands.demo import migrations_pending

    assert migrations_pending() is False  # the test database is migrated
    recorder = MigrationRecorder(connection)
    recorder.migration_qs.filter(app="cooperation", name="0001_initial").delete()  # rolled back after the test
    assert migrations_pending() is True


def test_warm_up_loads_the_views_and_leaves_no_connection_to_the_workers(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.db import connections
    from django.urls import get_resolver

    from kooperacja.core.management.commands.serve import gunicorn_options, warm_up

    closed: list[str] = []
    # (the test database is an in-memory SQLite that Django never really closes: record the call instead)
    monkeypatch.setattr(connections, "close_all", lambda: closed.append("db"))
    warm_up()
    assert "kooperacja.cooperation.views" in sys.modules and get_resolver().url_patterns
    assert closed == ["db"]  # closed before gunicorn forks the workers
    assert gunicorn_options("127.0.0.1:1", 2, "127.0.0.1")["preload_app"] is True


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_answers_from_gunicorn_in_its_own_process(tmp_path: Path) -> None:
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DATABASE_REPLICA_URL", "REDIS_URL"}}
    env.update(KOOPERACJA_ENV="demo", KOOPERACJA_DATA_DIR=str(tmp_path), WEB_CONCURRENCY="1")
    proc = subprocess.Popen(  # noqa: S603 - fixed argv
        [sys.executable, "-m", "kooperacja", "serve", "--bind", f"127.0.0.1:{port}"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        status = None
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and status is None:
            assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else ""
            try:
                # the OpenAPI document: a real view that needs neither a migrated database nor collected static files
                url = f"http://127.0.0.1:{port}/api/v1/openapi.json"
                with urllib.request.urlopen(url, timeout=5) as response:
                    status = response.status
            except urllib.error.HTTPError as exc:
                status = exc.code
            except OSError:
                time.sleep(0.2)
        assert status == 200
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=60)
    assert proc.returncode == 0
