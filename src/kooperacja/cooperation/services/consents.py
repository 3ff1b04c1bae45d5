"""The family's consents to share parts of a case, and their withdrawal."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core.actors import Actor, require
from kooperacja.organisations.models import Organisation

from .. import selectors
from ..enums import (
    SHAREABLE_PARTS,
    ConsentEnd,
)
from ..events import CooperationEvent as E
from ..events import event
from ..models import (
    Case,
    Consent,
)
from ._common import _person

# --- consents ---------------------------------------------------------------------------------------------


def consent_record(
    *,
    actor: Actor,
    case: Case,
    organisation: Organisation,
    parts: list[str],
    purpose: str,
    given_by: str,
    given_on: date,
    valid_until: date,
) -> Consent:
    require(actor, "cooperation.manage_case", case)
    if organisation.pk == case.owner_id:
        raise ValidationError(_("Instytucja prowadząca nie potrzebuje zgody."))
    if not selectors.referral_recipients(case.team).filter(pk=organisation.pk).exists():
        raise ValidationError(_("Zgoda dotyczy instytucji zespołu albo zespołu powiatowego tego powiatu."))
    if not parts or any(p not in SHAREABLE_PARTS for p in parts):
        raise ValidationError(_("Wybierz części sprawy, które można udostępnić."))
    with transaction.atomic():
        consent = Consent(
            case=case,
            organisation=organisation,
            parts=sorted(set(parts)),
            purpose=purpose,
            given_by=given_by,
            given_on=given_on,
            valid_until=valid_until,
            recorded_by=_person(actor),
        )
        consent.full_clean()
        consent.save()
        event(actor=actor, verb=E.CONSENT_RECORDED, target=case, consent=consent.pk, parts=consent.parts)
    return consent


def consent_withdraw(*, actor: Actor, consent: Consent, note: str = "") -> Consent:
    """Withdrawal stops sharing at once: access is computed from consents on every request."""
    require(actor, "cooperation.see_case_log", consent.case)  # the owner institution (also of a closed case)
    with transaction.atomic():
        locked = Consent.objects.select_for_update().get(pk=consent.pk)
        if locked.withdrawn_at is not None:
            raise ValidationError(_("Zgoda została już wycofana."))
        locked.withdrawn_at = timezone.now()
        locked.withdrawn_by = _person(actor)
        locked.withdrawal_note = note
        locked.end_kind = ConsentEnd.WITHDRAWN
        locked.save()
        event(actor=actor, verb=E.CONSENT_WITHDRAWN, target=locked.case, consent=locked.pk)
    return locked
