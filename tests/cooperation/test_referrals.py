"""The closed loop of referrals as a state machine (hypothesis), and the services around it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from kooperacja.cooperation import selectors, services
from kooperacja.cooperation.enums import ActionStatus, CasePart, ReferralState
from kooperacja.cooperation.models import Referral
from kooperacja.cooperation.workflows import (
    REFERRAL_FINAL_STATES,
    REFERRAL_TRANSITIONS,
    TransitionNotAllowed,
    referral_transition,
)
from tests.cooperation import helpers as h


def test_workflow_table_is_closed() -> None:
    """Every state is reachable from SENT and every open state can reach a final one."""
    reachable = {ReferralState.SENT.value}
    changed = True
    while changed:
        changed = False
        for t in REFERRAL_TRANSITIONS.values():
            if set(t.sources) & reachable and t.target not in reachable:
                reachable.add(t.target)
                changed = True
    assert reachable == set(ReferralState.values)
    for final in REFERRAL_FINAL_STATES:
        assert not [t for t in REFERRAL_TRANSITIONS.values() if final in t.sources]


class ReferralLoop(RuleBasedStateMachine):
    """Random sequences of transitions (valid or not) on a fresh referral, through the services."""

    def __init__(self) -> None:
        super().__init__()
        from tests.conftest import DemoData

        demo = DemoData()
        self.partner = demo.user("partner")
        case = h.case("Pan S.")
        self.referral = services.referral_send(
            actor=demo.user("social_worker"),
            case=case,
            to_organisation=demo.org("pcpr_hajnowka"),
            request="Maszyna stanów",
            due_on=timezone.localdate() + timedelta(days=3),
        )
        self.model_state = ReferralState.SENT.value

    @rule(name=st.sampled_from(sorted(REFERRAL_TRANSITIONS)), text=st.sampled_from(["", "powód / rezultat"]))
    def move(self, name: str, text: str) -> None:
        t = REFERRAL_TRANSITIONS[name]
        allowed = self.model_state in t.sources
        try:
            services.referral_move(actor=self.partner, referral=self.referral, transition=name, text=text)
        except TransitionNotAllowed:
            assert not allowed
            return
        except ValidationError:
            assert allowed and t.needs_reason and not text
            return
        assert allowed
        self.model_state = t.target

    @invariant()
    def matches_database(self) -> None:
        r = Referral.objects.get(pk=self.referral.pk)
        assert r.state == self.model_state
        assert (r.decided_at is not None) == (r.state != ReferralState.SENT)
        assert (r.finished_at is not None) == (r.state in (ReferralState.COMPLETED, ReferralState.NOT_COMPLETED))
        assert (r.state != ReferralState.DECLINED) or r.decline_reason
        assert r.state not in (ReferralState.COMPLETED, ReferralState.NOT_COMPLETED) or r.outcome


@pytest.mark.django_db
def test_referral_lifecycle_state_machine(demo: Any) -> None:
    run_state_machine_as_test(
        ReferralLoop,
        settings=settings(
            max_examples=25,
            stateful_step_count=8,
            deadline=None,
            suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
        ),
    )


def test_unknown_transition_is_refused() -> None:
    with pytest.raises(TransitionNotAllowed):
        referral_transition("sent", "teleport")
    with pytest.raises(TransitionNotAllowed):
        referral_transition("completed", "accept")


def test_only_the_receiver_moves_a_referral(demo: Any) -> None:
    referral = h.referral("Rodzina J.", "PCPR Hajnówka")
    with pytest.raises(PermissionDenied):
        services.referral_move(actor=demo.user("social_worker"), referral=referral, transition="accept")
    with pytest.raises(PermissionDenied):
        services.referral_move(actor=demo.user("police"), referral=referral, transition="accept")


def test_loop_updates_the_basket_action_and_notifies_the_sender(
    demo: Any, django_capture_on_commit_callbacks: Any
) -> None:
    referral = h.referral("Rodzina J.", "PCPR Hajnówka")
    partner = demo.user("partner")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_move(actor=partner, referral=referral, transition="accept")
    services.referral_move(actor=partner, referral=referral, transition="start")
    referral.action.refresh_from_db()
    assert referral.action.status == ActionStatus.IN_PROGRESS
    services.referral_move(actor=partner, referral=referral, transition="complete", text="Pięć konsultacji odbyte.")
    referral.action.refresh_from_db()
    assert referral.action.status == ActionStatus.DONE
    sent_to = {addr for m in mail.outbox for addr in m.to}
    assert demo.user("social_worker").email in sent_to
    # no personal data in e-mails: only the case number and a link
    names = [cp.person.last_name for cp in referral.case.persons.select_related("person")]
    assert all(name not in m.body and name not in m.subject for m in mail.outbox for name in names)


def test_sending_notifies_the_receiving_institution(demo: Any, django_capture_on_commit_callbacks: Any) -> None:
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.referral_send(
            actor=demo.user("social_worker"),
            case=h.case("Pan S."),
            to_organisation=demo.org("pcpr_hajnowka"),
            request="Nowe",
            due_on=timezone.localdate() + timedelta(days=5),
        )
    assert any(demo.user("partner").email in m.to for m in mail.outbox)


def test_shared_parts_need_an_active_consent(demo: Any) -> None:
    sw = demo.user("social_worker")
    with pytest.raises(ValidationError):
        services.referral_send(
            actor=sw,
            case=h.case("Pan S."),
            to_organisation=demo.org("pcpr_hajnowka"),
            request="x",
            due_on=timezone.localdate(),
            shared_parts=[CasePart.DIAGNOSIS],
        )
    with pytest.raises(ValidationError):  # Rodzina W.: consent for PCPR withdrawn
        services.referral_send(
            actor=sw,
            case=h.case("Rodzina W."),
            to_organisation=demo.org("pcpr_hajnowka"),
            request="x",
            due_on=timezone.localdate(),
            shared_parts=[CasePart.PERSONS],
        )


def test_case_cannot_close_with_open_referrals(demo: Any) -> None:
    with pytest.raises(ValidationError):
        services.case_close(actor=demo.user("social_worker"), case=h.case("Rodzina J."), summary="x", outcome="partly")


def test_overdue_referrals_are_flagged_on_the_dashboard(demo: Any, client_as: Any) -> None:
    overdue = selectors.overdue_referrals(demo.user("social_worker"))
    assert [r.case.title for r in overdue] == ["Pan S."]
    html = client_as("social_worker").get("/").content.decode()
    assert "Skierowania po terminie" in html and "Moje sprawy" in html and "Najbliższe spotkanie PZK" in html
    partner_home = client_as("partner").get("/").content.decode()
    assert "Nowe skierowania" in partner_home


def test_overdue_reminder_task(demo: Any) -> None:
    from kooperacja.cooperation.tasks import remind_overdue_referrals

    mail.outbox.clear()
    result = remind_overdue_referrals.enqueue()
    assert result.return_value == 1
    assert any(demo.user("partner").email in m.to for m in mail.outbox)


def test_partner_closes_the_loop_through_the_pages(demo: Any, client_as: Any) -> None:
    referral = h.referral("Rodzina J.", "PCPR Hajnówka")
    partner = client_as("partner")
    url = lambda t: reverse("cooperation:referral_move", args=[referral.pk, t])  # noqa: E731
    assert partner.post(url("decline"), {"text": ""}).status_code == 302
    referral.refresh_from_db()
    assert referral.state == ReferralState.SENT  # a decline needs a reason
    partner.post(url("accept"))
    partner.post(url("start"))
    partner.post(url("complete"), {"text": "Zrealizowano pięć konsultacji."})
    referral.refresh_from_db()
    assert referral.state == ReferralState.COMPLETED and referral.outcome
    html = client_as("social_worker").get(reverse("cooperation:case_detail", args=[referral.case_id])).content.decode()
    assert "zrealizowane" in html


@pytest.mark.parametrize(
    ("role", "url_name"), [("social_worker", "cooperation:case_list"), ("partner", "cooperation:referral_inbox")]
)
def test_list_queries_do_not_grow_with_rows(role: str, url_name: str, demo: Any, client_as: Any) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_as(role)
    client.get(reverse(url_name))
    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(url_name)).status_code == 200
    sw = demo.user("social_worker")
    for i in range(15):
        case = services.case_open(
            actor=sw,
            team=h.team(),
            owner=demo.org("gops_narewka"),
            kind="family",
            title=f"Rodzina T{i}.",
            gmina=h.team().gmina,
        )
        services.referral_send(
            actor=sw, case=case, to_organisation=demo.org("pcpr_hajnowka"), request="x", due_on=timezone.localdate()
        )
    with CaptureQueriesContext(connection) as large:
        assert client.get(reverse(url_name)).status_code == 200
    assert len(large.captured_queries) <= len(small.captured_queries) + 2


def test_reminders_command_enqueues_the_task(demo: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    mail.outbox.clear()
    out = StringIO()
    call_command("cooperation_reminders", stdout=out)
    assert "Zlecono przypomnienia" in out.getvalue()
    assert any(demo.user("partner").email in m.to for m in mail.outbox)
