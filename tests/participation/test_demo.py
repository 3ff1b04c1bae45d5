"""The demo scenario of participation: what the issue promises is there."""

from __future__ import annotations

from typing import Any

from kooperacja.participation import selectors
from kooperacja.participation.enums import CommentState, PaperBallotState, PaperProblem, ProcessState, ResultsState
from kooperacja.participation.models import Ballot, PaperBallot, VoterRecord
from tests.participation import helpers as h


def test_building_consultation_is_in_discussion(demo: Any) -> None:
    p = h.process()
    allowed = selectors.allowed_now(selectors.phases_of(p))
    assert {"comment", "propose", "survey", "attend"} <= allowed
    assert p.comments.count() >= 5
    assert p.comments.filter(channel="paper").count() == 1
    assert p.comments.filter(state=CommentState.HIDDEN).count() == 1
    assert p.workshops.count() == 2
    assert p.surveys.get().responses.count() >= 10


def test_motif_plebiscite_has_about_200_votes_and_one_collision(demo: Any) -> None:
    pleb = h.plebiscite()
    assert VoterRecord.objects.filter(plebiscite=pleb).count() == Ballot.objects.filter(plebiscite=pleb).count()
    assert 190 <= VoterRecord.objects.filter(plebiscite=pleb).count() <= 210
    queue = PaperBallot.objects.filter(plebiscite=pleb, state=PaperBallotState.PENDING)
    assert [b.problem for b in queue] == [PaperProblem.COLLISION]
    assert selectors.results(pleb).total_votes == Ballot.objects.filter(plebiscite=pleb).count()


def test_finished_consultation_and_plebiscite(demo: Any) -> None:
    assert h.process(h.FINISHED).state == ProcessState.REPORTED
    square = h.plebiscite(h.SQUARE)
    assert square.results_state == ResultsState.FINAL
    assert square.draws.count() == 1  # 4 : 4 : 2, the tie drawn and recorded
    assert square.winner_id == square.draws.get().winner_id


def test_demo_has_a_document_illustrations_and_a_follower(demo: Any) -> None:
    from kooperacja.participation.models import Subscription

    p = h.process()
    (doc,) = p.attachments.all()
    with doc.file.open("rb") as f:
        assert f.read(5) == b"%PDF-"
    assert Subscription.objects.filter(process=p, user=demo.user("resident")).exists()
    motifs = list(h.plebiscite().candidates.all())
    assert motifs and all(c.image and c.image_alt for c in motifs)
