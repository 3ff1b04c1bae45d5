"""Cooperation API: case summaries, the referral inbox and the closed loop, aggregated figures.

Scoped by the same selectors as the pages (need-to-know, 404 for what the caller may not know); every response
that shows case data writes the access log. No personal data of beneficiaries is exposed here.
"""

# No `from __future__ import annotations`: django-ninja reads the annotations (through @paginate too) at import time.

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from kooperacja.core.api_types import ErrorOut, Id
from kooperacja.core.audit import log_access

from . import selectors, services
from .enums import CasePart
from .workflows import REFERRAL_OPEN_STATES, TransitionNotAllowed

router = Router(tags=["Kooperacja"])


class CaseOut(Schema):
    id: int
    number: str
    title: str
    kind: str
    status: str
    owner: str
    opened_on: date
    parts: list[str]


class ReferralOut(Schema):
    id: int
    case_number: str
    from_organisation: str
    to_organisation: str
    request: str
    state: str
    due_on: date
    overdue: bool
    outcome: str
    decline_reason: str


class StepIn(Schema):
    text: str = ""


class TeamStatsOut(Schema):
    team: str
    gmina_code: str
    members: int
    meetings_held: int
    cases_open: int
    cases_closed: int
    programmes_completed: int
    referrals: int
    referrals_completed: int
    referrals_overdue: int


def _referral_out(r: Any, today: date) -> dict[str, Any]:
    return {
        "id": r.pk,
        "case_number": r.case.number,
        "from_organisation": str(r.from_organisation),
        "to_organisation": str(r.to_organisation),
        "request": r.request,
        "state": r.state,
        "due_on": r.due_on,
        "overdue": r.state in REFERRAL_OPEN_STATES and r.due_on < today,
        "outcome": r.outcome,
        "decline_reason": r.decline_reason,
    }


@router.get("/cooperation/cases", response=list[CaseOut])
def list_cases(request: HttpRequest, status: str = "") -> list[dict[str, Any]]:
    cases = list(selectors.case_list(request.user, status=status)[:200])
    log_access(
        user=request.user, targets=cases, purpose="API: lista spraw", part=CasePart.SUMMARY.value, request=request
    )
    owned = selectors._staff_orgs(request.user)
    return [
        {
            "id": c.pk,
            "number": c.number,
            "title": c.title,
            "kind": c.kind,
            "status": c.status,
            "owner": str(c.owner),
            "opened_on": c.opened_on,
            "parts": sorted(p.value for p in CasePart) if c.owner_id in owned else [CasePart.SUMMARY.value],
        }
        for c in cases
    ]


@router.get("/cooperation/referrals", response=list[ReferralOut])
def list_referrals(request: HttpRequest, state: str = "open") -> list[dict[str, Any]]:
    referrals = list(selectors.incoming_referrals(request.user, state=state)[:200])
    log_access(
        user=request.user,
        targets=[r.case for r in referrals],
        purpose="API: skierowania",
        part=CasePart.REFERRALS.value,
        request=request,
    )
    today = timezone.localdate()
    return [_referral_out(r, today) for r in referrals]


@router.post("/cooperation/referrals/{pk}/{transition}", response={200: ReferralOut, 403: ErrorOut, 409: ErrorOut})
def move_referral(request: HttpRequest, pk: Id, transition: str, payload: StepIn) -> dict[str, Any]:
    referral = selectors.referral_for(request.user, pk)
    try:
        referral = services.referral_move(
            actor=request.user, referral=referral, transition=transition, text=payload.text
        )
    except PermissionDenied as exc:
        raise HttpError(403, "Brak uprawnień do tego skierowania.") from exc
    except TransitionNotAllowed as exc:
        raise HttpError(409, "Tej czynności nie można wykonać w obecnym stanie skierowania.") from exc
    except ValidationError as exc:
        # the same body as any other 422: one entry per message
        raise NinjaValidationError(
            [{"loc": ["body", "payload"], "msg": m, "type": "value_error"} for m in exc.messages]
        ) from exc
    log_access(
        user=request.user,
        targets=referral.case,
        purpose="API: skierowanie",
        part=CasePart.REFERRALS.value,
        request=request,
    )
    return _referral_out(selectors.referral_for(request.user, pk), timezone.localdate())


@router.get("/cooperation/statistics", response={200: list[TeamStatsOut], 403: ErrorOut})
def statistics(request: HttpRequest) -> list[dict[str, Any]]:
    if not request.user.has_perm("cooperation.see_statistics"):
        raise HttpError(403, "Tylko dla analityków regionalnych.")
    return [
        {
            **{k: v for k, v in row.items() if k not in ("team", "referrals_by_state")},
            "team": row["team"].name,
            "gmina_code": row["team"].territory.code,  # a powiat team: the powiat's TERC code
        }
        for row in selectors.statistics()
    ]
