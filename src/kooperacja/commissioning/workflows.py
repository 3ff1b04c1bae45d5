"""Lifecycles as declared tables. Services change a state only through `Workflow.check`/`Workflow.apply`.

One table per lifecycle (DOMAIN.md A, B): the OPP open competition, the Pzp procedure, the small grant
(art. 19a OPP), the own-initiative request (art. 12 OPP), the offer, the contract and the report.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .enums import CallMode, CallState, ContractState, OfferState, ReportState


@dataclass(frozen=True)
class Workflow:
    name: str
    initial: str
    transitions: frozenset[tuple[str, str]]

    @property
    def states(self) -> frozenset[str]:
        return frozenset({self.initial} | {s for pair in self.transitions for s in pair})

    def allowed(self, source: str, target: str) -> bool:
        return (source, target) in self.transitions

    def targets(self, source: str) -> list[str]:
        return sorted(t for s, t in self.transitions if s == source)

    def check(self, source: str, target: str) -> None:
        if not self.allowed(source, target):
            raise ValidationError(
                _("Niedozwolona zmiana stanu (%(wf)s): %(a)s → %(b)s.") % {"wf": self.name, "a": source, "b": target}
            )

    def apply(self, obj: Any, target: str, field: str = "state") -> None:
        self.check(getattr(obj, field), target)
        setattr(obj, field, target)


def _t(*pairs: tuple[str, str]) -> frozenset[tuple[str, str]]:
    return frozenset(pairs)


C = CallState
OPP_CALL = Workflow(
    "konkurs ofert",
    C.DRAFT,
    _t(
        (C.DRAFT, C.PUBLISHED),
        (C.PUBLISHED, C.CLOSED),
        (C.CLOSED, C.FORMAL_REVIEW),
        (C.FORMAL_REVIEW, C.COMMISSION_OPINION),
        (C.COMMISSION_OPINION, C.DECIDED),
        (C.DECIDED, C.RESULTS_PUBLISHED),
        (C.RESULTS_PUBLISHED, C.CONTRACTING),
        (C.CONTRACTING, C.ARCHIVED),
        (C.DRAFT, C.CANCELLED),
        (C.PUBLISHED, C.CANCELLED),
        (C.CLOSED, C.CANCELLED),
        (C.FORMAL_REVIEW, C.CANCELLED),
        (C.COMMISSION_OPINION, C.CANCELLED),
    ),
)
# Pzp: the same steps; the commission (komisja przetargowa) gives an opinion, the contracting authority decides.
PZP_CALL = Workflow("postępowanie Pzp", C.DRAFT, OPP_CALL.transitions)
SMALL_GRANT = Workflow(
    "mały grant (art. 19a OPP)",
    C.SUBMITTED,
    _t(
        (C.SUBMITTED, C.PUBLISHED_FOR_COMMENT),
        (C.PUBLISHED_FOR_COMMENT, C.COMMENTS_REVIEWED),
        (C.COMMENTS_REVIEWED, C.CONTRACTING),
        (C.COMMENTS_REVIEWED, C.REJECTED),
        (C.SUBMITTED, C.REJECTED),
        (C.CONTRACTING, C.ARCHIVED),
    ),
)
OWN_INITIATIVE = Workflow(
    "inicjatywa własna (art. 12 OPP)",
    C.SUBMITTED,
    _t(
        (C.SUBMITTED, C.ASSESSED_POSITIVE),
        (C.SUBMITTED, C.REJECTED),
        (C.ASSESSED_POSITIVE, C.ARCHIVED),
    ),
)

CALL_WORKFLOWS: dict[str, Workflow] = {
    CallMode.OPP_OPEN: OPP_CALL,
    CallMode.PZP_SOCIAL: PZP_CALL,
    CallMode.PZP_RESERVED: PZP_CALL,
    CallMode.OPP_SMALL_GRANT: SMALL_GRANT,
    CallMode.OPP_OWN_INITIATIVE: OWN_INITIATIVE,
}


def call_workflow(mode: str) -> Workflow:
    return CALL_WORKFLOWS[mode]


OS = OfferState
OFFER = Workflow(
    "oferta",
    OS.DRAFT,
    _t(
        (OS.DRAFT, OS.SUBMITTED),
        (OS.SUBMITTED, OS.WITHDRAWN),  # only before the deadline (checked by the service)
        (OS.WITHDRAWN, OS.DRAFT),  # resubmission before the deadline
        (OS.SUBMITTED, OS.CORRECTION_REQUESTED),
        (OS.CORRECTION_REQUESTED, OS.SUBMITTED),
        (OS.CORRECTION_REQUESTED, OS.FORMALLY_REJECTED),
        (OS.SUBMITTED, OS.FORMALLY_REJECTED),
        (OS.SUBMITTED, OS.ELIGIBLE),
        (OS.ELIGIBLE, OS.SCORED),
        (OS.SCORED, OS.SELECTED),
        (OS.SCORED, OS.NOT_SELECTED),
        (OS.SELECTED, OS.ACCEPTED),
        (OS.SELECTED, OS.UPDATE_REQUIRED),
        (OS.UPDATE_REQUIRED, OS.ACCEPTED),
        (OS.UPDATE_REQUIRED, OS.DECLINED),
        (OS.SELECTED, OS.DECLINED),
        (OS.ACCEPTED, OS.CONTRACT_SIGNED),
        # small grant (art. 19a): no competition, public comment instead
        (OS.SUBMITTED, OS.PUBLISHED_FOR_COMMENT),
        (OS.PUBLISHED_FOR_COMMENT, OS.ACCEPTED),
        (OS.PUBLISHED_FOR_COMMENT, OS.REJECTED),
    ),
)
# States in which an offer is still in the competition after the deadline
OFFER_SUBMITTED_STATES = frozenset(
    {
        OS.SUBMITTED,
        OS.CORRECTION_REQUESTED,
        OS.FORMALLY_REJECTED,
        OS.ELIGIBLE,
        OS.SCORED,
        OS.SELECTED,
        OS.NOT_SELECTED,
        OS.UPDATE_REQUIRED,
        OS.ACCEPTED,
        OS.DECLINED,
        OS.CONTRACT_SIGNED,
        OS.PUBLISHED_FOR_COMMENT,
        OS.REJECTED,
    }
)
OFFER_FUNDED_STATES = frozenset({OS.SELECTED, OS.UPDATE_REQUIRED, OS.ACCEPTED, OS.CONTRACT_SIGNED})

K = ContractState
CONTRACT = Workflow(
    "umowa",
    K.DRAFT,
    _t(
        (K.DRAFT, K.SIGNED),
        (K.SIGNED, K.IN_DELIVERY),
        (K.IN_DELIVERY, K.REPORTING),
        (K.REPORTING, K.SETTLED),
        (K.REPORTING, K.RETURN_DEMANDED),
        (K.RETURN_DEMANDED, K.SETTLED),
        (K.SIGNED, K.TERMINATED),
        (K.IN_DELIVERY, K.TERMINATED),
    ),
)

R = ReportState
REPORT = Workflow(
    "sprawozdanie",
    R.DRAFT,
    _t(
        (R.DRAFT, R.SUBMITTED),
        (R.SUBMITTED, R.ACCEPTED),
        (R.SUBMITTED, R.CORRECTIONS_REQUESTED),
        (R.CORRECTIONS_REQUESTED, R.SUBMITTED),
        (R.SUBMITTED, R.RETURN_DEMANDED),
    ),
)

ALL_WORKFLOWS = (OPP_CALL, SMALL_GRANT, OWN_INITIATIVE, OFFER, CONTRACT, REPORT)
