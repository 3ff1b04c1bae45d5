"""Issue 11 in delivery: one policy per aggregate; for every demo user and every record `can` and `scope` agree,
the rules wrap `can` and the lists come from `scope` (people, art. 49 programmes, flats)."""

from __future__ import annotations

from typing import Any

import pytest

from kooperacja.accounts.models import User
from kooperacja.core.policy import Policy, assert_policy_consistent
from kooperacja.delivery import policies, selectors

pytestmark = pytest.mark.django_db


def _fresh_users() -> list[Any]:
    return list(User.objects.all())  # new objects: no cached memberships


@pytest.mark.parametrize("policy", policies.ALL_POLICIES, ids=lambda p: type(p).__name__)
def test_can_and_scope_agree_for_every_demo_user_and_record(demo: Any, policy: Policy[Any]) -> None:
    objects = list(policy.model._default_manager.all()[:150])
    assert objects, f"the demo has {policy.model.__name__} records"
    users = _fresh_users()
    assert assert_policy_consistent(policy, users, objects) == len(users) * len(objects) * len(policy.actions)


def test_lists_and_rules_answer_alike(demo: Any) -> None:
    for user in _fresh_users():
        for person in selectors.people_visible_to(user)[:5]:
            assert user.has_perm("delivery.see_person", person)
        assert all(user.has_perm("delivery.operate_flat", f) for f in selectors.flats_visible_to(user))
        for programme in selectors.programmes_visible_to(user)[:5]:
            assert programme.person in selectors.people_visible_to(user) or user.has_perm(
                "delivery.approve_programme", programme
            )


def test_someone_elses_person_answers_404(demo: Any, client_as: Any) -> None:
    from django.urls import reverse

    person = selectors.people_visible_to(demo.user("social_worker")).first()
    outsider = User.objects.get(pk=demo.user("officer").pk)
    assert not outsider.has_perm("delivery.see_person", person)
    assert client_as("officer").get(reverse("delivery:person", args=[person.pk])).status_code == 404
