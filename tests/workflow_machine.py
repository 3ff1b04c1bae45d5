"""The one hypothesis state machine for a declared lifecycle table (core.workflow), shared by every app's
`test_no_transition_outside_the_table`.

`walk_table(workflow)` walks random sequences of the workflow's transitions (and an undeclared one) on a plain
object, with and without a reason: a move the table allows lands on its target; a move it does not allow, or one
that needs a reason given none, is refused and changes nothing; the state is always a declared one, and the
declared final states are exactly the dead ends (`final_is_dead_end`, on where the app declares finals).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from kooperacja.core.workflow import Workflow

UNDECLARED = "teleport"


class _Obj:
    """A stand-in for a model: only the workflow's state field."""

    def __init__(self, field: str, state: str) -> None:
        setattr(self, field, state)


def walk_table(
    workflow: Workflow, *, max_examples: int = 30, steps: int = 20, final_is_dead_end: bool | None = None
) -> None:
    names = sorted(t.name for t in workflow)
    dead_ends = bool(workflow.final) if final_is_dead_end is None else final_is_dead_end

    class TableMachine(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            self.obj: Any = _Obj(workflow.field, str(workflow.initial))

        @rule(name=st.sampled_from([*names, UNDECLARED]), reason=st.sampled_from(["", "  ", "powód"]))
        def move(self, name: str, reason: str) -> None:
            before = workflow.state_of(self.obj)
            if workflow.can(self.obj, name) and (reason.strip() or not workflow.get(name).needs_reason):
                t = workflow.apply(self.obj, name, reason=reason)
                assert workflow.state_of(self.obj) == t.target
                return
            # TransitionNotAllowed is a ValidationError (with a Polish message): the refusal reaches the user
            with pytest.raises(ValidationError):
                workflow.apply(self.obj, name, reason=reason)
            assert workflow.state_of(self.obj) == before

        @invariant()
        def state_is_declared(self) -> None:
            state = workflow.state_of(self.obj)
            assert state in workflow.states.values
            if dead_ends:
                assert workflow.is_final(state) == (not workflow.from_state(state)), state

    run_state_machine_as_test(
        TableMachine, settings=settings(max_examples=max_examples, stateful_step_count=steps, deadline=None)
    )
