"""Lifecycles of delivery records: the states and allowed transitions in one table each."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .enums import EnrolmentStatus as E
from .enums import ProgrammeStatus as P

ENROLMENT_TRANSITIONS: dict[str, dict[str, str]] = {
    # action: {from state: to state}
    "admit": {E.WAITING: E.ACTIVE},
    "leave": {E.WAITING: E.LEFT, E.ACTIVE: E.LEFT},
}

PROGRAMME_TRANSITIONS: dict[str, dict[str, str]] = {
    "submit": {P.DRAFT: P.SUBMITTED},
    "return": {P.SUBMITTED: P.DRAFT},
    "approve": {P.SUBMITTED: P.APPROVED},
    "complete": {P.APPROVED: P.COMPLETED},
    "discontinue": {P.DRAFT: P.DISCONTINUED, P.SUBMITTED: P.DISCONTINUED, P.APPROVED: P.DISCONTINUED},
}

PROGRAMME_EDITABLE = (P.DRAFT,)
PROGRAMME_OPEN = (P.DRAFT, P.SUBMITTED, P.APPROVED)


def next_state(table: dict[str, dict[str, str]], action: str, current: str) -> str:
    try:
        return table[action][current]
    except KeyError:
        raise ValidationError(
            _("Czynność „%(action)s” nie jest dozwolona w stanie „%(state)s”.") % {"action": action, "state": current}
        ) from None


def allowed_actions(table: dict[str, dict[str, str]], current: str) -> list[str]:
    return [action for action, moves in table.items() if current in moves]
