"""Founding a consortium, its members' representatives, bodies and meetings, documents."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kooperacja.core.actors import Actor, is_system, require
from kooperacja.organisations.models import Organisation

if TYPE_CHECKING:
    from kooperacja.accounts.models import User

from ..access import access_of, forget, person_of
from ..documents import AGREEMENT_EXTENSIONS, check_upload
from ..enums import (
    BodyKind,
    MeetingStatus,
    MembershipChangeKind,
    MemberStatus,
)
from ..events import ConsortiumEvent, event
from ..models import (
    Body,
    BodySeat,
    Consortium,
    ConsortiumDocument,
    ConsortiumMember,
    Meeting,
    MembershipChange,
)

AGREEMENT_FIELDS = (
    "name",
    "short_name",
    "purpose",
    "start_date",
    "agreement_signed_on",
    "representation",
    "decision_rules",
    "quorum_percent",
    "ordinary_majority",
    "membership_majority",
    "admission_rules",
    "exit_rules",
    "office_cost_share_percent",
    "office_cost_rules",
    "allocation_transparency",
)

MEETING_FIELDS = ("title", "starts_at", "place", "agenda")

BODY_NAMES = {
    BodyKind.GENERAL_MEETING: _("Zgromadzenie Członków"),
    BodyKind.BOARD: _("Zarząd"),
    BodyKind.OFFICE: _("Biuro Konsorcjum"),
}


# ------------------------------------------------------------------ founding


def consortium_found(
    *,
    actor: Actor,
    lead: Organisation,
    members: Iterable[Organisation],
    terms: dict[str, Any],
    agreement_file: Any = None,
) -> Consortium:
    """Found a consortium: agreement terms, the lead and founding members (all verified), the three bodies."""
    require(actor, "consortia.found_consortium")
    from kooperacja.accounts import roles
    from kooperacja.accounts.enums import Role

    if (
        not is_system(actor)
        and not roles.is_platform_admin(actor)
        and lead.pk not in roles.organisation_ids(actor, Role.CONSORTIUM_COORDINATOR, verified_only=True)
    ):
        raise PermissionDenied
    founders = {lead.pk: lead} | {o.pk: o for o in members}
    unverified = [str(o) for o in founders.values() if not o.is_verified]
    if unverified:
        raise ValidationError(
            _("Członkami mogą być tylko zweryfikowane organizacje: %(names)s.") % {"names": ", ".join(unverified)}
        )
    if len(founders) < 2:
        raise ValidationError(_("Konsorcjum tworzą co najmniej dwie organizacje."))
    content_type = ""
    if agreement_file is not None:
        content_type = check_upload(agreement_file, extensions=AGREEMENT_EXTENSIONS)
    with transaction.atomic():
        consortium = Consortium(
            lead=lead, created_by=person_of(actor), **{k: terms[k] for k in AGREEMENT_FIELDS if k in terms}
        )
        consortium.full_clean(exclude=["agreement_file"])
        consortium.save()
        if agreement_file is not None:
            consortium.agreement_file.save(agreement_file.name, agreement_file, save=True)
            ConsortiumDocument.objects.create(
                consortium=consortium,
                title=_("Umowa konsorcjum (podpisany egzemplarz)"),
                kind="agreement",
                file=consortium.agreement_file.name,
                content_type=content_type,
                size=agreement_file.size,
                uploaded_by=person_of(actor),
            )
        for org in sorted(founders.values(), key=lambda o: o.name):
            member = ConsortiumMember.objects.create(
                consortium=consortium, organisation=org, joined_on=consortium.start_date, is_founding=True
            )
            MembershipChange.objects.create(
                member=member, kind=MembershipChangeKind.FOUNDING, effective_on=consortium.start_date
            )
        for kind, name in BODY_NAMES.items():
            Body.objects.create(consortium=consortium, kind=kind, name=str(name))
        event(
            actor=actor,
            verb=ConsortiumEvent.FOUNDED,
            target=consortium,
            data={"lead": lead.pk, "members": sorted(founders)},
        )
    forget(actor)
    return consortium


def member_set_representatives(*, actor: Actor, member: ConsortiumMember, users: Iterable[User]) -> ConsortiumMember:
    """The office records who may vote for a member (people of that organisation only)."""
    require(actor, "consortia.manage_consortium", member.consortium)
    from kooperacja.accounts import roles

    users = list(users)
    for u in users:
        if member.organisation_id not in roles.organisation_ids(u):
            raise ValidationError(_("%(u)s nie pracuje w organizacji członkowskiej.") % {"u": u})
    with transaction.atomic():
        member.representatives.set(users)
        event(
            actor=actor, verb=ConsortiumEvent.REPRESENTATIVES_SET, target=member, data={"users": [u.pk for u in users]}
        )
    return member


# ------------------------------------------------------------------ bodies and meetings


def body_seat_add(
    *, actor: Actor, body: Body, person: User, role: str, since: dt.date, member: ConsortiumMember | None = None
) -> BodySeat:
    require(actor, "consortia.manage_consortium", body.consortium)
    if member is not None and member.consortium_id != body.consortium_id:
        raise ValidationError(_("Reprezentowany członek należy do innego konsorcjum."))
    if body.kind == BodyKind.BOARD and (member is None or member.status != MemberStatus.ACTIVE):
        raise ValidationError(_("Miejsce w zarządzie reprezentuje aktywnego członka konsorcjum."))
    with transaction.atomic():
        if BodySeat.objects.filter(body=body, person=person, until__isnull=True).exists():
            raise ValidationError(_("Ta osoba zasiada już w tym organie."))
        seat = BodySeat.objects.create(body=body, person=person, role=role, since=since, member=member)
        event(actor=actor, verb=ConsortiumEvent.SEAT_ADDED, target=body, data={"person": person.pk, "role": role})
    forget(person)
    return seat


def body_seat_end(*, actor: Actor, seat: BodySeat, until: dt.date) -> BodySeat:
    require(actor, "consortia.manage_consortium", seat.body.consortium)
    with transaction.atomic():
        seat = BodySeat.objects.select_for_update().get(pk=seat.pk)
        seat.until = until
        seat.save(update_fields=["until", "updated_at"])
        event(actor=actor, verb=ConsortiumEvent.SEAT_ENDED, target=seat.body, data={"person": seat.person_id})
    return seat


def meeting_schedule(*, actor: Actor, body: Body, data: dict[str, Any]) -> Meeting:
    require(actor, "consortia.manage_consortium", body.consortium)
    with transaction.atomic():
        meeting = Meeting(consortium=body.consortium, body=body, **{k: data[k] for k in MEETING_FIELDS if k in data})
        meeting.full_clean()
        meeting.save()
        event(actor=actor, verb=ConsortiumEvent.MEETING_SCHEDULED, target=meeting)
    return meeting


def meeting_record(
    *,
    actor: Actor,
    meeting: Meeting,
    minutes: str,
    present: Iterable[Any] = (),
) -> Meeting:
    """Record the minutes and the attendance of a meeting that took place.

    `present` is the attendance list: people, each with the member they represented (`attendance.Candidate`, or a
    (person, member-or-None) pair), checked against who may attend (`attendance.candidates`). The per-member list
    (`present_members`) and the meeting's quorum follow from it. Plain members (the former per-member list) are
    still accepted, for a meeting recorded without names."""
    from ..attendance import candidates
    from ..models import MeetingAttendance

    require(actor, "consortia.manage_consortium", meeting.consortium)
    items = list(present)
    members = [i for i in items if isinstance(i, ConsortiumMember)]
    people = [(i.person, i.member) if hasattr(i, "person") else tuple(i) for i in items if i not in members]
    if any(m.consortium_id != meeting.consortium_id for m in members):
        raise ValidationError(_("Obecni mogą być tylko członkowie tego konsorcjum."))
    if people:
        allowed = {(c.person.pk, c.member.pk if c.member is not None else None) for c in candidates(meeting)}
        for person, member in people:
            if (person.pk, member.pk if member is not None else None) not in allowed:
                raise ValidationError(
                    _("%(person)s nie może być na liście obecności tego posiedzenia (za tego członka).")
                    % {"person": person.full_name or person.email}
                )
        if len({p.pk for p, _m in people}) != len(people):
            raise ValidationError(_("Każda osoba może być na liście obecności tylko raz."))
    if not minutes.strip():
        raise ValidationError(_("Protokół nie może być pusty."))
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().select_related("consortium", "body").get(pk=meeting.pk)
        if meeting.status == MeetingStatus.CANCELLED:
            raise ValidationError(_("Posiedzenie zostało odwołane."))
        meeting.minutes = minutes
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["minutes", "status", "updated_at"])
        meeting.attendance.all().delete()
        MeetingAttendance.objects.bulk_create(
            [MeetingAttendance(meeting=meeting, person=p, member=m) for p, m in people]
        )
        represented = {m.pk: m for _p, m in people if m is not None}
        represented.update({m.pk: m for m in members})
        meeting.present_members.set(list(represented.values()))
        from ..attendance import quorum

        q = quorum(meeting)
        event(
            actor=actor,
            verb=ConsortiumEvent.MINUTES_RECORDED,
            target=meeting,
            data={
                "present": sorted(represented),
                "people": len(people),
                "quorum": {"represented": q.represented, "eligible": q.eligible, "met": q.met},
            },
        )
    return meeting


# ------------------------------------------------------------------ documents


def document_upload(*, actor: Actor, consortium: Consortium, title: str, kind: str, upload: Any) -> ConsortiumDocument:
    require(actor, "consortia.view_internal", consortium)
    if not (actor.has_perm("consortia.manage_consortium", consortium) or access_of(actor).members_in(consortium.pk)):
        raise PermissionDenied
    content_type = check_upload(upload)
    with transaction.atomic():
        doc = ConsortiumDocument(
            consortium=consortium,
            title=title,
            kind=kind,
            content_type=content_type,
            size=upload.size,
            uploaded_by=person_of(actor),
        )
        doc.file.save(upload.name, upload, save=False)
        doc.save()
        event(actor=actor, verb=ConsortiumEvent.DOCUMENT_UPLOADED, target=consortium, data={"document": doc.pk})
    return doc
