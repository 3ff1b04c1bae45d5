"""Permissions of the learning app: every one wraps a policy (policies.py), so pages, API and services agree."""

from __future__ import annotations

from typing import Any

import rules

from kooperacja.accounts import roles
from kooperacja.accounts.enums import Role
from kooperacja.core.policy import register_rules, signed_in

from .policies import CERTIFICATES, COHORTS, COURSES, ENROLMENTS, EXCHANGES, MATERIALS, STUDIES

register_rules("learning", MATERIALS, {"view_material": "view", "change_material": "change"})
register_rules("learning", COHORTS, {"view_cohort": "view", "change_cohort": "change"})
register_rules("learning", COURSES, {"view_course": "view", "manage_course": "manage", "enrol_course": "enrol"})
register_rules("learning", ENROLMENTS, {"view_enrolment": "view", "decide_enrolment": "decide"})
register_rules("learning", CERTIFICATES, {"view_certificate": "view", "revoke_certificate": "revoke"})
register_rules("learning", EXCHANGES, {"view_exchange": "view", "manage_exchange": "manage"})
register_rules("learning", STUDIES, {"view_study": "view", "manage_study": "manage"})


# The menu asks these on every page: they read only the memberships cached on the request (no query), not the
# full audience profile.


@rules.predicate
def _trainer(user: Any) -> bool:
    return signed_in(user) and (
        roles.is_platform_admin(user) or bool(roles.organisation_ids(user, Role.TRAINER, verified_only=True))
    )


@rules.predicate
def _coordinator(user: Any) -> bool:
    return signed_in(user) and (
        roles.is_platform_admin(user) or bool(roles.organisation_ids(user, Role.REGIONAL_ANALYST, verified_only=True))
    )


@rules.predicate
def _signed_in(user: Any) -> bool:
    return signed_in(user)


rules.set_perm("learning.add_material", _trainer)
rules.set_perm("learning.add_course", _trainer)
rules.set_perm("learning.see_trainer_panel", _trainer)
rules.set_perm("learning.see_coordination", _coordinator)
rules.set_perm("learning.see_my_learning", _signed_in)
rules.set_perm("learning.add_exchange", _trainer | _coordinator)
rules.set_perm("learning.add_study", _trainer | _coordinator)
rules.set_perm("learning.add_cohort", _trainer | _coordinator)
