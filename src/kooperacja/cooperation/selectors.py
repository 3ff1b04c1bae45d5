"""Need-to-know reads of the Cooperation Model. Every list and detail page goes through these scopes.

Who sees a case (`cases_visible_to`, through `policies.CasePolicy`):
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

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeAlias

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from kooperacja.core import pagecache
from kooperacja.core.middleware import mark_personal_data
from kooperacja.organisations.models import Organisation

from .enums import CasePart, CaseStatus, MeetingItemKind, MeetingStatus, MemberLevel, ProgrammeStatus, ReferralState
from .models import (
    Action,
    Case,
    CaseNamedMember,
    Consent,
    Meeting,
    MeetingItem,
    PlanProposal,
    Programme,
    Referral,
    Team,
    TeamMember,
)
from .policies import (
    CASES,
    PROPOSALS,
    REFERRALS,
    TEAMS,
    active_consents,
    is_case_owner,
    member_team_ids,
    orgs_of,
    staff_orgs_of,
)
from .policies import managed_team_ids as managed_team_ids  # re-exported: rules, other apps
from .policies import planner_team_ids as planner_team_ids
from .workflows import PROGRAMME_WF, REFERRAL_OPEN_STATES

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from kooperacja.accounts.models import User

# Who reads: a signed-in user, or an anonymous visitor (who sees nothing of the Cooperation Model).
Viewer: TypeAlias = "User | AnonymousUser"

_orgs = orgs_of
_staff_orgs = staff_orgs_of


# --- teams ------------------------------------------------------------------------------------------------


def teams_visible_to(user: Viewer) -> QuerySet[Team]:
    """Teams of the user's institutions (the platform administrator too sees only teams it is a member of)."""
    return TEAMS.visible(user).select_related("gmina", "gmina__parent", "powiat", "lead_organisation")


def team_for(user: Viewer, pk: int) -> Team:
    return get_object_or_404(teams_visible_to(user), pk=pk)


def case_owner_choices(user: Viewer) -> list[tuple[Team, Organisation]]:
    """(team, institution) pairs in which the user may open a case: member institutions where they do case work."""
    staff = _staff_orgs(user)
    return [
        (team, org)
        for team in teams_visible_to(user).filter(level=MemberLevel.GMINA)  # a powiat team owns no cases
        for org in [team.lead_organisation, *[m.organisation for m in team.members.select_related("organisation")]]
        if org.pk in staff
    ]


def team_members(team: Team) -> QuerySet[TeamMember]:
    from .models import TeamPerson

    return team.members.select_related("organisation", "organisation__territory").prefetch_related(
        Prefetch("people", queryset=TeamPerson.objects.select_related("user"))
    )


def meetings_of(team: Team) -> QuerySet[Meeting]:
    return team.meetings.annotate(attendee_count=Count("attendees", distinct=True)).order_by("-starts_at")


def meeting_for(user: Viewer, pk: int) -> Meeting:
    return get_object_or_404(
        Meeting.objects.select_related("team", "minutes_by").filter(team__in=teams_visible_to(user)), pk=pk
    )


def open_tasks(team: Team) -> QuerySet[MeetingItem]:
    return (
        MeetingItem.objects.filter(meeting__team=team, kind=MeetingItemKind.TASK, done_on__isnull=True)
        .select_related("owner", "owner__organisation", "meeting")
        .order_by("deadline", "id")
    )


def next_meeting_for(user: Viewer) -> Meeting | None:
    return (
        Meeting.objects.filter(
            team_id__in=member_team_ids(user), status=MeetingStatus.PLANNED, starts_at__gte=timezone.now()
        )
        .select_related("team")
        .order_by("starts_at")
        .first()
    )


# --- cases ------------------------------------------------------------------------------------------------


def cases_visible_to(user: Viewer, today: date | None = None) -> QuerySet[Case]:
    return Case.objects.select_related("team", "owner", "case_worker", "gmina").filter(CASES.visible_q(user, today))


def case_for(user: Viewer, pk: int) -> Case:
    """The case or 404. Every case page (also its forms and access log) shows the case: never cached."""
    case = get_object_or_404(cases_visible_to(user), pk=pk)
    mark_personal_data()
    return case


def is_named_on(user: Viewer, case: Case) -> bool:
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


def case_access(user: Viewer, case: Case, today: date | None = None) -> CaseAccess:
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


def part_labels(parts: Iterable[str]) -> list[str]:
    """The Polish names of case parts (in the order of `CasePart`), for pages: a part's code never reaches the screen.

    Accepts a list of codes or the comma-separated form stored in the access log ("diagnosis,persons")."""
    if isinstance(parts, str):
        parts = [p.strip() for p in parts.split(",") if p.strip()]
    wanted = set(parts)
    labels = [str(p.label) for p in CasePart if p.value in wanted]
    return labels + sorted(p for p in wanted if p not in CasePart.values)


def consents_with_labels(case: Case) -> list[tuple[Consent, list[str]]]:
    """The case's consents, each with the names of the parts it opens (for the owner's case page)."""
    return [(c, part_labels(c.parts)) for c in case.consents.select_related("organisation")]


def cases_owned_by(user: Viewer) -> QuerySet[Case]:
    return cases_visible_to(user).filter(owner_id__in=_staff_orgs(user))


def case_list(user: Viewer, *, status: str = "", q: str = "") -> QuerySet[Case]:
    # a correlated count per row shown (PostgreSQL evaluates it after the LIMIT), not a join of every referral
    # of every visible case before it; the paginator's COUNT leaves it out
    open_referrals = (
        Referral.objects.filter(case=OuterRef("pk"), state__in=REFERRAL_OPEN_STATES)
        .order_by()
        .values("case")
        .annotate(n=Count("id"))
        .values("n")
    )
    qs = cases_visible_to(user).annotate(open_referrals=Coalesce(Subquery(open_referrals), 0))
    if status:
        qs = qs.filter(status=status)
    if q.strip():
        qs = qs.filter(Q(number__icontains=q.strip()) | Q(title__icontains=q.strip()))
    return qs.order_by("status", "-opened_on", "-id")


def referrals_for_case(user: Viewer, access: CaseAccess) -> QuerySet[Referral]:
    qs = access.case.referrals.select_related("to_organisation", "from_organisation", "sent_by", "action")
    if access.is_owner:
        return qs
    return qs.filter(to_organisation_id__in=_orgs(user))


def programme_steps(programme: Programme | None) -> dict[str, bool]:
    """What the programme's lifecycle allows now, for the pages (templates never compare states)."""
    state = programme.status if programme is not None else ProgrammeStatus.DRAFT
    return {
        "programme_open": programme is not None and not PROGRAMME_WF.is_final(state),
        "programme_closed": programme is not None and PROGRAMME_WF.is_final(state),
        "can_edit_frame": state == ProgrammeStatus.DRAFT,  # the frame is fixed once the family agreed it
        "can_agree": programme is not None and PROGRAMME_WF.can(programme, "agree"),
        "can_review": state == ProgrammeStatus.AGREED,
    }


def actions_of(case: Case) -> QuerySet[Action]:
    return Action.objects.filter(programme__case=case).select_related(
        "goal", "responsible", "service", "service__provider"
    )


# --- referrals --------------------------------------------------------------------------------------------


def referrals_visible_to(user: Viewer) -> QuerySet[Referral]:
    """Referrals addressed to the user's institutions or sent by them, of cases the user can see."""
    return REFERRALS.visible(user).select_related(
        "case", "to_organisation", "from_organisation", "sent_by", "handled_by"
    )


def referral_for(user: Viewer, pk: int) -> Referral:
    return get_object_or_404(referrals_visible_to(user), pk=pk)


def incoming_referrals(user: Viewer, *, state: str = "", team: int | None = None) -> QuerySet[Referral]:
    """Referrals addressed to the user's institutions; `team`: only from the cases of that (gmina) team."""
    qs = referrals_visible_to(user).filter(to_organisation_id__in=_orgs(user))
    if team is not None:
        qs = qs.filter(case__team_id=team)
    if state == "open":
        qs = qs.filter(state__in=REFERRAL_OPEN_STATES)
    elif state:
        qs = qs.filter(state=state)
    return qs.order_by("due_on", "-id")


def overdue_referrals(user: Viewer, today: date | None = None) -> QuerySet[Referral]:
    today = today or timezone.localdate()
    return referrals_visible_to(user).filter(state__in=REFERRAL_OPEN_STATES, due_on__lt=today).order_by("due_on")


def is_referral_receiver(user: Viewer, referral: Referral) -> bool:
    return referral.to_organisation_id in _orgs(user)


# --- planner and aggregated statistics ----------------------------------------------------------------------


def proposals_for(user: Viewer) -> QuerySet[PlanProposal]:
    return PROPOSALS.visible(user).select_related("team", "created_by")


STATISTICS_TAG = "cooperation-statistics"  # core.pagecache: bumped by writes to the models counted below
STATISTICS_MODELS = (
    "cooperation.Team",
    "cooperation.TeamMember",
    "cooperation.Meeting",
    "cooperation.Case",
    "cooperation.Programme",
    "cooperation.Referral",
)
STATISTICS_TIMEOUT = 300  # seconds: the longest a figure can lag behind a write the signals do not see


@dataclass(frozen=True)
class StatisticsReport:
    rows: list[dict[str, Any]]
    computed_at: datetime  # when the figures were counted (the page says so: they may come from the cache)

    def region_referrals_by_state(self) -> dict[str, int]:
        """The referrals of all teams by state, every state of the workflow in its order (0 where there are none)."""
        return {
            state: sum(row["referrals_by_state"].get(state, 0) for row in self.rows) for state in ReferralState.values
        }


def statistics() -> list[dict[str, Any]]:
    """Aggregated figures per team (no personal data): for the regional analyst."""
    return statistics_report().rows


def statistics_report() -> StatisticsReport:
    """The figures of `statistics()` and when they were counted.

    Four grouped queries whatever the number of teams (issue 15: the loop over teams cost five queries per team
    and each referral count scanned the whole referral table), and those only once per change: their cost still
    grows with the referrals (a grouped join of 50,000 referrals with 20,000 cases: ~60-100 ms at scale 1.0), so
    the counts are kept in the cache under a generation that every save or delete of a counted model bumps
    (`core.pagecache.remembered`, watched in `CooperationConfig.ready`). Writes that bypass the model signals
    (bulk loads: `seed_scale` bumps the tag itself) and, with the per-process memory cache, writes made by
    another server process show after at most `STATISTICS_TIMEOUT` seconds; with Redis at once."""
    today = timezone.localdate()
    teams = list(Team.objects.select_related("gmina", "gmina__parent", "powiat"))
    computed_at, figures = pagecache.remembered(
        (STATISTICS_TAG,), f"statistics:{today.isoformat()}", lambda: _statistics_figures(today), STATISTICS_TIMEOUT
    )
    empty = dict.fromkeys(
        (
            "members",
            "meetings_held",
            "cases_open",
            "cases_closed",
            "programmes_completed",
            "referrals",
            "referrals_completed",
            "referrals_overdue",
        ),
        0,
    )
    rows = [{"team": team, **empty, "referrals_by_state": {}, **figures.get(team.pk, {})} for team in teams]
    return StatisticsReport(rows=rows, computed_at=computed_at)


def _statistics_figures(today: date) -> tuple[datetime, dict[int, dict[str, Any]]]:
    """(now, {team id: figures}) in four grouped queries."""
    members = _count_by(TeamMember.objects.filter(left_on__isnull=True), "team_id")
    meetings_held = _count_by(Meeting.objects.filter(status=MeetingStatus.HELD), "team_id")
    closed = Q(status=CaseStatus.CLOSED)
    cases: dict[int, dict[str, int]] = {
        row["team_id"]: row
        for row in Case.objects.order_by()
        .values("team_id")
        .annotate(
            open=Count("id", filter=~closed),
            closed=Count("id", filter=closed),
            completed=Count("id", filter=closed & Q(programme__outcome__in=["achieved", "partly"])),
        )
    }
    by_state: dict[int, dict[str, int]] = {}
    overdue: dict[int, int] = {}
    for row in (
        Referral.objects.order_by()
        .values("case__team_id", "state")
        .annotate(n=Count("id"), late=Count("id", filter=Q(state__in=REFERRAL_OPEN_STATES, due_on__lt=today)))
    ):
        team_id = row["case__team_id"]
        by_state.setdefault(team_id, {})[row["state"]] = row["n"]
        overdue[team_id] = overdue.get(team_id, 0) + row["late"]
    figures: dict[int, dict[str, Any]] = {}
    for team_id in set(members) | set(meetings_held) | set(cases) | set(by_state):
        team_cases = cases.get(team_id, {})
        states = by_state.get(team_id, {})
        figures[team_id] = {
            "members": members.get(team_id, 0),
            "meetings_held": meetings_held.get(team_id, 0),
            "cases_open": team_cases.get("open", 0),
            "cases_closed": team_cases.get("closed", 0),
            "programmes_completed": team_cases.get("completed", 0),
            "referrals": sum(states.values()),
            "referrals_completed": states.get("completed", 0),
            "referrals_by_state": states,
            "referrals_overdue": overdue.get(team_id, 0),
        }
    return timezone.now(), figures


def _count_by(queryset: QuerySet[Any], key: str) -> dict[int, int]:
    """{key value: number of rows} in one grouped query."""
    return dict(queryset.order_by().values_list(key).annotate(n=Count("id")))


# --- the two levels: gmina teams and the powiat team of their powiat ----------------------------------------


def powiat_team_of(team: Team) -> Team | None:
    """The powiat team of a gmina team's powiat (None: the powiat has none, or `team` is itself a powiat team)."""
    if team.is_powiat or team.gmina_id is None:
        return None
    return Team.objects.filter(level=MemberLevel.POWIAT, powiat_id=team.gmina.parent_id).first()


def gmina_teams_of(powiat_team: Team) -> QuerySet[Team]:
    """The gmina teams of the powiat team's powiat (the teams it works with)."""
    return Team.objects.filter(level=MemberLevel.GMINA, gmina__parent_id=powiat_team.powiat_id).select_related(
        "gmina", "lead_organisation"
    )


def referral_recipients(team: Team) -> QuerySet[Organisation]:
    """Institutions a case of `team` may be referred to besides catalogue services: the active members of its own
    team and of the powiat team of its powiat."""
    teams = [team.pk]
    powiat = powiat_team_of(team)
    if powiat is not None:
        teams.append(powiat.pk)
    return Organisation.objects.filter(
        pk__in=TeamMember.objects.filter(team_id__in=teams, left_on__isnull=True).values("organisation_id")
    )


def powiat_referral_figures(powiat_team: Team, today: date | None = None) -> list[dict[str, Any]]:
    """Per gmina team of the powiat: referrals from its cases to the powiat team's member institutions, counted by
    state (figures only: which family, and what, only the receiving institution sees, in its inbox)."""
    today = today or timezone.localdate()
    members = TeamMember.objects.filter(team=powiat_team, left_on__isnull=True).values("organisation_id")
    teams = list(gmina_teams_of(powiat_team))
    figures = ("total", "open", "overdue", "completed")
    rows: dict[int, dict[str, int]] = {
        row["case__team_id"]: {k: int(row[k]) for k in figures}  # type: ignore[literal-required]
        for row in Referral.objects.filter(case__team__in=teams, to_organisation_id__in=members)
        .order_by()
        .values("case__team_id")
        .annotate(
            total=Count("id"),
            open=Count("id", filter=Q(state__in=REFERRAL_OPEN_STATES)),
            overdue=Count("id", filter=Q(state__in=REFERRAL_OPEN_STATES, due_on__lt=today)),
            completed=Count("id", filter=Q(state="completed")),
        )
    }
    empty = dict.fromkeys(figures, 0)
    return [{"team": t, **rows.get(t.pk, empty)} for t in teams]


def incoming_source_teams(user: Viewer) -> QuerySet[Team]:
    """The teams whose cases sent referrals to the user's institutions (the inbox's filter per gmina)."""
    return (
        Team.objects.filter(pk__in=incoming_referrals(user).order_by().values("case__team_id"))
        .select_related("gmina")
        .order_by("name")
    )
