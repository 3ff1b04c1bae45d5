"""Permissions of service delivery. Personal data: only staff of organisations that serve the person.

Seeing a person, working on and approving a programme and operating a flat wrap the policies (policies.py);
the rest are role checks."""

from __future__ import annotations

from typing import Any

import rules

from kooperacja.accounts import roles
from kooperacja.accounts.enums import Role
from kooperacja.accounts.rules import has_role, is_platform_admin

from . import policies
from .policies import STAFF_ROLES, staff_org_ids

is_delivery_staff = has_role(*STAFF_ROLES)


@rules.predicate
def delivers_service(user: Any, service: Any) -> bool:
    if service is None:
        return bool(staff_org_ids(user))
    return service.provider_id in staff_org_ids(user)


@rules.predicate
def works_for(user: Any, organisation: Any) -> bool:
    return organisation is not None and organisation.pk in staff_org_ids(user)


@rules.predicate
def is_outcome_reader(user: Any, service: Any = None) -> bool:
    return bool(roles.organisation_ids(user, Role.MUNICIPAL_OFFICER, Role.REGIONAL_ANALYST, verified_only=True))


rules.add_perm("delivery.register_person", is_delivery_staff)
rules.add_perm("delivery.deliver_service", delivers_service)
rules.add_perm("delivery.import_data", delivers_service)
rules.add_perm("delivery.add_flat", works_for | is_platform_admin)
rules.add_perm("delivery.view_outcomes", delivers_service | is_outcome_reader | is_platform_admin)
rules.add_perm("delivery.plan_outcomes", delivers_service | is_platform_admin)
rules.add_perm("delivery.open_delivery", is_delivery_staff | is_outcome_reader | is_platform_admin)

policies.register()
