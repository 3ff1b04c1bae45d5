"""Shared fixtures. The demo scenario is loaded once per test database (per xdist worker) and every test runs
inside a transaction that is rolled back, so tests can rely on the demo data and change it freely."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

os.environ.setdefault("KOOPERACJA_ENV", "test")

DEMO_ADMIN_EMAIL = "admin@kooperacja.demo"

# CI (.ci/run) runs the suite on SQLite and then on PostgreSQL and tells each run which it is, so that a test
# whose answer cannot depend on the database runs once (the 20-minute budget of the whole run):
# - the permission matrix (thousands of HTTP cells) runs on PostgreSQL, the production database;
# - tests that cannot touch a database at all (no django_db) run on SQLite only;
# - tests marked `one_database` (what a page prints, read from the same demo seed: tests/core/test_visible_text.py)
#   run on SQLite only.
# Without KOOPERACJA_CI_PHASE (`make test` on a developer's machine) every test runs.
CI_PHASE = os.environ.get("KOOPERACJA_CI_PHASE", "")


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Drop what the other CI phase runs (above); then put the browser journeys first. `make test` runs them in
    the same xdist run as the rest (`--dist loadgroup`, one `browser` group: tests/browser/conftest.py), and the
    group, a few minutes on one worker, must start at once rather than be left for the end (pytest-django sorts
    tests without a database last), while the other workers take the rest."""
    if CI_PHASE in ("sqlite", "postgresql"):
        keep: list[pytest.Item] = []
        dropped: list[pytest.Item] = []
        for item in items:
            is_matrix = item.nodeid.startswith("tests/test_permission_matrix.py::test_permission_matrix[")
            uses_db = "_django_db_helper" in getattr(item, "fixturenames", ())
            one_database = item.get_closest_marker("one_database") is not None
            if (CI_PHASE == "sqlite" and is_matrix) or (CI_PHASE == "postgresql" and (not uses_db or one_database)):
                dropped.append(item)
            else:
                keep.append(item)
        if dropped:
            config.hook.pytest_deselected(items=dropped)
            items[:] = keep
    items.sort(key=lambda item: item.get_closest_marker("browser") is None)  # stable: the rest keep their order


@pytest.hookimpl(optionalhook=True)  # without xdist (`-p no:xdist`) the hook does not exist
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """`--dist loadgroup` (`make test`) with the browser journeys as one unit of work: one worker runs them all, one
    server and one Chromium, while the others take the rest test by test. pytest-xdist 3.8's own loadgroup does not
    see groups under pytest 9 (it renames `item._nodeid`, which pytest 9 no longer reads; every test then goes its
    own way and each worker starts its own browser server), so the scope is read from the path here."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class BrowserGroupScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return "browser" if nodeid.startswith("tests/browser/") else nodeid

    return BrowserGroupScheduling(config, log)


def _seed() -> None:
    from django.core.management import call_command

    from kooperacja.demo.scenario import run_all

    call_command("import_teryt", verbosity=0)
    # Reference data that a migration loads is gone after a transactional test flushed the database.
    from kooperacja.commissioning.clause_library import DEFAULT_CLAUSES
    from kooperacja.commissioning.models import ClauseTemplate

    for kind, title, basis, body in DEFAULT_CLAUSES:
        ClauseTemplate.objects.get_or_create(kind=kind, title=title, defaults={"basis": basis, "body": body})
    run_all()


@pytest.fixture(scope="session", autouse=True)
def _flush_past_audit_triggers() -> Any:
    """Transactional tests end with `flush` (TRUNCATE on PostgreSQL, DELETE on SQLite), which the append-only
    audit tables refuse (docs/audit.md). Here, in tests only, the flush runs with their triggers suspended
    (`kooperacja.core.audit_triggers.suspended`: a superuser's `session_replication_role = replica` on
    PostgreSQL, dropped and re-created triggers on SQLite); the triggers are back when the flush commits."""
    from django.db.backends.base.operations import BaseDatabaseOperations

    from kooperacja.core.audit_triggers import suspended

    original = BaseDatabaseOperations.execute_sql_flush

    def execute_sql_flush(self: Any, sql_list: Any) -> None:
        with suspended(self.connection.alias):
            original(self, sql_list)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(BaseDatabaseOperations, "execute_sql_flush", execute_sql_flush)
        yield


@pytest.fixture(autouse=True)
def _fresh_cache() -> None:
    """Every test starts with an empty cache: a page cached by another test (`core.pagecache`) may show rows
    that test's rollback removed (the rollback does not bump the generations its writes bumped)."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup: Any, django_db_blocker: Any) -> None:
    with django_db_blocker.unblock():
        from kooperacja.accounts.models import User

        if not User.objects.filter(email=DEMO_ADMIN_EMAIL).exists():
            _seed()


class DemoData:
    """Find demo objects by the keys of the scenario (kooperacja.demo.scenarios.foundation)."""

    def user(self, key: str) -> Any:
        from kooperacja.accounts.models import User
        from kooperacja.demo.scenarios.consortia import EXTRA_USERS
        from kooperacja.demo.scenarios.foundation import USERS
        from kooperacja.demo.scenarios.second_authority import USERS as SECOND_AUTHORITY_USERS

        # the foundation's users, then the consortium office's and the second authority's (Białowieża)
        email = next(row[1] for row in [*USERS, *EXTRA_USERS, *SECOND_AUTHORITY_USERS] if row[0] == key)
        return User.objects.get(email=email)

    def org(self, key: str) -> Any:
        from kooperacja.demo.scenarios.foundation import ORGANISATIONS
        from kooperacja.demo.scenarios.second_authority import ORGANISATIONS as SECOND_AUTHORITY_ORGANISATIONS
        from kooperacja.organisations.models import Organisation

        name = next(row[1] for row in [*ORGANISATIONS, *SECOND_AUTHORITY_ORGANISATIONS] if row[0] == key)
        return Organisation.objects.get(name=name)

    def pending_request_pk(self, org_key: str) -> dict[str, int]:
        from kooperacja.organisations.models import Membership

        return {"pk": Membership.objects.get(organisation=self.org(org_key), status="pending").pk}


@pytest.fixture
def demo(db: None) -> DemoData:
    """The demo scenario; re-seeded inside the test if a transactional test flushed the database before."""
    from kooperacja.accounts.models import User

    if not User.objects.filter(email=DEMO_ADMIN_EMAIL).exists():
        _seed()
    return DemoData()


def login_client(client: Any, user: Any) -> Any:
    """Log `user` in as the browser would, including the passed second factor when the role requires it."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_static.models import StaticDevice

    from kooperacja.accounts.middleware import mark_session_refreshed

    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    device, _ = StaticDevice.objects.get_or_create(user=user, defaults={"name": "test"})
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    mark_session_refreshed(session)  # as a sign-in through the pages does: the first page view writes nothing
    session.save()
    return client


@pytest.fixture
def client_as(demo: DemoData, client: Any) -> Callable[[str], Any]:
    """`client_as("officer")`: a test client logged in as that demo user (anonymous for "anonymous")."""

    def make(key: str) -> Any:
        if key == "anonymous":
            return client
        from django.test import Client

        return login_client(Client(), demo.user(key))

    return make


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


requires_postgres = pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="potrzebny PostgreSQL (DATABASE_URL)"
)
