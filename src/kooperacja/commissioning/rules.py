"""Permissions of commissioning. Steps reserved to the authority (art. 11 ust. 2b OPP) need a municipal officer
of the announcing office; offerors act for their verified organisations; commission members only after the
conflict-of-interest declaration; offer content stays sealed until the deadline (see selectors)."""

from __future__ import annotations

from typing import Any

import rules

from kooperacja.accounts import roles
from kooperacja.accounts.enums import Role
from kooperacja.accounts.rules import is_logged_in
from kooperacja.core.policy import register_rules, signed_in

from .enums import CallState
from .models import Call, Offer
from .policies import (
    CALLS,
    CONTRACTS,
    DIAGNOSES,
    OFFEROR_ROLES,
    OFFERS,
    PACKAGES,
    PROGRAMMES,
    REPORTS,
    authority_of,
    commission_seat_calls,
    declared_calls,
)


@rules.predicate
def is_officer_of_authority(user: Any, obj: Any = None) -> bool:
    officer_orgs = roles.organisation_ids(user, Role.MUNICIPAL_OFFICER, verified_only=True)
    if obj is None:
        return bool(officer_orgs)
    return authority_of(obj) in officer_orgs


@rules.predicate
def is_offeror_staff(user: Any, obj: Any = None) -> bool:
    """Staff of a verified organisation that may prepare offers (PES staff, consortium coordinator)."""
    return bool(roles.organisation_ids(user, *OFFEROR_ROLES, verified_only=True))


@rules.predicate
def is_offeror_of(user: Any, offer: Any) -> bool:
    if offer is None:
        return False
    own = roles.organisation_ids(user, verified_only=True)
    if offer.lead_organisation_id in own:
        return True
    return any(p.organisation_id in own for p in offer.partners.all())


@rules.predicate
def is_lead_staff_of(user: Any, offer: Any) -> bool:
    if offer is None:
        return False
    return offer.lead_organisation_id in roles.organisation_ids(user, *OFFEROR_ROLES, verified_only=True)


@rules.predicate
def is_commission_member(user: Any, obj: Any = None) -> bool:
    """A seat on the call lets a member see the call and sign the declaration; an offer needs the signed
    declaration too (the same rule as `policies.OfferPolicy`, from the same `declared_calls`)."""
    if not signed_in(user):
        return False
    if obj is None:
        return bool(roles.organisation_ids(user, Role.COMMISSION_MEMBER, verified_only=True)) or roles.flag(
            user, "commissioning.commission_seat"
        )
    if isinstance(obj, Call):
        return commission_seat_calls(user).filter(call_id=obj.pk).exists()
    if isinstance(obj, Offer):
        return declared_calls(user).filter(call_id=obj.call_id).exists()
    raise TypeError(f"is_commission_member: no rule for {type(obj).__name__}")


@rules.predicate
def is_published_call(user: Any, call: Any) -> bool:
    return call is not None and call.published_at is not None


register_rules("commissioning", PACKAGES, {"view_package": "view", "manage_package": "manage"})
register_rules("commissioning", DIAGNOSES, {"view_diagnosis": "view", "manage_diagnosis": "manage"})
register_rules("commissioning", CALLS, {"view_call": "view"})
register_rules("commissioning", OFFERS, {"view_offer": "view"})
register_rules(
    "commissioning",
    CONTRACTS,
    # `view_contracts` without an object: the contracts menu
    {"view_contract": "view", "view_contracts": "view", "manage_contract": "manage", "report_contract": "report"},
)
register_rules("commissioning", REPORTS, {"view_report": "view"})
register_rules("commissioning", PROGRAMMES, {"view_programme": "view", "manage_programme": "manage"})
rules.add_perm("commissioning.manage_call", is_officer_of_authority)
rules.add_perm("commissioning.use_clause_helper", is_officer_of_authority)
rules.add_perm("commissioning.prepare_offer", is_offeror_staff)
rules.add_perm("commissioning.edit_offer", is_lead_staff_of)
rules.add_perm("commissioning.view_my_offers", is_offeror_staff)
rules.add_perm("commissioning.view_commission_work", is_commission_member)
rules.add_perm("commissioning.view_officer_menu", is_officer_of_authority)
rules.add_perm("commissioning.review_offer", is_officer_of_authority)
rules.add_perm("commissioning.request_reasons", rules.always_allow)
rules.add_perm("commissioning.submit_small_grant", is_offeror_staff)
rules.add_perm("commissioning.comment_small_grant", rules.always_allow)
rules.add_perm("commissioning.is_logged_in", is_logged_in)


@rules.predicate
def is_draft_call(user: Any, call: Any) -> bool:
    """The notice is still a draft: its criteria (and its qualification settings) may change until publication."""
    return call is not None and call.published_at is None and call.state == CallState.DRAFT


# the criteria and weights of a call: its office, before publication only (locked once the notice is out)
rules.add_perm("commissioning.edit_criteria", is_officer_of_authority & is_draft_call)
