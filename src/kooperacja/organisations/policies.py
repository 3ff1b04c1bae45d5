"""Who may see and change which organisation, and decide which join request: one policy per aggregate.

- OrganisationPolicy
  - view: a verified organisation is public; its members (any role, any verification) see it before
    verification; the platform administrator sees all.
  - change (and deciding join requests): an administrator of the organisation, or the platform administrator.
  - view_members: a member of the organisation, or the platform administrator.
- MembershipPolicy
  - decide: a membership (join request) of an organisation the user administers, or any for the platform admin.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from kooperacja.accounts import roles
from kooperacja.core.policy import EVERYTHING, Policy, register_rules

from .models import Membership, Organisation

# the memberships (and their organisations' verification and territory) are the first of every user's role facts
roles.watch(Membership, Organisation)


class OrganisationPolicy(Policy[Organisation]):
    model = Organisation
    actions = ("view", "change", "view_members")

    def scope(self, user: Any, action: str) -> Q:
        self._check_action(action)
        if roles.is_platform_admin(user):
            return EVERYTHING
        if action == "view":
            return Q(is_verified=True) | Q(pk__in=roles.organisation_ids(user))
        if action == "change":
            return Q(pk__in=roles.organisation_ids(user, admin_only=True))
        return Q(pk__in=roles.organisation_ids(user))

    def can(self, user: Any, action: str, obj: Organisation) -> bool:
        self._check_action(action)
        if obj is None:
            return False
        if roles.is_platform_admin(user):
            return True
        if action == "view":
            return obj.is_verified or obj.pk in roles.organisation_ids(user)
        if action == "change":
            return obj.pk in roles.organisation_ids(user, admin_only=True)
        return obj.pk in roles.organisation_ids(user)


class MembershipPolicy(Policy[Membership]):
    model = Membership
    actions = ("decide",)

    def scope(self, user: Any, action: str) -> Q:
        self._check_action(action)
        if roles.is_platform_admin(user):
            return EVERYTHING
        return Q(organisation_id__in=roles.organisation_ids(user, admin_only=True))

    def can(self, user: Any, action: str, obj: Membership) -> bool:
        self._check_action(action)
        if obj is None:
            return False
        return roles.is_platform_admin(user) or obj.organisation_id in roles.organisation_ids(user, admin_only=True)

    def can_without_object(self, user: Any, action: str) -> bool:
        return roles.is_platform_admin(user) or bool(roles.organisation_ids(user, admin_only=True))


organisations = OrganisationPolicy()
memberships = MembershipPolicy()
ALL_POLICIES = (organisations, memberships)


def register() -> None:
    register_rules(
        "organisations",
        organisations,
        {
            "view_organisation": "view",
            "change_organisation": "change",
            "decide_membership": "change",
            "view_members": "view_members",
        },
    )
    register_rules(
        "organisations", memberships, {"decide_join_request": "decide", "view_membership_requests": "decide"}
    )
