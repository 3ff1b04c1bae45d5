"""Who a user is in consortia (office, member representative), computed once per request and cached on the user.

The office of a consortium = consortium coordinators of its lead organisation plus people holding an open seat in
its office body. A member representative = an active PES-staff or coordinator membership of a current member
organisation (limited to the member's named representatives when it has any, for voting).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

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


def _office_consortia(user: Any) -> QuerySet[Any]:
    """The consortia whose office the user is: coordinator of the lead organisation, or an open office seat."""
    from .models import BodySeat, Consortium

    coordinator_orgs = roles.organisation_ids(user, Role.CONSORTIUM_COORDINATOR, verified_only=True)
    seats = BodySeat.objects.filter(person_id=user.pk, until__isnull=True, body__kind=BodyKind.OFFICE).values(
        "body__consortium_id"
    )
    return Consortium.objects.filter(Q(lead_id__in=coordinator_orgs) | Q(pk__in=seats)).order_by()


def _member_rows(user: Any) -> QuerySet[Any] | None:
    """Current member organisations the user represents (PES staff or coordinator of the member)."""
    from .models import ConsortiumMember

    rep_orgs = roles.organisation_ids(user, *REP_ROLES, verified_only=True)
    if not rep_orgs:
        return None
    return ConsortiumMember.objects.filter(
        organisation_id__in=rep_orgs, status__in=[MemberStatus.ACTIVE, MemberStatus.SUSPENDED]
    ).order_by()


# "office of any consortium" / "represents any member": what the menu asks, one EXISTS each among the user's role
# facts (accounts.roles), from the same querysets as `access_of`
roles.register_flag("consortia.office", _office_consortia)
roles.register_flag("consortia.member", _member_rows)


def _signed(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def is_in_an_office(user: Any) -> bool:
    """`bool(access_of(user).office)` without loading the access."""
    return _signed(user) and roles.flag(user, "consortia.office")


def represents_any_member(user: Any) -> bool:
    """`bool(access_of(user).members)` without loading the access."""
    return _signed(user) and roles.flag(user, "consortia.member")


def access_of(user: Any) -> ConsortiumAccess:
    if not _signed(user):
        return EMPTY
    return roles.remember(user, _CACHE, lambda: _access(user))


def _access(user: Any) -> ConsortiumAccess:
    from .models import ConsortiumMember

    office = set(_office_consortia(user).values_list("pk", flat=True))
    members: list[MemberRef] = []
    member_rows = _member_rows(user)
    if member_rows is not None:
        rows = member_rows.annotate(
            n_reps=Count("representatives", distinct=True),
            is_rep=Exists(
                ConsortiumMember.representatives.through.objects.filter(
                    consortiummember_id=OuterRef("pk"), user_id=user.pk
                )
            ),
        ).values_list("pk", "consortium_id", "organisation_id", "status", "n_reps", "is_rep")
        for pk, cid, oid, status, n_reps, is_rep in rows:
            members.append(
                MemberRef(pk, cid, oid, status, can_vote=status == MemberStatus.ACTIVE and (n_reps == 0 or is_rep))
            )
    return ConsortiumAccess(frozenset(office), tuple(members))


def person_of(actor: Actor) -> User | None:
    """The person behind an action, for a record's "by" field (None when the platform itself acts)."""
    return None if is_system(actor) else cast("User", actor)


def forget(user: Any) -> None:
    """Drop the user's cached role facts (consortium access included) after a change within the request."""
    roles.forget_memberships(user)


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
