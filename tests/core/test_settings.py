from __future__ import annotations

import os
import subprocess
import sys


def _run(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "KOOPERACJA_ENV", "DEBUG", "DATABASE_URL"}}
    return subprocess.run(  # noqa: S603 - fixed argv of this interpreter
        [sys.executable, "-c", code],
        env={**base, **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_production_refuses_to_serve_without_secret_key() -> None:
    result = _run("import kooperacja.wsgi", KOOPERACJA_ENV="production")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_management_commands_run_without_secret_key_and_deploy_check_flags_it() -> None:
    result = _run(
        "from kooperacja.cli import main; import sys; sys.argv=['kooperacja','check','--deploy']; main()",
        KOOPERACJA_ENV="production",
        ALLOWED_HOSTS="example.org",
    )
    assert "security.W009" in result.stdout + result.stderr
