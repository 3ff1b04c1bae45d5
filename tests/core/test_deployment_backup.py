"""`kooperacja backup_check` (docs/deployment.md §11) and a real pg_dump / pg_restore round trip on PostgreSQL."""

from __future__ import annotations

import os
import shutil
import subprocess
import uuid
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parents[2]


def _check(**options: Any) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("backup_check", stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_backup_check_passes_on_the_demo_database() -> None:
    out, err = _check()
    assert "Migracje: wszystkie zastosowane." in out
    assert "core_auditevent: " in out  # a count per table
    assert "Łańcuch dziennika core_auditevent" in out
    assert out.rstrip().endswith("OK: kopia nadaje się do użycia.")
    assert err == ""


@pytest.mark.django_db
def test_backup_check_fails_on_a_missing_attachment() -> None:
    from kooperacja.consortia.models import Consortium

    consortium = Consortium.objects.order_by("pk").first()
    assert consortium is not None
    Consortium.objects.filter(pk=consortium.pk).update(agreement_file=f"konsorcja/nie-ma-{uuid.uuid4().hex}.pdf")
    with pytest.raises(CommandError) as failure:
        _check(quiet_counts=True)
    assert failure.value.returncode == 1
    assert "Kopia nie przeszła sprawdzenia" in str(failure.value)


@pytest.mark.django_db
def test_backup_check_fails_on_a_broken_audit_chain(monkeypatch: pytest.MonkeyPatch) -> None:
    from kooperacja.core import audit_chain

    real = audit_chain.verify_table

    def broken(table: str) -> Any:
        report = real(table)
        report.broken = audit_chain.Broken(table, 1, "wiersz zmieniony")
        return report

    monkeypatch.setattr(audit_chain, "verify_table", broken)
    with pytest.raises(CommandError):
        _check(quiet_counts=True)


@pytest.mark.django_db
def test_backup_check_stops_at_unapplied_migrations(monkeypatch: pytest.MonkeyPatch) -> None:
    from kooperacja.core.management.commands import backup_check

    monkeypatch.setattr(backup_check, "unapplied_migrations", lambda alias="default": ["core.9999_future"])
    with pytest.raises(CommandError) as failure:
        _check()
    assert "core.9999_future" in str(failure.value)


def _pg_env(settings_dict: dict[str, Any]) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PGHOST=str(settings_dict.get("HOST") or "127.0.0.1"),
        PGPORT=str(settings_dict.get("PORT") or "5432"),
        PGUSER=str(settings_dict.get("USER") or "postgres"),
    )
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return env


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")), reason="PostgreSQL only"
)
@pytest.mark.skipif(shutil.which("pg_dump") is None or shutil.which("pg_restore") is None, reason="no pg_dump")
def test_pg_dump_restore_round_trip(db: None, django_db_blocker: Any, tmp_path: Path) -> None:
    """The procedure of docs/deployment.md §11 on the test database: dump, restore into a new database,
    backup_check on the restored one passes and counts the same rows."""
    from django.conf import settings
    from django.db import connections

    source = connections["default"].settings_dict
    env = _pg_env(source)
    dump = tmp_path / "kooperacja.dump"
    restored = f"kooperacja_restore_{uuid.uuid4().hex[:8]}"
    run = {"env": env, "capture_output": True, "text": True, "timeout": 600}
    result = subprocess.run(["pg_dump", "-Fc", f"--dbname={source['NAME']}", f"--file={dump}"], **run)  # noqa: S603, S607
    assert result.returncode == 0, result.stderr
    subprocess.run(["createdb", restored], check=True, **run)  # noqa: S603, S607
    try:
        result = subprocess.run(  # noqa: S603
            ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={restored}", str(dump)],  # noqa: S607
            **run,
        )
        assert result.returncode == 0, result.stderr
        user = env["PGUSER"] + (f":{env['PGPASSWORD']}" if "PGPASSWORD" in env else "")
        base_env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_REPLICA_URL", "REDIS_URL"}}

        def backup_check(name: str) -> subprocess.CompletedProcess[str]:
            check_env = dict(
                base_env,
                KOOPERACJA_ENV="test",
                DATABASE_URL=f"postgres://{user}@{env['PGHOST']}:{env['PGPORT']}/{name}",
                MEDIA_ROOT=str(settings.MEDIA_ROOT),
            )
            return subprocess.run(  # noqa: S603
                [str(ROOT / ".venv" / "bin" / "kooperacja"), "backup_check"],
                env=check_env,
                capture_output=True,
                text=True,
                timeout=600,
            )

        # The restored copy must check exactly as the original does: same migrations, row counts, audit chain and
        # media findings (files another test wrote under its own MEDIA_ROOT are missing in both, not a restore fault).
        original, result = backup_check(source["NAME"]), backup_check(restored)
        assert result.stdout.replace(restored, "<db>") == original.stdout.replace(source["NAME"], "<db>"), (
            result.stdout + result.stderr
        )
        assert result.returncode == original.returncode
        assert "Migracje: wszystkie zastosowane." in result.stdout
        assert "core_auditevent" in result.stdout
    finally:
        subprocess.run(["dropdb", "--if-exists", restored], **run)  # noqa: S603, S607
