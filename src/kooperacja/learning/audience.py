"""What the learning app needs to know about a user to decide what they may see, computed once per request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from kooperacja.accounts import roles
from kooperacja.accounts.enums import Role
from kooperacja.core.policy import NOTHING, signed_in

from .enums import GrantKind, Visibility

_CACHE = "_kooperacja_learning_audience"


@dataclass(frozen=True)
class Profile:
    user_id: int | None
    signed_in: bool
    admin: bool
    verified: bool
    legal_forms: frozenset[str]
    roles: frozenset[str]
    team_ids: frozenset[int]
    cohort_ids: frozenset[int]
    trainer_org_ids: frozenset[int]
    coordinator: bool


ANONYMOUS = Profile(None, False, False, False, frozenset(), frozenset(), frozenset(), frozenset(), frozenset(), False)


def profile(user: Any) -> Profile:
    if not signed_in(user):
        return ANONYMOUS
    cached = getattr(user, _CACHE, None)
    if cached is not None:
        return cached
    from kooperacja.cooperation.selectors import member_team_ids
    from kooperacja.organisations.models import Organisation

    from .models import CohortMember

    verified_orgs = roles.organisation_ids(user, verified_only=True)
    forms = (
        frozenset(Organisation.objects.filter(pk__in=verified_orgs).values_list("legal_form", flat=True))
        if verified_orgs
        else frozenset()
    )
    user_roles = frozenset(m.role for m in roles.memberships_of(user) if m.organisation_verified)
    result = Profile(
        user_id=user.pk,
        signed_in=True,
        admin=roles.is_platform_admin(user),
        verified=bool(verified_orgs),
        legal_forms=forms,
        roles=user_roles,
        team_ids=frozenset(member_team_ids(user)) if verified_orgs else frozenset(),
        cohort_ids=frozenset(CohortMember.objects.filter(user=user).values_list("cohort_id", flat=True)),
        trainer_org_ids=frozenset(roles.organisation_ids(user, Role.TRAINER, verified_only=True)),
        coordinator=Role.REGIONAL_ANALYST in user_roles,
    )
    setattr(user, _CACHE, result)
    return result


def forget(user: Any) -> None:
    if hasattr(user, _CACHE):
        delattr(user, _CACHE)


def grant_q(p: Profile) -> Q:
    """Grant rows (MaterialGrant / CourseGrant) that let this profile in."""
    q = NOTHING
    if p.legal_forms:
        q |= Q(kind=GrantKind.LEGAL_FORM, value__in=sorted(p.legal_forms))
    if p.roles:
        q |= Q(kind=GrantKind.ROLE, value__in=sorted(p.roles))
    if p.team_ids:
        q |= Q(kind=GrantKind.TEAM, team__isnull=True) | Q(kind=GrantKind.TEAM, team_id__in=sorted(p.team_ids))
    return q


def audience_q(p: Profile, grant_model: Any, fk: str) -> Q:
    """Records whose audience (visibility, grants, cohort) includes this profile."""
    q = Q(visibility=Visibility.PUBLIC)
    if not p.signed_in:
        return q
    q |= Q(visibility=Visibility.LOGGED_IN)
    if p.verified:
        q |= Q(visibility=Visibility.VERIFIED)
    grants = grant_q(p)
    if grants is not NOTHING:
        q |= Q(visibility=Visibility.GROUPS, pk__in=grant_model.objects.filter(grants).values(fk))
    if p.cohort_ids:
        q |= Q(visibility=Visibility.COHORT, cohort_id__in=sorted(p.cohort_ids))
    return q
