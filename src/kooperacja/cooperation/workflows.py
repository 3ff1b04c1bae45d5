"""Lifecycles of the cooperation records, one `core.workflow.Workflow` each. Services transition only through them.

The referral's closed loop is the table the house format was modelled on; the case, its programme (IPW), the
planner's basket proposal and the team meeting have had their status set directly until now and are declared here
with the same shape (name, label, sources, target, needs_reason, permission).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kooperacja.core.workflow import Transition, TransitionNotAllowed, Workflow

from .enums import CaseStatus as C
from .enums import MeetingStatus as M
from .enums import ProgrammeStatus as P
from .enums import ProposalStatus as Q
from .enums import ReferralState as R

__all__ = [
    "CASE_WF",
    "MEETING_WF",
    "PROGRAMME_WF",
    "PROPOSAL_WF",
    "REFERRAL_FINAL_STATES",
    "REFERRAL_OPEN_STATES",
    "REFERRAL_TRANSITIONS",
    "REFERRAL_WF",
    "WORKFLOWS",
    "Transition",
    "TransitionNotAllowed",
    "referral_available",
    "referral_transition",
]

# The closed loop: sent -> accepted / declined(reason) -> in progress -> completed / not completed(outcome).
REFERRAL_WF = Workflow(
    "cooperation.referral",
    states=R,
    initial=R.SENT,
    field="state",
    final=(R.DECLINED, R.COMPLETED, R.NOT_COMPLETED),
    transitions=(
        Transition("accept", _("Przyjmij"), (R.SENT,), R.ACCEPTED, permission="cooperation.handle_referral"),
        Transition(
            "decline",
            _("Odmów (z podaniem powodu)"),
            (R.SENT,),
            R.DECLINED,
            needs_reason=True,
            permission="cooperation.handle_referral",
            button="secondary",
        ),
        Transition(
            "start", _("Rozpocznij realizację"), (R.ACCEPTED,), R.IN_PROGRESS, permission="cooperation.handle_referral"
        ),
        Transition(
            "complete",
            _("Zrealizowano"),
            (R.IN_PROGRESS,),
            R.COMPLETED,
            needs_reason=True,
            permission="cooperation.handle_referral",
        ),
        Transition(
            "not_complete",
            _("Nie zrealizowano"),
            (R.ACCEPTED, R.IN_PROGRESS),
            R.NOT_COMPLETED,
            needs_reason=True,
            permission="cooperation.handle_referral",
            button="secondary",
        ),
    ),
)

# The case: diagnosis (open) -> the family agrees the IPW (programme) -> closed with a written summary.
CASE_WF = Workflow(
    "cooperation.case",
    states=C,
    initial=C.OPEN,
    field="status",
    final=(C.CLOSED,),
    transitions=(
        Transition(
            "start_programme",
            _("Program uzgodniony z rodziną"),
            (C.OPEN,),
            C.PROGRAMME,
            permission="cooperation.manage_case",
        ),
        Transition(
            "close",
            _("Zamknij sprawę"),
            (C.OPEN, C.PROGRAMME),
            C.CLOSED,
            needs_reason=True,  # the written summary
            permission="cooperation.manage_case",
            button="secondary",
        ),
    ),
)

# The IPW: a draft is agreed with the family, then closed with the case (also a draft, when the family leaves).
# Permissions are on the case (`cooperation.manage_case`); the services check them before the transition.
PROGRAMME_WF = Workflow(
    "cooperation.programme",
    states=P,
    initial=P.DRAFT,
    field="status",
    final=(P.CLOSED,),
    transitions=(
        Transition("agree", _("Program uzgodniony z rodziną"), (P.DRAFT,), P.AGREED),
        Transition("close", _("Zakończ program"), (P.DRAFT, P.AGREED), P.CLOSED, needs_reason=True),
    ),
)

# A basket planner proposal: nothing changes until a person accepts or rejects it.
PROPOSAL_WF = Workflow(
    "cooperation.proposal",
    states=Q,
    initial=Q.PROPOSED,
    field="status",
    final=(Q.ACCEPTED, Q.REJECTED),
    transitions=(
        Transition(
            "accept", _("Zatwierdź propozycję"), (Q.PROPOSED,), Q.ACCEPTED, permission="cooperation.decide_proposal"
        ),
        Transition(
            "reject",
            _("Odrzuć propozycję"),
            (Q.PROPOSED,),
            Q.REJECTED,
            permission="cooperation.decide_proposal",
            button="secondary",
        ),
    ),
)

# A team meeting: planned -> held once its minutes are written; the minutes of a held meeting may be corrected.
# The permission is the team's (`cooperation.manage_team` on meeting.team), checked by the service.
MEETING_WF = Workflow(
    "cooperation.meeting",
    states=M,
    initial=M.PLANNED,
    field="status",
    transitions=(
        Transition("record_minutes", _("Zapisz protokół i obecność"), (M.PLANNED,), M.HELD, needs_reason=True),
        Transition("correct_minutes", _("Popraw protokół"), (M.HELD,), M.HELD, needs_reason=True, button="secondary"),
    ),
)

WORKFLOWS = (REFERRAL_WF, CASE_WF, PROGRAMME_WF, PROPOSAL_WF, MEETING_WF)

# Kept for the callers of the first format (a name -> transition table).
REFERRAL_TRANSITIONS: dict[str, Transition] = {t.name: t for t in REFERRAL_WF}
REFERRAL_OPEN_STATES = (R.SENT, R.ACCEPTED, R.IN_PROGRESS)
REFERRAL_FINAL_STATES = REFERRAL_WF.final


def referral_transition(state: str, name: str) -> Transition:
    """The transition `name` from `state`, or TransitionNotAllowed."""
    return REFERRAL_WF.transition(state, name)


def referral_available(state: str) -> list[Transition]:
    return REFERRAL_WF.from_state(state)
