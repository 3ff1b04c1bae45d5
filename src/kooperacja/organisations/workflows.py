"""The lifecycle of a membership (a join request is a pending membership), declared with core.workflow.

A person asks to join (pending); an administrator of the organisation accepts (active) or rejects it; a rejected
or ended membership may be asked for again, which reuses the row. `Membership.status` changes only here.
Registering an organisation creates its first administrator's membership as active (its initial state).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kooperacja.accounts.enums import MembershipStatus as S
from kooperacja.core.workflow import Transition, Workflow

MEMBERSHIP = Workflow(
    "organisations.membership",
    states=S,
    initial=S.PENDING,
    field="status",
    transitions=[
        Transition("accept", _("Przyjmij"), (S.PENDING,), S.ACTIVE, permission="organisations.decide_join_request"),
        Transition(
            "reject",
            _("Odrzuć"),
            (S.PENDING,),
            S.REJECTED,
            permission="organisations.decide_join_request",
            button="danger",
        ),
        Transition(
            "end", _("Zakończ członkostwo"), (S.ACTIVE,), S.ENDED, permission="organisations.decide_join_request"
        ),
        Transition("request_again", _("Poproś ponownie"), (S.REJECTED, S.ENDED), S.PENDING),
    ],
)

ALL_WORKFLOWS = (MEMBERSHIP,)
