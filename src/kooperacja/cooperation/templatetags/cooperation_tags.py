"""Template filters of the Cooperation Model: templates ask about a record's lifecycle, they never compare states."""

from __future__ import annotations

from datetime import date

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
def meeting_held(meeting: Meeting) -> bool:
    return meeting.status == MeetingStatus.HELD
