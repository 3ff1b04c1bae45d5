"""The shared pieces every app builds on: the system actor and require(), workflows, policies, event verbs."""

from __future__ import annotations

import pickle
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.test.utils import isolate_apps
from hypothesis import given, settings
from hypothesis import strategies as st

from kooperacja.core import events
from kooperacja.core.actors import SYSTEM, SystemActor, is_system, require
from kooperacja.core.models import Territory
from kooperacja.core.policy import NOTHING, Policy, assert_policy_consistent, signed_in
from kooperacja.core.workflow import (
    StateChangeOutsideWorkflow,
    StateField,
    Transition,
    TransitionNotAllowed,
    Workflow,
    WorkflowModel,
)

# --- actors -------------------------------------------------------------------------------------------------


def test_system_actor_is_one_object_that_passes_every_check() -> None:
    assert SystemActor() is SYSTEM
    assert pickle.loads(pickle.dumps(SYSTEM)) is SYSTEM  # noqa: S301 (our own bytes)
    assert is_system(SYSTEM)
    require(SYSTEM, "commissioning.publish_call", object())
    assert not SYSTEM.is_authenticated  # never mistaken for a signed-in person


def test_require_refuses_none_and_users_without_the_permission(demo: Any) -> None:
    with pytest.raises(TypeError):
        require(None, "commissioning.publish_call")  # type: ignore[arg-type]
    resident = demo.user("resident")
    with pytest.raises(PermissionDenied):
        require(resident, "commissioning.add_call")
    with pytest.raises(Http404):
        require(resident, "commissioning.add_call", hide=True)


# --- workflow -----------------------------------------------------------------------------------------------


class Door(models.TextChoices):
    CLOSED = "closed", "zamknięte"
    OPEN = "open", "otwarte"
    LOCKED = "locked", "zamknięte na klucz"
    GONE = "gone", "zlikwidowane"


DOOR = Workflow(
    "drzwi",
    states=Door,
    initial=Door.CLOSED,
    transitions=[
        Transition("open", "Otwórz", (Door.CLOSED,), Door.OPEN),
        Transition("close", "Zamknij", (Door.OPEN,), Door.CLOSED),
        Transition("lock", "Zamknij na klucz", (Door.CLOSED,), Door.LOCKED, permission="core.lock_door"),
        Transition("unlock", "Otwórz zamek", (Door.LOCKED,), Door.CLOSED),
        Transition("remove", "Zlikwiduj", (Door.CLOSED, Door.LOCKED), Door.GONE, needs_reason=True),
    ],
    final=(Door.GONE,),
)


@isolate_apps("kooperacja.core")
def test_state_field_changes_only_through_the_workflow() -> None:
    class Room(WorkflowModel):
        state = StateField(choices=Door.choices, default=Door.CLOSED)

        class Meta:
            app_label = "core"

    room = Room()
    assert room.state == Door.CLOSED
    with pytest.raises(StateChangeOutsideWorkflow):
        room.state = Door.OPEN
    room.state = Door.CLOSED  # the same value is no change
    DOOR.apply(room, "open")
    assert room.state == Door.OPEN
    with pytest.raises(TransitionNotAllowed) as excinfo:
        DOOR.apply(room, "lock")
    assert "nie jest możliwa" in str(excinfo.value.messages[0])
    assert "otwarte" in str(excinfo.value.messages[0])  # the state's label, not its code
    assert Room(state=Door.LOCKED).state == Door.LOCKED  # creating an object in any state is allowed
    assert "editable" not in Room._meta.get_field("state").deconstruct()[3]


@isolate_apps("kooperacja.core")
def test_state_field_needs_workflow_model() -> None:
    with pytest.raises(TypeError):

        class Plain(models.Model):
            state = StateField(choices=Door.choices)

            class Meta:
                app_label = "core"


def test_reason_is_required_where_declared() -> None:
    class Obj:
        state = Door.CLOSED

    with pytest.raises(ValidationError) as excinfo:
        DOOR.apply(Obj(), "remove", reason="  ")
    assert "reason" in excinfo.value.message_dict
    obj = Obj()
    DOOR.apply(obj, "remove", reason="rozbiórka")
    assert obj.state == Door.GONE


def test_available_filters_by_state_and_permission(demo: Any) -> None:
    class Obj:
        state = Door.CLOSED

    names = [t.name for t in DOOR.available(Obj())]
    assert names == ["open", "lock", "remove"]
    resident = demo.user("resident")  # holds no core.lock_door permission
    assert [t.name for t in DOOR.available(Obj(), resident)] == ["open", "remove"]
    with pytest.raises(PermissionDenied):
        DOOR.apply(Obj(), "lock", actor=resident)
    obj = Obj()
    DOOR.apply(obj, "lock", actor=SYSTEM)
    assert obj.state == Door.LOCKED


def test_consistency_check_finds_unreachable_and_unknown_states() -> None:
    DOOR.check_consistency()
    broken = Workflow(
        "zepsuty",
        states=Door,
        initial=Door.CLOSED,
        transitions=[Transition("open", "Otwórz", (Door.CLOSED,), "ajar")],
    )
    with pytest.raises(AssertionError, match="ajar"):
        broken.check_consistency()
    with pytest.raises(ValueError, match="twice"):
        Workflow("x", states=Door, initial=Door.CLOSED, transitions=[DOOR.get("open"), DOOR.get("open")])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([t.name for t in DOOR]), max_size=12))
def test_random_walks_stay_inside_the_declared_table(steps: list[str]) -> None:
    class Obj:
        state = Door.CLOSED

    obj = Obj()
    for name in steps:
        before = obj.state
        if DOOR.can(obj, name):
            t = DOOR.apply(obj, name, reason="powód")
            assert before in t.sources and obj.state == t.target
        else:
            with pytest.raises(TransitionNotAllowed):
                DOOR.apply(obj, name, reason="powód")
            assert obj.state == before
        if DOOR.is_final(obj):
            assert DOOR.available(obj) == []


# --- policy -------------------------------------------------------------------------------------------------


class GminaPolicy(Policy[Territory]):
    """Signed-in users see gminas of their home powiat; everyone sees voivodeships."""

    model = Territory
    actions = ("view",)

    def scope(self, user: Any, action: str) -> Q:
        q = Q(kind="voivodeship")
        if signed_in(user) and user.home_territory_id:
            home = Territory.objects.get(pk=user.home_territory_id)
            q |= Q(kind="gmina", code__startswith=home.code[:4])
        return q

    def can(self, user: Any, action: str, obj: Territory) -> bool:
        if obj.kind == "voivodeship":
            return True
        if not signed_in(user) or not user.home_territory_id or obj.kind != "gmina":
            return False
        return obj.code.startswith(user.home_territory.code[:4])


class DriftedPolicy(GminaPolicy):
    def can(self, user: Any, action: str, obj: Territory) -> bool:
        return obj.kind in ("voivodeship", "powiat")  # wrongly lets powiats through


def _sample() -> list[Territory]:
    return [*Territory.objects.filter(kind="voivodeship")[:3], *Territory.objects.filter(code__startswith="2005")]


def test_policy_can_and_scope_agree(demo: Any) -> None:
    from django.contrib.auth.models import AnonymousUser

    users = [AnonymousUser(), demo.user("resident"), demo.user("social_worker"), demo.user("officer")]
    checked = assert_policy_consistent(GminaPolicy(), users, _sample())
    assert checked > 20
    with pytest.raises(AssertionError, match="disagree"):
        assert_policy_consistent(DriftedPolicy(), users, _sample())


def test_default_can_asks_the_scope(demo: Any) -> None:
    class ScopeOnly(Policy[Territory]):
        model = Territory

        def scope(self, user: Any, action: str) -> Q:
            return Q(kind="voivodeship") if signed_in(user) else NOTHING

    policy = ScopeOnly()
    voivodeship = Territory.objects.filter(kind="voivodeship").first()
    assert policy.can(demo.user("resident"), "view", voivodeship)
    from django.contrib.auth.models import AnonymousUser

    assert not policy.can(AnonymousUser(), "view", voivodeship)
    assert policy.visible(AnonymousUser()).count() == 0
    with pytest.raises(ValueError, match="unknown action"):
        policy.can(demo.user("resident"), "delete", voivodeship)


# --- events -------------------------------------------------------------------------------------------------


def test_declared_verbs_have_labels_and_undeclared_show_no_code() -> None:
    assert events.is_declared("core.teryt_imported")
    assert events.label_for("core.teryt_imported") == "Zaimportowano rejestr TERYT"
    assert events.label_for("nobody.declared_this") == "Zdarzenie"
    with pytest.raises(ValueError, match=r"app\.verb"):

        @events.declare
        class Bad(models.TextChoices):
            NO_DOT = "nodot", "bez kropki"


@isolate_apps("kooperacja.core")
def test_state_field_clone_keeps_db_index() -> None:
    class Plan(WorkflowModel):
        state = StateField(choices=Door.choices, db_index=False)
        other = StateField(choices=Door.choices)

        class Meta:
            app_label = "core"

    assert Plan._meta.get_field("state").clone().db_index is False
    assert Plan._meta.get_field("other").clone().db_index is True
