"""Who may do what in the participation app: the role combined with the clock (the active phase).

One policy per aggregate (process, comment, proposal, plebiscite, candidate). `scope` is the definition; `can`
asks the database through it (the default of `core.policy.Policy`), so the two never disagree. Phase-gated
actions (comment, propose, survey, attend, vote) are open only while a phase that allows them is running.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from kooperacja.accounts import roles
from kooperacja.accounts.enums import Role
from kooperacja.accounts.roles import is_platform_admin, organisation_ids
from kooperacja.core.policy import NOTHING, Policy, signed_in

from .enums import CandidateState, CommentState, ProcessKind, ProcessState, ResultsState
from .models import Candidate, Comment, Moderator, Phase, Plebiscite, Process, Proposal

PHASE_ACTIONS = ("comment", "propose", "survey", "attend", "vote")


def officer_orgs(user: Any) -> set[int]:
    """Authorities for which the user is a municipal officer (verified organisation)."""
    if not signed_in(user):
        return set()
    return organisation_ids(user, Role.MUNICIPAL_OFFICER, verified_only=True)


def _appointed(user: Any) -> QuerySet[Moderator]:
    return Moderator.objects.filter(user_id=user.pk).order_by()


# "appointed moderator anywhere": the menu's question, one EXISTS among the user's role facts (accounts.roles)
roles.register_flag("participation.moderator", _appointed)
roles.watch(Moderator)


def moderator_orgs(user: Any) -> set[int]:
    """Authorities whose discussions the user moderates: its officers and the appointed moderators."""
    if not signed_in(user):
        return set()
    appointed = roles.remember(
        user, "participation.moderator", lambda: set(_appointed(user).values_list("authority_id", flat=True))
    )
    return appointed | officer_orgs(user)


def moderates_anywhere(user: Any) -> bool:
    """`bool(moderator_orgs(user))` without loading the appointments."""
    return signed_in(user) and (bool(officer_orgs(user)) or roles.flag(user, "participation.moderator"))


def phase_open(prefix: str, action: str, now: Any = None) -> Q:
    """Processes (through `prefix`) with a running phase that allows `action`."""
    now = now or timezone.now()
    phases = Phase.objects.filter(
        process=OuterRef(f"{prefix}pk" if prefix else "pk"),
        starts_at__lte=now,
        ends_at__gt=now,
        **{f"allows_{action}": True},
    )
    return Q(Exists(phases))


def process_visible(user: Any, prefix: str = "") -> Q:
    """Published (or finished / cancelled) processes for everyone; drafts for the authority's officers."""
    q = ~Q(**{f"{prefix}state": ProcessState.DRAFT})
    orgs = officer_orgs(user)
    if orgs:
        q |= Q(**{f"{prefix}authority_id__in": orgs})
    return q


class ProcessPolicy(Policy[Process]):
    model = Process
    actions = ("view", "manage", "moderate", *PHASE_ACTIONS)

    def scope(self, user: Any, action: str) -> Q:
        self._check_action(action)
        if action == "view":
            return process_visible(user)
        if action == "manage":
            orgs = officer_orgs(user)
            return Q(authority_id__in=orgs) if orgs else NOTHING
        if action == "moderate":
            orgs = moderator_orgs(user)
            return Q(authority_id__in=orgs) & ~Q(state=ProcessState.DRAFT) if orgs else NOTHING
        if not signed_in(user):
            return NOTHING
        q = Q(state=ProcessState.PUBLISHED) & phase_open("", action)
        if action == "vote":
            q &= Q(kind=ProcessKind.PLEBISCITE)
        return q

    def can_without_object(self, user: Any, action: str) -> bool:
        if action == "manage":
            return bool(officer_orgs(user))
        if action == "moderate":
            return moderates_anywhere(user)
        return action == "view"


class CommentPolicy(Policy[Comment]):
    model = Comment
    actions = ("view", "moderate")

    def scope(self, user: Any, action: str) -> Q:
        self._check_action(action)
        mods = moderator_orgs(user)
        moderated = Q(process__authority_id__in=mods) & ~Q(process__state=ProcessState.DRAFT) if mods else NOTHING
        if action == "moderate":
            return moderated
        return (process_visible(user, "process__") & Q(state=CommentState.VISIBLE)) | moderated


class ProposalPolicy(Policy[Proposal]):
    model = Proposal
    actions = ("view", "answer")

    def scope(self, user: Any, action: str) -> Q:
        self._check_action(action)
        if action == "view":
            return process_visible(user, "process__")
        orgs = officer_orgs(user)
        return Q(process__authority_id__in=orgs) if orgs else NOTHING


class PlebiscitePolicy(Policy[Plebiscite]):
    """`results`: nobody sees counts while voting runs; afterwards everyone once published (or automatically)."""

    model = Plebiscite
    actions = ("view", "manage", "coordinate", "results")

    def scope(self, user: Any, action: str) -> Q:
        self._check_action(action)
        if action == "view":
            return process_visible(user, "process__")
        orgs = officer_orgs(user)
        if action in ("manage", "coordinate"):
            return Q(process__authority_id__in=orgs) if orgs else NOTHING
        ended = Q(voting_phase__ends_at__lte=timezone.now()) & ~Q(process__state=ProcessState.DRAFT)
        public = ended & (Q(auto_publish=True) | ~Q(results_state=ResultsState.COUNTING))
        return public | (ended & Q(process__authority_id__in=orgs)) if orgs else public


class CandidatePolicy(Policy[Candidate]):
    model = Candidate
    actions = ("view", "manage")

    def scope(self, user: Any, action: str) -> Q:
        self._check_action(action)
        orgs = officer_orgs(user)
        managed = Q(plebiscite__process__authority_id__in=orgs) if orgs else NOTHING
        if action == "manage":
            return managed
        q = process_visible(user, "plebiscite__process__") & Q(state=CandidateState.ACCEPTED)
        if signed_in(user):
            q |= Q(proposed_by=user) & process_visible(user, "plebiscite__process__")
        return q | managed


PROCESS = ProcessPolicy()
COMMENT = CommentPolicy()
PROPOSAL = ProposalPolicy()
PLEBISCITE = PlebiscitePolicy()
CANDIDATE = CandidatePolicy()
ALL_POLICIES = (PROCESS, COMMENT, PROPOSAL, PLEBISCITE, CANDIDATE)


def is_admin(user: Any) -> bool:
    return is_platform_admin(user)
