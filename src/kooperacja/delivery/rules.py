"""Permissions of service delivery. Personal data: only staff of organisations that serve the person."""

from __future__ import annotations

from typing import Any

import rules

from kooperacja.accounts import roles
from kooperacja.accounts.enums import Role
from kooperacja.accounts.rules import has_role, is_platform_admin
from kooperacja.organisations.enums import LegalForm

# Roles that work with beneficiaries (they all require 2FA, accounts.enums.ROLES_REQUIRING_2FA).
STAFF_ROLES = (Role.PES_STAFF, Role.SOCIAL_WORKER, Role.CONSORTIUM_COORDINATOR)
is_delivery_staff = has_role(*STAFF_ROLES)


def staff_org_ids(user: Any) -> set[int]:
    return roles.organisation_ids(user, *STAFF_ROLES, verified_only=True)


def ops_head_org_ids(user: Any) -> set[int]:
    """OPS organisations in which the user may approve art. 49 programmes: a social worker who administers the
    organisation on the platform acts as (or for) the head of the OPS."""
    return roles.organisation_ids(user, Role.SOCIAL_WORKER, verified_only=True, admin_only=True)


@rules.predicate
def serves_person(user: Any, person: Any) -> bool:
    if person is None:
        return bool(staff_org_ids(user))
    ids = staff_org_ids(user)
    if not ids:
        return False
    return person.served_by.filter(organisation_id__in=ids).exists()


@rules.predicate
def delivers_service(user: Any, service: Any) -> bool:
    if service is None:
        return bool(staff_org_ids(user))
    return service.provider_id in staff_org_ids(user)


@rules.predicate
def is_outcome_reader(user: Any, service: Any = None) -> bool:
    return bool(roles.organisation_ids(user, Role.MUNICIPAL_OFFICER, Role.REGIONAL_ANALYST, verified_only=True))


@rules.predicate
def works_on_programme(user: Any, programme: Any) -> bool:
    if programme is None:
        return bool(staff_org_ids(user))
    ids = staff_org_ids(user)
    return programme.ops_id in ids or (programme.service is not None and programme.service.provider_id in ids)


@rules.predicate
def heads_programme_ops(user: Any, programme: Any) -> bool:
    ids = ops_head_org_ids(user)
    if programme is None:
        return bool(ids)
    return programme.ops_id in ids and programme.ops.legal_form == LegalForm.SOCIAL_ASSISTANCE_CENTRE


@rules.predicate
def operates_flat(user: Any, flat: Any) -> bool:
    if flat is None:
        return bool(staff_org_ids(user))
    return flat.operator_id in staff_org_ids(user)


rules.add_perm("delivery.see_person", serves_person)
rules.add_perm("delivery.register_person", is_delivery_staff)
rules.add_perm("delivery.export_person", serves_person)
rules.add_perm("delivery.anonymise_person", serves_person)
rules.add_perm("delivery.deliver_service", delivers_service)
rules.add_perm("delivery.import_data", delivers_service)
rules.add_perm("delivery.view_outcomes", delivers_service | is_outcome_reader | is_platform_admin)
rules.add_perm("delivery.plan_outcomes", delivers_service | is_platform_admin)
rules.add_perm("delivery.work_on_programme", works_on_programme)
rules.add_perm("delivery.approve_programme", heads_programme_ops)
rules.add_perm("delivery.operate_flat", operates_flat)
rules.add_perm("delivery.open_delivery", is_delivery_staff | is_outcome_reader | is_platform_admin)
