"""Issue 15 §2: what users feel at voivodeship scale, page by page, through the real server.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kooperacja_scale SCALE=0.1 \\
        KOOPERACJA_ENV=test .venv/bin/python benchmarks/scale.py

Without DATABASE_URL pointing at PostgreSQL it prints why it skips and exits 0 (`make benchmarks` stays
quick on SQLite). With it:
1. migrates and seeds the demo if the database is empty, counts the queries of every page at demo size
   (Django test client) and keeps them in `<data dir>/scale-demo-queries.json`;
2. adds the synthetic region (`seed_scale --scale $SCALE`, once) and counts the queries again;
3. starts `kooperacja serve` (gunicorn, the production settings of workers and threads) on a free port and,
   for every page: p50/p95/p99 of REQUESTS sequential requests, then the throughput of 8 concurrent
   clients for SECONDS seconds, as a share of the throughput of `/zdrowie/` measured the same way on the same
   server (the bare Django view: routing, middleware, one `SELECT 1`), with the load average beside each row.
Environment: SCALE (0.1), REQUESTS (20), SECONDS (3), CLIENTS (8), WORKERS (2), ACCESS_LOG_VIEWS (1000);
COUNTS_ONLY=1 on a database with the demo alone only stores the demo-size query counts (for a big database
seeded earlier, run it once against a fresh demo database with the same KOOPERACJA_DATA_DIR).
FRESH=1 does the whole run from nothing in one command (the one docs/performance.md names for the idle run):
drops and creates the database of DATABASE_URL and a `<name>_demo` one beside it, counts the demo-size queries on
the latter (COUNTS_ONLY, in a child process), then seeds and measures the former.
It also prints the access-log rows and bytes written per 1,000 list views (issue 15 §4).
"""

from __future__ import annotations

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
    print("benchmarks/scale.py: pominięto – ustaw DATABASE_URL na bazę PostgreSQL (np. kooperacja_scale).")
    sys.exit(0)


def fresh_start() -> None:
    """FRESH=1: new databases, then the demo-size counts from a child run on `<name>_demo`."""
    import tempfile
    from urllib.parse import urlsplit, urlunsplit

    import psycopg

    url = urlsplit(os.environ["DATABASE_URL"])
    name = url.path.lstrip("/")
    demo_url = urlunsplit(url._replace(path=f"/{name}_demo"))
    admin = urlunsplit(url._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        for db in (name, f"{name}_demo"):
            conn.execute(f'DROP DATABASE IF EXISTS "{db}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{db}"')
    os.environ["KOOPERACJA_DATA_DIR"] = os.environ.get("KOOPERACJA_DATA_DIR") or tempfile.mkdtemp(prefix="scale-")
    env = dict(os.environ, DATABASE_URL=demo_url, COUNTS_ONLY="1", FRESH="")
    print(f"FRESH: bazy {name} i {name}_demo utworzone; zapytania przy rozmiarze demo…", flush=True)
    subprocess.run([sys.executable, __file__], env=env, check=True)  # noqa: S603 - this script


if os.environ.get("FRESH"):
    fresh_start()

from _setup import setup_django  # noqa: E402 - after FRESH made the databases

os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")  # the test client's host too
setup_django()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

SCALE = float(os.environ.get("SCALE", "0.1"))
REQUESTS = int(os.environ.get("REQUESTS", "20"))
SECONDS = float(os.environ.get("SECONDS", "3"))
CLIENTS = int(os.environ.get("CLIENTS", "8"))
WORKERS = int(os.environ.get("WORKERS", "2"))
ACCESS_LOG_VIEWS = int(os.environ.get("ACCESS_LOG_VIEWS", "1000"))
DEMO_COUNTS = Path(settings.DATA_DIR) / "scale-demo-queries.json"
BARE = "/zdrowie/"


def _first(model: Any, **filters: Any) -> Any:
    return model.objects.filter(**filters).order_by("pk").first()


def pages() -> list[tuple[str, str, str]]:
    """(role, label, url) of every main page and API list; built from the demo's own records."""
    from django.db.models import Count

    from kooperacja.catalog.models import Service
    from kooperacja.commissioning.models import Call
    from kooperacja.delivery.models import Session

    call = (  # the officer's call with the most offers (the region's call with 302 once it is seeded)
        Call.objects.filter(published_at__isnull=False, authority__memberships__user=user_of("officer"))
        .annotate(n=Count("offers"))
        .order_by("-n", "pk")
        .first()
    )
    service = _first(Service, status="active")
    session = (
        Session.objects.filter(service__provider__memberships__user=user_of("pes_staff"))
        .annotate(n=Count("service__enrolments"))
        .order_by("-n", "-date")
        .first()
    )
    wanted: list[tuple[str, str, Callable[[], str]]] = [
        ("anonymous", "strona główna", lambda: "/"),
        ("anonymous", "katalog usług", lambda: reverse("catalog:index")),
        ("anonymous", "katalog: wyszukiwanie", lambda: reverse("catalog:index") + "?q=dzieci"),
        ("anonymous", "usługa", lambda: reverse("catalog:detail", args=[service.pk])),
        ("anonymous", "ogłoszenia", lambda: reverse("commissioning:calls")),
        ("anonymous", "ogłoszenie", lambda: reverse("commissioning:call_detail", args=[call.pk])),
        ("anonymous", "katalog organizacji", lambda: reverse("organisations:directory")),
        ("anonymous", "materiały", lambda: reverse("learning:library")),
        ("anonymous", "konsultacje", lambda: reverse("participation:process_list")),
        ("anonymous", "API organizacje", lambda: "/api/v1/organisations?limit=50"),
        ("anonymous", "API usługi", lambda: "/api/v1/services"),
        ("anonymous", "API ogłoszenia", lambda: "/api/v1/calls?limit=50"),
        ("officer", "pulpit urzędnika", lambda: reverse("commissioning:officer_home")),
        ("officer", "oferty ogłoszenia", lambda: reverse("commissioning:call_offers", args=[call.pk])),
        ("officer", "API oferty", lambda: "/api/v1/offers"),
        ("pes_staff", "uczestnicy", lambda: reverse("delivery:people")),
        ("pes_staff", "dziennik zajęć", lambda: reverse("delivery:register", args=[session.pk])),
        ("pes_staff", "konsorcja", lambda: reverse("consortia:list")),
        ("social_worker", "sprawy", lambda: reverse("cooperation:case_list")),
        ("social_worker", "zespoły", lambda: reverse("cooperation:teams")),
        ("partner", "sprawy (partner)", lambda: reverse("cooperation:case_list")),
        ("partner", "API sprawy", lambda: "/api/v1/cooperation/cases"),
        ("partner", "API skierowania", lambda: "/api/v1/cooperation/referrals"),
        ("analyst", "statystyki regionalne", lambda: reverse("cooperation:statistics")),
        ("analyst", "API statystyki", lambda: "/api/v1/cooperation/statistics"),
        ("analyst", "monitoring", lambda: reverse("monitoring:index")),
        ("social_worker", "rejestr dostępu sprawy", lambda: reverse("cooperation:case_log", args=[_first_case()])),
    ]
    out = []
    for role, label, url in wanted:
        try:
            out.append((role, label, url()))
        except (NoReverseMatch, AttributeError) as exc:
            print(f"  pominięto {label}: {exc}")
    seen = {(role, url) for role, _label, url in out}
    for role, label, url in menu_pages() + api_lists():
        if (role, url) not in seen:
            seen.add((role, url))
            out.append((role, label, url))
    return out


def _first_case() -> int:
    from kooperacja.cooperation.models import Case

    case = Case.objects.filter(owner__memberships__user=user_of("social_worker")).order_by("pk").first()
    return case.pk


def roles() -> list[str]:
    from kooperacja.demo.scenarios.foundation import USERS

    return ["anonymous", *[row[0] for row in USERS]]


def menu_pages() -> list[tuple[str, str, str]]:
    """Every menu entry of the demo roles (core.nav): the main pages of every app, the new ones included; a page
    in several roles' menus once, for the first role (in the order of demo.scenarios.foundation.USERS)."""
    from django.contrib.auth.models import AnonymousUser

    from kooperacja.core.nav import all_items

    out = []
    seen: set[str] = set()
    for role in roles():
        user = AnonymousUser() if role == "anonymous" else user_of(role)
        for item in all_items():
            if not item.visible_to(user):
                continue
            try:
                url = reverse(item.url_name)
            except NoReverseMatch:  # an entry that needs an argument is not a list
                continue
            if url not in seen:
                seen.add(url)
                out.append((role, f"menu: {item.label}", url))
    return out


API_LISTS_SKIPPED = {"/api/v1/ocds/release-package", "/api/v1/hsds/services", "/api/v1/hsds/organizations"}  # exports


def _size(response: Any) -> int:
    data = json.loads(response.content)
    if isinstance(data, dict):
        return int(data.get("count") or len(data.get("items") or data.get("rows") or []) or len(data))
    return len(data) if isinstance(data, list) else 0


def api_lists() -> list[tuple[str, str, str]]:
    """Every GET list of the API (no path parameter), for the role that gets the most rows from it (anonymous
    on a tie): a scoped list answers 200 with nothing to strangers, which would measure nothing."""
    from kooperacja.api.api import api

    paths = [
        f"/api/v1{prefix}{path}"
        for prefix, router in api._routers
        for path, view in router.path_operations.items()
        if "{" not in path and any("GET" in op.methods for op in view.operations)
    ]
    clients: dict[str, Client] = {}
    out = []
    for url in paths:
        if url in API_LISTS_SKIPPED:
            continue
        best: tuple[int, str] | None = None
        for role in roles():
            if role not in clients:
                clients[role] = Client() if role == "anonymous" else login_client(Client(), user_of(role))
            response = clients[role].get(url)
            if response.status_code == 200 and (best is None or _size(response) > best[0]):
                best = (_size(response), role)
        if best is not None:
            out.append((best[1], f"API {url.removeprefix('/api/v1/')}", url))
    return out


def user_of(role: str) -> Any:
    from kooperacja.accounts.models import User
    from kooperacja.demo.scenarios.foundation import USERS

    return User.objects.get(email=next(row[1] for row in USERS if row[0] == role))


def session_cookie(role: str) -> str:
    """A real session (database engine) of the demo user, with the second factor passed, for the server."""
    if role == "anonymous":
        return ""
    from importlib import import_module

    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    user = user_of(role)
    device, _ = StaticDevice.objects.get_or_create(user=user, defaults={"name": "benchmark"})
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store[DEVICE_ID_SESSION_KEY] = device.persistent_id
    store.set_expiry(3600)
    store.create()
    return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"


def query_counts(page_list: list[tuple[str, str, str]]) -> dict[str, int]:
    counts = {}
    clients: dict[str, Client] = {}
    for role, label, url in page_list:
        if role not in clients:
            clients[role] = Client() if role == "anonymous" else login_client(Client(), user_of(role))
        clients[role].get(url)  # warm caches (content types, sessions)
        with CaptureQueriesContext(connection) as ctx:
            status = clients[role].get(url).status_code
        counts[f"{role} {label}"] = len(ctx.captured_queries) if status == 200 else -status
    return counts


def login_client(client: Client, user: Any) -> Client:
    """As tests/conftest.py: logged in, second factor passed."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    device, _ = StaticDevice.objects.get_or_create(user=user, defaults={"name": "benchmark"})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def get(port: int, url: str, cookie: str, conn: http.client.HTTPConnection | None = None) -> tuple[int, float]:
    conn = conn or http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Host": "localhost", "Cookie": cookie} if cookie else {"Host": "localhost"}
    start = time.perf_counter()
    conn.request("GET", url, headers=headers)
    response = conn.getresponse()
    response.read()
    return response.status, (time.perf_counter() - start) * 1000


def sequential(port: int, url: str, cookie: str) -> list[float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    get(port, url, cookie, conn)
    timings = []
    for _ in range(REQUESTS):
        status, ms = get(port, url, cookie, conn)
        if status != 200:
            raise RuntimeError(f"{url}: HTTP {status}")
        timings.append(ms)
    conn.close()
    return sorted(timings)


def throughput(port: int, url: str, cookie: str) -> float:
    done = [0] * CLIENTS
    stop = time.perf_counter() + SECONDS

    def client(k: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        while time.perf_counter() < stop:
            get(port, url, cookie, conn)
            done[k] += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(k,)) for k in range(CLIENTS)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(done) / (time.perf_counter() - started)


def pct(values: list[float], p: float) -> float:
    return values[min(len(values) - 1, round(p * (len(values) - 1)))]


def start_server(port: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ, KOOPERACJA_BIND=f"127.0.0.1:{port}", WEB_CONCURRENCY=str(WORKERS))
    kooperacja = Path(sys.executable).with_name("kooperacja")
    server = subprocess.Popen(  # noqa: S603 - our own command
        [str(kooperacja), "serve"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    for _ in range(300):
        try:
            if get(port, BARE, "")[0] == 200:
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("kooperacja serve nie wystartował")


def _table_bytes(first_id: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(sum(pg_column_size(t.*)), 0) FROM core_accesslog t WHERE id > %s", [first_id])
        return int(cursor.fetchone()[0])


class _Undo(Exception):
    """Raised to roll back the measured inserts."""


def _as_before(rows: list[Any]) -> tuple[int, int]:
    """Rows and bytes the same views cost before issue 15 (one row per record): written, measured, rolled back."""
    from kooperacja.core.models import AccessLog

    per_record = [
        AccessLog(
            user_id=r.user_id,
            user_label=r.user_label,
            action=r.action,
            target_type_id=r.target_type_id,
            target_id=pk,
            part=r.part,
            purpose=r.purpose,
            path=r.path,
        )
        for r in rows
        for pk in r.record_ids
    ]
    measured = (0, 0)
    try:
        with transaction.atomic():
            first = AccessLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
            AccessLog.objects.bulk_create(per_record, batch_size=5_000)
            measured = (len(per_record), _table_bytes(first))
            raise _Undo  # an INSERT rolled back: the append-only triggers refuse only UPDATE and DELETE
    except _Undo:
        pass
    return measured


def access_log_figures(page_list: list[tuple[str, str, str]]) -> None:
    """Rows and bytes the access log gains per ACCESS_LOG_VIEWS views of the lists that show people, now and
    as it was before issue 15 §4 (one row per record shown)."""
    from kooperacja.core.models import AccessLog

    names = {"uczestnicy", "sprawy", "sprawy (partner)", "API sprawy", "dziennik zajęć"}
    lists = [(r, url) for r, label, url in page_list if label in names]
    print(
        f"\nRejestr dostępu: przyrost na {ACCESS_LOG_VIEWS} wyświetleń (przed = wiersz na rekord, jak przed issue 15)"
    )
    print(f"{'strona':<44} {'wiersze':>9} {'bajty':>11} {'wiersze przed':>14} {'bajty przed':>12}")
    for role, url in lists:
        client = login_client(Client(), user_of(role))
        views = min(ACCESS_LOG_VIEWS, 50)  # extrapolated linearly: every view writes the same rows
        first = AccessLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
        for _ in range(views):
            client.get(url)
        rows = list(AccessLog.objects.filter(id__gt=first))
        size = _table_bytes(first)
        before_rows, before_size = _as_before(rows)
        k = ACCESS_LOG_VIEWS / views
        now = f"{len(rows) * k:>9.0f} {size * k:>11.0f}"
        print(f"{role + ' ' + url:<44} {now} {before_rows * k:>14.0f} {before_size * k:>12.0f}")


def main() -> None:
    from kooperacja.demo import scale

    page_list = pages()
    demo_counts: dict[str, int] = {}
    if not scale.already_seeded():
        demo_counts = query_counts(page_list)
        DEMO_COUNTS.write_text(json.dumps(demo_counts))
        if os.environ.get("COUNTS_ONLY"):  # a demo-only database: keep its counts for a run on the big one
            print(f"Zapytania na stronę przy rozmiarze demo zapisane w {DEMO_COUNTS}")
            return
        print(f"Generuję region w skali {SCALE}…", flush=True)
        report = scale.seed_scale(scale=SCALE, say=lambda line: print(line, flush=True))
        print(f"  {report.seconds:.0f} s: {report.counts}")
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    page_list = pages()  # the region's records now: the offers page opens the call with 302 offers
    big_counts = query_counts(page_list)
    port = free_port()
    server = start_server(port)
    try:
        bare_seq = sequential(port, BARE, "")
        bare_rps = throughput(port, BARE, "")
        print(f"\nSerwer: kooperacja serve, {WORKERS} workery x 4 wątki, {CLIENTS} klientów, {os.cpu_count()} rdzenie")
        print(f"średnie obciążenie maszyny (1/5/15 min) na starcie pomiarów: {os.getloadavg()}")
        print(f"goły widok {BARE}: p50 {pct(bare_seq, 0.5):.1f} ms, {bare_rps:.0f} żądań/s")
        head = f"{'rola':<13} {'strona':<24} {'zapytania demo/duże':>19} {'p50':>7} {'p95':>7} {'p99':>7}"
        head += f" {'żądań/s':>8} {'udział':>7} {'load':>5}"
        print(head)
        if not demo_counts and DEMO_COUNTS.exists():  # stored by a COUNTS_ONLY run on a demo-only database
            demo_counts = json.loads(DEMO_COUNTS.read_text())
        for role, label, url in page_list:
            key = f"{role} {label}"
            cookie = session_cookie(role)
            try:
                seq = sequential(port, url, cookie)
                rps = throughput(port, url, cookie)
            except (RuntimeError, OSError) as exc:
                print(f"{role:<13} {label:<24} błąd: {exc}")
                continue
            queries = f"{demo_counts.get(key, '–')} / {big_counts.get(key)}"
            share = rps / bare_rps if bare_rps else float("nan")
            print(
                f"{role:<13} {label:<24} {queries:>19} {pct(seq, 0.5):>7.1f} {pct(seq, 0.95):>7.1f} "
                f"{pct(seq, 0.99):>7.1f} {rps:>8.1f} {share:>7.3f} {os.getloadavg()[0]:>5.1f}",
                flush=True,
            )
    finally:
        server.terminate()
        server.wait(timeout=30)
    access_log_figures(page_list)
    print(f"\n(p50/p95/p99 w ms z {REQUESTS} żądań po kolei; mediana gołego widoku: {statistics.median(bare_seq):.1f})")


if __name__ == "__main__":
    main()
