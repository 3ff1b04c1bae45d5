"""One policy per aggregate: who may do what to which record, answered two ways from one place.

Wagtail's permission policies: `can(user, action, obj)` answers for one object (pages, services, `rules`), and
`scope(user, action)` answers as a `Q` for lists and counts (selectors, the API). Both come from the same
definition, and a property test per policy checks, for every demo user and every object,
`obj in visible(user, action)` exactly when `can(user, action, obj)` (see `assert_policy_consistent`).

A policy writes `scope` (required) and may write `can` for speed (no query); without it `can` asks the
database with the scope, so the two can never disagree. `rules` permissions are registered from a policy with
`register_rules`, so templates and `require()` keep using `user.has_perm("app.verb_model", obj)`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, ClassVar, Generic, TypeVar

import rules
from django.db import models
from django.db.models import Q

M = TypeVar("M", bound=models.Model)

NOTHING: Q = Q(pk__in=[])  # matches no row (Django turns it into an empty result without a query)
EVERYTHING: Q = Q()


def signed_in(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


class Policy(Generic[M]):
    """Subclass per aggregate: set `model` and `actions`, write `scope`, optionally `can` and `can_without_object`."""

    model: ClassVar[type[models.Model]]
    actions: ClassVar[tuple[str, ...]] = ("view",)
    # True when the scope joins to-many relations and may repeat a row (then `visible` adds DISTINCT)
    scope_repeats_rows: ClassVar[bool] = False

    def _check_action(self, action: str) -> None:
        if action not in self.actions:
            raise ValueError(f"{type(self).__name__}: unknown action {action!r} (known: {self.actions})")

    def scope(self, user: Any, action: str) -> Q:
        """The records on which `user` may do `action`, as a filter on `model`."""
        raise NotImplementedError

    def can(self, user: Any, action: str, obj: M) -> bool:
        """Whether `user` may do `action` on `obj`. Default: one query through `scope`."""
        self._check_action(action)
        if obj is None or obj.pk is None:
            return False
        return self.model._default_manager.filter(self.scope(user, action), pk=obj.pk).exists()

    def can_without_object(self, user: Any, action: str) -> bool:
        """`has_perm(perm)` without an object (menus, "new" pages). Default: no."""
        return False

    def visible(self, user: Any, action: str = "view", base: models.QuerySet[M] | None = None) -> models.QuerySet[M]:
        self._check_action(action)
        qs = base if base is not None else self.model._default_manager.all()
        qs = qs.filter(self.scope(user, action))
        return qs.distinct() if self.scope_repeats_rows else qs

    def predicate(self, action: str) -> rules.Predicate:
        self._check_action(action)
        policy = self

        def check(user: Any, obj: Any = None) -> bool:
            if obj is None:
                return policy.can_without_object(user, action)
            return policy.can(user, action, obj)

        return rules.predicate(check, name=f"{type(self).__name__}.{action}")


def register_rules(app_label: str, policy: Policy[Any], perms: Mapping[str, str]) -> None:
    """`register_rules("commissioning", CallPolicy(), {"view_call": "view", "publish_call": "publish"})`."""
    for perm, action in perms.items():
        rules.set_perm(f"{app_label}.{perm}", policy.predicate(action))


def assert_policy_consistent(policy: Policy[Any], users: Iterable[Any], objects: Iterable[Any]) -> int:
    """For the tests: `can` and `scope` agree for every user, action and object. Returns the number of checks."""
    objects = list(objects)
    checked = 0
    disagreements = []
    for user in users:
        for action in policy.actions:
            in_scope = set(
                policy.visible(user, action).filter(pk__in=[o.pk for o in objects]).values_list("pk", flat=True)
            )
            for obj in objects:
                checked += 1
                if policy.can(user, action, obj) != (obj.pk in in_scope):
                    disagreements.append(f"{user} {action} {type(obj).__name__}#{obj.pk}: can={obj.pk not in in_scope}")
    if disagreements:
        raise AssertionError(f"{type(policy).__name__}: can() and scope() disagree:\n" + "\n".join(disagreements[:20]))
    return checked
