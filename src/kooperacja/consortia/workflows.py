"""Lifecycles of the consortium app, declared with `core.workflow`: the only way their status fields change.

Resolution: a draft is put to the vote (or withdrawn); closing the vote adopts or rejects it.
Support request: the office takes it, waits for the member, resolves or cancels it; a resolved request may be
reopened; the requester's answer to a waiting request puts it back in progress.
Plan (a version of the split): proposed when its approving resolution's vote opens, approved or rejected when the
vote closes, superseded when a later version is approved. Its transitions are made by the resolution services
(inside their transaction), so they carry no permission of their own.
Delivery report: the office accepts it or returns it for correction; the member submits the corrected report.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kooperacja.core.workflow import Transition, TransitionNotAllowed, Workflow

from .enums import PlanStatus, ReportStatus, ResolutionStatus, SupportStatus

__all__ = ["ALL_WORKFLOWS", "PLAN", "REPORT", "RESOLUTION", "SUPPORT", "TransitionNotAllowed", "transition_to"]

RESOLUTION = Workflow(
    "resolution",
    states=ResolutionStatus,
    initial=ResolutionStatus.DRAFT,
    field="status",
    transitions=[
        Transition(
            "open_vote",
            _("Otwórz głosowanie"),
            (ResolutionStatus.DRAFT,),
            ResolutionStatus.VOTING,
            permission="consortia.open_vote",
        ),
        Transition(
            "withdraw",
            _("Wycofaj projekt"),
            (ResolutionStatus.DRAFT,),
            ResolutionStatus.WITHDRAWN,
            permission="consortia.edit_resolution",
            button="danger",
        ),
        Transition(
            "adopt",
            _("Podejmij uchwałę"),
            (ResolutionStatus.VOTING,),
            ResolutionStatus.ADOPTED,
            permission="consortia.close_vote",
        ),
        Transition(
            "reject",
            _("Uznaj uchwałę za niepodjętą"),
            (ResolutionStatus.VOTING,),
            ResolutionStatus.REJECTED,
            permission="consortia.close_vote",
        ),
    ],
    final=(ResolutionStatus.ADOPTED, ResolutionStatus.REJECTED, ResolutionStatus.WITHDRAWN),
)

_OPEN = (SupportStatus.NEW, SupportStatus.IN_PROGRESS, SupportStatus.WAITING)

SUPPORT = Workflow(
    "support_request",
    states=SupportStatus,
    initial=SupportStatus.NEW,
    field="status",
    transitions=[
        Transition(
            "take",
            _("Podejmij zgłoszenie"),
            (SupportStatus.NEW, SupportStatus.WAITING),
            SupportStatus.IN_PROGRESS,
            permission="consortia.handle_support_request",
        ),
        Transition(
            "wait",
            _("Czekaj na członka"),
            (SupportStatus.IN_PROGRESS,),
            SupportStatus.WAITING,
            permission="consortia.handle_support_request",
            button="secondary",
        ),
        Transition(
            "resolve",
            _("Zamknij jako rozwiązane"),
            _OPEN,
            SupportStatus.RESOLVED,
            permission="consortia.handle_support_request",
        ),
        Transition(
            "cancel",
            _("Anuluj zgłoszenie"),
            _OPEN,
            SupportStatus.CANCELLED,
            permission="consortia.handle_support_request",
            button="danger",
        ),
        Transition(
            "reopen",
            _("Otwórz ponownie"),
            (SupportStatus.RESOLVED,),
            SupportStatus.IN_PROGRESS,
            permission="consortia.handle_support_request",
            button="secondary",
        ),
        # The requester's answer to a request waiting for it (a comment) puts it back to the office.
        Transition(
            "answer",
            _("Odpowiedz biuru"),
            (SupportStatus.WAITING,),
            SupportStatus.IN_PROGRESS,
            permission="consortia.comment_support_request",
        ),
    ],
    final=(SupportStatus.CANCELLED,),
)

PLAN = Workflow(
    "allocation_plan",
    states=PlanStatus,
    initial=PlanStatus.DRAFT,
    field="status",
    transitions=[
        Transition("propose", _("Przedłóż do uchwały"), (PlanStatus.DRAFT,), PlanStatus.PROPOSED),
        Transition("approve", _("Zatwierdź uchwałą"), (PlanStatus.PROPOSED,), PlanStatus.APPROVED),
        Transition("reject", _("Odrzuć"), (PlanStatus.PROPOSED,), PlanStatus.REJECTED),
        Transition("supersede", _("Zastąp nowszą wersją"), (PlanStatus.APPROVED,), PlanStatus.SUPERSEDED),
    ],
    final=(PlanStatus.REJECTED, PlanStatus.SUPERSEDED),
)

REPORT = Workflow(
    "delivery_report",
    states=ReportStatus,
    initial=ReportStatus.SUBMITTED,
    field="status",
    transitions=[
        Transition(
            "accept",
            _("Przyjmij sprawozdanie"),
            (ReportStatus.SUBMITTED,),
            ReportStatus.ACCEPTED,
            permission="consortia.manage_consortium",
        ),
        Transition(
            "return",
            _("Zwróć do poprawy"),
            (ReportStatus.SUBMITTED,),
            ReportStatus.RETURNED,
            needs_reason=True,
            permission="consortia.manage_consortium",
            button="secondary",
        ),
        Transition(
            "resubmit",
            _("Złóż ponownie"),
            (ReportStatus.RETURNED,),
            ReportStatus.SUBMITTED,
        ),
    ],
    final=(ReportStatus.ACCEPTED,),
)

ALL_WORKFLOWS = (RESOLUTION, SUPPORT, PLAN, REPORT)


def transition_to(workflow: Workflow, current: str, target: str, *, names: tuple[str, ...] = ()) -> str:
    """The name of the transition from `current` to `target` (among `names`, when given), for services whose
    callers name the state they want (the support form's status select). TransitionNotAllowed when none."""
    for t in workflow.from_state(current):
        if t.target == target and (not names or t.name in names):
            return t.name
    raise TransitionNotAllowed(
        _("Nie można zmienić stanu z „%(a)s” na „%(b)s”.")
        % {"a": workflow.label_of(current), "b": workflow.label_of(target)}
    )
