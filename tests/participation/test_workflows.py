"""Lifecycles: every table is consistent; hypothesis walks each one and a real plebiscite under random votes."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from kooperacja.core.workflow import Workflow
from kooperacja.participation import services
from kooperacja.participation.models import Ballot, Tally, VoterRecord
from kooperacja.participation.workflows import ALL_WORKFLOWS
from tests.participation import helpers as h


@pytest.mark.parametrize("workflow", ALL_WORKFLOWS, ids=lambda w: w.name)
def test_table_is_consistent(workflow: Workflow) -> None:
    workflow.check_consistency()


class _Obj:
    def __init__(self, field: str, value: str) -> None:
        setattr(self, field, value)


@pytest.mark.parametrize("workflow", ALL_WORKFLOWS, ids=lambda w: w.name)
def test_no_transition_outside_the_table(workflow: Workflow) -> None:
    names = [t.name for t in workflow]

    class TableMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.obj = _Obj(workflow.field, workflow.initial)

        @rule(name=st.sampled_from(names))
        def move(self, name: str) -> None:
            before = workflow.state_of(self.obj)
            t = workflow.get(name)
            if before in t.sources:
                workflow.apply(self.obj, name, reason="powód")
                assert workflow.state_of(self.obj) == t.target
            else:
                with pytest.raises(ValidationError):
                    workflow.apply(self.obj, name, reason="powód")
                assert workflow.state_of(self.obj) == before

        @invariant()
        def declared_and_final_is_final(self) -> None:
            state = workflow.state_of(self.obj)
            assert state in workflow.states.values
            if workflow.is_final(state):
                assert not workflow.available(self.obj)

    run_state_machine_as_test(TableMachine, settings=settings(max_examples=30, stateful_step_count=15, deadline=None))


CTX: dict[str, Any] = {}


class VotingMachine(RuleBasedStateMachine):
    """People (some sharing a PESEL, some voting twice) vote online and on paper through the real services.
    Invariants: one "has voted" record per person, one ballot per record, tallies equal the ballots' choices."""

    def __init__(self) -> None:
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.pleb = h.plebiscite()
        self.candidates = list(self.pleb.candidates.values_list("pk", flat=True))
        self.base_records = VoterRecord.objects.filter(plebiscite=self.pleb).count()
        self.people = CTX["people"]
        self.voted_keys: set[str] = set()
        self.voted_users: set[int] = set()
        self.number = 50_000

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)

    @rule(person=st.integers(0, 5), pesel=st.integers(0, 3), pick=st.integers(0, 3))
    def vote_online(self, person: int, pesel: int, pick: int) -> None:
        user = self.people[person]
        number = h.valid_pesel(serial=3000 + pesel)
        try:
            services.vote_cast(actor=user, plebiscite=self.pleb, choices=[self.candidates[pick]], pesel=number)
        except ValidationError:
            assert number in self.voted_keys or user.pk in self.voted_users
        else:
            assert number not in self.voted_keys and user.pk not in self.voted_users
            self.voted_keys.add(number)
            self.voted_users.add(user.pk)

    @rule(pesel=st.integers(0, 3), pick=st.integers(0, 3))
    def paper(self, pesel: int, pick: int) -> None:
        number = h.valid_pesel(serial=3000 + pesel)
        self.number += 1
        ballot = services.paper_ballot_enter(
            actor=CTX["officer"], plebiscite=self.pleb, number=self.number, full_name="X", pesel=number,
            choices=[self.candidates[pick]],
        )  # fmt: skip
        if number in self.voted_keys:
            assert ballot.problem == "collision"
        else:
            assert ballot.problem == "" and ballot.state == "valid"
            self.voted_keys.add(number)

    @invariant()
    def one_record_per_person_and_counts_agree(self) -> None:
        records = VoterRecord.objects.filter(plebiscite=self.pleb).count()
        assert records == self.base_records + len(self.voted_keys)
        assert Ballot.objects.filter(plebiscite=self.pleb).count() == records
        tallied = Tally.objects.filter(plebiscite=self.pleb).aggregate(s=Sum("votes"))["s"]
        assert tallied == sum(
            len(b) for b in Ballot.objects.filter(plebiscite=self.pleb).values_list("choices", flat=True)
        )


def test_voting_machine(demo: Any) -> None:
    from kooperacja.accounts.models import User

    CTX["people"] = list(User.objects.filter(email__startswith="mieszkaniec16").order_by("email")[:6])
    CTX["officer"] = demo.user("officer")
    assert len(CTX["people"]) == 6
    run_state_machine_as_test(
        VotingMachine,
        settings=settings(
            max_examples=8, stateful_step_count=12, deadline=None, suppress_health_check=list(HealthCheck)
        ),
    )
