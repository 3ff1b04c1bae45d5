"""Lifecycles of the participation app. The phases of a process are not here: they follow the clock."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kooperacja.core.workflow import Transition, TransitionNotAllowed, Workflow

from .enums import CandidateState, CommentState, PaperBallotState, ProcessState, ProposalState, ResultsState

__all__ = ["ALL_WORKFLOWS", "TransitionNotAllowed"]

PROCESS = Workflow(
    "process",
    states=ProcessState,
    initial=ProcessState.DRAFT,
    transitions=[
        Transition(
            "publish",
            _("Ogłoś"),
            (ProcessState.DRAFT,),
            ProcessState.PUBLISHED,
            permission="participation.manage_process",
        ),
        Transition(
            "publish_report",
            _("Opublikuj raport"),
            (ProcessState.PUBLISHED,),
            ProcessState.REPORTED,
            permission="participation.manage_process",
        ),
        Transition(
            "cancel",
            _("Odwołaj"),
            (ProcessState.DRAFT, ProcessState.PUBLISHED),
            ProcessState.CANCELLED,
            needs_reason=True,
            permission="participation.manage_process",
            button="danger",
        ),
    ],
    final=(ProcessState.REPORTED, ProcessState.CANCELLED),
)

COMMENT = Workflow(
    "comment",
    states=CommentState,
    initial=CommentState.VISIBLE,
    transitions=[
        Transition(
            "hide",
            _("Ukryj"),
            (CommentState.VISIBLE,),
            CommentState.HIDDEN,
            needs_reason=True,
            permission="participation.moderate_comment",
            button="danger",
        ),
        Transition(
            "restore",
            _("Przywróć"),
            (CommentState.HIDDEN,),
            CommentState.VISIBLE,
            needs_reason=True,
            permission="participation.moderate_comment",
            button="secondary",
        ),
    ],
)

PROPOSAL = Workflow(
    "proposal",
    states=ProposalState,
    initial=ProposalState.SUBMITTED,
    transitions=[
        Transition(
            "accept",
            _("Uwzględnij"),
            (ProposalState.SUBMITTED,),
            ProposalState.ACCEPTED,
            needs_reason=True,
            permission="participation.answer_proposal",
        ),
        Transition(
            "accept_partly",
            _("Uwzględnij częściowo"),
            (ProposalState.SUBMITTED,),
            ProposalState.PARTLY,
            needs_reason=True,
            permission="participation.answer_proposal",
            button="secondary",
        ),
        Transition(
            "reject",
            _("Nie uwzględniaj"),
            (ProposalState.SUBMITTED,),
            ProposalState.REJECTED,
            needs_reason=True,
            permission="participation.answer_proposal",
            button="danger",
        ),
    ],
    final=(ProposalState.ACCEPTED, ProposalState.PARTLY, ProposalState.REJECTED),
)

CANDIDATE = Workflow(
    "candidate",
    states=CandidateState,
    initial=CandidateState.PROPOSED,
    transitions=[
        Transition(
            "admit",
            _("Dopuść do głosowania"),
            (CandidateState.PROPOSED,),
            CandidateState.ACCEPTED,
            permission="participation.manage_candidate",
        ),
        Transition(
            "reject",
            _("Odrzuć (ocena formalna)"),
            (CandidateState.PROPOSED,),
            CandidateState.REJECTED,
            needs_reason=True,
            permission="participation.manage_candidate",
            button="danger",
        ),
    ],
    final=(CandidateState.ACCEPTED, CandidateState.REJECTED),
)

RESULTS = Workflow(
    "results",
    states=ResultsState,
    initial=ResultsState.COUNTING,
    field="results_state",
    transitions=[
        Transition(
            "publish",
            _("Opublikuj wyniki"),
            (ResultsState.COUNTING,),
            ResultsState.PUBLISHED,
            permission="participation.manage_plebiscite",
        ),
        Transition(
            "finalise",
            _("Zatwierdź wyniki jako ostateczne"),
            (ResultsState.COUNTING, ResultsState.PUBLISHED),
            ResultsState.FINAL,
            permission="participation.manage_plebiscite",
        ),
    ],
    final=(ResultsState.FINAL,),
)

# Paper cards: the service checks `participation.coordinate_plebiscite` on the card's plebiscite.
PAPER = Workflow(
    "paper_ballot",
    states=PaperBallotState,
    initial=PaperBallotState.PENDING,
    transitions=[
        Transition(
            "count",
            _("Ważna – policz głos"),
            (PaperBallotState.PENDING,),
            PaperBallotState.VALID,
        ),
        Transition(
            "pesel_unverified",
            _("Niezweryfikowany PESEL"),
            (PaperBallotState.PENDING,),
            PaperBallotState.PESEL_UNVERIFIED,
            needs_reason=True,
            button="secondary",
        ),
        Transition(
            "name_mismatch",
            _("Niezgodność imienia i nazwiska"),
            (PaperBallotState.PENDING,),
            PaperBallotState.NAME_MISMATCH,
            needs_reason=True,
            button="secondary",
        ),
        Transition(
            "invalidate",
            _("Nieważna"),
            (PaperBallotState.PENDING,),
            PaperBallotState.INVALID,
            needs_reason=True,
            button="danger",
        ),
    ],
    final=(
        PaperBallotState.VALID,
        PaperBallotState.PESEL_UNVERIFIED,
        PaperBallotState.NAME_MISMATCH,
        PaperBallotState.INVALID,
    ),
)

ALL_WORKFLOWS = (PROCESS, COMMENT, PROPOSAL, CANDIDATE, RESULTS, PAPER)
