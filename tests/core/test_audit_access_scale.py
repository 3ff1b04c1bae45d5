"""Issue 15 §4: the access log writes ONE insert per request (a row per kind of record naming every id shown),
still logs every record, stays append-only and keeps `audit_verify` working."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kooperacja.core.audit import access_log_for, log_access
from kooperacja.core.models import AccessLog, AppendOnlyError
from kooperacja.organisations.models import Organisation


def _inserts(ctx: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in ctx.captured_queries if q["sql"].lstrip().upper().startswith("INSERT")]


def test_a_list_is_one_insert_and_one_row_naming_every_record(demo: Any, rf: Any) -> None:
    orgs = list(Organisation.objects.order_by("id")[:30])
    people = [demo.user("officer"), demo.user("analyst")]
    with CaptureQueriesContext(connection) as ctx:
        rows = log_access(
            user=demo.user("officer"), targets=[*orgs, *people, orgs[0]], purpose="lista", request=rf.get("/x/")
        )
    assert len(_inserts(ctx)) == 1
    assert len(rows) == 2  # one per kind of record
    by_kind = {row.target_type.model: row for row in AccessLog.objects.filter(pk__in=[r.pk for r in rows])}
    assert by_kind["organisation"].record_ids == [str(o.pk) for o in orgs]  # in order, without the repeat
    assert by_kind["organisation"].record_count == len(orgs) > 10
    assert by_kind["user"].record_count == 2
    for org in orgs:
        assert access_log_for(org).filter(pk=by_kind["organisation"].pk).exists()


def test_single_records_keep_the_indexed_id_and_ids_do_not_match_by_prefix(demo: Any) -> None:
    """`access_log_for(1)` must not see a list naming 11 or 21; a row about one record reads as before."""
    org = Organisation.objects.order_by("id").first()
    # Records whose ids contain this id's digits (only their ids matter to the log).
    lookalikes = [
        Organisation(pk=int(f"{org.pk}{org.pk}")),
        Organisation(pk=int(f"1{org.pk}")),
        Organisation(pk=int(f"{org.pk}0")),
    ]
    log_access(user=demo.user("officer"), targets=lookalikes, purpose="podobne numery")
    assert not access_log_for(org).filter(purpose="podobne numery").exists()
    (row,) = log_access(user=demo.user("officer"), targets=org, purpose="jeden")
    assert (row.target_id, row.target_ids, row.record_count) == (str(org.pk), "", 1)
    assert list(access_log_for(org).filter(purpose__in=["jeden", "podobne numery"])) == [row]


def test_rows_with_a_list_are_append_only_in_the_database(demo: Any) -> None:
    (row,) = log_access(user=demo.user("officer"), targets=Organisation.objects.order_by("id")[:5], purpose="t")
    with pytest.raises(AppendOnlyError):
        AccessLog.objects.filter(pk=row.pk).update(target_ids=",1,")
    with pytest.raises(IntegrityError), transaction.atomic():
        AccessLog._base_manager.filter(pk=row.pk).update(target_ids=",1,")
    with pytest.raises(IntegrityError), transaction.atomic():
        AccessLog._base_manager.filter(pk=row.pk).delete()
    assert AccessLog.objects.get(pk=row.pk).record_count == 5


def test_audit_verify_seals_and_checks_the_new_columns(demo: Any) -> None:
    log_access(user=demo.user("officer"), targets=Organisation.objects.order_by("id")[:7], purpose="t")
    call_command("audit_checkpoint", stdout=StringIO())
    out = StringIO()
    call_command("audit_verify", stdout=out)
    assert "OK:" in out.getvalue()


@pytest.mark.parametrize(
    ("user", "url_name"),
    [("partner", "cooperation:case_list"), ("pes_staff", "delivery:people"), ("partner", "cooperation:referral_inbox")],
)
def test_a_list_page_writes_at_most_one_row_per_kind_of_record(
    demo: Any, client_as: Any, user: str, url_name: str
) -> None:
    client = client_as(user)
    start = AccessLog.objects.order_by("-id").values_list("id", flat=True).first() or 0
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse(url_name)).status_code == 200
    logged = list(AccessLog.objects.filter(id__gt=start))
    assert logged, "the page shows personal data and must log it"
    kinds = [row.target_type_id for row in logged]
    assert len(kinds) == len(set(kinds)), "one row per kind of record, not one per record"
    access_inserts = [sql for sql in _inserts(ctx) if "core_accesslog" in sql]
    assert 1 <= len(access_inserts) <= len(set(kinds))
    assert sum(row.record_count for row in logged) >= len(logged)
