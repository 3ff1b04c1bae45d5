"""Closed-loop referrals: sending, and each step of the loop through `REFERRAL_WF`."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.catalog import selectors as catalog_selectors
from kooperacja.catalog.enums import ServiceStatus
from kooperacja.core.actors import Actor, require
from kooperacja.organisations.models import Organisation

from .. import selectors
from ..basket import referral_blocking
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
    from kooperacja.catalog.models import Service


from ._common import _person

# --- referrals --------------------------------------------------------------------------------------------


def referral_send(
    *,
    actor: User,
    case: Case,
    to_organisation: Organisation | None = None,
    request: str,
    due_on: date,
    action: Action | None = None,
    shared_parts: list[str] | None = None,
    service: Service | None = None,
    sent_on: date | None = None,
) -> Referral:
    """Send a referral to a member institution of the team or of the powiat team of its powiat, or to a catalogue
    service (it goes to the service's provider, with the free places of that moment recorded). `sent_on`: a referral
    sent earlier outside the platform (a letter) and entered now; the history says so, and the term may then already
    have passed."""
    require(actor, "cooperation.manage_case", case)
    today = timezone.localdate()
    free: int | None = None
    if service is not None:
        if service.status != ServiceStatus.ACTIVE:
            raise ValidationError({"service": _("Ta usługa nie jest teraz prowadzona.")})
        if to_organisation is not None and to_organisation.pk != service.provider_id:
            raise ValidationError(
                {
                    "to_organisation": _("Skierowanie do usługi trafia do jej realizatora: %(o)s.")
                    % {"o": service.provider}
                }
            )
        free = catalog_selectors.free_places(service)
        if free == 0:
            raise ValidationError({"service": _("Usługa „%(s)s” nie ma teraz wolnych miejsc.") % {"s": service.name}})
        to_organisation = service.provider
    if to_organisation is None:
        raise ValidationError({"to_organisation": _("Wybierz instytucję albo usługę z katalogu.")})
    if to_organisation.pk == case.owner_id:
        raise ValidationError(_("Skierowanie wysyła się do innej instytucji zespołu."))
    if service is None and not selectors.referral_recipients(case.team).filter(pk=to_organisation.pk).exists():
        raise ValidationError(
            {"to_organisation": _("Skierowanie trafia do instytucji zespołu albo zespołu powiatowego tego powiatu.")}
        )
    if sent_on is not None and (sent_on > today or sent_on < case.opened_on):
        raise ValidationError(
            {"sent_on": _("Data wysłania musi mieścić się między otwarciem sprawy a dniem dzisiejszym.")}
        )
    if due_on < (sent_on or today):
        raise ValidationError({"due_on": _("Termin nie może być wcześniejszy niż dzień wysłania.")})
    if action is not None and action.programme.case_id != case.pk:
        raise ValidationError(_("Działanie nie należy do tej sprawy."))
    if action is not None and referral_blocking(action) is not None:
        raise ValidationError(_("To działanie ma już skierowanie w toku lub zrealizowane."))
    shared = sorted(set(shared_parts or []))
    if shared:
        allowed: set[str] = set()
        for consent in selectors.active_consents().filter(case=case, organisation=to_organisation):
            allowed |= set(consent.parts)
        missing = set(shared) - allowed
        if missing:
            raise ValidationError(
                _("Brak aktywnej zgody rodziny na udostępnienie tej instytucji: %(parts)s.")
                % {"parts": ", ".join(selectors.part_labels(missing))}
            )
    now = timezone.now()
    sent_at = now if sent_on is None else timezone.make_aware(datetime.combine(sent_on, time(12, 0)))
    with transaction.atomic():
        referral = Referral(
            case=case,
            action=action,
            from_organisation_id=case.owner_id,
            to_organisation=to_organisation,
            service=service,
            free_places_at_send=free,
            sent_by=actor,
            request=request,
            shared_parts=shared,
            due_on=due_on,
            sent_at=sent_at,
            entered_later=sent_on is not None,
        )
        referral.full_clean()
        referral.save()
        data = {"sent_on": sent_on.isoformat()} if sent_on is not None else {}
        verb = E.REFERRAL_ENTERED if sent_on is not None else E.REFERRAL_SENT
        event(actor=actor, verb=verb, target=referral, **data)
        event(actor=actor, verb=verb, target=case, referral=referral.pk, **data)
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
