"""Task teams of a case (zespoły zadaniowe; grupy diagnostyczno-pomocowe, art. 9a ustawy o przeciwdziałaniu
przemocy domowej) and supervision meetings (superwizja) of the team's workers (issue 17)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.accounts import roles
from kooperacja.core.actors import Actor, require

from ..enums import TaskTeamKind, TaskTeamRole
from ..events import CooperationEvent as E
from ..events import event
from ..models import (
    Case,
    SupervisionMeeting,
    TaskTeam,
    TaskTeamMeeting,
    TaskTeamMember,
    Team,
    TeamMember,
)
from ._common import _person

if TYPE_CHECKING:
    from kooperacja.accounts.models import User


def _open(task_team: TaskTeam) -> None:
    """Read from the database, not the caller's copy: the team may have been closed since it was loaded."""
    if TaskTeam.objects.filter(pk=task_team.pk, closed_on__isnull=False).exists():
        raise ValidationError(_("Ten zespół zadaniowy zakończył pracę."))


def task_team_form(
    *, actor: Actor, case: Case, kind: str, name: str, purpose: str, formed_on: date, lead: TeamMember | None = None
) -> TaskTeam:
    """The case's owner forms the team; the owner institution joins it as its lead."""
    require(actor, "cooperation.manage_case", case)
    if case.is_domestic_violence and kind != TaskTeamKind.DIAGNOSTIC:
        raise ValidationError(
            {
                "kind": _(
                    "W procedurze „Niebieskie Karty” pracuje grupa diagnostyczno-pomocowa (art. 9a ustawy o "
                    "przeciwdziałaniu przemocy domowej)."
                )
            }
        )
    owner_member = case.team.members.filter(organisation_id=case.owner_id, left_on__isnull=True).first()
    if owner_member is None:
        raise ValidationError(_("Instytucja prowadząca sprawę nie jest członkiem zespołu."))
    with transaction.atomic():
        task_team = TaskTeam(
            case=case, kind=kind, name=name, purpose=purpose, formed_on=formed_on, created_by=_person(actor)
        )
        task_team.full_clean()
        task_team.save()
        TaskTeamMember.objects.create(
            task_team=task_team,
            member=owner_member,
            user=_person(actor),
            role=TaskTeamRole.LEAD,
            joined_on=formed_on,
        )
        event(actor=actor, verb=E.TASK_TEAM_FORMED, target=case, task_team=task_team.pk, kind=kind)
    return task_team


def task_team_member_add(
    *, actor: Actor, task_team: TaskTeam, member: TeamMember, role: str, user: User | None = None
) -> TaskTeamMember:
    require(actor, "cooperation.manage_case", task_team.case)
    _open(task_team)
    if member.team_id != task_team.case.team_id or member.left_on is not None:
        raise ValidationError({"member": _("Do zespołu zadaniowego należą tylko instytucje zespołu tej sprawy.")})
    if user is not None and member.organisation_id not in roles.organisation_ids(user):
        raise ValidationError({"user": _("Ta osoba nie pracuje w wybranej instytucji.")})
    if role not in TaskTeamRole.values:
        raise ValidationError({"role": _("Wybierz rolę.")})
    with transaction.atomic():
        if task_team.members.filter(member=member).exists():
            raise ValidationError({"member": _("Ta instytucja jest już w zespole zadaniowym.")})
        row = TaskTeamMember(task_team=task_team, member=member, user=user, role=role, joined_on=timezone.localdate())
        row.full_clean()
        row.save()
        event(
            actor=actor,
            verb=E.TASK_TEAM_MEMBER_ADDED,
            target=task_team.case,
            task_team=task_team.pk,
            organisation=member.organisation_id,
        )
    return row


def task_team_meeting_record(
    *,
    actor: Actor,
    task_team: TaskTeam,
    held_on: date,
    place: str,
    topics: str,
    findings: str = "",
    attendees: list[TaskTeamMember] | None = None,
) -> TaskTeamMeeting:
    require(actor, "cooperation.manage_case", task_team.case)
    _open(task_team)
    attendees = attendees or []
    if any(a.task_team_id != task_team.pk for a in attendees):
        raise ValidationError({"attendees": _("Obecność można zaznaczyć tylko członkom tego zespołu zadaniowego.")})
    if held_on < task_team.formed_on:
        raise ValidationError({"held_on": _("Spotkanie nie może się odbyć przed powołaniem zespołu.")})
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("Zapisuje się spotkanie, które się odbyło – data nie może być przyszła.")})
    with transaction.atomic():
        meeting = TaskTeamMeeting(
            task_team=task_team,
            held_on=held_on,
            place=place,
            topics=topics,
            findings=findings,
            recorded_by=_person(actor),
        )
        meeting.full_clean()
        meeting.save()
        meeting.attendees.set(attendees)
        event(
            actor=actor,
            verb=E.TASK_TEAM_MEETING_RECORDED,
            target=task_team.case,
            task_team=task_team.pk,
            meeting=meeting.pk,
            attendees=len(attendees),
        )
    return meeting


def task_team_close(*, actor: Actor, task_team: TaskTeam, closed_on: date) -> TaskTeam:
    require(actor, "cooperation.manage_case", task_team.case)
    _open(task_team)
    if closed_on < task_team.formed_on or closed_on > timezone.localdate():
        raise ValidationError({"closed_on": _("Podaj datę między powołaniem zespołu a dniem dzisiejszym.")})
    with transaction.atomic():
        locked = TaskTeam.objects.select_for_update().get(pk=task_team.pk)
        locked.closed_on = closed_on
        locked.full_clean()
        locked.save(update_fields=["closed_on", "updated_at"])
        event(actor=actor, verb=E.TASK_TEAM_CLOSED, target=locked.case, task_team=locked.pk)
    return locked


def supervision_record(
    *,
    actor: Actor,
    team: Team,
    held_on: date,
    supervisor: str,
    hours: Decimal,
    topics: str,
    participants: list[User],
    case: Case | None = None,
    case_notes: str = "",
) -> SupervisionMeeting:
    """A supervision meeting of the team's workers; a case discussed is named only by who may manage it."""
    require(actor, "cooperation.manage_team", team)
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("Zapisuje się superwizję, która się odbyła – data nie może być przyszła.")})
    if not participants:
        raise ValidationError({"participants": _("Wskaż co najmniej jednego uczestnika.")})
    member_orgs = set(team.members.filter(left_on__isnull=True).values_list("organisation_id", flat=True))
    if any(not (roles.organisation_ids(p) & member_orgs) for p in participants):
        raise ValidationError({"participants": _("Uczestnikami superwizji są pracownicy instytucji zespołu.")})
    if case is not None:
        if case.team_id != team.pk:
            raise ValidationError({"case": _("Omawiana sprawa należy do innego zespołu.")})
        if not actor.has_perm("cooperation.manage_case", case):
            raise ValidationError({"case": _("Sprawę może wskazać tylko instytucja, która ją prowadzi.")})
    if case_notes.strip() and case is None:
        raise ValidationError({"case_notes": _("Wnioski dotyczące sprawy wymagają wskazania omawianej sprawy.")})
    with transaction.atomic():
        meeting = SupervisionMeeting(
            team=team,
            held_on=held_on,
            supervisor=supervisor,
            hours=hours,
            topics=topics,
            case=case,
            case_notes=case_notes,
            recorded_by=_person(actor),
        )
        meeting.full_clean()
        meeting.save()
        meeting.participants.set(participants)
        event(
            actor=actor,
            verb=E.SUPERVISION_RECORDED,
            target=team,
            supervision=meeting.pk,
            participants=len(participants),
        )
    return meeting
