"""Who a user is in consortia (office, member representative), computed once per request and cached on the user.

The office of a consortium = consortium coordinators of its lead organisation plus people holding an open seat in
its office body. A member representative = an active PES-staff or coordinator membership of a current member
organisation (limited to the member's named representatives when it has any, for voting).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django.db.models import Count, Exists, OuterRef

from kooperacja.accounts import roles
from kooperacja.accounts.enums import Role
from kooperacja.core.actors import Actor, is_system

from .enums import BodyKind, MemberStatus

if TYPE_CHECKING:
    from kooperacja.accounts.models import User

_CACHE = "_kooperacja_consortia"
REP_ROLES = (Role.PES_STAFF, Role.CONSORTIUM_COORDINATOR)


@dataclass(frozen=True)
class MemberRef:
    member_id: int
    consortium_id: int
    organisation_id: int
    status: str
    can_vote: bool


@dataclass(frozen=True)
class ConsortiumAccess:
    office: frozenset[int]
    members: tuple[MemberRef, ...]

    @property
    def member_consortia(self) -> frozenset[int]:
        return frozenset(m.consortium_id for m in self.members)

    @property
    def insider(self) -> frozenset[int]:
        return self.office | self.member_consortia

    def members_in(self, consortium_id: int) -> list[MemberRef]:
        return [m for m in self.members if m.consortium_id == consortium_id]


EMPTY = ConsortiumAccess(frozenset(), ())


def access_of(user: Any) -> ConsortiumAccess:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return EMPTY
    cached = getattr(user, _CACHE, None)
    if cached is not None:
        return cached
    from .models import BodySeat, Consortium, ConsortiumMember

    coordinator_orgs = roles.organisation_ids(user, Role.CONSORTIUM_COORDINATOR, verified_only=True)
    office = set(Consortium.objects.filter(lead_id__in=coordinator_orgs).values_list("pk", flat=True))
    office |= set(
        BodySeat.objects.filter(person=user, until__isnull=True, body__kind=BodyKind.OFFICE).values_list(
            "body__consortium_id", flat=True
        )
    )
    rep_orgs = roles.organisation_ids(user, *REP_ROLES, verified_only=True)
    members: list[MemberRef] = []
    if rep_orgs:
        rows = (
            ConsortiumMember.objects.filter(
                organisation_id__in=rep_orgs, status__in=[MemberStatus.ACTIVE, MemberStatus.SUSPENDED]
            )
            .annotate(
                n_reps=Count("representatives", distinct=True),
                is_rep=Exists(
                    ConsortiumMember.representatives.through.objects.filter(
                        consortiummember_id=OuterRef("pk"), user_id=user.pk
                    )
                ),
            )
            .values_list("pk", "consortium_id", "organisation_id", "status", "n_reps", "is_rep")
        )
        for pk, cid, oid, status, n_reps, is_rep in rows:
            members.append(
                MemberRef(pk, cid, oid, status, can_vote=status == MemberStatus.ACTIVE and (n_reps == 0 or is_rep))
            )
    result = ConsortiumAccess(frozenset(office), tuple(members))
    setattr(user, _CACHE, result)
    return result


def person_of(actor: Actor) -> User | None:
    """The person behind an action, for a record's "by" field (None when the platform itself acts)."""
    return None if is_system(actor) else cast("User", actor)


def forget(user: Any) -> None:
    if hasattr(user, _CACHE):
        delattr(user, _CACHE)


def consortium_id_of(obj: Any) -> int | None:
    """The consortium a record belongs to (a consortium, or anything with `consortium_id` / a path to it)."""
    if obj is None:
        return None
    from .models import Consortium

    if isinstance(obj, Consortium):
        return obj.pk
    for attr in ("consortium_id",):
        value = getattr(obj, attr, None)
        if value is not None:
            return value
    for path in ("plan", "allocation", "request", "path", "body", "member"):
        parent = getattr(obj, path, None)
        if parent is not None:
            return consortium_id_of(parent)
    return None
