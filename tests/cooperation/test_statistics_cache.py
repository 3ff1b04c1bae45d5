"""The regional statistics are counted once per change (issue 15 §3): later reads come from the cache until a
counted row is written, and the page says when the figures were counted."""

from __future__ import annotations

from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from kooperacja.cooperation import selectors, services
from kooperacja.cooperation.enums import MembershipEnd
from tests.cooperation import helpers as h


def _narewka(report: selectors.StatisticsReport) -> dict[str, Any]:
    (row,) = [r for r in report.rows if r["team"].pk == h.team().pk]
    return row


def test_figures_are_counted_once_and_again_after_a_write(demo: Any) -> None:
    first = selectors.statistics_report()
    with CaptureQueriesContext(connection) as again:
        second = selectors.statistics_report()
    assert len(again.captured_queries) == 1  # the teams only: the figures come from the cache
    assert second.computed_at == first.computed_at
    assert _narewka(second) == _narewka(first)

    referral = h.referral("Rodzina J.", "PCPR Hajnówka")
    assert referral.state == "sent"
    before = dict(_narewka(first)["referrals_by_state"])
    services.referral_move(actor=demo.user("partner"), referral=referral, transition="accept")

    with CaptureQueriesContext(connection) as recount:
        third = selectors.statistics_report()
    assert len(recount.captured_queries) == 5  # counted again: teams + four grouped queries
    assert third.computed_at > first.computed_at
    after = _narewka(third)["referrals_by_state"]
    assert after.get("sent", 0) == before["sent"] - 1
    assert after.get("accepted", 0) == before.get("accepted", 0) + 1
    assert _narewka(third)["referrals"] == _narewka(first)["referrals"]


def test_a_member_that_left_is_no_longer_counted(demo: Any) -> None:
    members = _narewka(selectors.statistics_report())["members"]
    team = h.team()
    member = team.members.filter(left_on__isnull=True).exclude(organisation=team.lead_organisation).first()
    services.member_end(
        actor=demo.user("social_worker"),
        member=member,
        left_on=timezone.localdate(),
        end_kind=MembershipEnd.WITHDREW,
        reason="Zmiana zakresu działalności.",
    )
    assert _narewka(selectors.statistics_report())["members"] == members - 1


def test_the_page_says_when_the_figures_were_counted(demo: Any, client_as: Any) -> None:
    report = selectors.statistics_report()
    html = client_as("analyst").get(reverse("cooperation:statistics")).content.decode()
    local = timezone.localtime(report.computed_at)
    assert f"Stan na {local.day} " in html and f"{local:%H:%M}" in html
