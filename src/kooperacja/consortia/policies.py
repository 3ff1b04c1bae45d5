"""Who may see which consortium record: one policy per aggregate, answering `can` (one record) and `scope` (a Q).

Insiders of a consortium are its office and the representatives of its current members (`access.access_of`).
The platform administrator is not an insider: a consortium's deliberations, split, support and incubation belong
to its members (docs/architecture.md, "Administrator platformy a dane wewnętrzne"); it keeps only the public
profile, which every policy here leaves to `ConsortiumPolicy` "view".

The split is seen by the consortium's insiders and, once a resolution approved it, by the officers of the authority
that signed the contract (a draft or a proposed version is the consortium's internal matter). Before these
policies, the `view_split` rule let the officer see a draft version the lists hid; both now answer from here.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from kooperacja.accounts import roles
from kooperacja.accounts.enums import Role
from kooperacja.core.policy import EVERYTHING, NOTHING, Policy, signed_in

from .access import REP_ROLES, access_of
from .enums import AllocationTransparency, PlanStatus
from .models import (
    Allocation,
    AllocationPlan,
    Body,
    BodySeat,
    Consortium,
    ConsortiumDocument,
    ConsortiumMember,
    IncubationPath,
    Meeting,
    Resolution,
    SupportRequest,
)

# the consortium access of a user (access.py) reads these: a write outdates it within the request
roles.watch(Consortium, Body, BodySeat, ConsortiumMember)

DECIDED_PLAN = (PlanStatus.APPROVED, PlanStatus.SUPERSEDED)


def _officer_orgs(user: Any) -> set[int]:
    return roles.organisation_ids(user, Role.MUNICIPAL_OFFICER, verified_only=True) if signed_in(user) else set()


class ConsortiumPolicy(Policy[Consortium]):
    """'view': the public profile (everyone); 'view_internal': insiders; 'manage': the office."""

    model = Consortium
    actions = ("view", "view_internal", "manage")

    def scope(self, user: Any, action: str) -> Q:
        self._check_action(action)
        if action == "view":
            return EVERYTHING
        acc = access_of(user)
        ids = acc.office if action == "manage" else acc.insider
        return Q(pk__in=sorted(ids)) if ids else NOTHING

    def can(self, user: Any, action: str, obj: Consortium) -> bool:
        self._check_action(action)
        if obj is None or obj.pk is None:
            return False
        if action == "view":
            return True
        acc = access_of(user)
        return obj.pk in (acc.office if action == "manage" else acc.insider)


class _InsiderRecordPolicy(Policy[Any]):
    """Records of a consortium's internal life (field `consortium_id`): its insiders see them."""

    actions = ("view",)

    def scope(self, user: Any, action: str) -> Q:
        self._check_action(action)
        ids = access_of(user).insider
        return Q(consortium_id__in=sorted(ids)) if ids else NOTHING

    def can(self, user: Any, action: str, obj: Any) -> bool:
        self._check_action(action)
        return obj is not None and obj.pk is not None and obj.consortium_id in access_of(user).insider


class ResolutionPolicy(_InsiderRecordPolicy):
    model = Resolution


class MeetingPolicy(_InsiderRecordPolicy):
    model = Meeting


class DocumentPolicy(_InsiderRecordPolicy):
    model = ConsortiumDocument


class SupportRequestPolicy(Policy[SupportRequest]):
    """The office of the consortium, and staff of the organisation that asked (also a would-be member)."""

    model = SupportRequest
    actions = ("view",)

    def scope(self, user: Any, action: str) -> Q:
        self._check_action(action)
        office = access_of(user).office
        orgs = roles.organisation_ids(user, *REP_ROLES) if signed_in(user) else set()
        return Q(consortium_id__in=sorted(office)) | Q(organisation_id__in=sorted(orgs))

    def can(self, user: Any, action: str, obj: SupportRequest) -> bool:
        self._check_action(action)
        if obj is None or obj.pk is None:
            return False
        if obj.consortium_id in access_of(user).office:
            return True
        return signed_in(user) and obj.organisation_id in roles.organisation_ids(user, *REP_ROLES)


class IncubationPolicy(Policy[IncubationPath]):
    """The office of the consortium, and people of the incubated organisation (any role)."""

    model = IncubationPath
    actions = ("view",)

    def scope(self, user: Any, action: str) -> Q:
        self._check_action(action)
        office = access_of(user).office
        orgs = roles.organisation_ids(user) if signed_in(user) else set()
        return Q(consortium_id__in=sorted(office)) | Q(organisation_id__in=sorted(orgs))

    def can(self, user: Any, action: str, obj: IncubationPath) -> bool:
        self._check_action(action)
        if obj is None or obj.pk is None:
            return False
        if obj.consortium_id in access_of(user).office:
            return True
        return signed_in(user) and obj.organisation_id in roles.organisation_ids(user)


class PlanPolicy(Policy[AllocationPlan]):
    """Insiders see every version; the contract's authority sees the approved (and superseded) versions."""

    model = AllocationPlan
    actions = ("view",)

    def scope(self, user: Any, action: str) -> Q:
        self._check_action(action)
        insider = access_of(user).insider
        officer = _officer_orgs(user)
        return Q(consortium_id__in=sorted(insider)) | Q(
            contract__authority_id__in=sorted(officer), status__in=DECIDED_PLAN
        )

    def can(self, user: Any, action: str, obj: AllocationPlan) -> bool:
        self._check_action(action)
        if obj is None or obj.pk is None:
            return False
        if obj.consortium_id in access_of(user).insider:
            return True
        return obj.status in DECIDED_PLAN and obj.contract.authority_id in _officer_orgs(user)


class AllocationPolicy(Policy[Allocation]):
    """One row of a split: the office and the contract's authority (approved versions) see all rows; a member sees
    its own rows, and every row of its consortia when the agreement makes the split transparent."""

    model = Allocation
    actions = ("view",)

    def scope(self, user: Any, action: str) -> Q:
        self._check_action(action)
        acc = access_of(user)
        own = sorted(m.member_id for m in acc.members)
        return (
            Q(plan__consortium_id__in=sorted(acc.office))
            | Q(member_id__in=own)
            | Q(
                plan__consortium_id__in=sorted(acc.member_consortia),
                plan__consortium__allocation_transparency=AllocationTransparency.ALL,
            )
            | Q(plan__contract__authority_id__in=sorted(_officer_orgs(user)), plan__status__in=DECIDED_PLAN)
        )

    def can(self, user: Any, action: str, obj: Allocation) -> bool:
        self._check_action(action)
        if obj is None or obj.pk is None:
            return False
        acc = access_of(user)
        plan = obj.plan
        if plan.consortium_id in acc.office or any(m.member_id == obj.member_id for m in acc.members):
            return True
        if (
            plan.consortium_id in acc.member_consortia
            and plan.consortium.allocation_transparency == AllocationTransparency.ALL
        ):
            return True
        return plan.status in DECIDED_PLAN and plan.contract.authority_id in _officer_orgs(user)


consortia = ConsortiumPolicy()
resolutions = ResolutionPolicy()
meetings = MeetingPolicy()
documents = DocumentPolicy()
support_requests = SupportRequestPolicy()
incubations = IncubationPolicy()
plans = PlanPolicy()
allocations = AllocationPolicy()

ALL_POLICIES: tuple[Policy[Any], ...] = (
    consortia,
    resolutions,
    meetings,
    documents,
    support_requests,
    incubations,
    plans,
    allocations,
)
