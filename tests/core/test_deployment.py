"""docs/deployment.md works by copy and paste, and the first run fails in one clear line (issue 16)."""

from __future__ import annotations

import configparser
import os
import re
import shutil
import subprocess
import uuid
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "deployment.md"
KOOPERACJA = ROOT / ".venv" / "bin" / "kooperacja"
STRIPPED = {"SECRET_KEY", "KOOPERACJA_ENV", "DEBUG", "DATABASE_URL", "DATABASE_REPLICA_URL", "REDIS_URL"}


def _blocks(lang: str | None = None) -> list[str]:
    return [
        body
        for kind, body in re.findall(r"```(\w*)\n(.*?)```", GUIDE.read_text(), flags=re.S)
        if lang is None or kind == lang
    ]


def _marked_block(marker: str) -> str:
    match = re.search(rf"<!-- {re.escape(marker)}[^>]*-->\s*```\w*\n(.*?)```", GUIDE.read_text(), flags=re.S)
    assert match, f"no block marked {marker!r} in docs/deployment.md"
    return match.group(1)


def _env_file_text() -> str:
    return _marked_block("env-file:")


def _assignments(text: str) -> dict[str, str]:
    names = {}
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        name, _, value = stripped.partition("=")
        names[name] = value
    return names


def _clean_env(**extra: str) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if k not in STRIPPED}
    return {**base, **extra}


def test_env_file_sources_with_set_a_and_sets_every_variable(tmp_path: Path) -> None:
    env_file = tmp_path / "kooperacja.env"
    env_file.write_text(_env_file_text())
    names = list(_assignments(_env_file_text()))
    assert "DEFAULT_FROM_EMAIL" in names and len(names) >= 10
    script = f"set -a; . {env_file}; set +a; " + "; ".join(f'printf "%s=%s\\n" {n} "${{{n}}}"' for n in names)
    result = subprocess.run(  # noqa: S603 - fixed argv
        ["/bin/bash", "-c", script], env={"PATH": "/usr/bin:/bin"}, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    values = dict(line.split("=", 1) for line in result.stdout.splitlines())
    assert all(values[n] for n in names), f"unset after sourcing: {[n for n in names if not values[n]]}"
    assert values["DEFAULT_FROM_EMAIL"] == "Kooperacja <kooperacja@gmina.pl>"
    assert values["KOOPERACJA_ENV"] == "production"


def test_env_file_is_also_valid_for_systemd_environmentfile() -> None:
    """systemd takes everything after '=' as the value: no inline comments, quotes around spaces."""
    for name, value in _assignments(_env_file_text()).items():
        assert re.fullmatch(r"[A-Z][A-Z0-9_]*", name), name
        assert " #" not in value, f"inline comment in {name}"
        if re.search(r"[\s<>&;|]", value):
            assert value[0] == value[-1] == '"', f"{name} needs quotes"


def test_env_file_variables_are_documented_and_read() -> None:
    from tests.core.test_settings import documented_variables, variables_read_by_code

    documented, read = documented_variables(), variables_read_by_code()
    for name in _assignments(_env_file_text()):
        assert name in documented and name in read, name


def test_cron_wrapper_runs_commands_with_the_environment(tmp_path: Path) -> None:
    """The wrapper of §5 sources the env file: `check` runs in production (it would refuse without DATABASE_URL)."""
    env_file = tmp_path / "kooperacja.env"
    env_file.write_text(
        _env_file_text().replace("KOOPERACJA_DATA_DIR=/var/lib/kooperacja", f"KOOPERACJA_DATA_DIR={tmp_path}")
    )
    install = _marked_block("wrapper:")
    wrapper_text = re.search(r"<<'EOF'\n(.*?)\nEOF\n", install, flags=re.S)
    assert wrapper_text
    wrapper = tmp_path / "kooperacja-env"
    wrapper.write_text(
        wrapper_text.group(1).replace("/etc/kooperacja.env", str(env_file)).replace("/srv/kooperacja", str(ROOT))
    )
    wrapper.chmod(0o755)
    if os.geteuid() == 0 and shutil.which("runuser"):
        # as root the wrapper switches to the `kooperacja` user, which exists only on a deployed server
        wrapper.write_text(wrapper.read_text().replace('[ "$(id -u)" = 0 ]', "false"))
    result = subprocess.run(  # noqa: S603 - fixed argv
        [str(wrapper), "check"], env=_clean_env(), capture_output=True, text=True, check=False, timeout=180
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
    # and without the wrapper, the same command refuses (this is what cron saw before)
    bare = subprocess.run(  # noqa: S603 - fixed argv
        [str(KOOPERACJA), "check"], env=_clean_env(KOOPERACJA_ENV="production"), capture_output=True, text=True
    )
    assert bare.returncode != 0 and "DATABASE_URL" in bare.stderr


def test_systemd_units_have_user_environment_and_absolute_paths() -> None:
    units = [b for b in _blocks("ini") if "[Service]" in b]
    assert len(units) >= 2
    for unit in units:
        parser = configparser.ConfigParser(strict=False, interpolation=None)
        parser.optionxform = str  # type: ignore[assignment,method-assign]
        parser.read_string(unit)
        service = parser["Service"]
        assert service.get("User") == "kooperacja"
        assert service.get("EnvironmentFile") == "/etc/kooperacja.env"
        assert service["ExecStart"].startswith("/srv/kooperacja/.venv/bin/kooperacja ")


def test_every_kooperacja_command_in_the_guide_has_an_absolute_path() -> None:
    from django.core.management import get_commands

    commands = set(get_commands())
    text = "\n".join(_blocks())
    bare = [
        m.group(0)
        for m in re.finditer(r"(?<![/\w-])kooperacja\s+([a-z_]+)", text)
        if m.group(1) in commands and m.group(1) not in {"kooperacja"}
    ]
    assert bare == [], f"bare `kooperacja` not on PATH: {bare}"
    assert "/srv/kooperacja/.venv/bin/kooperacja" in text
    # the system user the units and the wrapper use is created by the guide
    assert "useradd --system" in text and "--shell /usr/sbin/nologin kooperacja" in text
    # every cron line goes through the wrapper (the environment), never a bare binary
    cron_lines = [ln for b in _blocks("cron") for ln in b.splitlines() if ln.strip() and not ln.startswith("#")]
    assert cron_lines and all("/usr/local/sbin/kooperacja-env " in ln for ln in cron_lines)


def test_guide_uses_only_what_a_minimal_debian_has_and_creates_what_the_backup_reads() -> None:
    """Found by walking the guide on a fresh Debian 12 (session 5): `sudo` is not installed there (runuser is, in
    util-linux), and the backup's `tar ... media` failed until something had been uploaded."""
    text = "\n".join(_blocks())
    assert re.search(r"\bsudo\b", text) is None, "sudo is not on a minimal Debian 12: use runuser -u USER --"
    setup = _blocks("sh")[0]
    assert "/var/lib/kooperacja/media" in setup
    wrapper = _marked_block("wrapper: /usr/local/sbin/kooperacja-env")
    assert "runuser -u kooperacja --" in wrapper


def _one_line_refusal(result: subprocess.CompletedProcess[str], word: str) -> None:
    assert result.returncode != 0
    lines = [ln for ln in result.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1, result.stderr
    assert word in lines[0] and "Traceback" not in result.stderr


def test_production_refuses_without_database_url_in_one_line(tmp_path: Path) -> None:
    result = subprocess.run(  # noqa: S603 - fixed argv
        [str(KOOPERACJA), "migrate"],
        env=_clean_env(KOOPERACJA_ENV="production", SECRET_KEY="x" * 60, KOOPERACJA_DATA_DIR=str(tmp_path)),
        capture_output=True,
        text=True,
        timeout=120,
    )
    _one_line_refusal(result, "DATABASE_URL")
    assert not (tmp_path / "kooperacja.sqlite3").exists()  # no silent SQLite fallback


def test_serve_refuses_without_secret_key_before_gunicorn(tmp_path: Path) -> None:
    result = subprocess.run(  # noqa: S603 - fixed argv
        [str(KOOPERACJA), "serve", "--bind", "127.0.0.1:1"],
        env=_clean_env(KOOPERACJA_ENV="production", DATABASE_URL=f"sqlite:///{tmp_path}/db.sqlite3"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    _one_line_refusal(result, "SECRET_KEY")
    assert "gunicorn" not in (result.stdout + result.stderr).lower()


def test_demo_with_unreachable_postgres_says_so_in_one_line(tmp_path: Path) -> None:
    result = subprocess.run(  # noqa: S603 - fixed argv
        [str(KOOPERACJA), "demo", "--no-serve"],
        env=_clean_env(
            KOOPERACJA_ENV="demo",
            KOOPERACJA_DATA_DIR=str(tmp_path),
            DATABASE_URL="postgres://kooperacja@127.0.0.1:1/kooperacja_nie_ma",
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )
    _one_line_refusal(result, "kooperacja_nie_ma")


def _postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    return url if url.startswith(("postgres://", "postgresql://")) else None


@pytest.mark.skipif(_postgres_url() is None, reason="PostgreSQL only (DATABASE_URL=postgres://...)")
def test_demo_creates_a_missing_postgres_database(django_db_blocker: Any) -> None:
    from django.db import connections

    from kooperacja.core.management.commands.demo import ensure_database

    default = connections["default"]
    name = f"kooperacja_h7_{uuid.uuid4().hex[:8]}"
    missing = default.__class__({**default.settings_dict, "NAME": name}, alias="h7_missing")
    with django_db_blocker.unblock():
        try:
            assert ensure_database(missing) is True
            assert ensure_database(missing) is False  # it exists now: just connects
        finally:
            missing.close()
            with default._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')


def test_demo_second_start_skips_collectstatic_when_nothing_changed(tmp_path: Path, settings: object) -> None:
    from kooperacja.core.management.commands import demo

    settings.STATIC_ROOT = tmp_path / "static"  # type: ignore[attr-defined]
    settings.STORAGES = {  # type: ignore[attr-defined]
        **settings.STORAGES,  # type: ignore[attr-defined]
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    assert demo.collectstatic_if_changed() is True
    assert demo.collectstatic_if_changed() is False
    (tmp_path / "static" / demo.FINGERPRINT_FILE).write_text("a static file changed")
    assert demo.collectstatic_if_changed() is True


@pytest.mark.django_db
def test_demo_second_start_skips_migrate_when_nothing_is_pending() -> None:
    from kooperacja.core.management.commands.backup_check import unapplied_migrations

    assert unapplied_migrations() == []


# docs/architecture.md is H3's (it still names ../shared/DESIGN.md, reported); every other document is checked.
_DOCS_OWNED_ELSEWHERE = {"architecture.md"}


def test_docs_do_not_point_outside_the_repository() -> None:
    bad = []
    for doc in sorted((ROOT / "docs").glob("*.md")):
        if doc.name in _DOCS_OWNED_ELSEWHERE:
            continue
        text = doc.read_text()
        for target in re.findall(r"`(\.\./[^`\s]+)`|\]\((\.\./[^)\s]+)\)", text):
            bad.append(f"{doc.name}: {target[0] or target[1]}")
        for target in re.findall(r"\]\(((?!https?:|#|mailto:)[^)\s]+)\)", text):
            if not (doc.parent / target.split("#", 1)[0]).exists():
                bad.append(f"{doc.name}: {target}")
    assert bad == []


# --- first run: createsuperuser in Polish, a quiet shell (issue 16) ---


class _Tty:
    def isatty(self) -> bool:
        return True


@pytest.mark.django_db
def test_createsuperuser_asks_in_polish(monkeypatch: pytest.MonkeyPatch) -> None:
    from io import StringIO

    from django.core.management import call_command

    prompts: list[str] = []
    answers = iter(["nowy.admin@gmina.pl", "Nowy Administrator"])
    passwords = iter(["inne-haslo-1", "inne-haslo-2", "Dlugie-haslo-2026!", "Dlugie-haslo-2026!"])

    def fake_input(prompt: str = "") -> str:
        prompts.append(prompt)
        return next(answers)

    def fake_getpass(prompt: str = "Password: ", stream: object = None) -> str:
        prompts.append(prompt)
        return next(passwords)

    monkeypatch.setattr("builtins.input", fake_input)
    monkeypatch.setattr("getpass.getpass", fake_getpass)
    out, err = StringIO(), StringIO()
    call_command("createsuperuser", stdin=_Tty(), stdout=out, stderr=err, interactive=True)
    assert prompts[:2] == ["Adres e-mail: ", "Imię i nazwisko: "]
    assert prompts[2:] == ["Hasło: ", "Hasło (powtórnie): ", "Hasło: ", "Hasło (powtórnie): "]
    assert err.getvalue().strip() == "Błąd: hasła się różnią."
    assert out.getvalue().strip() == "Utworzono konto superużytkownika."
    from kooperacja.accounts.models import User

    assert User.objects.get(email="nowy.admin@gmina.pl").is_superuser
    # Django's own module is left as it was
    from django.contrib.auth.management.commands import createsuperuser as django_command

    assert not hasattr(django_command, "input")


def test_shell_imports_only_what_it_can() -> None:
    from kooperacja.core.management.commands.shell import Command

    paths = Command().get_auto_imports() or []
    assert "kooperacja.accounts.models.User" in paths
    assert not [p for p in paths if ".Historical" in p]


def test_translation_tools_run_without_database_url() -> None:
    """Only the commands that open no database run without DATABASE_URL in production (the catalogues)."""
    result = subprocess.run(  # noqa: S603 - fixed argv
        [str(KOOPERACJA), "help", "compilemessages"],
        env=_clean_env(KOOPERACJA_ENV="production"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "compilemessages" in result.stdout
