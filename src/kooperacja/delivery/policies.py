"""Who may see and act on which delivery record: one policy per aggregate, answered as `can` and as `scope`.

- PersonPolicy (see, export, anonymise): staff (PES, social worker, consortium coordinator) of a verified
  organisation that serves the person. Nobody else learns the record exists (404).
- ProgrammePolicy (art. 49 programmes):
  - view: staff or the head of an OPS whose organisation is the programme's OPS or runs its service, and serves
    the person;
  - work: staff of the programme's OPS or of the organisation running its service;
  - approve: the head of the programme's OPS (an OPS administrator with the social worker role).
- FlatPolicy (operate): staff of the organisation operating the flat.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q

from kooperacja.accounts import roles
from kooperacja.accounts.enums import Role
from kooperacja.core.policy import NOTHING, Policy, register_rules
from kooperacja.organisations.enums import LegalForm

from .models import Flat, HomelessnessProgramme, Person, PersonOrganisation

# Roles that work with beneficiaries (they all require 2FA, accounts.enums.ROLES_REQUIRING_2FA).
STAFF_ROLES = (Role.PES_STAFF, Role.SOCIAL_WORKER, Role.CONSORTIUM_COORDINATOR)


def staff_org_ids(user: Any) -> set[int]:
    return roles.organisation_ids(user, *STAFF_ROLES, verified_only=True)


def ops_head_org_ids(user: Any) -> set[int]:
    """OPS organisations in which the user may approve art. 49 programmes: a social worker who administers the
    organisation on the platform acts as (or for) the head of the OPS."""
    return roles.organisation_ids(user, Role.SOCIAL_WORKER, verified_only=True, admin_only=True)


def _served_by(ids: set[int], person_ref: str = "pk") -> Q:
    return Q(Exists(PersonOrganisation.objects.filter(person=OuterRef(person_ref), organisation_id__in=ids)))


class PersonPolicy(Policy[Person]):
    model = Person
    actions = ("see",)

    def scope(self, user: Any, action: str) -> Q:
        self._check_action(action)
        ids = staff_org_ids(user)
        return _served_by(ids) if ids else NOTHING

    def can(self, user: Any, action: str, obj: Person) -> bool:
        self._check_action(action)
        ids = staff_org_ids(user)
        if obj is None or obj.pk is None or not ids:
            return False
        return obj.served_by.filter(organisation_id__in=ids).exists()

    def can_without_object(self, user: Any, action: str) -> bool:
        return bool(staff_org_ids(user))


class ProgrammePolicy(Policy[HomelessnessProgramme]):
    model = HomelessnessProgramme
    actions = ("view", "work", "approve")

    def scope(self, user: Any, action: str) -> Q:
        self._check_action(action)
        if action == "view":
            ids = staff_org_ids(user) | ops_head_org_ids(user)
            if not ids:
                return NOTHING
            return (Q(ops_id__in=ids) | Q(service__provider_id__in=ids)) & _served_by(ids, "person_id")
        if action == "work":
            ids = staff_org_ids(user)
            return Q(ops_id__in=ids) | Q(service__provider_id__in=ids) if ids else NOTHING
        heads = ops_head_org_ids(user)
        return Q(ops_id__in=heads, ops__legal_form=LegalForm.SOCIAL_ASSISTANCE_CENTRE) if heads else NOTHING

    def can(self, user: Any, action: str, obj: HomelessnessProgramme) -> bool:
        self._check_action(action)
        if obj is None or obj.pk is None:
            return False
        if action == "view":
            return super().can(user, action, obj)  # the served-person condition: one query through the scope
        if action == "work":
            ids = staff_org_ids(user)
            return obj.ops_id in ids or (obj.service is not None and obj.service.provider_id in ids)
        return obj.ops_id in ops_head_org_ids(user) and obj.ops.legal_form == LegalForm.SOCIAL_ASSISTANCE_CENTRE

    def can_without_object(self, user: Any, action: str) -> bool:
        if action == "approve":
            return bool(ops_head_org_ids(user))
        return bool(staff_org_ids(user))


class FlatPolicy(Policy[Flat]):
    model = Flat
    actions = ("operate",)

    def scope(self, user: Any, action: str) -> Q:
        self._check_action(action)
        ids = staff_org_ids(user)
        return Q(operator_id__in=ids) if ids else NOTHING

    def can(self, user: Any, action: str, obj: Flat) -> bool:
        self._check_action(action)
        return obj is not None and obj.operator_id in staff_org_ids(user)

    def can_without_object(self, user: Any, action: str) -> bool:
        return bool(staff_org_ids(user))


people = PersonPolicy()
programmes = ProgrammePolicy()
flats = FlatPolicy()
ALL_POLICIES = (people, programmes, flats)


def register() -> None:
    register_rules("delivery", people, {"see_person": "see", "export_person": "see", "anonymise_person": "see"})
    register_rules("delivery", programmes, {"work_on_programme": "work", "approve_programme": "approve"})
    register_rules("delivery", flats, {"operate_flat": "operate"})
