"""Browser tests: Debian's Chromium driven by Playwright against a real server on the demo scenario.

One server per test session (per xdist worker that runs browser tests; they share the `browser` xdist group):
a fresh SQLite file in a temp folder, migrated and seeded with the demo scenario, served by `kooperacja runserver`
(the same Django app as gunicorn, in one process so tests start fast). Tests walk journeys as users do; the
journeys may change the demo data, so each test should create what it needs or tolerate earlier changes.

Fixtures: `live_url`, `page`, `login(page, user_key)`, `check_a11y(page)`, `shot(page, name)`.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("KOOPERACJA_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(os.environ.get("KOOPERACJA_SCREENSHOTS", "test-artifacts/screenshots"))


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group("browser"))


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def server_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    data_dir = tmp_path_factory.mktemp("browser-data")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        {
            "KOOPERACJA_ENV": "demo",
            "KOOPERACJA_DATA_DIR": str(data_dir),
            "DJANGO_SETTINGS_MODULE": "kooperacja.settings",
            "DEBUG": "0",
            "AXES_FAILURE_LIMIT": "1000",
        }
    )
    return env


def kooperacja(env: dict[str, str], *args: str) -> str:
    """Run a `kooperacja` management command against the browser-test server's database."""
    result = subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "-m", "kooperacja", *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    if result.returncode != 0:
        raise RuntimeError(f"kooperacja {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


@pytest.fixture(scope="session")
def live_url(server_env: dict[str, str]) -> Iterator[str]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Brak przeglądarki {CHROMIUM}: apt-get install -y chromium")
    kooperacja(server_env, "migrate", "--verbosity", "0")
    kooperacja(server_env, "seed_demo", "--if-empty")
    port = _free_port()
    env = dict(server_env, DEBUG="1")  # DEBUG only to let runserver serve static files in tests
    # The server's request log goes to a file: an undrained pipe fills up after a few hundred requests and
    # then blocks the server on its next log line.
    log_path = Path(server_env["KOOPERACJA_DATA_DIR"]) / "server.log"
    log = log_path.open("w")
    proc = subprocess.Popen(  # noqa: S603
        [sys.executable, "-m", "kooperacja", "runserver", f"127.0.0.1:{port}", "--noreload", "--insecure"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if proc.poll() is not None:
                raise RuntimeError(log_path.read_text()[-4000:]) from None
            time.sleep(0.2)
    yield url
    proc.terminate()
    proc.wait(timeout=10)
    log.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, live_url: str) -> Iterator[Any]:
    context = browser.new_context(base_url=live_url, locale="pl-PL", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    pg.set_default_navigation_timeout(45_000)
    yield pg
    context.close()


@pytest.fixture
def mobile_page(browser: Any, live_url: str) -> Iterator[Any]:
    context = browser.new_context(base_url=live_url, locale="pl-PL", viewport={"width": 360, "height": 740})
    pg = context.new_page()
    yield pg
    context.close()


@pytest.fixture(scope="session")
def backup_codes(server_env: dict[str, str], live_url: str) -> Callable[[str], str]:
    """One fresh one-time backup code for a demo user (issued through `kooperacja backup_codes`)."""
    pool: dict[str, list[str]] = {}

    def take(email: str) -> str:
        if not pool.get(email):
            pool[email] = kooperacja(server_env, "backup_codes", email, "--count", "20").split()
        return pool[email].pop()

    return take


@pytest.fixture
def login(backup_codes: Callable[[str], str]) -> Callable[[Any, str], None]:
    """`login(page, "officer")`: log in through the form as that demo user, passing 2FA when asked."""
    from kooperacja.demo.context import DEMO_PASSWORD
    from kooperacja.demo.scenarios.foundation import USERS

    def do(pg: Any, key: str) -> None:
        email = next(row[1] for row in USERS if row[0] == key)
        pg.goto("/konto/logowanie/")
        pg.get_by_label("Adres e-mail").fill(email)
        pg.get_by_label("Hasło").fill(DEMO_PASSWORD)
        pg.get_by_role("button", name="Zaloguj się").click()
        pg.wait_for_load_state()
        if "/konto/2fa/" in pg.url:
            pg.get_by_label("Kod z aplikacji uwierzytelniającej lub kod zapasowy").fill(backup_codes(email))
            pg.get_by_role("button", name="Potwierdź").click()
            pg.wait_for_load_state()
        assert "/konto/logowanie/" not in pg.url, f"logowanie {key} nie powiodło się"

    return do


@pytest.fixture
def check_a11y() -> Callable[[Any], None]:
    """Run axe-core on the current page and fail with a readable report on any violation."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(pg: Any) -> None:
        results = axe.run(pg)
        assert results.violations_count == 0, f"{pg.url}\n{results.generate_report()}"

    return check


@pytest.fixture
def shot() -> Callable[[Any, str], Path]:
    def take(pg: Any, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        pg.screenshot(path=str(path), full_page=True)
        return path

    return take
