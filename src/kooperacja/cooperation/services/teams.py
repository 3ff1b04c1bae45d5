"""The team (PZK): members, people, meetings, minutes and the tasks they set."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.accounts import roles
from kooperacja.core.actors import Actor, is_system, require
from kooperacja.organisations.models import Organisation

from ..enums import (
    MeetingItemKind,
    MeetingStatus,
)
from ..events import ITEM_EVENTS, event
from ..events import CooperationEvent as E
from ..models import (
    Meeting,
    MeetingItem,
    Team,
    TeamMember,
    TeamPerson,
)
from ..workflows import MEETING_WF

if TYPE_CHECKING:
    from kooperacja.accounts.models import User
    from kooperacja.core.models import Territory


from ._common import _person

# --- team -------------------------------------------------------------------------------------------------


def team_create(
    *,
    actor: Actor,
    gmina: Territory,
    lead_organisation: Organisation,
    name: str,
    founded_on: date,
    description: str = "",
) -> Team:
    """The OPS founds the team of its gmina and becomes its first member."""
    if not (
        is_system(actor)
        or roles.is_platform_admin(actor)
        or lead_organisation.pk in roles.organisation_ids(actor, admin_only=True)
    ):
        raise PermissionDenied
    if not lead_organisation.is_verified:
        raise ValidationError(_("Tylko zweryfikowana instytucja może powołać zespół."))
    with transaction.atomic():
        team = Team(
            gmina=gmina, lead_organisation=lead_organisation, name=name, founded_on=founded_on, description=description
        )
        team.full_clean()
        team.save()
        TeamMember.objects.create(
            team=team,
            organisation=lead_organisation,
            agreement_signed_on=founded_on,
            agreement_scope=_("Instytucja wiodąca zespołu: koordynacja pracy z rodzinami."),
        )
        event(actor=actor, verb=E.TEAM_CREATED, target=team)
    return team


def team_member_add(
    *,
    actor: Actor,
    team: Team,
    organisation: Organisation,
    level: str,
    agreement_signed_on: date,
    agreement_scope: str,
    agreement_number: str = "",
) -> TeamMember:
    require(actor, "cooperation.manage_team", team)
    if not organisation.is_verified:
        raise ValidationError(_("Członkiem zespołu może być tylko zweryfikowana instytucja."))
    with transaction.atomic():
        if team.members.filter(organisation=organisation).exists():
            raise ValidationError(_("Ta instytucja już jest członkiem zespołu."))
        member = TeamMember(
            team=team,
            organisation=organisation,
            level=level,
            agreement_signed_on=agreement_signed_on,
            agreement_scope=agreement_scope,
            agreement_number=agreement_number,
        )
        member.full_clean()
        member.save()
        event(actor=actor, verb=E.MEMBER_JOINED, target=team, organisation=organisation.pk)
    return member


def team_person_add(*, actor: Actor, team: Team, member: TeamMember, user: User, function: str) -> TeamPerson:
    require(actor, "cooperation.manage_team", team)
    if member.team_id != team.pk:
        raise ValidationError(_("Instytucja nie należy do tego zespołu."))
    if member.organisation_id not in roles.organisation_ids(user):
        raise ValidationError(_("Osoba nie pracuje w tej instytucji."))
    with transaction.atomic():
        person, _created = TeamPerson.objects.get_or_create(
            team=team, user=user, function=function, defaults={"member": member}
        )
        event(actor=actor, verb=E.PERSON_ADDED, target=team, user=user.pk, function=function)
    return person


def meeting_schedule(*, actor: Actor, team: Team, title: str, starts_at: datetime, place: str, agenda: str) -> Meeting:
    require(actor, "cooperation.manage_team", team)
    with transaction.atomic():
        meeting = Meeting.objects.create(team=team, title=title, starts_at=starts_at, place=place, agenda=agenda)
        event(actor=actor, verb=E.MEETING_SCHEDULED, target=meeting)
    return meeting


def meeting_record_minutes(*, actor: Actor, meeting: Meeting, minutes: str, attendees: list[TeamMember]) -> Meeting:
    require(actor, "cooperation.manage_team", meeting.team)
    if not minutes.strip():
        raise ValidationError(_("Protokół nie może być pusty."))
    if any(m.team_id != meeting.team_id for m in attendees):
        raise ValidationError(_("Obecność można zaznaczyć tylko instytucjom zespołu."))
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        MEETING_WF.apply(
            locked, "correct_minutes" if locked.status == MeetingStatus.HELD else "record_minutes", reason=minutes
        )
        locked.minutes = minutes
        locked.minutes_by = _person(actor)
        locked.save()
        locked.attendees.set(attendees)
        event(actor=actor, verb=E.MINUTES_RECORDED, target=locked, attendees=len(attendees))
    return locked


def meeting_item_add(
    *,
    actor: Actor,
    meeting: Meeting,
    kind: str,
    text: str,
    owner: TeamMember | None = None,
    deadline: date | None = None,
) -> MeetingItem:
    require(actor, "cooperation.manage_team", meeting.team)
    if kind == MeetingItemKind.TASK and (owner is None or deadline is None):
        raise ValidationError(_("Zadanie musi mieć instytucję odpowiedzialną i termin."))
    if owner is not None and owner.team_id != meeting.team_id:
        raise ValidationError(_("Odpowiedzialna może być tylko instytucja zespołu."))
    with transaction.atomic():
        item = MeetingItem.objects.create(meeting=meeting, kind=kind, text=text, owner=owner, deadline=deadline)
        event(actor=actor, verb=ITEM_EVENTS[kind], target=meeting, item=item.pk)
    return item


def task_complete(*, actor: Actor, item: MeetingItem, follow_up: str, done_on: date | None = None) -> MeetingItem:
    team = item.meeting.team
    owner_org = item.owner.organisation_id if item.owner else None
    if not (actor.has_perm("cooperation.manage_team", team) or owner_org in roles.organisation_ids(actor)):
        raise PermissionDenied
    with transaction.atomic():
        locked = MeetingItem.objects.select_for_update().get(pk=item.pk)
        if locked.kind != MeetingItemKind.TASK or locked.done_on is not None:
            raise ValidationError(_("To zadanie jest już wykonane."))
        locked.done_on = done_on or timezone.localdate()
        locked.follow_up = follow_up
        locked.save()
        event(actor=actor, verb=E.TASK_DONE, target=locked.meeting, item=locked.pk)
    return locked
