"""Reads for editing, task teams and supervision (issue 17): the team's and the case's changes as sentences, and
who may see a task team or a supervision record (need-to-know).

A task team is seen by who sees its case and by the staff of its member institutions (for a Niebieska Karta case:
only by who sees the case). What it found about the family (`findings`) and what a supervision concluded about a
case (`case_notes`) are shown only to who may see the case; everyone else reads dates, places, people and topics.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from kooperacja.accounts.models import User
from kooperacja.core.audit import events_for
from kooperacja.organisations.models import Organisation

from .enums import ConsentEnd, MemberLevel, MembershipEnd, TaskTeamKind
from .events import CooperationEvent as E
from .models import (
    AgreementVersion,
    Case,
    SupervisionMeeting,
    TaskTeam,
    TaskTeamMember,
    Team,
    TeamMember,
    TeamPerson,
)
from .policies import CASES, TEAMS, orgs_of


@dataclass(frozen=True)
class Entry:
    """One line of a history: when, who, and what happened as a sentence."""

    at: datetime
    who: str
    sentence: str


def _orgs(ids: set[int]) -> dict[int, str]:
    return {o.pk: str(o) for o in Organisation.objects.filter(pk__in=ids).only("name", "short_name")} if ids else {}


def _members(ids: set[int]) -> dict[int, str]:
    rows = TeamMember.objects.filter(pk__in=ids).values_list("pk", "organisation__short_name", "organisation__name")
    return {pk: short or name for pk, short, name in rows} if ids else {}


def _users(ids: set[int]) -> dict[int, str]:
    return {u.pk: u.full_name or u.email for u in User.objects.filter(pk__in=ids)} if ids else {}


def _sentence(verb: str, data: dict[str, Any], names: dict[str, dict[int, str]]) -> str:
    label = str(E(verb).label) if verb in E.values else verb
    org = names["members"].get(data.get("member")) or names["orgs"].get(data.get("organisation"))
    if verb == E.MEMBER_UPDATED:
        parts = []
        if "level" in data:
            parts.append(_("poziom: %(level)s") % {"level": MemberLevel(data["level"][1]).label})
        if "representative" in data:
            new = data["representative"][1]
            parts.append(
                _("przedstawiciel: %(who)s") % {"who": names["users"].get(new, "—")}
                if new
                else _("bez przedstawiciela")
            )
        return _("%(label)s %(org)s (%(what)s).") % {"label": label, "org": org or "", "what": ", ".join(parts)}
    if verb == E.AGREEMENT_AMENDED:
        return _("%(label)s z instytucją %(org)s – obowiązuje wersja %(n)s.") % {
            "label": label,
            "org": org or "",
            "n": data.get("version"),
        }
    if verb == E.MEMBER_LEFT:
        how = MembershipEnd(data["end_kind"]).label if data.get("end_kind") in MembershipEnd.values else ""
        return _("%(label)s: %(org)s (%(how)s).") % {"label": label, "org": org or "", "how": how}
    if verb in (E.MEMBER_JOINED, E.TASK_TEAM_MEMBER_ADDED) and org:
        return _("%(label)s: %(org)s.") % {"label": label, "org": org}
    if verb == E.CONSENT_AMENDED:
        return _("%(label)s – wersja %(n)s dla instytucji %(org)s.") % {
            "label": label,
            "n": data.get("version"),
            "org": org or "",
        }
    if verb == E.CONSENT_ENDED and data.get("end_kind") in ConsentEnd.values:
        return _("%(label)s: %(why)s.") % {"label": label, "why": ConsentEnd(data["end_kind"]).label}
    if verb == E.PERSON_ADDED and data.get("user"):
        return _("%(label)s: %(who)s.") % {"label": label, "who": names["users"].get(data["user"], "")}
    return f"{label}."


def history(target: Team | Case, limit: int = 30) -> list[Entry]:
    """The events of a team or a case as sentences naming the institution or person concerned."""
    events = list(events_for(target).order_by("-occurred_at", "-id")[:limit])
    data = [e.data or {} for e in events]
    names = {
        "members": _members({d["member"] for d in data if isinstance(d.get("member"), int)}),
        "orgs": _orgs({d["organisation"] for d in data if isinstance(d.get("organisation"), int)}),
        "users": _users(
            {d["user"] for d in data if isinstance(d.get("user"), int)}
            | {
                u
                for d in data
                if isinstance(d.get("representative"), list)
                for u in d["representative"]
                if isinstance(u, int)
            }
        ),
    }
    return [
        Entry(
            at=e.occurred_at,
            who=(e.actor.full_name or str(e.actor)) if e.actor else (e.actor_label or ""),
            sentence=_sentence(str(e.verb), d, names),
        )
        for e, d in zip(events, data, strict=True)
    ]


# --- memberships and agreements ---------------------------------------------------------------------------------


def member_for(user: Any, pk: int) -> TeamMember:
    """A member institution of a team the user sees (404 otherwise)."""
    return get_object_or_404(
        TeamMember.objects.select_related("team", "team__lead_organisation", "organisation").filter(
            team__in=Team.objects.filter(TEAMS.scope(user, "view"))
        ),
        pk=pk,
    )


def agreement_versions(member: TeamMember) -> QuerySet[AgreementVersion]:
    return member.agreement_versions.select_related("replaced_by")


def representative_of(member: TeamMember) -> TeamPerson | None:
    return member.people.filter(function="representative").select_related("user").first()


# --- task teams -------------------------------------------------------------------------------------------------


def can_see_case(user: Any, case: Case) -> bool:
    return CASES.can(user, "view", case)


def task_teams_visible(user: Any) -> QuerySet[TaskTeam]:
    """The task teams of cases the user's institution runs, and those its institution is a member of (for a
    Niebieska Karta case, only if the user also sees the case: named people only)."""
    orgs = orgs_of(user)
    if not orgs:
        return TaskTeam.objects.none()
    owned = Q(case__in=Case.objects.filter(CASES.owned_q(user)))
    member_of = Q(pk__in=TaskTeamMember.objects.filter(member__organisation_id__in=orgs).values("task_team_id"))
    seen = Q(case__is_domestic_violence=False) | Q(case__in=Case.objects.filter(CASES.visible_q(user)))
    return TaskTeam.objects.filter(owned | (member_of & seen))


def task_team_for(user: Any, pk: int) -> TaskTeam:
    return get_object_or_404(task_teams_visible(user).select_related("case", "case__team", "case__owner"), pk=pk)


def task_teams_of(user: Any, case: Case) -> QuerySet[TaskTeam]:
    """The task teams of the case that the user may see."""
    return (
        task_teams_visible(user)
        .filter(case=case)
        .prefetch_related(
            Prefetch("members", queryset=TaskTeamMember.objects.select_related("member__organisation", "user"))
        )
    )


def task_team_members(task_team: TaskTeam) -> QuerySet[TaskTeamMember]:
    return task_team.members.select_related("member__organisation", "user")


def task_team_meetings(task_team: TaskTeam) -> QuerySet[Any]:
    return task_team.meetings.prefetch_related(
        Prefetch("attendees", queryset=TaskTeamMember.objects.select_related("member__organisation"))
    )


def is_diagnostic(task_team: TaskTeam) -> bool:
    return task_team.kind == TaskTeamKind.DIAGNOSTIC


# --- supervision ------------------------------------------------------------------------------------------------


def supervisions_of(team: Team) -> QuerySet[SupervisionMeeting]:
    return team.supervisions.prefetch_related("participants")


def supervision_for(user: Any, pk: int) -> SupervisionMeeting:
    return get_object_or_404(
        SupervisionMeeting.objects.select_related("team", "case").filter(
            team__in=Team.objects.filter(TEAMS.scope(user, "view"))
        ),
        pk=pk,
    )


def manageable_cases(user: Any, team: Team) -> QuerySet[Case]:
    """Open cases of the team that the user's institution runs (a supervision may name one of them)."""
    return Case.objects.filter(team=team).filter(CASES.scope(user, "manage")).order_by("number")
