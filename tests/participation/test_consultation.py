"""Consultation services: phases by the clock, comments and moderation, proposals, survey, workshops, report."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from kooperacja.core.actors import SYSTEM
from kooperacja.core.models import AuditEvent
from kooperacja.participation import selectors, services
from kooperacja.participation.enums import Channel, CommentState, ProcessState, ProposalState
from kooperacja.participation.models import Comment, Workshop
from kooperacja.participation.services.contributions import RATE_PER_ACCOUNT
from tests.participation import helpers as h


def _close_phases(process: Any) -> None:
    now = timezone.now()
    for phase in process.phases.all():
        if phase.ends_at > now:
            services.phase_reschedule(
                actor=SYSTEM, phase=phase, starts_at=now - timedelta(days=60), ends_at=now - timedelta(days=50)
            )


def test_comment_while_the_phase_allows_and_refused_after(demo: Any) -> None:
    resident, p = demo.user("resident"), h.process()
    c = services.comment_add(actor=resident, process=p, body="Proszę o ławki przed wejściem.")
    assert c.author == resident and c.channel == Channel.ONLINE
    assert AuditEvent.objects.filter(verb="participation.comment_added", target_id=str(c.pk)).exists()
    _close_phases(p)
    with pytest.raises(ValidationError, match="Na tym etapie konsultacji nie można dodawać uwag"):
        services.comment_add(actor=resident, process=p, body="Za późno?")


def test_reply_to_a_reply_stays_one_level_deep(demo: Any) -> None:
    p, parent = h.process(), h.comment()
    reply = services.comment_add(actor=demo.user("resident"), process=p, body="Popieram.", parent=parent)
    again = services.comment_add(actor=demo.user("officer"), process=p, body="Dziękujemy.", parent=reply)
    assert reply.parent == parent and again.parent == parent


def test_spam_limit_per_account(demo: Any) -> None:
    resident, p = demo.user("resident"), h.process()
    for i in range(RATE_PER_ACCOUNT):
        services.comment_add(actor=resident, process=p, body=f"Uwaga numer {i}")
    with pytest.raises(ValidationError, match="Za dużo wpisów"):
        services.comment_add(actor=resident, process=p, body="Jeszcze jedna")


def test_hide_needs_a_reason_keeps_the_comment_and_only_moderators_see_it(demo: Any) -> None:
    c = h.comment()
    with pytest.raises(ValidationError):
        services.comment_hide(actor=h.moderator(), comment=c, reason=" ")
    services.comment_hide(actor=h.moderator(), comment=c, reason="Dane osobowe innej osoby.")
    c = Comment.objects.get(pk=c.pk)
    assert c.state == CommentState.HIDDEN and c.hidden_reason == "Dane osobowe innej osoby."
    resident_sees = {x.pk for x in selectors.comments_for(demo.user("resident"), c.process)}
    moderator_sees = {x.pk for x in selectors.comments_for(h.moderator(), c.process)}
    assert c.pk not in resident_sees and c.pk in moderator_sees
    services.comment_restore(actor=demo.user("officer"), comment=c, reason="Autor poprawił wpis.")
    assert Comment.objects.get(pk=c.pk).state == CommentState.VISIBLE


def test_resident_cannot_moderate_and_report_once(demo: Any) -> None:
    from django.http import Http404

    c, resident = h.comment(), demo.user("resident")
    with pytest.raises(Http404):
        services.comment_hide(actor=resident, comment=c, reason="Nie podoba mi się.")
    services.comment_report(actor=resident, comment=c, reason="Obraźliwe.")
    with pytest.raises(ValidationError, match="już przez Ciebie zgłoszona"):
        services.comment_report(actor=resident, comment=c, reason="Obraźliwe.")


def test_proposal_support_once_and_the_answer_mails_the_author(
    demo: Any, django_capture_on_commit_callbacks: Any
) -> None:
    resident, p = demo.user("resident"), h.process()
    proposal = services.proposal_submit(actor=resident, process=p, title="Rowerownia", body="Stojaki na rowery.")
    services.proposal_support(actor=demo.user("officer"), proposal=proposal)
    with pytest.raises(ValidationError, match="Już popierasz"):
        services.proposal_support(actor=demo.user("officer"), proposal=proposal)
    assert proposal.__class__.objects.get(pk=proposal.pk).supporters_count == 1
    with pytest.raises(ValidationError):
        services.proposal_answer(actor=demo.user("officer"), proposal=proposal, decision="reject", answer="")
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_answer(
            actor=demo.user("officer"),
            proposal=proposal,
            decision="accept_partly",
            answer="Dwa stojaki zamiast pięciu.",
        )
    proposal.refresh_from_db()
    assert proposal.state == ProposalState.PARTLY
    assert [m.to for m in mail.outbox] == [[resident.email]]


def test_paper_submission_records_the_channel_and_counts_in_the_report(demo: Any) -> None:
    p = h.process()
    obj = services.paper_submission_enter(
        actor=demo.user("officer"), process=p, kind="proposal", channel=Channel.EMAIL,
        author_name="Rada Osiedla Millenium", title="Plac zabaw", body="Plac zabaw przy budynku.",
    )  # fmt: skip
    assert obj.channel == Channel.EMAIL and obj.entered_by == demo.user("officer") and obj.author is None
    data = selectors.report_data(p)
    assert dict(data["per_channel"])[str(Channel.EMAIL.label)]["proposals"] == 1


def test_survey_once_and_required_answers(demo: Any) -> None:
    resident, survey = demo.user("resident"), h.process().surveys.get()
    q = list(survey.questions.all())
    with pytest.raises(ValidationError) as err:
        services.survey_answer(actor=resident, survey=survey, answers={q[0].pk: 1})
    assert f"q{q[1].pk}" in err.value.error_dict
    answers = {q[0].pk: 1, q[1].pk: [0, 2], q[2].pk: 5, q[3].pk: "Biblioteka"}
    services.survey_answer(actor=resident, survey=survey, answers=answers)
    with pytest.raises(ValidationError, match="można ją wypełnić raz"):
        services.survey_answer(actor=resident, survey=survey, answers=answers)
    results = selectors.survey_results(survey)
    assert results[1]["options"][2]["count"] >= 1


def test_workshop_capacity_and_needs(demo: Any) -> None:
    w = h.workshop()
    Workshop.objects.filter(pk=w.pk).update(capacity=w.registered + 1)
    services.workshop_register(actor=demo.user("resident"), workshop=w, sign_language=True, childcare=True)
    with pytest.raises(ValidationError, match="Brak wolnych miejsc"):
        services.workshop_register(actor=demo.user("officer"), workshop=w)
    w.refresh_from_db()
    assert w.registered == w.capacity
    assert w.registrations.get(user=demo.user("resident")).sign_language


def test_report_needs_closed_phases_and_every_proposal_answered(demo: Any) -> None:
    officer, p = demo.user("officer"), h.process()
    with pytest.raises(ValidationError, match="po zakończeniu etapów"):
        services.report_publish(actor=officer, process=p, summary="Podsumowanie.")
    _close_phases(p)
    with pytest.raises(ValidationError, match="odpowiedz na wszystkie propozycje"):
        services.report_publish(actor=officer, process=p, summary="Podsumowanie.")
    for proposal in p.proposals.filter(state=ProposalState.SUBMITTED):
        services.proposal_answer(actor=officer, proposal=proposal, decision="accept", answer="Uwzględniono.")
    services.report_publish(actor=officer, process=p, summary="Podsumowanie.")
    p.refresh_from_db()
    assert p.state == ProcessState.REPORTED and p.report_published_at is not None


def test_a_started_phase_keeps_its_start_for_an_officer(demo: Any) -> None:
    phase = h.process().phases.get(allows_comment=True)
    with pytest.raises(ValidationError):
        services.phase_reschedule(
            actor=demo.user("officer"),
            phase=phase,
            starts_at=phase.starts_at + timedelta(days=1),
            ends_at=phase.ends_at,
        )
    # Phases do not overlap: the report phase that follows moves first, then the discussion is extended.
    report = h.process().phases.get(kind="report")
    officer = demo.user("officer")
    with pytest.raises(ValidationError, match="nakłada się na etap"):
        services.phase_reschedule(
            actor=officer, phase=phase, starts_at=phase.starts_at, ends_at=phase.ends_at + timedelta(days=7)
        )
    services.phase_reschedule(
        actor=demo.user("officer"),
        phase=report,
        starts_at=report.starts_at + timedelta(days=7),
        ends_at=report.ends_at + timedelta(days=7),
    )
    services.phase_reschedule(
        actor=demo.user("officer"), phase=phase, starts_at=phase.starts_at, ends_at=phase.ends_at + timedelta(days=7)
    )
