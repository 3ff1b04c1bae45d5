from __future__ import annotations

import ast
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    stripped = {"SECRET_KEY", "KOOPERACJA_ENV", "DEBUG", "DATABASE_URL", "DATABASE_REPLICA_URL", "REDIS_URL"}
    base = {k: v for k, v in os.environ.items() if k not in stripped}
    return subprocess.run(  # noqa: S603 - fixed argv of this interpreter
        [sys.executable, "-c", code],
        env={**base, **env},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_production_refuses_to_serve_without_secret_key() -> None:
    result = _run(
        "import kooperacja.wsgi", KOOPERACJA_ENV="production", DATABASE_URL="postgres://k@127.0.0.1:5432/kooperacja"
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_management_commands_run_without_secret_key_and_deploy_check_flags_it() -> None:
    result = _run(
        "from kooperacja.cli import main; import sys; sys.argv=['kooperacja','check','--deploy']; main()",
        KOOPERACJA_ENV="production",
        ALLOWED_HOSTS="example.org",
        DATABASE_URL="postgres://kooperacja@127.0.0.1:5432/kooperacja",
    )
    assert "security.W009" in result.stdout + result.stderr


# --- every environment variable the code reads is in the one table of docs/configuration.md (issue 16) ---

_READERS = {"get", "getenv", "setdefault", "env_bool", "env_list", "pop"}


def variables_read_by_code() -> set[str]:
    """Names in os.environ.get/[]/setdefault, os.getenv and settings' env_bool/env_list calls under src/."""
    found: set[str] = set()
    for path in (ROOT / "src").rglob("*.py"):
        tree = ast.parse(path.read_text(), filename=str(path))
        helpers = {  # the body of settings' env_bool/env_list reads its parameter, not a name
            id(inner)
            for fn in ast.walk(tree)
            if isinstance(fn, ast.FunctionDef) and fn.name in {"env_bool", "env_list"}
            for inner in ast.walk(fn)
        }
        for node in ast.walk(tree):
            if id(node) in helpers:
                continue
            if isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
                assert isinstance(node.slice, ast.Constant), f"{path}: os.environ[...] with a computed name"
                found.add(node.slice.value)
            if not isinstance(node, ast.Call):
                continue
            func = ast.unparse(node.func)
            env_call = func in {"os.getenv", "env_bool", "env_list"} or (
                func.startswith(("os.environ.", "environ.")) and func.rsplit(".", 1)[1] in _READERS
            )
            if not env_call:
                continue
            assert node.args and isinstance(node.args[0], ast.Constant), f"{path}:{node.lineno}: computed name"
            found.add(node.args[0].value)
    return found


def documented_variables() -> set[str]:
    text = (ROOT / "docs" / "configuration.md").read_text()
    return set(re.findall(r"^\| `([A-Z][A-Z0-9_]*)` \|", text, flags=re.M))


def test_every_environment_variable_is_documented() -> None:
    read, documented = variables_read_by_code(), documented_variables()
    assert len(read) >= 30
    assert read - documented == set(), "read by the code but missing in docs/configuration.md"
    assert documented - read == set(), "in docs/configuration.md but no code reads it"


def test_the_parser_sees_every_kind_of_read() -> None:
    """The comparison above is only as good as the parser: it must see each form the code uses."""
    read = variables_read_by_code()
    assert {"KOOPERACJA_DATA_DIR", "DEBUG", "ALLOWED_HOSTS", "WEB_CONCURRENCY", "DJANGO_SETTINGS_MODULE"} <= read
    assert "KOOPERACJA_BEHIND_PROXY" not in read  # removed: gunicorn's forwarded-allow-ips does its work


def test_no_axes_banner_on_command_output() -> None:
    result = _run(
        "from kooperacja.cli import main; import sys; sys.argv=['kooperacja','check']; main()",
        KOOPERACJA_ENV="demo",
        KOOPERACJA_DATA_DIR="/tmp/kooperacja-test-settings",
    )
    assert result.returncode == 0, result.stderr
    assert "AXES" not in result.stdout + result.stderr


def _settings_value(expr: str, **env: str) -> str:
    result = _run(
        "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'kooperacja.settings'); django.setup(); "
        f"from django.conf import settings; print({expr})",
        **env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_without_redis_url_cache_is_local_and_sessions_in_the_database() -> None:
    assert "locmem" in _settings_value("settings.CACHES['default']['BACKEND']", KOOPERACJA_ENV="test")
    assert _settings_value("settings.SESSION_ENGINE", KOOPERACJA_ENV="test") == "django.contrib.sessions.backends.db"
    assert _settings_value("sorted(settings.DATABASES)", KOOPERACJA_ENV="test") == "['default']"


def _reachable(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


@pytest.mark.skipif(not _reachable("127.0.0.1", 6379), reason="no Redis on 127.0.0.1:6379")
def test_redis_url_puts_cache_and_sessions_in_redis() -> None:
    """Against the real Redis: a value cached by one process and a session saved by it are read by another."""
    env = {"KOOPERACJA_ENV": "test", "REDIS_URL": "redis://127.0.0.1:6379/15"}
    assert _settings_value("settings.CACHES['default']['BACKEND']", **env) == (
        "django.core.cache.backends.redis.RedisCache"
    )
    assert _settings_value("settings.SESSION_ENGINE", **env) == "django.contrib.sessions.backends.cache"
    token = os.urandom(8).hex()
    write = (
        "from django.core.cache import cache; from django.contrib.sessions.backends.cache import SessionStore; "
        f"cache.set('h7-{token}', 'zapisane', 60); s = SessionStore(); s['who'] = 'urzędnik'; s.create(); s.save(); "
        "print(s.session_key)"
    )
    session_key = _settings_value(f"exec({write!r}) or ''", **env).splitlines()[-1]
    read = (
        "from django.core.cache import cache; from django.contrib.sessions.backends.cache import SessionStore; "
        f"print(cache.get('h7-{token}'), SessionStore('{session_key}').get('who'))"
    )
    assert _settings_value(f"exec({read!r}) or ''", **env).splitlines()[-1] == "zapisane urzędnik"


def _postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        return url
    return None


@pytest.mark.skipif(_postgres_url() is None, reason="PostgreSQL only (DATABASE_URL=postgres://...)")
def test_replica_router_sends_monitoring_reads_to_the_replica_on_postgres() -> None:
    """Against the real PostgreSQL (the replica is the same server here): monitoring reads on `replica`,
    writes, migrations, other apps' reads and reads inside a write transaction on `default`."""
    url = _postgres_url()
    assert url
    # The base database of DATABASE_URL need not exist (the tests run on its test_ copy): use the server's
    # maintenance database, which always does; the router decides by alias, not by name.
    url = url.rsplit("/", 1)[0] + "/postgres"
    code = """
import django, os
os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'kooperacja.settings')
django.setup()
from django.db import connections, router, transaction
from kooperacja.catalog.models import Service
from kooperacja.core.dbrouter import replica_reads
from kooperacja.monitoring.models import GminaYearFigures
with connections['replica'].cursor() as c:
    c.execute('select 1')
    assert c.fetchone() == (1,)
print(GminaYearFigures.objects.all().db, router.db_for_write(GminaYearFigures), Service.objects.all().db)
with replica_reads():
    print(Service.objects.all().db)
with transaction.atomic():
    print(GminaYearFigures.objects.all().db)
print(router.allow_migrate('replica', 'monitoring'), router.allow_migrate('default', 'monitoring'))
"""
    result = _run(code, KOOPERACJA_ENV="test", DATABASE_URL=url, DATABASE_REPLICA_URL=url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:4] == ["replica default default", "replica", "default", "False True"]


def test_replica_router_is_off_without_replica_url() -> None:
    assert _settings_value("getattr(settings, 'DATABASE_ROUTERS', [])", KOOPERACJA_ENV="test") == "[]"
