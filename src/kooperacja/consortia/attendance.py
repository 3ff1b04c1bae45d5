"""Who may be on a meeting's attendance list (and for which member), and the meeting's quorum from that list.

Candidates: the people holding an open seat in the meeting's body (with the member the seat represents) and, for
the general meeting, the people of every current member organisation who may act for it (PES staff and consortium
coordinators; only its named representatives when it has any). Each person once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .enums import BodyKind, MemberStatus
from .voting import MeetingQuorum


@dataclass(frozen=True)
class Candidate:
    person: Any
    member: Any  # ConsortiumMember or None (an office seat represents nobody)

    @property
    def key(self) -> str:
        return f"{self.person.pk}:{self.member.pk if self.member is not None else ''}"

    def label(self) -> str:
        who = self.person.full_name or self.person.email
        return f"{who} – {self.member.organisation}" if self.member is not None else str(who)


def eligible_member_ids(meeting: Any) -> set[int]:
    """Members entitled to take part: every active member (general meeting), or those seated in the body (board)."""
    from .models import ConsortiumMember

    qs = ConsortiumMember.objects.filter(consortium_id=meeting.consortium_id, status=MemberStatus.ACTIVE)
    if meeting.body.kind != BodyKind.GENERAL_MEETING:
        qs = qs.filter(seats__body_id=meeting.body_id, seats__until__isnull=True)
    return set(qs.values_list("pk", flat=True))


def candidates(meeting: Any) -> list[Candidate]:
    from kooperacja.accounts.enums import MembershipStatus
    from kooperacja.accounts.models import User

    from .access import REP_ROLES
    from .models import BodySeat, ConsortiumMember

    found: dict[int, Candidate] = {}
    for seat in BodySeat.objects.filter(body_id=meeting.body_id, until__isnull=True).select_related(
        "person", "member__organisation"
    ):
        found[seat.person_id] = Candidate(seat.person, seat.member)
    if meeting.body.kind == BodyKind.GENERAL_MEETING:
        members = ConsortiumMember.objects.filter(
            consortium_id=meeting.consortium_id, status__in=[MemberStatus.ACTIVE, MemberStatus.SUSPENDED]
        ).select_related("organisation")
        for member in members:
            named = list(member.representatives.all())
            people = named or list(
                User.objects.filter(
                    is_active=True,
                    memberships__organisation_id=member.organisation_id,
                    memberships__status=MembershipStatus.ACTIVE,
                    memberships__role__in=list(REP_ROLES),
                ).distinct()
            )
            for person in people:
                current = found.get(person.pk)
                if current is None or current.member is None:
                    found[person.pk] = Candidate(person, member)
    return sorted(found.values(), key=lambda c: (c.person.full_name or c.person.email, c.person.pk))


def quorum(meeting: Any) -> MeetingQuorum:
    eligible = eligible_member_ids(meeting)
    represented = set(meeting.attendance.filter(member_id__in=eligible).values_list("member_id", flat=True).distinct())
    if not meeting.attendance.exists():  # a meeting recorded before per-person attendance: its member list
        represented = set(meeting.present_members.filter(pk__in=eligible).values_list("pk", flat=True))
    return MeetingQuorum(
        represented=len(represented), eligible=len(eligible), quorum_percent=meeting.consortium.quorum_percent
    )
