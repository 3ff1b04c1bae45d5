"""Browser tests: Debian's Chromium driven by Playwright against a real server on the demo scenario.

One server per run of this package (the browser tests are one `browser` xdist group, so one worker runs them all, first,
while the others take the rest of the suite: `make test`, tests/conftest.py). The fixtures are package-scoped, not
session-scoped: Playwright's sync API keeps an asyncio loop running while its browser is open, and Django refuses
database calls from a thread with a running loop (SynchronousOnlyOperation), so the browser must be closed before the
same worker goes on to the database tests:
a fresh SQLite file in a temp folder, migrated and seeded with the demo scenario, served by `kooperacja runserver`
(the same Django app as gunicorn, in one process so tests start fast). Tests walk journeys as users do; the
journeys may change the demo data, so each test should create what it needs or tolerate earlier changes.

Set KOOPERACJA_BROWSER_SEEDED_DIR to a data folder already migrated and seeded to start from a copy of it.

Fixtures: `live_url`, `page`, `login(page, user_key)`, `check_a11y(page)`, `shot(page, name)`.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Error as PlaywrightError

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


@pytest.fixture(scope="package")
def server_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    data_dir = tmp_path_factory.mktemp("browser-data")
    seeded = os.environ.get("KOOPERACJA_BROWSER_SEEDED_DIR")
    if seeded:
        # a data folder already migrated and seeded (for repeated local runs): copied, so each run starts from it
        shutil.copytree(seeded, data_dir, dirs_exist_ok=True)
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
        timeout=900,  # migrating and seeding take minutes on a loaded two-core machine
    )
    if result.returncode != 0:
        raise RuntimeError(f"kooperacja {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


@pytest.fixture(scope="package")
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


@pytest.fixture(scope="package")
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


@pytest.fixture(scope="package")
def backup_pool() -> dict[str, list[str]]:
    """Unused backup codes per e-mail, for this test session's server."""
    return {}


@pytest.fixture(scope="package")
def backup_codes(server_env: dict[str, str], live_url: str, backup_pool: dict[str, list[str]]) -> Callable[[str], str]:
    """One fresh one-time backup code for a demo user (issued through `kooperacja backup_codes`)."""

    def take(email: str) -> str:
        if not backup_pool.get(email):
            backup_pool[email] = kooperacja(server_env, "backup_codes", email, "--count", "20").split()
        return backup_pool[email].pop()

    return take


def _totp_now(secret: str) -> str:
    """The current 6-digit code of an authenticator app set up with this base32 key (as the setup page shows it)."""
    import base64

    from django_otp.oath import totp

    key = secret.replace(" ", "").upper()
    key += "=" * (-len(key) % 8)
    return f"{totp(base64.b32decode(key), step=30, digits=6):06d}"


def _demo_email(key: str) -> str:
    from kooperacja.demo.scenarios.foundation import USERS
    from kooperacja.demo.scenarios.learning import EXTRA_USERS

    for row in USERS:
        if row[0] == key:
            return str(row[1])
    for row in EXTRA_USERS:
        if row[0] == key:
            return str(row[1])
    if key == "moderator":  # appointed by the town, made by the participation scenario
        from kooperacja.demo.scenarios.participation import MODERATOR_EMAIL

        return MODERATOR_EMAIL
    raise KeyError(f"nieznany użytkownik demonstracyjny: {key}")


@pytest.fixture
def login(backup_codes: Callable[[str], str], backup_pool: dict[str, list[str]]) -> Callable[[Any, str], None]:
    """`login(page, "officer")`: log in through the form as that demo user, passing 2FA when asked.

    A user with a second factor gets one of the backup codes that `kooperacja backup_codes` issues on the server;
    a user whose role requires 2FA but who has no device yet goes through the setup page as a person would: the
    code is computed from the key the page shows, and the backup codes the page then lists are kept for the
    next sign-ins (setting up the first device replaces any earlier codes).
    """
    from kooperacja.demo.context import DEMO_PASSWORD

    def do(pg: Any, key: str) -> None:
        email = _demo_email(key)
        pg.goto("/konto/logowanie/")
        pg.get_by_label("Adres e-mail").fill(email)
        pg.get_by_label("Hasło").fill(DEMO_PASSWORD)
        with pg.expect_navigation():
            pg.get_by_role("button", name="Zaloguj się").click()
        if "/konto/2fa/konfiguracja/" in pg.url:
            secret = pg.locator("code.secret").inner_text()
            pg.get_by_label("Twoje obecne hasło").fill(DEMO_PASSWORD)
            pg.get_by_label("Nazwa urządzenia (np. telefon służbowy)").fill("Test przeglądarkowy")
            # a code computed at the very end of a 30-second step may be stale on arrival: retry once on refusal
            for _attempt in range(2):
                pg.get_by_label("Sześciocyfrowy kod z aplikacji").fill(_totp_now(secret))
                with pg.expect_navigation():
                    pg.get_by_role("button", name="Włącz weryfikację dwuetapową").click()
                if "/konto/2fa/konfiguracja/" not in pg.url or pg.locator("ul.codes").count():
                    break
                pg.get_by_label("Twoje obecne hasło").fill(DEMO_PASSWORD)
            codes = pg.locator("ul.codes li").all_inner_texts()
            assert codes, f"włączenie 2FA dla {key} nie powiodło się"
            backup_pool[email] = [c.strip() for c in codes]
            with pg.expect_navigation():
                pg.get_by_role("link", name="Dalej").click()
        elif "/konto/2fa/" in pg.url:
            pg.get_by_label("Kod z aplikacji uwierzytelniającej lub kod zapasowy").fill(backup_codes(email))
            with pg.expect_navigation():
                pg.get_by_role("button", name="Potwierdź").click()
        assert "/konto/logowanie/" not in pg.url, f"logowanie {key} nie powiodło się"
        assert "/konto/2fa/" not in pg.url, f"weryfikacja dwuetapowa {key} nie powiodła się"

    return do


# What a Polish reader would not accept in the visible text (issue 16), as tests/core/test_visible_text.py reads it.
CODE = re.compile(r"\b[a-z]+(?:\.[a-z]+)?_[a-z_]+\b|\b[a-z]+\.[a-z]+_[a-z_]+\b")
WRONG = {
    "a plural hack": re.compile(r"\b\w+\((y|a|ów|i|e)\)"),  # "ofert(y)"
    "a year with a thousands space": re.compile(r"\(\d[\s\u00a0\u202f]\d{3}\)"),  # "(2 026)"
    "a whole number with a decimal point": re.compile(r"(?<![\d,.])\d+\.0\b"),  # "4.0"
    "a head count with decimals": re.compile(r"\b\d+,00 os"),  # "40,00 osób"
}


def read_visible(page: Any) -> str:
    """The main text of the page, failing on a code string or a number a Polish reader would not write."""
    # code, kbd and samp hold what is typed or read by a machine (a CSV column name): skipped, as the page test does
    text = page.locator("main").evaluate(
        "m => { const c = m.cloneNode(true); c.querySelectorAll('code, kbd, samp, pre').forEach(e => e.remove());"
        " document.body.appendChild(c); const t = c.innerText; c.remove(); return t; }"
    )
    codes = CODE.findall(text)
    assert not codes, f"{page.url}: kody zamiast tekstu: {codes}"
    for what, pattern in WRONG.items():
        found = pattern.search(text)
        assert found is None, f"{page.url}: {what}: {found.group(0) if found else ''!r}"
    return text


NAVIGATED_AWAY = ("reading 'documentElement'", "Execution context was destroyed", "navigat")


@pytest.fixture
def check_a11y() -> Callable[[Any], None]:
    """Run axe-core on the current page and fail with a readable report on any violation; every page checked so
    is also read as a person reads it (`read_visible`: no code strings, plural hacks, "2 026" years or "4.0")."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(pg: Any) -> None:
        # A click on a link returns before the next document has replaced the current one; axe started in between
        # dies with the old document ("Cannot read properties of null (reading 'documentElement')" or "Execution
        # context was destroyed"). Wait for the load and run it again on the page the click led to.
        for attempt in range(3):
            pg.wait_for_load_state("load")
            try:
                results = axe.run(pg)
                break
            except PlaywrightError as error:
                if attempt == 2 or not any(sign in str(error) for sign in NAVIGATED_AWAY):
                    raise
                pg.wait_for_timeout(100)
        assert results.violations_count == 0, f"{pg.url}\n{results.generate_report()}"
        if pg.locator("main").count():
            read_visible(pg)

    return check


@pytest.fixture
def shot() -> Callable[[Any, str], Path]:
    def take(pg: Any, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        pg.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def menu_link() -> Callable[[Any, str], Any]:
    """`menu_link(page, "Sprawy")`: the header's link, its menu section opened first when the header groups the
    entries of a role into sections (core/nav.py)."""

    def find(page: Any, name: str) -> Any:
        nav = page.get_by_role("navigation", name="Menu główne")
        link = nav.get_by_role("link", name=name, exact=True)
        if not link.is_visible():
            nav.locator("details").filter(has=page.locator(f"a:text-is('{name}')")).locator("summary").click()
        return link

    return find
