"""State machines of the consortium app: the allowed transitions in one table per record."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .enums import PlanStatus, ReportStatus, ResolutionStatus, SupportStatus

RESOLUTION = {
    ResolutionStatus.DRAFT: {ResolutionStatus.VOTING, ResolutionStatus.WITHDRAWN},
    ResolutionStatus.VOTING: {ResolutionStatus.ADOPTED, ResolutionStatus.REJECTED},
    ResolutionStatus.ADOPTED: set(),
    ResolutionStatus.REJECTED: set(),
    ResolutionStatus.WITHDRAWN: set(),
}

SUPPORT = {
    SupportStatus.NEW: {SupportStatus.IN_PROGRESS, SupportStatus.RESOLVED, SupportStatus.CANCELLED},
    SupportStatus.IN_PROGRESS: {SupportStatus.WAITING, SupportStatus.RESOLVED, SupportStatus.CANCELLED},
    SupportStatus.WAITING: {SupportStatus.IN_PROGRESS, SupportStatus.RESOLVED, SupportStatus.CANCELLED},
    SupportStatus.RESOLVED: {SupportStatus.IN_PROGRESS},
    SupportStatus.CANCELLED: set(),
}

PLAN = {
    PlanStatus.DRAFT: {PlanStatus.PROPOSED},
    PlanStatus.PROPOSED: {PlanStatus.APPROVED, PlanStatus.REJECTED},
    PlanStatus.APPROVED: {PlanStatus.SUPERSEDED},
    PlanStatus.REJECTED: set(),
    PlanStatus.SUPERSEDED: set(),
}

REPORT = {
    ReportStatus.SUBMITTED: {ReportStatus.ACCEPTED, ReportStatus.RETURNED},
    ReportStatus.RETURNED: {ReportStatus.SUBMITTED},
    ReportStatus.ACCEPTED: set(),
}


class TransitionError(ValidationError):
    """A transition the table does not allow (a ValidationError, so pages show it as a message)."""


def check(table: dict, current: str, target: str) -> None:
    if target not in table.get(current, set()):
        raise TransitionError(_("Niedozwolona zmiana stanu: %(a)s → %(b)s.") % {"a": current, "b": target})
