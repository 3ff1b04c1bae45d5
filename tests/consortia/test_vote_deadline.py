"""A consortium vote with a deadline is closed by the clock (consortia.tasks.close_due_votes) the day after it: the
result is computed from the votes cast, an adopted resolution is carried out, and the members are e-mailed."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from kooperacja.consortia import services
from kooperacja.consortia.models import Resolution
from kooperacja.consortia.tasks import close_due_votes, result_notice
from kooperacja.core.models import AuditEvent

from . import helpers as h


def _open(demo: Any, closes_on: dt.date | None, title: str = "Regulamin biura – zmiana") -> Resolution:
    c, coordinator = h.consortium(), demo.user("coordinator")
    res = services.resolution_draft(
        actor=coordinator, consortium=c, body=c.bodies.get(kind="general_meeting"), title=title, text="Treść."
    )
    return services.resolution_open_vote(actor=coordinator, resolution=res, closes_on=closes_on)


def test_the_clock_closes_the_vote_after_its_deadline_and_emails_the_members(demo: Any) -> None:
    today = timezone.localdate()
    res = _open(demo, today)
    services.vote_cast(
        actor=demo.user("coordinator"), resolution=res, member=h.member_of(demo, "coordinator"), choice="for"
    )
    services.vote_cast(
        actor=demo.user("pes_staff"), resolution=res, member=h.member_of(demo, "pes_staff"), choice="for"
    )
    mail.outbox.clear()
    close_due_votes.call(today.isoformat())  # the deadline is today: voting goes on
    res.refresh_from_db()
    assert res.status == "voting" and mail.outbox == []
    assert close_due_votes.call((today + dt.timedelta(days=1)).isoformat()) >= 1
    res.refresh_from_db()
    assert res.status in ("adopted", "rejected") and res.decided_at is not None
    assert (res.votes_for, res.votes_against, res.votes_abstain) == (2, 0, 0)
    decided = AuditEvent.objects.filter(target_id=str(res.pk), verb__in=["resolution.adopted", "resolution.rejected"])
    assert decided.get().actor is None  # the system closed it
    notified = AuditEvent.objects.get(target_id=str(res.pk), verb="resolution.result_notified")
    mine = [m for m in mail.outbox if res.number in m.subject]
    assert notified.data["recipients"] == len(mine) > 0
    recipients = {m.to[0] for m in mine}
    assert {demo.user("coordinator").email, demo.user("pes_staff").email, demo.user("ngo_staff").email} <= recipients
    assert demo.user("resident").email not in recipients and demo.user("officer").email not in recipients
    assert demo.user("coordinator_b").email not in recipients  # another gmina's consortium
    body = mine[0].body
    assert f"Termin głosowania minął {today.strftime('%d.%m.%Y')}" in body and "za 2, przeciw 0" in body
    mail.outbox.clear()
    close_due_votes.call((today + dt.timedelta(days=2)).isoformat())
    assert not [m for m in mail.outbox if res.number in m.subject]  # once


def test_an_adopted_membership_resolution_is_carried_out_by_the_clock(demo: Any) -> None:
    from kooperacja.consortia.models import MembershipChange

    today = timezone.localdate()
    c, coordinator = h.consortium(), demo.user("coordinator")
    ngo = h.member_of(demo, "ngo_staff")
    res = services.resolution_draft(
        actor=coordinator,
        consortium=c,
        body=c.bodies.get(kind="general_meeting"),
        title="Zawieszenie członka",
        text="Treść.",
        kind="suspend_member",
        target_organisation=ngo.organisation,
    )
    res = services.resolution_open_vote(actor=coordinator, resolution=res, closes_on=today)
    for key in ("coordinator", "pes_staff", "ngo_staff"):
        services.vote_cast(actor=demo.user(key), resolution=res, member=h.member_of(demo, key), choice="for")
    close_due_votes.call((today + dt.timedelta(days=1)).isoformat())
    res.refresh_from_db()
    ngo.refresh_from_db()
    assert res.status == "adopted" and ngo.status == "suspended"
    assert MembershipChange.objects.filter(resolution=res, member=ngo).exists()


def test_a_vote_without_a_deadline_waits_for_the_office(demo: Any) -> None:
    res = _open(demo, None)
    close_due_votes.call((timezone.localdate() + dt.timedelta(days=60)).isoformat())
    res.refresh_from_db()
    assert res.status == "voting"


def test_a_deadline_in_the_past_is_refused(demo: Any) -> None:
    with pytest.raises(ValidationError, match="wcześniejszy niż dziś"):
        _open(demo, timezone.localdate() - dt.timedelta(days=1))


def test_the_notice_in_english(demo: Any) -> None:
    res = _open(demo, timezone.localdate())
    close_due_votes.call((timezone.localdate() + dt.timedelta(days=1)).isoformat())
    res.refresh_from_db()
    subject, body = result_notice(res, "en")
    assert subject.startswith("Voting on resolution") and "closed automatically" in body
    subject, body = result_notice(res, "pl")
    assert subject.startswith("Zakończono głosowanie") and "zamknięto automatycznie" in body


def test_the_demo_vote_closed_by_the_clock(demo: Any) -> None:
    res = Resolution.objects.get(consortium=h.consortium(), title__startswith="Harmonogram posiedzeń")
    assert res.status == "adopted"
    assert res.voting_closes_on is not None and res.voting_closes_on <= timezone.localdate()
    assert AuditEvent.objects.filter(target_id=str(res.pk), verb="resolution.result_notified").exists()


def test_command_runs_the_task(demo: Any) -> None:
    out = io.StringIO()
    call_command("consortia_close_votes", stdout=out)
    assert "Zamknięto głosowania po terminie" in out.getvalue()
