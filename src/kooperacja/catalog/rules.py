"""Permissions of the services catalogue."""

from __future__ import annotations

from typing import Any

import rules

from kooperacja.accounts import roles
from kooperacja.accounts.enums import Role
from kooperacja.accounts.rules import has_role, is_platform_admin

from .enums import ServiceStatus

SERVICE_ROLES = (Role.PES_STAFF, Role.SOCIAL_WORKER, Role.MUNICIPAL_OFFICER, Role.CONSORTIUM_COORDINATOR)
can_run_services = has_role(*SERVICE_ROLES)


@rules.predicate
def is_public_service(user: Any, service: Any) -> bool:
    if service is None:
        return True
    return service.status == ServiceStatus.ACTIVE and service.provider.is_verified


@rules.predicate
def works_for_provider(user: Any, service: Any) -> bool:
    if service is None:
        return bool(roles.organisation_ids(user, *SERVICE_ROLES, verified_only=True))
    return service.provider_id in roles.organisation_ids(user, *SERVICE_ROLES, verified_only=True)


@rules.predicate
def is_member_of_provider(user: Any, service: Any) -> bool:
    return service is not None and service.provider_id in roles.organisation_ids(user)


rules.add_perm("catalog.view_service", is_public_service | is_member_of_provider | is_platform_admin)
rules.add_perm("catalog.add_service", can_run_services | is_platform_admin)
rules.add_perm("catalog.change_service", works_for_provider | is_platform_admin)
rules.add_perm("catalog.check_compliance", works_for_provider | is_platform_admin)
rules.add_perm("catalog.export_hsds", rules.always_allow)
