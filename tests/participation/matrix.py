"""Permission matrix rows of participation: residents take part, the town's officer runs, others only read."""

from __future__ import annotations

from typing import Any

from tests.matrix import EVERYONE, FORBIDDEN, LOGGED_IN, NOT_FOUND, Case, allowed
from tests.participation import helpers as h

OFFICER = allowed("officer")


def pk(fn: Any) -> Any:
    return lambda d: {"pk": fn().pk}


B = pk(h.process)
F = pk(lambda: h.process(h.FINISHED))
M = pk(h.plebiscite)
SQ = pk(lambda: h.plebiscite(h.SQUARE))


def _proposal() -> Any:
    return h.process().proposals.get(title__startswith="Kącik")


def _candidate() -> Any:
    return h.plebiscite().candidates.order_by("number").first()


def _motif_voting_ended() -> Any:
    from datetime import timedelta

    from django.utils import timezone

    from kooperacja.core.actors import SYSTEM
    from kooperacja.participation import services

    pleb = h.plebiscite()
    now = timezone.now()
    services.phase_reschedule(
        actor=SYSTEM, phase=pleb.voting_phase, starts_at=pleb.voting_phase.starts_at, ends_at=now - timedelta(minutes=1)
    )
    return pleb


def _proposed_candidate() -> Any:
    """A resident's candidate waiting for the formal check, in a plebiscite whose voting has not started (once it
    has, the ballot is fixed and candidate_decide refuses), of Hajnówka's office (a draft: others get 404)."""
    from datetime import timedelta

    from django.utils import timezone

    from kooperacja.core.actors import SYSTEM
    from kooperacja.participation import services
    from kooperacja.participation.models import Candidate

    motif = h.plebiscite()
    p = services.process_create(
        actor=SYSTEM, authority=motif.process.authority, territory=motif.process.territory, kind="plebiscite",
        title="Plebiscyt przyszły", subject_kind="free", description="Głosowanie za tydzień.",
    )  # fmt: skip
    now = timezone.now()
    voting = services.phase_add(
        actor=SYSTEM, process=p, kind="voting", starts_at=now + timedelta(days=7), ends_at=now + timedelta(days=14),
        allows=("vote",),
    )  # fmt: skip
    pleb = services.plebiscite_create(actor=SYSTEM, process=p, voting_phase=voting)
    return Candidate.objects.create(
        plebiscite=pleb, title="Propozycja mieszkanki", description="Do oceny formalnej.", number=99
    )


def _pending_ballot() -> Any:
    return h.plebiscite().paper_ballots.get(state="pending")


# asserted exactly: the status of every denial and the effect of every POST (tests/matrix.py)
EXACT = True

CASES = [
    Case("participation:process_list", EVERYONE),
    Case("participation:process_create", OFFICER),
    Case("participation:my_activity", LOGGED_IN),
    Case("participation:moderation", OFFICER, note="and the appointed moderator (not a matrix role)"),
    Case("participation:receipt", EVERYONE),
    Case("participation:process_detail", EVERYONE, kwargs=B),
    Case("participation:process_detail", EVERYONE, kwargs=pk(lambda: h.plebiscite().process)),
    Case("participation:phase_add", OFFICER, kwargs=B),
    Case(
        "participation:phase_edit",
        OFFICER,
        kwargs=lambda d: {"pk": h.process().phases.get(kind="report").pk},
        note="404 for everyone else",
    ),
    Case("participation:attachment_add", OFFICER, kwargs=B),
    Case(
        "participation:attachment_remove",
        OFFICER,
        kwargs=lambda d: {"pk": h.process().attachments.first().pk},
        method="post",
        ok_status=(302,),
    ),
    Case(
        "participation:process_follow",
        LOGGED_IN,
        kwargs=pk(lambda: h.plebiscite().process),
        method="post",
        data=lambda d: {"follow": "1"},
        ok_status=(302,),
        note="a published process; nobody in the demo follows it yet, so the follow is recorded for every role",
    ),
    Case("participation:process_move", OFFICER, kwargs=lambda d: {"pk": h.process().pk, "transition": "cancel"}),
    Case(
        "participation:comment_add",
        LOGGED_IN,
        kwargs=B,
        method="post",
        data=lambda d: {"body": "Uwaga z macierzy uprawnień."},
        ok_status=(302,),
        note="the discussion phase is open: every signed-in person may comment",
    ),
    Case(
        "participation:proposal_add",
        LOGGED_IN,
        kwargs=B,
        method="post",
        data=lambda d: {"p-title": "Propozycja z macierzy", "p-body": "Opis propozycji z macierzy uprawnień."},
        ok_status=(302,),
    ),
    Case("participation:paper_submission", OFFICER, kwargs=B),
    Case("participation:plebiscite_rules", OFFICER, kwargs=pk(lambda: h.plebiscite().process)),
    Case("participation:workshop_add", OFFICER, kwargs=B),
    Case("participation:survey_create", OFFICER, kwargs=B),
    Case("participation:section_add", OFFICER, kwargs=B),
    Case("participation:report", EVERYONE, kwargs=F),
    Case(
        "participation:report",
        OFFICER,
        kwargs=B,
        anonymous=NOT_FOUND,
        note="before publication only the officer previews it; for everyone else the report does not exist yet",
    ),
    Case("participation:report_pdf", EVERYONE, kwargs=F),
    Case("participation:report_publish", OFFICER, kwargs=B),
    Case("participation:comment_report", LOGGED_IN, kwargs=pk(h.comment)),
    Case("participation:comment_moderate", OFFICER, kwargs=pk(h.comment)),
    Case(
        "participation:proposal_support",
        LOGGED_IN,
        kwargs=pk(_proposal),
        method="post",
        ok_status=(302,),
    ),
    Case("participation:proposal_answer", OFFICER, kwargs=pk(_proposal)),
    Case("participation:survey", EVERYONE, kwargs=pk(lambda: h.process().surveys.get())),
    Case("participation:workshop", EVERYONE, kwargs=pk(h.workshop)),
    Case(
        "participation:workshop_minutes",
        OFFICER,
        kwargs=pk(h.workshop),
        denied=FORBIDDEN,
        note="the workshop page is public: others may know it exists, but only the officer writes its record",
    ),
    Case("participation:vote", LOGGED_IN, kwargs=M),
    Case(
        "participation:vote_reminder",
        LOGGED_IN,
        kwargs=M,
        method="post",
        data=lambda d: {"remind": "0"},
        ok_status=(302,),
        note="'do not remind me' about an unfinished vote: recorded (with an event) for anyone who may see the vote",
    ),
    Case("participation:vote_code", EVERYONE, kwargs=M, note="the code is the credential: no account needed"),
    Case("participation:results", EVERYONE, kwargs=M, note="the page says when results will be shown"),
    Case("participation:results", EVERYONE, kwargs=SQ),
    Case("participation:results_export", EVERYONE, kwargs=lambda d: {"pk": h.plebiscite(h.SQUARE).pk, "fmt": "csv"}),
    Case("participation:results_pdf", EVERYONE, kwargs=SQ),
    Case(
        "participation:results_move",
        OFFICER,
        kwargs=lambda d: {"pk": _motif_voting_ended().pk, "transition": "publish"},
        method="post",
        ok_status=(302,),
        note="the motif plebiscite after its voting phase ended (results still counting, so they can be published)",
    ),
    Case(
        "participation:candidate_add",
        OFFICER,
        kwargs=M,
        denied=FORBIDDEN,
        note="the proposing phase is over; the plebiscite is public, so others get 403",
    ),
    Case("participation:paper_ballots", OFFICER, kwargs=M),
    Case("participation:codes_issue", OFFICER, kwargs=M),
    Case("participation:candidate_detail", EVERYONE, kwargs=pk(_candidate)),
    Case(
        "participation:candidate_image",
        allowed(),
        kwargs=pk(_candidate),
        denied=FORBIDDEN,
        note="voting has started: the ballot is frozen, even the officer gets 403 (the candidate is public)",
    ),
    Case(
        "participation:candidate_decide",
        OFFICER,
        kwargs=lambda d: {"pk": _proposed_candidate().pk, "decision": "admit"},
        method="post",
        ok_status=(302,),
        note="a candidate proposed by a resident, waiting for the formal check (404: others do not see it)",
    ),
    Case("participation:ballot_resolve", OFFICER, kwargs=pk(_pending_ballot)),
]
