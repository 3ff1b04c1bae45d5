"""Reads of the participation app, each through its policy (404 for what the user may not know exists)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .enums import AgeBand, CandidateState, Channel, CommentState, PaperBallotState, ProcessKind
from .models import (
    Attachment,
    Candidate,
    Comment,
    PaperBallot,
    Phase,
    Plebiscite,
    Process,
    Proposal,
    Registration,
    Subscription,
    Survey,
    Tally,
    VoterRecord,
    Workshop,
)
from .policies import CANDIDATE, COMMENT, PLEBISCITE, PROCESS, PROPOSAL


def processes_visible_to(user: Any, *, kind: str = "") -> QuerySet[Process]:
    qs = PROCESS.visible(user, "view").select_related("authority", "territory").prefetch_related("phases")
    if kind in ProcessKind.values:
        qs = qs.filter(kind=kind)
    return qs


def process_for(user: Any, pk: int, action: str = "view") -> Process:
    return get_object_or_404(PROCESS.visible(user, action).select_related("authority", "territory"), pk=pk)


def phases_of(process: Process) -> list[Phase]:
    return list(process.phases.all())


def phase_for(user: Any, pk: int) -> Phase:
    """A phase of a process the user manages (404 for anyone else)."""
    return get_object_or_404(
        Phase.objects.select_related("process").filter(process__in=PROCESS.visible(user, "manage")), pk=pk
    )


def attachment_for(user: Any, pk: int) -> Attachment:
    return get_object_or_404(
        Attachment.objects.select_related("process").filter(process__in=PROCESS.visible(user, "manage")), pk=pk
    )


def follows(user: Any, process: Process) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return Subscription.objects.filter(process=process, user=user).exists()


def active_phase(phases: list[Phase], now: Any = None) -> Phase | None:
    now = now or timezone.now()
    return next((p for p in phases if p.starts_at <= now < p.ends_at), None)


def allowed_now(phases: list[Phase], now: Any = None) -> set[str]:
    now = now or timezone.now()
    found: set[str] = set()
    for p in phases:
        if p.starts_at <= now < p.ends_at:
            found |= {a for a in ("comment", "propose", "survey", "attend", "vote") if p.allows(a)}
    return found


def comments_for(user: Any, process: Process) -> list[Comment]:
    """Top-level comments with their replies (two queries), those hidden only for moderators."""
    visible = COMMENT.visible(user, "view").filter(process=process).select_related("author", "section")
    top = list(
        visible.filter(parent__isnull=True).prefetch_related(
            Prefetch("replies", queryset=visible.filter(parent__isnull=False), to_attr="visible_replies")
        )
    )
    return top


def comment_for(user: Any, pk: int, action: str = "view") -> Comment:
    return get_object_or_404(COMMENT.visible(user, action).select_related("process", "process__authority"), pk=pk)


def proposals_for(user: Any, process: Process) -> QuerySet[Proposal]:
    return PROPOSAL.visible(user, "view").filter(process=process).select_related("author")


def proposal_for(user: Any, pk: int, action: str = "view") -> Proposal:
    return get_object_or_404(PROPOSAL.visible(user, action).select_related("process", "author"), pk=pk)


def surveys_of(process: Process) -> list[Survey]:
    return list(process.surveys.prefetch_related("questions"))


def survey_for(user: Any, pk: int) -> Survey:
    return get_object_or_404(
        Survey.objects.filter(process__in=PROCESS.visible(user, "view")).select_related("process"), pk=pk
    )


def survey_results(survey: Survey) -> list[dict[str, Any]]:
    """Per question: option counts (single/multiple), average and distribution (scale), open answers."""
    from .enums import QuestionKind
    from .models import Answer

    questions = list(survey.questions.all())
    rows = Answer.objects.filter(question__survey=survey).values_list("question_id", "choices", "scale", "text")
    by_q: dict[int, list[tuple[Any, Any, str]]] = defaultdict(list)
    for qid, choices, scale, text in rows:
        by_q[qid].append((choices, scale, text))
    out = []
    for q in questions:
        answers = by_q.get(q.pk, [])
        item: dict[str, Any] = {"question": q, "count": len(answers)}
        if q.kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            counts = [0] * len(q.options)
            for choices, _s, _t in answers:
                for i in choices or []:
                    if 0 <= i < len(counts):
                        counts[i] += 1
            top = max(counts) if counts else 0
            item["options"] = [
                {"label": label, "count": c, "percent": round(100 * c / top) if top else 0}
                for label, c in zip(q.options, counts, strict=True)
            ]
        elif q.kind == QuestionKind.SCALE:
            values = [s for _c, s, _t in answers if s]
            item["average"] = round(sum(values) / len(values), 1) if values else None
            item["options"] = [
                {
                    "label": str(v),
                    "count": values.count(v),
                    "percent": round(100 * values.count(v) / len(values)) if values else 0,
                }
                for v in range(1, 6)
            ]
        else:
            item["texts"] = [t for _c, _s, t in answers if t][:200]
        out.append(item)
    return out


def responded(user: Any, survey: Survey) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and survey.responses.filter(respondent=user).exists()


def workshops_of(process: Process) -> list[Workshop]:
    return list(process.workshops.all())


def workshop_for(user: Any, pk: int) -> Workshop:
    return get_object_or_404(
        Workshop.objects.filter(process__in=PROCESS.visible(user, "view")).select_related("process"), pk=pk
    )


def registrations_of(workshop: Workshop) -> QuerySet[Registration]:
    return workshop.registrations.select_related("user").order_by("created_at")


def my_registrations(user: Any, process: Process) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return set(Registration.objects.filter(user=user, workshop__process=process).values_list("workshop_id", flat=True))


def my_supports(user: Any, process: Process) -> set[int]:
    from .models import ProposalSupport

    if not getattr(user, "is_authenticated", False):
        return set()
    return set(
        ProposalSupport.objects.filter(user=user, proposal__process=process).values_list("proposal_id", flat=True)
    )


# --- moderation -----------------------------------------------------------------------------------------------


def moderation_queue(user: Any) -> QuerySet[Comment]:
    """Reported or hidden comments of the processes the user moderates, most reported first."""
    return (
        COMMENT.visible(user, "moderate")
        .filter(report_count__gt=0)
        .select_related("process", "author", "hidden_by")
        .order_by("state", "-report_count", "-created_at")
    )


def hidden_comments(user: Any) -> QuerySet[Comment]:
    return COMMENT.visible(user, "moderate").filter(state=CommentState.HIDDEN).select_related("process", "hidden_by")


# --- plebiscite -----------------------------------------------------------------------------------------------


def plebiscite_for(user: Any, pk: int, action: str = "view") -> Plebiscite:
    return get_object_or_404(
        PLEBISCITE.visible(user, action).select_related("process", "process__authority", "voting_phase"), pk=pk
    )


def candidates_for(user: Any, plebiscite: Plebiscite) -> QuerySet[Candidate]:
    return CANDIDATE.visible(user, "view").filter(plebiscite=plebiscite)


def ballot_candidates(plebiscite: Plebiscite) -> QuerySet[Candidate]:
    return plebiscite.candidates.filter(state=CandidateState.ACCEPTED)


def candidate_for(user: Any, pk: int, action: str = "view") -> Candidate:
    return get_object_or_404(
        CANDIDATE.visible(user, action).select_related("plebiscite", "plebiscite__process", "plebiscite__voting_phase"),
        pk=pk,
    )


def may_change_image(user: Any, candidate: Candidate) -> bool:
    """Mirrors `services.candidate_image_set`: the officer, or the author before the formal check; never once the
    voting has started."""
    if not getattr(user, "is_authenticated", False):
        return False
    phase = candidate.plebiscite.voting_phase
    if timezone.now() >= phase.starts_at:
        return False
    if user.has_perm("participation.manage_candidate", candidate):
        return True
    return bool(candidate.proposed_by_id == user.pk and candidate.state == CandidateState.PROPOSED)


def has_voted(user: Any, plebiscite: Plebiscite) -> VoterRecord | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return VoterRecord.objects.filter(plebiscite=plebiscite, user=user).first()


def paper_queue(plebiscite: Plebiscite) -> QuerySet[PaperBallot]:
    return plebiscite.paper_ballots.filter(state=PaperBallotState.PENDING).order_by("number")


@dataclass
class Results:
    plebiscite: Plebiscite
    rows: list[dict[str, Any]] = field(default_factory=list)  # candidate, total, per channel, percent
    total_votes: int = 0
    voters: int = 0
    by_channel: dict[str, int] = field(default_factory=dict)
    by_age: list[tuple[str, int]] = field(default_factory=list)
    by_area: list[tuple[str, int]] = field(default_factory=list)
    tied: list[Any] = field(default_factory=list)


def results(plebiscite: Plebiscite) -> Results:
    """Counts from the precomputed tallies, turnout from the "has voted" records: four queries, any size."""
    candidates = {c.pk: c for c in ballot_candidates(plebiscite)}
    per: dict[int, dict[str, int]] = defaultdict(dict)
    for cid, channel, votes in (
        Tally.objects.filter(plebiscite=plebiscite).values("candidate_id", "channel").annotate(v=Sum("votes"))
    ).values_list("candidate_id", "channel", "v"):
        per[cid][channel] = int(votes or 0)
    turnout = list(
        VoterRecord.objects.filter(plebiscite=plebiscite)
        .values("channel", "age_band", "area")
        .annotate(n=Count("pk"))
        .values_list("channel", "age_band", "area", "n")
    )
    res = Results(plebiscite=plebiscite)
    by_channel: dict[str, int] = defaultdict(int)
    by_age: dict[str, int] = defaultdict(int)
    by_area: dict[str, int] = defaultdict(int)
    for channel, band, area, n in turnout:
        by_channel[channel] += n
        by_age[band] += n
        by_area[area or ""] += n
        res.voters += n
    res.by_channel = {str(Channel(c).label): n for c, n in sorted(by_channel.items())}
    res.by_age = [(str(b.label), by_age[b.value]) for b in AgeBand if by_age.get(b.value)]
    res.by_area = sorted(((a or "—", n) for a, n in by_area.items()), key=lambda x: -x[1])
    rows: list[dict[str, Any]] = []
    for cid, c in candidates.items():
        channels = per.get(cid, {})
        total = sum(channels.values())
        rows.append(
            {
                "candidate": c,
                "total": total,
                "online": channels.get(Channel.ONLINE, 0),
                "paper": channels.get(Channel.PAPER, 0),
            }
        )
    rows.sort(key=lambda r: (-r["total"], r["candidate"].number, r["candidate"].pk))
    res.total_votes = sum(r["total"] for r in rows)
    top = rows[0]["total"] if rows else 0
    for r in rows:
        r["percent"] = round(100 * r["total"] / res.total_votes, 1) if res.total_votes else 0.0
        r["bar"] = round(100 * r["total"] / top) if top else 0
    res.rows = rows
    res.tied = [r["candidate"] for r in rows if top and r["total"] == top] if len(rows) > 1 else []
    if len(res.tied) < 2:
        res.tied = []
    return res


# --- my activity ----------------------------------------------------------------------------------------------


def my_activity(user: Any) -> dict[str, Any]:
    return {
        "comments": list(Comment.objects.filter(author=user).select_related("process").order_by("-created_at")[:50]),
        "proposals": list(Proposal.objects.filter(author=user).select_related("process").order_by("-created_at")[:50]),
        "registrations": list(
            Registration.objects.filter(user=user)
            .select_related("workshop", "workshop__process")
            .order_by("-created_at")[:50]
        ),
        "votes": list(
            VoterRecord.objects.filter(user=user)
            .select_related("plebiscite", "plebiscite__process")
            .order_by("-voted_on")[:50]
        ),
        "surveys": list(Survey.objects.filter(responses__respondent=user).select_related("process").distinct()[:50]),
    }


def report_data(process: Process) -> dict[str, Any]:
    """What the consultation report shows: received per channel, grouped by topic, each proposal's answer."""
    comments = list(
        process.comments.filter(state=CommentState.VISIBLE).select_related("section").order_by("topic", "created_at")
    )
    proposals = list(process.proposals.order_by("topic", "-supporters_count", "pk"))
    per_channel: dict[str, dict[str, int]] = {}
    for c in Channel:
        per_channel[str(c.label)] = {
            "comments": sum(1 for x in comments if x.channel == c.value),
            "proposals": sum(1 for x in proposals if x.channel == c.value),
        }
    topics: dict[str, dict[str, list[Any]]] = defaultdict(lambda: {"comments": [], "proposals": []})
    for x in comments:
        topics[x.topic or "—"]["comments"].append(x)
    for p in proposals:
        topics[p.topic or "—"]["proposals"].append(p)
    workshops = list(process.workshops.all())
    surveys = [(s, survey_results(s)) for s in process.surveys.prefetch_related("questions")]
    return {
        "process": process,
        "per_channel": [(k, v) for k, v in per_channel.items() if v["comments"] or v["proposals"]],
        "topics": sorted(topics.items()),
        "proposals": proposals,
        "comments_total": len(comments),
        "workshops": workshops,
        "participants": sum(w.registered for w in workshops),
        "surveys": surveys,
    }
