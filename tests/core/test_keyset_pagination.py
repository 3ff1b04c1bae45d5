"""core.pagination: keyset pages walk a long list forwards and back without OFFSET or COUNT, equal rows in the
first column included; a forged cursor gives the first page; on PostgreSQL the page query is an index walk."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kooperacja.accounts.models import User
from kooperacja.core.audit import log_access
from kooperacja.core.models import AccessLog
from kooperacja.core.pagination import AFTER, BEFORE, keyset_page
from tests.conftest import requires_postgres

pytestmark = pytest.mark.django_db
ORDER = ("-occurred_at", "-id")


@pytest.fixture
def log() -> Any:
    """23 access-log rows, several with the very same time (the id breaks the tie)."""
    someone = User.objects.create(email="keyset@example.org", full_name="Ktoś")
    for _ in range(23):
        log_access(user=someone, targets=someone, purpose="test stronicowania")
    return AccessLog.objects.filter(purpose="test stronicowania")


def _walk(qs: Any, per_page: int) -> list[list[int]]:
    pages: list[list[int]] = []
    params: dict[str, str] = {}
    while True:
        page = keyset_page(qs, order=ORDER, params=params, per_page=per_page)
        pages.append([row.pk for row in page])
        if not page.has_next:
            return pages
        params = {AFTER: page.next_cursor}


def test_next_pages_cover_the_list_once_in_order_and_previous_goes_back(log: Any) -> None:
    expected = list(log.order_by(*ORDER).values_list("pk", flat=True))
    pages = _walk(log, 5)
    assert [len(p) for p in pages] == [5, 5, 5, 5, 3]
    assert [pk for page in pages for pk in page] == expected
    second = keyset_page(log, order=ORDER, params={}, per_page=5)
    third = keyset_page(log, order=ORDER, params={AFTER: second.next_cursor}, per_page=5)
    third = keyset_page(log, order=ORDER, params={AFTER: third.next_cursor}, per_page=5)
    back = keyset_page(log, order=ORDER, params={BEFORE: third.previous_cursor}, per_page=5)
    assert [r.pk for r in back] == expected[5:10] and back.has_previous and back.has_next
    first = keyset_page(log, order=ORDER, params={BEFORE: back.previous_cursor}, per_page=5)
    assert [r.pk for r in first] == expected[:5] and not first.has_previous and first.is_first


def test_rows_with_the_same_time_are_neither_lost_nor_repeated(log: Any) -> None:
    same = connection.ops.adapt_datetimefield_value(dt.datetime(2026, 11, 30, 10, 0, tzinfo=dt.UTC))
    target = ContentType.objects.get_for_model(User).pk
    with connection.cursor() as cursor:  # seven rows of one instant (auto_now_add would stamp each differently)
        for _ in range(7):
            cursor.execute(
                "INSERT INTO core_accesslog (occurred_at, user_label, action, target_type_id, target_id, target_ids, "
                "record_count, part, purpose, path) VALUES (%s, 'x', 'view', %s, '1', '', 1, '', %s, '')",
                [same, target, "test stronicowania"],
            )
    rows = list(log.order_by(*ORDER).values_list("pk", flat=True))
    assert len(rows) == 30
    for per_page in (4, 7):  # a page boundary inside the seven equal times, and one at their edge
        flat = [pk for page in _walk(log, per_page) for pk in page]
        assert flat == rows


def test_a_forged_cursor_gives_the_first_page(log: Any) -> None:
    first = keyset_page(log, order=ORDER, params={}, per_page=5)
    forged = keyset_page(log, order=ORDER, params={AFTER: "abc:def"}, per_page=5)
    assert [r.pk for r in forged] == [r.pk for r in first]


def test_a_page_costs_one_query_without_offset_or_count(log: Any) -> None:
    first = keyset_page(log, order=ORDER, params={}, per_page=5)
    with CaptureQueriesContext(connection) as ctx:
        page = keyset_page(log, order=ORDER, params={AFTER: first.next_cursor}, per_page=5)
        list(page)
    (query,) = ctx.captured_queries
    sql = query["sql"].upper()
    assert "OFFSET" not in sql and "COUNT(" not in sql and "LIMIT 6" in sql


def test_the_case_access_log_pages_by_key(demo: Any, client_as: Any) -> None:
    from kooperacja.cooperation.models import Case

    case = Case.objects.order_by("pk").first()
    assert case is not None
    client = client_as("social_worker")
    worker = User.objects.get(email="pracownik@gops-narewka.demo")
    for _ in range(55):
        log_access(user=worker, targets=case, purpose="test stronicowania")
    url = reverse("cooperation:case_log", args=[case.pk])
    html = client.get(url).content.decode()
    assert 'rel="next"' in html and "?po=" in html and "strona=" not in html
    cursor = html.split("?po=")[1].split('"')[0]
    second = client.get(f"{url}?po={cursor}").content.decode()
    assert 'rel="prev"' in second and "« pierwsza" in second


@pytest.mark.postgres
@requires_postgres
def test_on_postgres_the_next_page_walks_an_index_without_sorting(log: Any) -> None:
    from kooperacja.core.pagination import _beyond, _decode, _fields

    first = keyset_page(log, order=ORDER, params={}, per_page=5)
    qs = AccessLog.objects.all()
    columns = _fields(AccessLog, ORDER)
    values = _decode(first.next_cursor, columns)
    assert values is not None
    sql, params = qs.filter(_beyond(columns, values, forward=True)).order_by(*ORDER)[:6].query.sql_with_params()
    with connection.cursor() as cursor:
        # a tiny test table: forbid the paths that read everything (scan, bitmap, sort) and see that an index walk
        # in the list's order is left; each month partition has its copy of core_accesslog_occurred_id
        for path in ("seqscan", "bitmapscan", "sort"):
            cursor.execute(f"SET LOCAL enable_{path} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Scan Backward using core_accesslog_p" in plan and "occurred_at_id_idx" in plan, plan
    assert not re.search(r"(^|->  )(Incremental )?Sort ", plan, re.MULTILINE), (
        plan
    )  # "Sort Key" of Merge Append is fine


def test_the_participants_list_pages_by_key_and_shows_everyone_once(
    demo: Any, client_as: Any, monkeypatch: Any
) -> None:
    import importlib

    from kooperacja.delivery import selectors

    people = importlib.import_module("kooperacja.delivery.views.people")  # the package exports the view function
    monkeypatch.setattr(people, "PAGE_SIZE", 4)
    worker = User.objects.get(email="spoldzielnia@zubr.demo")
    expected = list(
        selectors.people_visible_to(worker).order_by("last_name", "first_name", "code").values_list("code", flat=True)
    )
    assert len(expected) > 8
    client = client_as("pes_staff")
    url, seen = reverse("delivery:people"), []
    params = ""
    for _ in range(len(expected)):
        html = client.get(url + params).content.decode()
        seen += re.findall(r"<td>([A-Z0-9-]{6,12})</td>", html)
        found = re.search(r'href="\?po=([^"]+)" rel="next"', html)
        if not found:
            break
        params = f"?po={found.group(1)}"
    assert seen == expected


@pytest.mark.postgres
@requires_postgres
def test_on_postgres_the_participants_list_reads_its_order_from_an_index(demo: Any) -> None:
    """delivery.Person's (last_name, first_name, code) index (delivery 0009): a provider serving thousands reads a
    page of its list from the index instead of sorting everyone it serves (docs/performance.md §5 p. 6)."""
    from kooperacja.delivery import selectors

    worker = User.objects.get(email="spoldzielnia@zubr.demo")
    qs = selectors.people_visible_to(worker).order_by("last_name", "first_name", "code")[:26]
    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        # the demo's table is tiny: forbid the paths that read everything (scan, bitmap, sort), as above
        for path in ("seqscan", "bitmapscan", "sort"):
            cursor.execute(f"SET LOCAL enable_{path} = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "person_list_order_idx" in plan, plan
    assert not re.search(r"(^|->  )(Incremental )?Sort ", plan, re.MULTILINE), plan
