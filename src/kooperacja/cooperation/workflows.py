"""Lifecycles of the cooperation records, one table each. Services transition only through these tables."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .enums import ReferralState as R


@dataclass(frozen=True)
class Transition:
    name: str
    label: object
    sources: tuple[str, ...]
    target: str
    needs_reason: bool = False  # a written reason (decline) or outcome (finish) is required


# The closed loop: sent -> accepted / declined(reason) -> in progress -> completed / not completed(outcome).
REFERRAL_TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in (
        Transition("accept", _("Przyjmij"), (R.SENT,), R.ACCEPTED),
        Transition("decline", _("Odmów (z podaniem powodu)"), (R.SENT,), R.DECLINED, needs_reason=True),
        Transition("start", _("Rozpocznij realizację"), (R.ACCEPTED,), R.IN_PROGRESS),
        Transition("complete", _("Zrealizowano"), (R.IN_PROGRESS,), R.COMPLETED, needs_reason=True),
        Transition(
            "not_complete", _("Nie zrealizowano"), (R.ACCEPTED, R.IN_PROGRESS), R.NOT_COMPLETED, needs_reason=True
        ),
    )
}

REFERRAL_OPEN_STATES = (R.SENT, R.ACCEPTED, R.IN_PROGRESS)
REFERRAL_FINAL_STATES = (R.DECLINED, R.COMPLETED, R.NOT_COMPLETED)


class TransitionNotAllowed(ValueError):
    pass


def referral_transition(state: str, name: str) -> Transition:
    """The transition `name` from `state`, or TransitionNotAllowed."""
    transition = REFERRAL_TRANSITIONS.get(name)
    if transition is None or state not in transition.sources:
        raise TransitionNotAllowed(name)
    return transition


def referral_available(state: str) -> list[Transition]:
    return [t for t in REFERRAL_TRANSITIONS.values() if state in t.sources]
