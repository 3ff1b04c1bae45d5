"""Declared lifecycles: one `Workflow` of `Transition`s per state field, and the only way that field changes.

A model declares its state with `StateField` (a CharField whose value cannot be assigned once the object exists,
except inside `Workflow.apply`). A service moves an object with

    workflow.apply(obj, "publish", actor=actor, reason=...)   # checks source, permission and reason; sets state

then saves it, records its event and schedules side effects. Templates ask `workflow.available(obj, user)` for the
buttons to show instead of comparing states in the template. `Workflow.check_consistency()` (used by the tests)
fails on a transition whose source or target is not a state of the field, and on states that cannot be reached.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.query_utils import DeferredAttribute
from django.utils.functional import Promise
from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from .actors import Actor

_TRANSITIONING: contextvars.ContextVar[bool] = contextvars.ContextVar("kooperacja_transitioning", default=False)


@contextmanager
def state_change_allowed() -> Iterator[None]:
    """Lets code assign a `StateField`: used by `Workflow.apply` and by `refresh_from_db`, nothing else."""
    token = _TRANSITIONING.set(True)
    try:
        yield
    finally:
        _TRANSITIONING.reset(token)


class StateChangeOutsideWorkflow(AttributeError):
    """A state field was assigned outside `Workflow.apply` (a programming error, not a user's mistake)."""


class _GuardedState(DeferredAttribute):
    def __set__(self, instance: models.Model, value: Any) -> None:
        data = instance.__dict__
        attname = self.field.attname
        current = data.get(attname, _MISSING)
        # The first assignment (Model.__init__, from_db) is the object's state as it is; later ones are changes.
        if current is not _MISSING and current != value and not _TRANSITIONING.get():
            raise StateChangeOutsideWorkflow(
                f"{type(instance).__name__}.{attname} changes only through its workflow (core.workflow.Workflow.apply)"
            )
        data[attname] = value


_MISSING = object()


class StateField(models.CharField):
    """The state of a lifecycle. Assigning a new value outside `Workflow.apply` raises."""

    descriptor_class = _GuardedState

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 32)
        kwargs.setdefault("db_index", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)

    def contribute_to_class(self, cls: type[models.Model], name: str, *args: Any, **kwargs: Any) -> None:
        super().contribute_to_class(cls, name, *args, **kwargs)
        if not cls._meta.abstract and not issubclass(cls, WorkflowModel) and cls.__module__ != "__fake__":
            raise TypeError(
                f"{cls.__name__}.{name}: a model with a StateField derives from core.workflow.WorkflowModel"
            )

    def clone(self) -> StateField:
        # deconstruct() leaves out db_index=False (CharField's default); keep it, or __init__ would default it to True
        _name, _path, args, kwargs = self.deconstruct()
        kwargs["db_index"] = self.db_index
        return self.__class__(*args, **kwargs)

    def deconstruct(self) -> Any:
        # Migrations see a plain CharField: the guard is behaviour, not schema.
        name, _path, args, kwargs = super().deconstruct()
        if kwargs.get("editable") is False:
            kwargs.pop("editable")
        return name, "django.db.models.CharField", args, kwargs


class WorkflowModel(models.Model):
    """Base for models with a `StateField`: re-reading from the database may set the state."""

    class Meta:
        abstract = True

    def refresh_from_db(self, *args: Any, **kwargs: Any) -> None:
        with state_change_allowed():
            super().refresh_from_db(*args, **kwargs)


class TransitionNotAllowed(ValidationError):
    """The transition does not start from the object's current state (shown to the user as a form error)."""


@dataclass(frozen=True)
class Transition:
    name: str
    label: str | Promise
    sources: tuple[str, ...]
    target: str
    needs_reason: bool = False  # a written reason or outcome is required (decline, return, not completed...)
    permission: str = ""  # the `rules` permission on the object; empty: the service checks its own
    button: str = "primary"  # how a template draws it: primary, secondary, danger


class Workflow:
    """The lifecycle of one state field of one model."""

    def __init__(
        self,
        name: str,
        *,
        states: type[models.TextChoices],
        initial: str,
        transitions: Iterable[Transition],
        field: str = "state",
        final: Iterable[str] = (),
    ) -> None:
        self.name = name
        self.states = states
        self.initial = initial
        self.field = field
        self.final = tuple(final)
        self.transitions: tuple[Transition, ...] = tuple(transitions)
        self._by_name: dict[str, Transition] = {}
        for t in self.transitions:
            if t.name in self._by_name:
                raise ValueError(f"{self.name}: transition {t.name!r} declared twice")
            self._by_name[t.name] = t

    def __repr__(self) -> str:
        return f"<Workflow {self.name}>"

    # --- reading ---------------------------------------------------------------------------------------------

    def __iter__(self) -> Iterator[Transition]:
        return iter(self.transitions)

    def get(self, name: str) -> Transition:
        try:
            return self._by_name[name]
        except KeyError:
            raise TransitionNotAllowed(_("Nieznana czynność: %(name)s.") % {"name": name}) from None

    def state_of(self, obj: Any) -> str:
        return str(getattr(obj, self.field))

    def label_of(self, state: str) -> str:
        try:
            return str(self.states(state).label)
        except ValueError:
            return state

    def from_state(self, state: str) -> list[Transition]:
        return [t for t in self.transitions if state in t.sources]

    def targets(self, state: str) -> set[str]:
        return {t.target for t in self.from_state(state)}

    def can(self, obj: Any, name: str) -> bool:
        t = self._by_name.get(name)
        return t is not None and self.state_of(obj) in t.sources

    def available(self, obj: Any, user: Any = None) -> list[Transition]:
        """The transitions open from the object's state that `user` may make (all of them when no user given)."""
        state = self.state_of(obj)
        found = []
        for t in self.transitions:
            if state not in t.sources:
                continue
            if user is not None and t.permission and not user.has_perm(t.permission, obj):
                continue
            found.append(t)
        return found

    def is_final(self, obj_or_state: Any) -> bool:
        state = obj_or_state if isinstance(obj_or_state, str) else self.state_of(obj_or_state)
        return state in self.final

    # --- changing --------------------------------------------------------------------------------------------

    def transition(self, state: str, name: str) -> Transition:
        """The transition `name` if it starts from `state`, else TransitionNotAllowed with a Polish message."""
        t = self.get(name)
        if state not in t.sources:
            raise TransitionNotAllowed(
                _("Czynność „%(action)s” nie jest możliwa, gdy stan to „%(state)s”.")
                % {"action": t.label, "state": self.label_of(state)}
            )
        return t

    def apply(self, obj: Any, name: str, *, actor: Actor | None = None, reason: str = "") -> Transition:
        """Check and make the transition on `obj` (not saved). The caller holds the row lock and saves."""
        from .actors import require

        t = self.transition(self.state_of(obj), name)
        if t.permission and actor is not None:
            require(actor, t.permission, obj)
        if t.needs_reason and not reason.strip():
            raise ValidationError({"reason": _("Podaj uzasadnienie.")})
        with state_change_allowed():
            setattr(obj, self.field, t.target)
        return t

    def force(self, obj: Any, state: str) -> None:
        """Set a state without a transition: only for data migrations and the demo's historical records."""
        if state not in self.states.values:
            raise ValueError(f"{self.name}: unknown state {state!r}")
        with state_change_allowed():
            setattr(obj, self.field, state)

    # --- checks for tests -------------------------------------------------------------------------------------

    def check_consistency(self) -> None:
        """Every state named exists; every state is reachable from the initial one; final states are dead ends."""
        values = set(self.states.values)
        problems = []
        if self.initial not in values:
            problems.append(f"initial {self.initial!r} is not a state")
        for t in self.transitions:
            for s in (*t.sources, t.target):
                if s not in values:
                    problems.append(f"{t.name}: {s!r} is not a state")
        reached = {self.initial}
        frontier = [self.initial]
        while frontier:
            state = frontier.pop()
            for target in self.targets(state):
                if target not in reached:
                    reached.add(target)
                    frontier.append(target)
        unreachable = values - reached
        if unreachable:
            problems.append(f"unreachable states: {sorted(unreachable)}")
        for state in self.final:
            if self.from_state(state):
                problems.append(f"final state {state!r} has outgoing transitions")
        if problems:
            raise AssertionError(f"workflow {self.name}: " + "; ".join(problems))
