"""Policies: for every demo user and every demo record, `can` and `scope` answer the same (issue 11, §1), the
platform administrator stays outside (least privilege), and the split's rule agrees with its lists."""

from __future__ import annotations

from typing import Any

import pytest

from kooperacja.accounts.models import User
from kooperacja.consortia import policies, selectors, services
from kooperacja.core.policy import Policy, assert_policy_consistent

from . import helpers as h


def _fresh_users() -> list[Any]:
    return list(User.objects.all())  # new objects: no cached memberships or consortium access


@pytest.mark.parametrize("policy", policies.ALL_POLICIES, ids=lambda p: type(p).__name__)
def test_can_and_scope_agree_for_every_demo_user_and_record(demo: Any, policy: Policy[Any]) -> None:
    objects = list(policy.model._default_manager.all()[:200])
    if policy is policies.plans or policy is policies.allocations:
        h.make_approved_plan(demo, h.make_contract(demo))  # an approved version the authority's officer sees
        contract = h.make_contract(demo)
        services.plan_create(
            actor=demo.user("coordinator"),
            consortium=h.consortium(),
            contract=contract,
            rows=h.split_rows(demo, contract),
        )  # and a draft it does not
        objects = list(policy.model._default_manager.all()[:200])
    assert objects, f"the demo has {policy.model.__name__} records"
    checked = assert_policy_consistent(policy, _fresh_users(), objects)
    assert checked >= len(objects)


def test_platform_admin_sees_no_internal_record(demo: Any) -> None:
    admin = User.objects.get(pk=demo.user("admin").pk)
    for policy in policies.ALL_POLICIES:
        for action in policy.actions:
            if policy is policies.consortia and action == "view":
                continue  # the public profile
            assert not policy.visible(admin, action).exists(), (type(policy).__name__, action)


def test_authority_officer_sees_an_approved_split_but_not_a_draft(demo: Any) -> None:
    """Regression: the `view_split` rule allowed the contract's officer to see a draft version that every list
    (plans_visible_to) hid; both now come from PlanPolicy."""
    approved = h.make_approved_plan(demo, h.make_contract(demo))
    contract = h.make_contract(demo)
    draft = services.plan_create(
        actor=demo.user("coordinator"), consortium=h.consortium(), contract=contract, rows=h.split_rows(demo, contract)
    )
    officer = User.objects.get(pk=demo.user("officer").pk)
    assert officer.has_perm("consortia.view_split", approved)
    assert not officer.has_perm("consortia.view_split", draft)
    visible = set(selectors.plans_visible_to(officer).values_list("pk", flat=True))
    assert approved.pk in visible and draft.pk not in visible
