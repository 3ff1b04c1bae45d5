"""Template filters of the Cooperation Model: templates ask about a record's lifecycle, they never compare states."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import template

from ..enums import MeetingStatus, ReferralState
from ..models import Meeting, Referral
from ..workflows import REFERRAL_OPEN_STATES

register = template.Library()

_REFERRAL_BADGES = {
    ReferralState.COMPLETED: "badge-ok",
    ReferralState.DECLINED: "badge-danger",
    ReferralState.NOT_COMPLETED: "badge-danger",
}


@register.filter
def referral_badge(referral: Referral) -> str:
    """The badge class of a referral's state: done, refused / not done, or still open."""
    return _REFERRAL_BADGES.get(ReferralState(referral.state), "badge-info")


@register.filter
def referral_overdue(referral: Referral, today: date | None) -> bool:
    """An open referral past its due date (a closed loop is never overdue)."""
    return today is not None and referral.state in REFERRAL_OPEN_STATES and referral.due_on < today


@register.filter
def action_referable(action: Any, case: Any) -> bool:
    """A basket item another institution serves: a catalogue service of another provider, or another member."""
    if action.service is not None and action.service.provider_id != case.owner_id:
        return True
    return bool(action.responsible_id != case.owner_id)


@register.filter
def referral_stages(referral: Referral) -> list[Any]:
    """The closed loop of a referral as stages (sent -> accepted -> in progress -> completed; a refusal or a failure
    stops it), with the date each step was reached and the due date on the step still ahead."""
    from kooperacja.core.templatetags.kooperacja_tags import workflow_stages

    from ..workflows import REFERRAL_WF

    dates = {
        ReferralState.SENT: referral.sent_at,
        ReferralState.ACCEPTED: referral.decided_at if referral.state != ReferralState.DECLINED else None,
        ReferralState.DECLINED: referral.decided_at,
        ReferralState.IN_PROGRESS: referral.started_at,
        ReferralState.COMPLETED: referral.finished_at,
        ReferralState.NOT_COMPLETED: referral.finished_at,
    }
    planned = {ReferralState.ACCEPTED: referral.due_on} if referral.state == ReferralState.SENT else {}
    if referral.state in (ReferralState.ACCEPTED, ReferralState.IN_PROGRESS):
        planned = {ReferralState.COMPLETED: referral.due_on}
    return workflow_stages(
        REFERRAL_WF,
        referral.state,
        dates={str(k): v for k, v in dates.items()},
        planned={str(k): v for k, v in planned.items()},
    )


@register.filter
def meeting_held(meeting: Meeting) -> bool:
    return meeting.status == MeetingStatus.HELD
