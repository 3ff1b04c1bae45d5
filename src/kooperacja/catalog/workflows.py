"""The lifecycle of a service in the catalogue (its publication), declared with core.workflow.

A draft is seen only by its provider; an active service is public; a suspended one is listed to its provider
only; an ended one is kept for the record. The edit form offers the current state and the targets of
`SERVICE.available(service, user)`; `services.service_set_status` moves along one transition.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kooperacja.core.workflow import Transition, Workflow

from .enums import ServiceStatus as S

SERVICE = Workflow(
    "catalog.service",
    states=S,
    initial=S.DRAFT,
    field="status",
    transitions=[
        Transition("publish", _("Opublikuj w katalogu"), (S.DRAFT,), S.ACTIVE, permission="catalog.change_service"),
        Transition("suspend", _("Zawieś przyjmowanie"), (S.ACTIVE,), S.SUSPENDED, permission="catalog.change_service"),
        Transition("resume", _("Wznów"), (S.SUSPENDED,), S.ACTIVE, permission="catalog.change_service"),
        Transition(
            "withdraw",
            _("Wycofaj do szkicu"),
            (S.ACTIVE, S.SUSPENDED),
            S.DRAFT,
            permission="catalog.change_service",
            button="secondary",
        ),
        Transition(
            "end",
            _("Zakończ usługę"),
            (S.DRAFT, S.ACTIVE, S.SUSPENDED),
            S.ENDED,
            permission="catalog.change_service",
            button="danger",
        ),
        Transition("reopen", _("Przywróć jako szkic"), (S.ENDED,), S.DRAFT, permission="catalog.change_service"),
    ],
)

ALL_WORKFLOWS = (SERVICE,)


def transition_to(current: str, target: str) -> str | None:
    """The name of the transition from `current` to `target`, or None when the table has none."""
    for t in SERVICE.from_state(current):
        if t.target == target:
            return t.name
    return None
