"""Participation API: the processes (with their clock-driven phases) and the public results of a plebiscite.

Scoped by the same policies as the pages: drafts only for the authority's officers (404 for anyone else);
results only once the voting has ended and they are public (403 before, with the date in the message).
"""

# No `from __future__ import annotations`: django-ninja reads the annotations (through @paginate too) at import time.

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from kooperacja.core.api_types import ErrorOut, Id, Pagination

from . import selectors
from .enums import ProcessKind
from .models import Process

router = Router(tags=["Konsultacje i plebiscyty"])


class PhaseOut(Schema):
    kind: str = Field(..., description="information | submissions | discussion | voting | report")
    title: str
    starts_at: datetime
    ends_at: datetime
    active: bool
    allows: list[str] = Field(..., description="comment, propose, survey, attend, vote")


class ProcessOut(Schema):
    id: int
    kind: str = Field(..., description="consultation | plebiscite")
    title: str
    authority: str
    territory_code: str = Field(..., description="Kod TERC gminy")
    state: str
    subject_kind: str
    subject: str
    description: str
    phases: list[PhaseOut]
    plebiscite_id: int | None = None
    report_published_at: datetime | None = None


class ProcessQuery(Schema):
    kind: str = Field("", description="consultation | plebiscite (puste: wszystkie)", max_length=16)


class CandidateResultOut(Schema):
    candidate_id: int
    number: int
    title: str
    votes: int
    online: int
    paper: int
    percent: float


class CountOut(Schema):
    label: str
    voters: int


class ResultsOut(Schema):
    plebiscite_id: int
    process_id: int
    title: str
    state: str = Field(..., description="counting | published | final")
    voting_ended_at: datetime
    voters: int
    votes: int
    candidates: list[CandidateResultOut]
    by_channel: list[CountOut]
    by_age: list[CountOut]
    by_area: list[CountOut]
    winner_id: int | None
    tie_draws: list[dict[str, Any]]


def _process_out(p: Process, now: datetime) -> dict[str, Any]:
    phases = list(p.phases.all())
    return {
        "id": p.pk,
        "kind": p.kind,
        "title": p.title,
        "authority": str(p.authority),
        "territory_code": p.territory.code,
        "state": p.state,
        "subject_kind": p.subject_kind,
        "subject": p.subject,
        "description": p.description,
        "phases": [
            {
                "kind": ph.kind,
                "title": str(ph),
                "starts_at": ph.starts_at,
                "ends_at": ph.ends_at,
                "active": ph.starts_at <= now < ph.ends_at,
                "allows": [a for a in ("comment", "propose", "survey", "attend", "vote") if ph.allows(a)],
            }
            for ph in phases
        ],
        "plebiscite_id": getattr(getattr(p, "plebiscite", None), "pk", None)
        if p.kind == ProcessKind.PLEBISCITE
        else None,
        "report_published_at": p.report_published_at,
    }


@router.get("/participation/processes", response=list[ProcessOut], summary="Konsultacje i plebiscyty (lista)")
@paginate(Pagination)
def list_processes(request: HttpRequest, query: Query[ProcessQuery]) -> Any:
    qs: QuerySet[Process] = selectors.processes_visible_to(request.user, kind=query.kind).select_related("plebiscite")
    now = timezone.now()
    return [_process_out(p, now) for p in qs]


@router.get("/participation/processes/{pk}", response=ProcessOut, summary="Konsultacje albo plebiscyt")
def get_process(request: HttpRequest, pk: Id) -> dict[str, Any]:
    process = selectors.process_for(request.user, pk)
    return _process_out(process, timezone.now())


@router.get(
    "/participation/plebiscites/{pk}/results",
    response={200: ResultsOut, 403: ErrorOut},
    summary="Wyniki plebiscytu (po zakończeniu głosowania)",
)
def plebiscite_results(request: HttpRequest, pk: Id) -> dict[str, Any]:
    plebiscite = selectors.plebiscite_for(request.user, pk)
    if not request.user.has_perm("participation.see_results", plebiscite):
        raise HttpError(403, "Wyniki będą dostępne po zakończeniu głosowania i ich publikacji.")
    res = selectors.results(plebiscite)
    return {
        "plebiscite_id": plebiscite.pk,
        "process_id": plebiscite.process_id,
        "title": plebiscite.process.title,
        "state": plebiscite.results_state,
        "voting_ended_at": plebiscite.voting_phase.ends_at,
        "voters": res.voters,
        "votes": res.total_votes,
        "candidates": [
            {
                "candidate_id": r["candidate"].pk,
                "number": r["candidate"].number,
                "title": r["candidate"].title,
                "votes": r["total"],
                "online": r["online"],
                "paper": r["paper"],
                "percent": r["percent"],
            }
            for r in res.rows
        ],
        "by_channel": [{"label": k, "voters": v} for k, v in res.by_channel.items()],
        "by_age": [{"label": k, "voters": v} for k, v in res.by_age],
        "by_area": [{"label": k, "voters": v} for k, v in res.by_area],
        "winner_id": plebiscite.winner_id,
        "tie_draws": [
            {"candidates": d.candidates, "winner_id": d.winner_id, "seed": d.seed, "drawn_at": d.drawn_at.isoformat()}
            for d in plebiscite.draws.all()
        ],
    }
