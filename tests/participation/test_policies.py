"""Every policy: `can` and `scope` agree for every demo user (and the moderator) and every demo object."""

from __future__ import annotations

from typing import Any

import pytest

from kooperacja.core.policy import assert_policy_consistent
from kooperacja.demo.scenarios.foundation import USERS
from kooperacja.participation.models import Candidate, Comment, Plebiscite, Process, Proposal
from kooperacja.participation.policies import CANDIDATE, COMMENT, PLEBISCITE, PROCESS, PROPOSAL
from tests.participation import helpers as h

MODELS = {PROCESS: Process, COMMENT: Comment, PROPOSAL: Proposal, PLEBISCITE: Plebiscite, CANDIDATE: Candidate}


@pytest.mark.parametrize("policy", list(MODELS), ids=lambda p: type(p).__name__)
def test_policy_is_consistent(demo: Any, policy: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    users = [AnonymousUser(), h.moderator(), *(demo.user(key) for key, *_ in USERS)]
    objects = list(MODELS[policy].objects.all())
    assert objects
    assert assert_policy_consistent(policy, users, objects) > 0


def test_phase_decides_what_a_resident_may_do(demo: Any) -> None:
    resident = demo.user("resident")
    building, motif = h.process(), h.plebiscite().process
    assert resident.has_perm("participation.comment_process", building)
    assert resident.has_perm("participation.attend_process", building)
    assert not resident.has_perm("participation.vote_process", building)
    assert resident.has_perm("participation.vote_process", motif)
    assert not resident.has_perm("participation.propose_process", motif)  # the proposing phase is over


def test_draft_is_hidden_from_everyone_but_the_authority(demo: Any) -> None:
    from kooperacja.core.actors import SYSTEM
    from kooperacja.participation import services

    draft = services.process_create(
        actor=SYSTEM, authority=demo.org("um_hajnowka"), territory=demo.org("um_hajnowka").territory,
        kind="consultation", title="Szkic", subject_kind="free", description="Jeszcze niegotowe.",
    )  # fmt: skip
    assert demo.user("officer").has_perm("participation.view_process", draft)
    for key in ("resident", "social_worker", "admin", "analyst"):
        assert not demo.user(key).has_perm("participation.view_process", draft), key
    assert not h.moderator().has_perm("participation.moderate_process", draft)
