"""Workflows: every service transition follows the table in workflows.py (hypothesis walks random sequences)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kooperacja.consortia import services, workflows
from kooperacja.consortia.enums import ResolutionStatus, SupportStatus
from kooperacja.consortia.models import SupportRequest

from . import helpers as h


@pytest.mark.parametrize("table", [workflows.RESOLUTION, workflows.SUPPORT, workflows.PLAN, workflows.REPORT])
def test_tables_are_closed(table: dict) -> None:
    states = set(table)
    for targets in table.values():
        assert targets <= states


@given(st.sampled_from(list(workflows.RESOLUTION)), st.sampled_from(list(workflows.RESOLUTION)))
def test_check_allows_exactly_the_table(current: str, target: str) -> None:
    if target in workflows.RESOLUTION[current]:
        workflows.check(workflows.RESOLUTION, current, target)
    else:
        with pytest.raises(workflows.TransitionError):
            workflows.check(workflows.RESOLUTION, current, target)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(list(SupportStatus)), min_size=1, max_size=6))
def test_support_request_follows_its_workflow(demo: Any, steps: list[str]) -> None:
    with transaction.atomic():
        req = SupportRequest.objects.create(
            consortium=h.consortium(), organisation=demo.org("ss_zubr"), category="legal", subject="S", description="D"
        )
        office = demo.user("coordinator")
        state = SupportStatus.NEW
        for target in steps:
            allowed = target == state or target in workflows.SUPPORT[state]
            try:
                services.support_request_handle(actor=office, request=req, status=target, outcome="Gotowe")
            except ValidationError:
                assert not allowed
            else:
                assert allowed
                state = target
            req.refresh_from_db()
            assert req.status == state
            assert (req.resolved_at is not None) == (state == SupportStatus.RESOLVED)
        transaction.set_rollback(True)


def test_resolution_cannot_be_reopened_or_voted_after_closing(demo: Any) -> None:
    c = h.consortium()
    res = h.adopt(demo, c, title="Zamknięta")
    assert res.status == ResolutionStatus.ADOPTED
    coordinator = demo.user("coordinator")
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.resolution_open_vote(actor=coordinator, resolution=res)
    with pytest.raises(PermissionDenied):
        services.resolution_close(actor=coordinator, resolution=res)
    with pytest.raises(ValidationError, match="nie trwa"):
        services.vote_cast(
            actor=demo.user("pes_staff"), resolution=res, member=h.member_of(demo, "pes_staff"), choice="for"
        )
