"""Lifecycles of commissioning, one `core.workflow.Workflow` each. Services change a state only through them.

One table per lifecycle (DOMAIN.md A, B): the OPP open competition, the Pzp procedure, the small grant
(art. 19a OPP), the own-initiative request (art. 12 OPP), the offer, the contract and the report. The state
fields are `core.workflow.StateField`s: assigning them outside `Workflow.apply` raises. A call's table depends on
its mode (`call_workflow(mode)`); each call table declares only the states its procedure uses, so
`check_consistency` proves every one of them reachable.

Transitions with a `permission` are checked by `Workflow.apply` when the service passes its actor (the services
also check it first, with their own message); `available(obj, user)` gives the templates the buttons.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _

from kooperacja.core.workflow import Transition, TransitionNotAllowed, Workflow

from .enums import (
    CallMode,
    CallState,
    ChangeRequestState,
    ContractState,
    OfferState,
    OfferUpdateState,
    ProgrammeState,
    ReportState,
)

__all__ = [
    "ALL_WORKFLOWS",
    "CALL_WORKFLOWS",
    "CHANGE_REQUEST",
    "CONTRACT",
    "CONTRACT_IN_FORCE_STATES",
    "EDITABLE_OFFER_STATES",
    "OFFER",
    "OFFER_FUNDED_STATES",
    "OFFER_SUBMITTED_STATES",
    "OFFER_UPDATE",
    "OPP_CALL",
    "OWN_INITIATIVE",
    "PROGRAMME",
    "PZP_CALL",
    "REPORT",
    "REPORT_OPEN_STATES",
    "SCORABLE_OFFER_STATES",
    "SMALL_GRANT",
    "Transition",
    "TransitionNotAllowed",
    "call_workflow",
    "workflow_of",
]

MANAGE_CALL = "commissioning.manage_call"
MANAGE_CONTRACT = "commissioning.manage_contract"
EDIT_OFFER = "commissioning.edit_offer"
REVIEW_OFFER = "commissioning.review_offer"
REPORT_CONTRACT = "commissioning.report_contract"


def _states(name: str, members: Iterable[CallState]) -> type[models.TextChoices]:
    """The part of `CallState` a procedure uses (same values and labels), so its table can be checked whole."""
    # the functional Enum API (django-stubs types only the class form)
    return models.TextChoices(name, [(m.name, (m.value, m.label)) for m in members])  # type: ignore[call-overload]


C = CallState
_CANCEL_FROM = (C.DRAFT, C.PUBLISHED, C.CLOSED, C.FORMAL_REVIEW, C.COMMISSION_OPINION)
_COMPETITION_STATES = _states(
    "CompetitionState",
    (
        C.DRAFT,
        C.PUBLISHED,
        C.CLOSED,
        C.FORMAL_REVIEW,
        C.COMMISSION_OPINION,
        C.DECIDED,
        C.RESULTS_PUBLISHED,
        C.CONTRACTING,
        C.ARCHIVED,
        C.CANCELLED,
    ),
)


def _competition(name: str) -> Workflow:
    return Workflow(
        name,
        states=_COMPETITION_STATES,
        initial=C.DRAFT,
        final=(C.ARCHIVED, C.CANCELLED),
        transitions=(
            Transition("publish", _("Opublikuj ogłoszenie"), (C.DRAFT,), C.PUBLISHED, permission=MANAGE_CALL),
            Transition("close", _("Zamknij nabór"), (C.PUBLISHED,), C.CLOSED, permission=MANAGE_CALL),
            Transition("open_offers", _("Otwórz oferty"), (C.CLOSED,), C.FORMAL_REVIEW, permission=MANAGE_CALL),
            Transition(
                "finish_formal_review",
                _("Zakończ ocenę formalną"),
                (C.FORMAL_REVIEW,),
                C.COMMISSION_OPINION,
                permission=MANAGE_CALL,
            ),
            Transition("decide", _("Rozstrzygnij"), (C.COMMISSION_OPINION,), C.DECIDED, permission=MANAGE_CALL),
            Transition(
                "publish_results",
                _("Ogłoś wyniki"),
                (C.DECIDED,),
                C.RESULTS_PUBLISHED,
                permission=MANAGE_CALL,
            ),
            Transition(
                "start_contracting",
                _("Zawieraj umowy"),
                (C.RESULTS_PUBLISHED,),
                C.CONTRACTING,
                permission=MANAGE_CALL,
            ),
            Transition("archive", _("Zakończ"), (C.CONTRACTING,), C.ARCHIVED, permission=MANAGE_CALL),
            Transition(
                "cancel",
                _("Unieważnij postępowanie"),
                _CANCEL_FROM,
                C.CANCELLED,
                needs_reason=True,
                permission=MANAGE_CALL,
                button="danger",
            ),
        ),
    )


OPP_CALL = _competition("commissioning.opp_call")
# Pzp: the same steps; the commission (komisja przetargowa) gives an opinion, the contracting authority decides.
PZP_CALL = _competition("commissioning.pzp_call")

SMALL_GRANT = Workflow(
    "commissioning.small_grant",
    states=_states(
        "SmallGrantState",
        (C.SUBMITTED, C.PUBLISHED_FOR_COMMENT, C.COMMENTS_REVIEWED, C.CONTRACTING, C.ARCHIVED, C.REJECTED),
    ),
    initial=C.SUBMITTED,
    final=(C.ARCHIVED, C.REJECTED),
    transitions=(
        Transition(
            "publish_for_comment",
            _("Opublikuj ofertę do uwag"),
            (C.SUBMITTED,),
            C.PUBLISHED_FOR_COMMENT,
            permission=MANAGE_CALL,
        ),
        Transition(
            "review_comments",
            _("Rozpatrz uwagi i rozstrzygnij"),
            (C.PUBLISHED_FOR_COMMENT,),
            C.COMMENTS_REVIEWED,
            permission=MANAGE_CALL,
        ),
        Transition(
            "start_contracting",
            _("Zawrzyj umowę"),
            (C.COMMENTS_REVIEWED,),
            C.CONTRACTING,
            permission=MANAGE_CALL,
        ),
        Transition(
            "reject",
            _("Odmów zlecenia zadania"),
            (C.SUBMITTED, C.COMMENTS_REVIEWED),
            C.REJECTED,
            permission=MANAGE_CALL,
            button="danger",
        ),
        Transition("archive", _("Zakończ"), (C.CONTRACTING,), C.ARCHIVED, permission=MANAGE_CALL),
    ),
)

OWN_INITIATIVE = Workflow(
    "commissioning.own_initiative",
    states=_states("OwnInitiativeState", (C.SUBMITTED, C.ASSESSED_POSITIVE, C.REJECTED, C.ARCHIVED)),
    initial=C.SUBMITTED,
    final=(C.ARCHIVED, C.REJECTED),
    transitions=(
        Transition(
            "assess_positive",
            _("Oceń pozytywnie"),
            (C.SUBMITTED,),
            C.ASSESSED_POSITIVE,
            permission=MANAGE_CALL,
        ),
        Transition("reject", _("Oceń negatywnie"), (C.SUBMITTED,), C.REJECTED, permission=MANAGE_CALL, button="danger"),
        Transition("archive", _("Zakończ"), (C.ASSESSED_POSITIVE,), C.ARCHIVED, permission=MANAGE_CALL),
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
# Permissions are left to the services here: one offer is moved by its offerors (edit), the office (review,
# award) and the commission (score), and each service checks its own before the transition.
OFFER = Workflow(
    "commissioning.offer",
    states=OfferState,
    initial=OS.DRAFT,
    final=(OS.FORMALLY_REJECTED, OS.NOT_SELECTED, OS.DECLINED, OS.CONTRACT_SIGNED, OS.REJECTED),
    transitions=(
        Transition("submit", _("Złóż ofertę"), (OS.DRAFT,), OS.SUBMITTED),
        # only before the deadline (checked by the service)
        Transition("withdraw", _("Wycofaj ofertę"), (OS.SUBMITTED,), OS.WITHDRAWN, button="secondary"),
        Transition("reopen", _("Przywróć do edycji"), (OS.WITHDRAWN,), OS.DRAFT, button="secondary"),
        Transition(
            "request_correction",
            _("Wezwij do uzupełnienia"),
            (OS.SUBMITTED,),
            OS.CORRECTION_REQUESTED,
            button="secondary",
        ),
        Transition("answer_correction", _("Uzupełnij ofertę"), (OS.CORRECTION_REQUESTED,), OS.SUBMITTED),
        Transition(
            "reject_formally",
            _("Odrzuć formalnie"),
            (OS.SUBMITTED, OS.CORRECTION_REQUESTED),
            OS.FORMALLY_REJECTED,
            needs_reason=True,
            button="danger",
        ),
        Transition("accept_formally", _("Oferta poprawna formalnie"), (OS.SUBMITTED,), OS.ELIGIBLE),
        Transition("score", _("Oceń merytorycznie"), (OS.ELIGIBLE,), OS.SCORED),
        Transition("select", _("Przyznaj dotację"), (OS.SCORED,), OS.SELECTED),
        Transition("not_select", _("Nie przyznawaj dotacji"), (OS.SCORED,), OS.NOT_SELECTED, button="secondary"),
        Transition("require_update", _("Wymagaj aktualizacji oferty"), (OS.SELECTED,), OS.UPDATE_REQUIRED),
        Transition("accept_award", _("Przyjmij dotację"), (OS.SELECTED, OS.UPDATE_REQUIRED), OS.ACCEPTED),
        Transition(
            "decline_award",
            _("Zrezygnuj z dotacji"),
            (OS.SELECTED, OS.UPDATE_REQUIRED),
            OS.DECLINED,
            button="danger",
        ),
        Transition("sign_contract", _("Umowa podpisana"), (OS.ACCEPTED,), OS.CONTRACT_SIGNED),
        # small grant (art. 19a): no competition, public comment instead
        Transition("publish_for_comment", _("Opublikuj do uwag"), (OS.SUBMITTED,), OS.PUBLISHED_FOR_COMMENT),
        Transition("grant", _("Zleć zadanie"), (OS.PUBLISHED_FOR_COMMENT,), OS.ACCEPTED),
        Transition("refuse", _("Odmów zlecenia"), (OS.PUBLISHED_FOR_COMMENT,), OS.REJECTED, button="danger"),
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
# the offerors may change the offer's content (a draft, a withdrawn offer, or in answer to a correction request)
EDITABLE_OFFER_STATES = frozenset({OS.DRAFT, OS.WITHDRAWN, OS.CORRECTION_REQUESTED})
# a commission member may score (or correct a score) until the authority decides
SCORABLE_OFFER_STATES = frozenset({OS.ELIGIBLE, OS.SCORED})

K = ContractState
CONTRACT = Workflow(
    "commissioning.contract",
    states=ContractState,
    initial=K.DRAFT,
    final=(K.SETTLED, K.TERMINATED),
    transitions=(
        Transition("sign", _("Umowa podpisana"), (K.DRAFT,), K.SIGNED, permission=MANAGE_CONTRACT),
        Transition(
            "start_delivery", _("Rozpocznij realizację"), (K.SIGNED,), K.IN_DELIVERY, permission=MANAGE_CONTRACT
        ),
        # the contractor's first report moves the contract to settlement
        Transition("start_reporting", _("Rozliczanie"), (K.IN_DELIVERY,), K.REPORTING, permission=REPORT_CONTRACT),
        Transition(
            "demand_return",
            _("Wezwij do zwrotu dotacji"),
            (K.REPORTING,),
            K.RETURN_DEMANDED,
            permission=MANAGE_CONTRACT,
            button="danger",
        ),
        Transition(
            "settle", _("Rozlicz umowę"), (K.REPORTING, K.RETURN_DEMANDED), K.SETTLED, permission=MANAGE_CONTRACT
        ),
        Transition(
            "terminate",
            _("Rozwiąż umowę"),
            (K.SIGNED, K.IN_DELIVERY),
            K.TERMINATED,
            needs_reason=True,
            permission=MANAGE_CONTRACT,
            button="danger",
        ),
    ),
)

R = ReportState
REPORT = Workflow(
    "commissioning.report",
    states=ReportState,
    initial=R.DRAFT,
    final=(R.ACCEPTED, R.RETURN_DEMANDED),
    transitions=(
        Transition(
            "submit",
            _("Złóż sprawozdanie"),
            (R.DRAFT, R.CORRECTIONS_REQUESTED),
            R.SUBMITTED,
            permission=REPORT_CONTRACT,
        ),
        Transition("accept", _("Przyjmij sprawozdanie"), (R.SUBMITTED,), R.ACCEPTED),
        Transition(
            "request_corrections",
            _("Wezwij do poprawek"),
            (R.SUBMITTED,),
            R.CORRECTIONS_REQUESTED,
            button="secondary",
        ),
        Transition(
            "demand_return",
            _("Wezwij do zwrotu dotacji"),
            (R.SUBMITTED,),
            R.RETURN_DEMANDED,
            button="danger",
        ),
    ),
)

# a signed contract in force: annexes and report demands are possible
CONTRACT_IN_FORCE_STATES = frozenset({K.SIGNED, K.IN_DELIVERY})

# a report the contractor still has to (re)submit: the sources of `submit`
REPORT_OPEN_STATES = REPORT.get("submit").sources

MANAGE_PROGRAMME = "commissioning.manage_programme"
P = ProgrammeState
# The programme of cooperation (art. 5a OPP): its draft is consulted with the NGOs (art. 5a ust. 1, art. 5 ust. 5)
# and then adopted by the council's resolution.
PROGRAMME = Workflow(
    "commissioning.programme",
    states=ProgrammeState,
    initial=P.DRAFT,
    final=(P.ADOPTED,),
    transitions=(
        Transition(
            "consult", _("Skieruj projekt do konsultacji"), (P.DRAFT,), P.CONSULTATION, permission=MANAGE_PROGRAMME
        ),
        Transition("adopt", _("Zapisz uchwałę rady"), (P.CONSULTATION,), P.ADOPTED, permission=MANAGE_PROGRAMME),
    ),
)

U = OfferUpdateState
# The updated budget and schedule after a lower award: submitted by the offeror (a new version after a return),
# accepted or returned with a reason by the office (services/changes.py checks who).
OFFER_UPDATE = Workflow(
    "commissioning.offer_update",
    states=OfferUpdateState,
    initial=U.SUBMITTED,
    final=(U.ACCEPTED, U.RETURNED),
    transitions=(
        Transition("accept", _("Przyjmij aktualizację"), (U.SUBMITTED,), U.ACCEPTED),
        Transition("return", _("Zwróć do poprawy"), (U.SUBMITTED,), U.RETURNED, needs_reason=True, button="secondary"),
    ),
)

CR = ChangeRequestState
# A change request during the contract: the contractor submits it, the office approves (with an annex when the
# change goes beyond what the contract allows) or rejects it with a reason. The permission is the contract's
# (`manage_contract`), checked by services/changes.py on the request's contract.
CHANGE_REQUEST = Workflow(
    "commissioning.change_request",
    states=ChangeRequestState,
    initial=CR.SUBMITTED,
    final=(CR.APPROVED, CR.REJECTED),
    transitions=(
        Transition("approve", _("Zatwierdź zmianę"), (CR.SUBMITTED,), CR.APPROVED),
        Transition(
            "reject",
            _("Odrzuć wniosek"),
            (CR.SUBMITTED,),
            CR.REJECTED,
            needs_reason=True,
            button="danger",
        ),
    ),
)

ALL_WORKFLOWS = (
    OPP_CALL,
    PZP_CALL,
    SMALL_GRANT,
    OWN_INITIATIVE,
    OFFER,
    CONTRACT,
    REPORT,
    PROGRAMME,
    OFFER_UPDATE,
    CHANGE_REQUEST,
)


def workflow_of(obj: object) -> Workflow:
    """The lifecycle of a call (by its mode), an offer, a contract or a report."""
    from .models import Call, ChangeRequest, Contract, CooperationProgramme, Offer, OfferUpdate, Report

    if isinstance(obj, Call):
        return call_workflow(obj.mode)
    pairs = (
        (Offer, OFFER),
        (Contract, CONTRACT),
        (Report, REPORT),
        (CooperationProgramme, PROGRAMME),
        (OfferUpdate, OFFER_UPDATE),
        (ChangeRequest, CHANGE_REQUEST),
    )
    for model, wf in pairs:
        if isinstance(obj, model):
            return wf
    raise TypeError(f"commissioning: no workflow for {type(obj).__name__}")
