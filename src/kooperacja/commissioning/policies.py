"""Who may see which record of commissioning, answered once per aggregate (`core.policy.Policy`).

`CallPolicy`, `OfferPolicy`, `PackagePolicy`, `ContractPolicy` and `ReportPolicy` are the single source for both
the selectors (`calls_visible_to`, `offers_visible_to`, `contracts_visible_to`... filter with `scope`) and the
`rules` permissions (`commissioning.view_call`, `commissioning.manage_contract`... wrap `can`).
A commission member has a seat on a call (`commission_seat_calls`): the seat lets them see the call and sign the
impartiality declaration; only a seat with a signed declaration (`declared_calls`) opens the call's offers
(art. 15 ust. 2d OPP; art. 56 Pzp). `authority_of` names, per model, the office that owns a record (no guessing by
attribute).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from kooperacja.accounts import roles
from kooperacja.accounts.enums import Role
from kooperacja.core.policy import EVERYTHING, NOTHING, Policy, signed_in

from .enums import CallMode, OfferState, ProgrammeState
from .models import (
    Annex,
    Call,
    CallClause,
    CallPriority,
    ChangeRequest,
    CommissionMember,
    Contract,
    CooperationProgramme,
    Lot,
    Need,
    NeedsDiagnosis,
    Offer,
    OfferUpdate,
    ProgrammePriority,
    ProgrammeReport,
    ReasonsRequest,
    Report,
    ServicePackage,
    Tranche,
)
from .workflows import OFFER_FUNDED_STATES, OFFER_SUBMITTED_STATES

SEALED_MODES = frozenset({CallMode.OPP_OPEN, CallMode.PZP_SOCIAL, CallMode.PZP_RESERVED})
# what a commission member with a signed declaration reads: the offers that passed the formal review
COMMISSION_OFFER_STATES = (OfferState.ELIGIBLE, OfferState.SCORED, *OFFER_FUNDED_STATES, OfferState.NOT_SELECTED)


def authority_ids(user: Any) -> set[int]:
    """Verified organisations (JST offices) in which the user is a municipal officer."""
    return roles.organisation_ids(user, Role.MUNICIPAL_OFFICER, verified_only=True)


def member_org_ids(user: Any) -> set[int]:
    """Verified organisations the user belongs to in any role (offerors act through these)."""
    return roles.organisation_ids(user, verified_only=True)


def commission_seat_calls(user: Any) -> QuerySet[CommissionMember]:
    """Call ids where the user holds a commission seat (declaration signed or not)."""
    return CommissionMember.objects.filter(user=user).values("call_id")


# the menu's "Ocena ofert" without a role: any seat (one EXISTS among the user's role facts, accounts.roles)
roles.register_flag("commissioning.commission_seat", commission_seat_calls)
roles.watch(CommissionMember)


def declared_calls(user: Any) -> QuerySet[CommissionMember]:
    """Call ids where the user holds a seat AND has signed the impartiality declaration."""
    return CommissionMember.objects.filter(user=user, declaration__isnull=False).values("call_id")


# --- the authority that owns a record, per model -------------------------------------------------------------

AUTHORITY_OF: dict[type, Callable[[Any], int | None]] = {
    Call: lambda o: o.authority_id,
    Contract: lambda o: o.authority_id,
    ServicePackage: lambda o: o.municipality_id,
    Lot: lambda o: o.package.municipality_id,
    NeedsDiagnosis: lambda o: o.authority_id,
    Need: lambda o: o.diagnosis.authority_id,
    Offer: lambda o: o.call.authority_id,
    ReasonsRequest: lambda o: o.call.authority_id,
    CallClause: lambda o: o.call.authority_id,
    Report: lambda o: o.contract.authority_id,
    Tranche: lambda o: o.contract.authority_id,
    Annex: lambda o: o.contract.authority_id,
    CooperationProgramme: lambda o: o.authority_id,
    ProgrammePriority: lambda o: o.programme.authority_id,
    ProgrammeReport: lambda o: o.programme.authority_id,
    CallPriority: lambda o: o.call.authority_id,
    OfferUpdate: lambda o: o.offer.call.authority_id,
    ChangeRequest: lambda o: o.contract.authority_id,
}


def authority_of(obj: Any) -> int | None:
    """The office (JST) that owns `obj`. A model not listed is a programming error, not a silent 'nobody'."""
    for model, get in AUTHORITY_OF.items():
        if isinstance(obj, model):
            return get(obj)
    raise TypeError(f"commissioning: no authority policy for {type(obj).__name__}")


# --- calls -------------------------------------------------------------------------------------------------


class CallPolicy(Policy[Call]):
    """A published call is public; the announcing office, the proposing organisation (own initiative, small grant)
    and the commission members see it before; the platform administrator sees all."""

    model = Call
    actions = ("view",)

    def scope(self, user: Any, action: str = "view") -> Q:
        self._check_action(action)
        if roles.is_platform_admin(user):
            return Q()
        cond = Q(published_at__isnull=False)
        if signed_in(user):
            cond |= Q(authority_id__in=authority_ids(user)) | Q(proposed_by_id__in=member_org_ids(user))
            cond |= Q(pk__in=commission_seat_calls(user))
        return cond


# --- offers ------------------------------------------------------------------------------------------------


class OfferPolicy(Policy[Offer]):
    """THE SEAL and the declaration: before the deadline of a competitive call only the offerors read an offer;
    after it the announcing office reads the submitted ones, and a commission member those past the formal
    review, only once the impartiality declaration is signed."""

    model = Offer
    actions = ("view",)

    def scope(self, user: Any, action: str = "view", now: datetime | None = None) -> Q:
        self._check_action(action)
        if not signed_in(user):
            return NOTHING
        now = now or timezone.now()
        own = member_org_ids(user)
        own_cond = Q(lead_organisation_id__in=own) | Q(
            pk__in=Offer.objects.filter(partners__organisation_id__in=own).values("pk")
        )
        unsealed = Q(state__in=OFFER_SUBMITTED_STATES) & (
            ~Q(call__mode__in=SEALED_MODES) | Q(call__offer_deadline__lte=now)
        )
        if roles.is_platform_admin(user):
            return own_cond | unsealed
        officer_cond = unsealed & Q(call__authority_id__in=authority_ids(user))
        commission_cond = unsealed & Q(call_id__in=declared_calls(user)) & Q(state__in=COMMISSION_OFFER_STATES)
        return own_cond | officer_cond | commission_cond


# --- packages ----------------------------------------------------------------------------------------------


class PackagePolicy(Policy[ServicePackage]):
    """A service package is public information about the municipality's plans (budget, lots); only the officers of
    the municipality that owns it change it."""

    model = ServicePackage
    actions = ("view", "manage")

    def scope(self, user: Any, action: str = "view") -> Q:
        self._check_action(action)
        if action == "view":
            return EVERYTHING
        return Q(municipality_id__in=authority_ids(user)) if signed_in(user) else NOTHING

    def can(self, user: Any, action: str, obj: ServicePackage) -> bool:
        # no query: `package_create` asks about a package that is not saved yet
        self._check_action(action)
        if action == "view":
            return True
        return signed_in(user) and obj.municipality_id in authority_ids(user)

    def can_without_object(self, user: Any, action: str) -> bool:
        return action == "view" or (signed_in(user) and bool(authority_ids(user)))


# --- the needs behind a package ----------------------------------------------------------------------------


class DiagnosisPolicy(Policy[NeedsDiagnosis]):
    """A diagnosis of local needs is public like the packages that rest on it (the authority publishes it with the
    programme or the strategy); only the officers of its authority write it and its needs."""

    model = NeedsDiagnosis
    actions = ("view", "manage")

    def scope(self, user: Any, action: str = "view") -> Q:
        self._check_action(action)
        if action == "view":
            return EVERYTHING
        return Q(authority_id__in=authority_ids(user)) if signed_in(user) else NOTHING

    def can(self, user: Any, action: str, obj: NeedsDiagnosis) -> bool:
        # no query: `diagnosis_save` asks about a diagnosis that is not saved yet
        self._check_action(action)
        if action == "view":
            return True
        return signed_in(user) and obj.authority_id in authority_ids(user)

    def can_without_object(self, user: Any, action: str) -> bool:
        return action == "view" or (signed_in(user) and bool(authority_ids(user)))


# --- contracts and reports ---------------------------------------------------------------------------------

OFFEROR_ROLES = (Role.PES_STAFF, Role.CONSORTIUM_COORDINATOR)


def offeror_staff_org_ids(user: Any) -> set[int]:
    """Verified organisations in which the user may prepare offers and report (PES staff, consortium coordinator)."""
    return roles.organisation_ids(user, *OFFEROR_ROLES, verified_only=True)


class ContractPolicy(Policy[Contract]):
    """A contract is read by the office that signed it, the contractor and the partners of a joint offer (and the
    platform administrator); the office manages it; the contractor's offer staff write its reports."""

    model = Contract
    actions = ("view", "manage", "report")

    def scope(self, user: Any, action: str = "view") -> Q:
        self._check_action(action)
        if not signed_in(user):
            return NOTHING
        if action == "manage":
            return Q(authority_id__in=authority_ids(user))
        if action == "report":
            return Q(contractor_id__in=offeror_staff_org_ids(user))
        if roles.is_platform_admin(user):
            return EVERYTHING
        own = member_org_ids(user)
        return (
            Q(authority_id__in=authority_ids(user))
            | Q(contractor_id__in=own)
            | Q(pk__in=Contract.objects.filter(offer__partners__organisation_id__in=own).values("pk"))
        )

    def can(self, user: Any, action: str, obj: Contract) -> bool:
        self._check_action(action)
        if action == "view":
            return super().can(user, action, obj)  # the partners of a joint offer need a query
        if not signed_in(user):
            return False
        if action == "manage":
            return obj.authority_id in authority_ids(user)
        return obj.contractor_id in offeror_staff_org_ids(user)

    def can_without_object(self, user: Any, action: str) -> bool:
        """The contracts menu: an officer, offer staff or the platform administrator."""
        if not signed_in(user):
            return False
        if action == "view":
            return bool(authority_ids(user) or offeror_staff_org_ids(user)) or roles.is_platform_admin(user)
        if action == "manage":
            return bool(authority_ids(user))
        return False


class ReportPolicy(Policy[Report]):
    """A report is read by whoever reads its contract (one rule, through `ContractPolicy`)."""

    model = Report
    actions = ("view",)

    def scope(self, user: Any, action: str = "view") -> Q:
        self._check_action(action)
        contracts = CONTRACTS.scope(user, "view")
        if contracts == EVERYTHING:
            return EVERYTHING
        return Q(contract_id__in=Contract.objects.filter(contracts).values("pk"))


# --- the programme of cooperation (art. 5a OPP) ------------------------------------------------------------


class ProgrammePolicy(Policy[CooperationProgramme]):
    """A programme in consultation or adopted is public (it is consulted and published); a draft is read by the
    officers of its office and the platform administrator; only the office's officers change it."""

    model = CooperationProgramme
    actions = ("view", "manage")

    def scope(self, user: Any, action: str = "view") -> Q:
        self._check_action(action)
        if action == "manage":
            return Q(authority_id__in=authority_ids(user)) if signed_in(user) else NOTHING
        if roles.is_platform_admin(user):
            return EVERYTHING
        cond = ~Q(state=ProgrammeState.DRAFT)
        if signed_in(user):
            cond |= Q(authority_id__in=authority_ids(user))
        return cond

    def can(self, user: Any, action: str, obj: CooperationProgramme) -> bool:
        self._check_action(action)
        if action == "manage":
            return signed_in(user) and obj.authority_id in authority_ids(user)
        return super().can(user, action, obj)

    def can_without_object(self, user: Any, action: str) -> bool:
        """A new programme: an officer of a JST office."""
        return action == "manage" and signed_in(user) and bool(authority_ids(user))


CALLS = CallPolicy()
OFFERS = OfferPolicy()
PACKAGES = PackagePolicy()
DIAGNOSES = DiagnosisPolicy()
CONTRACTS = ContractPolicy()
REPORTS = ReportPolicy()
PROGRAMMES = ProgrammePolicy()
