"""Need-to-know reads of the Cooperation Model. Every list and detail page goes through these scopes.

Who sees a case (`cases_visible_to`):
- the owner institution's staff (its active members with the social-worker role);
- an institution to which the case was referred (it sees the summary and its own referrals);
- an institution holding an active consent (not withdrawn, not expired) for parts of the case;
- Niebieska Karta (domestic violence) cases: only people named on the case, whatever their institution.
Nobody else, not even a platform administrator: they get 404.

Which parts (`case_parts_for`): the owner sees everything; others see the summary, the referrals addressed to
them, and exactly the parts their active consents name. Consents are read on every request, so a withdrawal
stops sharing at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from kooperacja.accounts import roles
from kooperacja.accounts.enums import Role
from kooperacja.core.middleware import mark_personal_data

from .enums import CasePart, CaseStatus, MeetingItemKind, MeetingStatus
from .models import (
    Action,
    Case,
    CaseNamedMember,
    Consent,
    Meeting,
    MeetingItem,
    PlanProposal,
    Referral,
    Team,
    TeamMember,
)
from .workflows import REFERRAL_OPEN_STATES


def _orgs(user: Any) -> set[int]:
    return roles.organisation_ids(user, verified_only=True)


def _staff_orgs(user: Any) -> set[int]:
    """Institutions in which the user does case work (social-worker role)."""
    return roles.organisation_ids(user, Role.SOCIAL_WORKER, verified_only=True)


def active_consents(today: date | None = None) -> QuerySet[Consent]:
    today = today or timezone.localdate()
    return Consent.objects.filter(withdrawn_at__isnull=True, given_on__lte=today, valid_until__gte=today)


# --- teams ------------------------------------------------------------------------------------------------


def member_team_ids(user: Any) -> set[int]:
    """Teams in which one of the user's institutions is an active member (or the lead institution)."""
    orgs = _orgs(user)
    if not orgs:
        return set()
    ids = set(
        TeamMember.objects.filter(organisation_id__in=orgs, left_on__isnull=True).values_list("team_id", flat=True)
    )
    ids |= set(Team.objects.filter(lead_organisation_id__in=orgs).values_list("id", flat=True))
    return ids


def teams_visible_to(user: Any) -> QuerySet[Team]:
    """Teams of the user's institutions (the platform administrator too sees only teams it is a member of)."""
    qs = Team.objects.select_related("gmina", "gmina__parent", "lead_organisation")
    return qs.filter(pk__in=member_team_ids(user))


def team_for(user: Any, pk: int) -> Team:
    return get_object_or_404(teams_visible_to(user), pk=pk)


def managed_team_ids(user: Any) -> set[int]:
    """Teams the user runs: staff of the lead institution, or a named animator."""
    from .enums import TeamFunction
    from .models import TeamPerson

    staff = _staff_orgs(user)
    ids = set(Team.objects.filter(lead_organisation_id__in=staff).values_list("id", flat=True)) if staff else set()
    ids |= set(
        TeamPerson.objects.filter(
            user=user if getattr(user, "is_authenticated", False) else None,
            function__in=[TeamFunction.ANIMATOR_GMINA, TeamFunction.ANIMATOR_POWIAT],
        ).values_list("team_id", flat=True)
    )
    return ids


def planner_team_ids(user: Any) -> set[int]:
    """Teams whose basket planner the user may run: case workers of the lead institution (they own the cases)."""
    staff = _staff_orgs(user)
    return set(Team.objects.filter(lead_organisation_id__in=staff).values_list("id", flat=True)) if staff else set()


def team_members(team: Team) -> QuerySet[TeamMember]:
    from .models import TeamPerson

    return team.members.select_related("organisation", "organisation__territory").prefetch_related(
        Prefetch("people", queryset=TeamPerson.objects.select_related("user"))
    )


def meetings_of(team: Team) -> QuerySet[Meeting]:
    return team.meetings.annotate(attendee_count=Count("attendees", distinct=True)).order_by("-starts_at")


def meeting_for(user: Any, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("team", "minutes_by").filter(team__in=teams_visible_to(user)), pk=pk
    )


def open_tasks(team: Team) -> QuerySet[MeetingItem]:
    return (
        MeetingItem.objects.filter(meeting__team=team, kind=MeetingItemKind.TASK, done_on__isnull=True)
        .select_related("owner", "owner__organisation", "meeting")
        .order_by("deadline", "id")
    )


def next_meeting_for(user: Any) -> Meeting | None:
    return (
        Meeting.objects.filter(
            team_id__in=member_team_ids(user), status=MeetingStatus.PLANNED, starts_at__gte=timezone.now()
        )
        .select_related("team")
        .order_by("starts_at")
        .first()
    )


# --- cases ------------------------------------------------------------------------------------------------


def cases_visible_to(user: Any, today: date | None = None) -> QuerySet[Case]:
    qs = Case.objects.select_related("team", "owner", "case_worker", "gmina")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    orgs = _orgs(user)
    named = Exists(CaseNamedMember.objects.filter(case=OuterRef("pk"), user=user))
    if not orgs:
        return qs.none()
    referred = Exists(Referral.objects.filter(case=OuterRef("pk"), to_organisation_id__in=orgs))
    consented = Exists(active_consents(today).filter(case=OuterRef("pk"), organisation_id__in=orgs))
    owned = Q(owner_id__in=_staff_orgs(user))
    ordinary = Q(is_domestic_violence=False) & (owned | referred | consented)
    return qs.filter(ordinary | (Q(is_domestic_violence=True) & named))


def case_for(user: Any, pk: int) -> Case:
    """The case or 404. Every case page (also its forms and access log) shows the case: never cached."""
    case = get_object_or_404(cases_visible_to(user), pk=pk)
    mark_personal_data()
    return case


def is_case_owner(user: Any, case: Case) -> bool:
    if case.owner_id not in _staff_orgs(user):
        return False
    if case.is_domestic_violence:
        return CaseNamedMember.objects.filter(case=case, user=user).exists()
    return True


def is_named_on(user: Any, case: Case) -> bool:
    return CaseNamedMember.objects.filter(case=case, user_id=getattr(user, "pk", None)).exists()


@dataclass
class CaseAccess:
    """What one user may see of one case (computed per request)."""

    case: Case
    is_owner: bool
    parts: set[str] = field(default_factory=set)
    consents: list[Consent] = field(default_factory=list)

    def can(self, part: str) -> bool:
        return part in self.parts


def case_access(user: Any, case: Case, today: date | None = None) -> CaseAccess:
    """The parts of `case` the user may see. Raise Http404 if the case is not visible at all."""
    if not cases_visible_to(user, today).filter(pk=case.pk).exists():
        raise Http404
    if is_case_owner(user, case):
        return CaseAccess(case=case, is_owner=True, parts={p.value for p in CasePart})
    orgs = _orgs(user)
    consents = list(active_consents(today).filter(case=case, organisation_id__in=orgs))
    parts = {CasePart.SUMMARY.value}
    for consent in consents:
        parts |= set(consent.parts)
    if Referral.objects.filter(case=case, to_organisation_id__in=orgs).exists():
        parts.add(CasePart.REFERRALS.value)
    return CaseAccess(case=case, is_owner=False, parts=parts, consents=consents)


def cases_owned_by(user: Any) -> QuerySet[Case]:
    return cases_visible_to(user).filter(owner_id__in=_staff_orgs(user))


def case_list(user: Any, *, status: str = "", q: str = "") -> QuerySet[Case]:
    qs = cases_visible_to(user).annotate(
        open_referrals=Count("referrals", filter=Q(referrals__state__in=REFERRAL_OPEN_STATES), distinct=True)
    )
    if status:
        qs = qs.filter(status=status)
    if q.strip():
        qs = qs.filter(Q(number__icontains=q.strip()) | Q(title__icontains=q.strip()))
    return qs.order_by("status", "-opened_on", "-id")


def referrals_for_case(user: Any, access: CaseAccess) -> QuerySet[Referral]:
    qs = access.case.referrals.select_related("to_organisation", "from_organisation", "sent_by", "action")
    if access.is_owner:
        return qs
    return qs.filter(to_organisation_id__in=_orgs(user))


def actions_of(case: Case) -> QuerySet[Action]:
    return Action.objects.filter(programme__case=case).select_related(
        "goal", "responsible", "service", "service__provider"
    )


# --- referrals --------------------------------------------------------------------------------------------


def referrals_visible_to(user: Any) -> QuerySet[Referral]:
    """Referrals addressed to the user's institutions or sent by them, of cases the user can see."""
    orgs = _orgs(user)
    if not orgs:
        return Referral.objects.none()
    return (
        Referral.objects.filter(case__in=cases_visible_to(user))
        .filter(Q(to_organisation_id__in=orgs) | Q(case__owner_id__in=_staff_orgs(user)))
        .select_related("case", "to_organisation", "from_organisation", "sent_by", "handled_by")
    )


def referral_for(user: Any, pk: int) -> Referral:
    return get_object_or_404(referrals_visible_to(user), pk=pk)


def incoming_referrals(user: Any, *, state: str = "") -> QuerySet[Referral]:
    qs = referrals_visible_to(user).filter(to_organisation_id__in=_orgs(user))
    if state == "open":
        qs = qs.filter(state__in=REFERRAL_OPEN_STATES)
    elif state:
        qs = qs.filter(state=state)
    return qs.order_by("due_on", "-id")


def overdue_referrals(user: Any, today: date | None = None) -> QuerySet[Referral]:
    today = today or timezone.localdate()
    return referrals_visible_to(user).filter(state__in=REFERRAL_OPEN_STATES, due_on__lt=today).order_by("due_on")


def is_referral_receiver(user: Any, referral: Referral) -> bool:
    return referral.to_organisation_id in _orgs(user)


# --- planner and aggregated statistics ----------------------------------------------------------------------


def proposals_for(user: Any) -> QuerySet[PlanProposal]:
    return PlanProposal.objects.filter(team_id__in=planner_team_ids(user)).select_related("team", "created_by")


def statistics() -> list[dict[str, Any]]:
    """Aggregated figures per team (no personal data): for the regional analyst."""
    rows = []
    for team in Team.objects.select_related("gmina", "gmina__parent").annotate(
        member_count=Count("members", filter=Q(members__left_on__isnull=True), distinct=True),
        meetings_held=Count("meetings", filter=Q(meetings__status=MeetingStatus.HELD), distinct=True),
    ):
        cases = Case.objects.filter(team=team)
        referrals = Referral.objects.filter(case__team=team)
        by_state = dict(referrals.values_list("state").annotate(n=Count("id")))
        rows.append(
            {
                "team": team,
                "members": team.member_count,
                "meetings_held": team.meetings_held,
                "cases_open": cases.exclude(status=CaseStatus.CLOSED).count(),
                "cases_closed": cases.filter(status=CaseStatus.CLOSED).count(),
                "programmes_completed": cases.filter(
                    status=CaseStatus.CLOSED, programme__outcome__in=["achieved", "partly"]
                ).count(),
                "referrals": sum(by_state.values()),
                "referrals_completed": by_state.get("completed", 0),
                "referrals_by_state": by_state,
                "referrals_overdue": referrals.filter(
                    state__in=REFERRAL_OPEN_STATES, due_on__lt=timezone.localdate()
                ).count(),
            }
        )
    return rows
