"""Closed-loop referrals: sending, and each step of the loop through `REFERRAL_WF`."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core.actors import Actor, require
from kooperacja.organisations.models import Organisation

from .. import selectors
from ..enums import (
    ActionStatus,
    ReferralState,
)
from ..events import REFERRAL_EVENTS, event
from ..events import CooperationEvent as E
from ..models import (
    Action,
    Case,
    Referral,
)
from ..tasks import notify_referral
from ..workflows import REFERRAL_WF

if TYPE_CHECKING:
    from kooperacja.accounts.models import User


from ._common import _active_member, _person

# --- referrals --------------------------------------------------------------------------------------------


def referral_send(
    *,
    actor: User,
    case: Case,
    to_organisation: Organisation,
    request: str,
    due_on: date,
    action: Action | None = None,
    shared_parts: list[str] | None = None,
) -> Referral:
    require(actor, "cooperation.manage_case", case)
    if to_organisation.pk == case.owner_id:
        raise ValidationError(_("Skierowanie wysyła się do innej instytucji zespołu."))
    _active_member(case.team, to_organisation)
    if due_on < timezone.localdate():
        raise ValidationError(_("Termin nie może być w przeszłości."))
    if action is not None and action.programme.case_id != case.pk:
        raise ValidationError(_("Działanie nie należy do tej sprawy."))
    shared = sorted(set(shared_parts or []))
    if shared:
        allowed: set[str] = set()
        for consent in selectors.active_consents().filter(case=case, organisation=to_organisation):
            allowed |= set(consent.parts)
        missing = set(shared) - allowed
        if missing:
            raise ValidationError(
                _("Brak aktywnej zgody rodziny na udostępnienie tej instytucji: %(parts)s.")
                % {"parts": ", ".join(sorted(missing))}
            )
    with transaction.atomic():
        referral = Referral(
            case=case,
            action=action,
            from_organisation_id=case.owner_id,
            to_organisation=to_organisation,
            sent_by=actor,
            request=request,
            shared_parts=shared,
            due_on=due_on,
            sent_at=timezone.now(),
        )
        referral.full_clean()
        referral.save()
        event(actor=actor, verb=E.REFERRAL_SENT, target=referral)
        event(actor=actor, verb=E.REFERRAL_SENT, target=case, referral=referral.pk)
        transaction.on_commit(lambda: notify_referral.enqueue(referral.pk, "sent"))
    return referral


_ACTION_STATUS: dict[str, str] = {
    ReferralState.IN_PROGRESS: ActionStatus.IN_PROGRESS,
    ReferralState.COMPLETED: ActionStatus.DONE,
    ReferralState.NOT_COMPLETED: ActionStatus.NOT_DONE,
}


def referral_move(*, actor: Actor, referral: Referral, transition: str, text: str = "") -> Referral:
    """One step of the closed loop, performed by the receiving institution through the workflow table."""
    require(actor, "cooperation.handle_referral", referral)
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        step = REFERRAL_WF.transition(locked.state, transition)
        if step.needs_reason and not text.strip():
            raise ValidationError(_("Podaj powód lub opisz rezultat."))
        REFERRAL_WF.apply(locked, transition, actor=actor, reason=text)
        now = timezone.now()
        locked.handled_by = _person(actor)
        if step.target in (ReferralState.ACCEPTED, ReferralState.DECLINED):
            locked.decided_at = now
        if step.target == ReferralState.DECLINED:
            locked.decline_reason = text
        if step.target == ReferralState.IN_PROGRESS:
            locked.started_at = now
        if step.target in (ReferralState.COMPLETED, ReferralState.NOT_COMPLETED):
            locked.finished_at = now
            locked.outcome = text
        locked.full_clean()
        locked.save()
        if locked.action_id and step.target in _ACTION_STATUS:
            # Not a lifecycle of its own: the basket item's status mirrors the state of the referral that serves it.
            Action.objects.filter(pk=locked.action_id).update(status=_ACTION_STATUS[step.target], updated_at=now)
        event(actor=actor, verb=REFERRAL_EVENTS[transition], target=locked, text=text[:200])
        transaction.on_commit(lambda: notify_referral.enqueue(locked.pk, transition))
    return locked
