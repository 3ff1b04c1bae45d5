"""Reads of the consortium app, scoped like its rules: hidden records answer 404."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from kooperacja.accounts import roles

from .access import REP_ROLES, access_of
from .enums import OPEN_SUPPORT, MemberStatus, ResolutionStatus
from .models import (
    Body,
    BodySeat,
    Consortium,
    ConsortiumDocument,
    ConsortiumMember,
    IncubationPath,
    Meeting,
    MembershipChange,
    Resolution,
    SupportRequest,
    Vote,
)

CURRENT = (MemberStatus.ACTIVE, MemberStatus.SUSPENDED)


def insider_ids(user: Any) -> set[int]:
    """Consortia whose internals the user may see: those where the user sits in the office or represents a member.
    The platform administrator gets no blanket access (docs/architecture.md)."""
    return set(access_of(user).insider)


def _scope(qs: QuerySet, user: Any, field: str = "consortium_id") -> QuerySet:
    return qs.filter(**{f"{field}__in": insider_ids(user)})


# ------------------------------------------------------------------ consortia (public profile)


def consortia_visible_to(user: Any) -> QuerySet[Consortium]:
    """Public profiles: name, purpose, lead and current members are public (they bid for public contracts)."""
    return (
        Consortium.objects.select_related("lead")
        .annotate(member_count=Count("members", filter=Q(members__status__in=CURRENT), distinct=True))
        .order_by("name")
    )


def consortium_for(user: Any, pk: int) -> Consortium:
    return get_object_or_404(consortia_visible_to(user), pk=pk)


def internal_consortia_for(user: Any) -> QuerySet[Consortium]:
    return _scope(consortia_visible_to(user), user, "pk")


def internal_consortium_for(user: Any, pk: int) -> Consortium:
    return get_object_or_404(internal_consortia_for(user), pk=pk)


def current_members(consortium: Consortium) -> QuerySet[ConsortiumMember]:
    return (
        ConsortiumMember.objects.filter(consortium=consortium, status__in=CURRENT)
        .select_related("organisation")
        .prefetch_related("representatives")
        .order_by("organisation__name")
    )


def all_members(consortium: Consortium) -> QuerySet[ConsortiumMember]:
    return (
        ConsortiumMember.objects.filter(consortium=consortium)
        .select_related("organisation")
        .prefetch_related(
            "representatives",
            Prefetch("changes", queryset=MembershipChange.objects.select_related("resolution")),
        )
        .order_by("organisation__name")
    )


def membership_history(consortium: Consortium) -> QuerySet[MembershipChange]:
    return (
        MembershipChange.objects.filter(member__consortium=consortium)
        .select_related("member__organisation", "resolution")
        .order_by("-effective_on", "-id")
    )


def bodies_of(consortium: Consortium) -> QuerySet[Body]:
    return Body.objects.filter(consortium=consortium).prefetch_related(
        Prefetch(
            "seats",
            queryset=BodySeat.objects.filter(until__isnull=True).select_related("person", "member__organisation"),
            to_attr="open_seats",
        )
    )


# ------------------------------------------------------------------ governance


def meetings_visible_to(user: Any) -> QuerySet[Meeting]:
    return _scope(Meeting.objects.select_related("body", "consortium"), user)


def meeting_for(user: Any, pk: int) -> Meeting:
    return get_object_or_404(meetings_visible_to(user), pk=pk)


def resolutions_visible_to(user: Any) -> QuerySet[Resolution]:
    return _scope(Resolution.objects.select_related("body", "consortium", "target_organisation", "meeting"), user)


def resolution_for(user: Any, pk: int) -> Resolution:
    return get_object_or_404(resolutions_visible_to(user), pk=pk)


def votes_of(resolution: Resolution) -> QuerySet[Vote]:
    return resolution.votes.select_related("member__organisation", "cast_by").order_by("cast_at", "id")


def open_votes_for(user: Any) -> list[dict[str, Any]]:
    """Resolutions in voting for which one of the user's members has not voted yet."""
    acc = access_of(user)
    voting_members = {m.member_id: m for m in acc.members if m.can_vote}
    if not voting_members:
        return []
    consortia = {m.consortium_id for m in voting_members.values()}
    open_res = list(
        Resolution.objects.filter(consortium_id__in=consortia, status=ResolutionStatus.VOTING)
        .select_related("consortium")
        .order_by("voting_closes_on", "id")
    )
    voted = set(
        Vote.objects.filter(resolution__in=open_res, member_id__in=voting_members).values_list(
            "resolution_id", "member_id"
        )
    )
    result = []
    for res in open_res:
        for member_id in res.eligible_member_ids or []:
            if member_id in voting_members and (res.pk, member_id) not in voted:
                result.append({"resolution": res, "member_id": member_id})
                break
    return result


def documents_of(consortium: Consortium) -> QuerySet[ConsortiumDocument]:
    return consortium.documents.select_related("uploaded_by")


def document_for(user: Any, pk: int) -> ConsortiumDocument:
    return get_object_or_404(_scope(ConsortiumDocument.objects.all(), user), pk=pk)


# ------------------------------------------------------------------ support and incubation


def support_requests_visible_to(user: Any) -> QuerySet[SupportRequest]:
    qs = SupportRequest.objects.select_related("consortium", "organisation", "assignee", "requested_by")
    office = access_of(user).office
    own_orgs = roles.organisation_ids(user, *REP_ROLES)
    return qs.filter(Q(consortium_id__in=office) | Q(organisation_id__in=own_orgs))


def support_request_for(user: Any, pk: int) -> SupportRequest:
    return get_object_or_404(support_requests_visible_to(user), pk=pk)


def open_support_requests(consortium: Consortium) -> QuerySet[SupportRequest]:
    return consortium.support_requests.filter(status__in=OPEN_SUPPORT).select_related("organisation", "assignee")


def incubations_visible_to(user: Any) -> QuerySet[IncubationPath]:
    qs = IncubationPath.objects.select_related("consortium", "organisation", "mentor").prefetch_related("items")
    return qs.filter(Q(consortium_id__in=access_of(user).office) | Q(organisation_id__in=roles.organisation_ids(user)))


def incubation_for(user: Any, pk: int) -> IncubationPath:
    return get_object_or_404(incubations_visible_to(user), pk=pk)


def support_consortia_for(user: Any) -> QuerySet[Consortium]:
    """Consortia to which a person may send a support request: those it belongs to, else any active one."""
    acc = access_of(user)
    qs = Consortium.objects.filter(status="active").order_by("name")
    if acc.insider:
        return qs.filter(pk__in=acc.insider)
    return qs
