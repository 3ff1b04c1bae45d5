"""Lifecycles of delivery records, declared with core.workflow: the state fields change only through these.

- ENROLMENT: a person waits for a place or takes one at once (the service's capacity decides the first state);
  admitted from the waiting list; leaves (from either).
- PROGRAMME (art. 49 individual programme for exiting homelessness): drawn up, submitted to the head of the OPS,
  returned or approved, then completed or discontinued.
- DUPLICATE (a suspected duplicate record flagged to the controllers): dismissed on the platform; records are
  merged outside it (consent or a legal basis) and the flag says so.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kooperacja.core.workflow import Transition, Workflow

from .enums import DuplicateStatus as D
from .enums import EnrolmentStatus as E
from .enums import ProgrammeStatus as P

ENROLMENT = Workflow(
    "delivery.enrolment",
    states=E,
    initial=E.WAITING,
    field="status",
    final=(E.LEFT,),
    transitions=[
        Transition("admit", _("Przyjmij z listy oczekujących"), (E.WAITING,), E.ACTIVE),
        Transition("leave", _("Zakończ udział"), (E.WAITING, E.ACTIVE), E.LEFT, button="secondary"),
    ],
)

PROGRAMME = Workflow(
    "delivery.programme",
    states=P,
    initial=P.DRAFT,
    field="status",
    final=(P.COMPLETED, P.DISCONTINUED),
    transitions=[
        Transition(
            "submit", _("Przekaż do zatwierdzenia"), (P.DRAFT,), P.SUBMITTED, permission="delivery.work_on_programme"
        ),
        Transition(
            "return",
            _("Zwróć do poprawy"),
            (P.SUBMITTED,),
            P.DRAFT,
            permission="delivery.approve_programme",
            button="secondary",
        ),
        Transition(
            "approve",
            _("Zatwierdź (kierownik OPS)"),
            (P.SUBMITTED,),
            P.APPROVED,
            permission="delivery.approve_programme",
        ),
        Transition(
            "complete", _("Zakończ program"), (P.APPROVED,), P.COMPLETED, permission="delivery.work_on_programme"
        ),
        Transition(
            "discontinue",
            _("Przerwij program"),
            (P.DRAFT, P.SUBMITTED, P.APPROVED),
            P.DISCONTINUED,
            permission="delivery.work_on_programme",
            button="danger",
        ),
    ],
)

DUPLICATE = Workflow(
    "delivery.duplicate",
    states=D,
    initial=D.OPEN,
    field="status",
    final=(D.MERGED, D.DISMISSED),
    transitions=[
        Transition("dismiss", _("Zamknij bez łączenia"), (D.OPEN,), D.DISMISSED, needs_reason=True),
        Transition("record_merge", _("Odnotuj połączenie rekordów"), (D.OPEN,), D.MERGED, needs_reason=True),
    ],
)

ALL_WORKFLOWS = (ENROLMENT, PROGRAMME, DUPLICATE)

PROGRAMME_EDITABLE = (P.DRAFT,)
PROGRAMME_OPEN = (P.DRAFT, P.SUBMITTED, P.APPROVED)
