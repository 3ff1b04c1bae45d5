"""Which commissioning events reach whose inbox (core.notifications): the deadline reminders.

`tasks.send_due_reminders` and `remind_call_closing` e-mail the staff of the organisation concerned and record a
`reminder_sent` event naming the addresses; the inbox gets the same reminder for the same people (their active
accounts), with a link to the record instead of the e-mail's text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_noop

from kooperacja.accounts.enums import MembershipStatus, Role
from kooperacja.core.notifications import Notice, on

from .events import CommissioningEvent
from .models import Call, Contract, CorrectionRequest, Offer, Report
from .policies import OFFEROR_ROLES


@on(CommissioningEvent.REMINDER_SENT)
def reminder_sent(target: Any, data: dict[str, Any]) -> Iterable[Notice]:
    emails = [e for e in data.get("to", []) if isinstance(e, str)]
    if not emails:
        return
    people = get_user_model().objects.filter(email__in=emails, is_active=True)
    if isinstance(target, Report):
        yield Notice(
            recipients=people,
            message=gettext_noop("Termin sprawozdania z umowy %(number)s: %(due)s (art. 18 OPP)"),
            params={"number": target.contract.number, "due": f"{target.due_date:%d.%m.%Y}"},
            url=reverse("commissioning:report_detail", args=[target.pk]),
        )
    elif isinstance(target, CorrectionRequest):
        yield Notice(
            recipients=people,
            message=gettext_noop("Termin uzupełnienia braków formalnych oferty: %(due)s"),
            params={"due": f"{target.due_date:%d.%m.%Y}"},
            url=reverse("commissioning:offer_detail", args=[target.offer_id]),
        )
    elif isinstance(target, Offer):
        yield Notice(
            recipients=people,
            message=gettext_noop("Oferta jest wersją roboczą, a termin składania ofert wkrótce upływa"),
            url=reverse("commissioning:offer_detail", args=[target.pk]),
        )
    elif isinstance(target, Call):
        yield Notice(
            recipients=people,
            message=gettext_noop(
                "Opublikuj ofertę małego grantu do uwag w ciągu 7 dni roboczych (art. 19a ust. 3 OPP)"
            ),
            url=reverse("commissioning:call_detail", args=[target.pk]),
        )


# --- changes after the award (services/changes.py): each side is told what the other did ---------------------


def _people(organisation_id: int, *roles: str) -> Any:
    """The active accounts holding one of `roles` in the organisation."""
    return (
        get_user_model()
        .objects.filter(
            memberships__organisation_id=organisation_id,
            memberships__role__in=roles,
            memberships__status=MembershipStatus.ACTIVE,
            is_active=True,
        )
        .distinct()
    )


@on(CommissioningEvent.OFFER_UPDATE_SUBMITTED)
def offer_update_submitted(target: Any, data: dict[str, Any]) -> Iterable[Notice]:
    if isinstance(target, Offer):
        yield Notice(
            recipients=_people(target.call.authority_id, Role.MUNICIPAL_OFFICER),
            message=gettext_noop("Oferta %(number)s: zaktualizowany kosztorys i harmonogram czeka na decyzję"),
            params={"number": target.number},
            url=reverse("commissioning:offer_update", args=[target.pk]),
        )


@on(CommissioningEvent.OFFER_UPDATE_ACCEPTED, CommissioningEvent.OFFER_UPDATE_RETURNED)
def offer_update_decided(target: Any, data: dict[str, Any]) -> Iterable[Notice]:
    if isinstance(target, Offer):
        returned = "reason" in data
        yield Notice(
            recipients=_people(target.lead_organisation_id, *OFFEROR_ROLES),
            message=gettext_noop("Oferta %(number)s: urząd zwrócił aktualizację kosztorysu do poprawy")
            if returned
            else gettext_noop("Oferta %(number)s: urząd przyjął zaktualizowany kosztorys i harmonogram"),
            params={"number": target.number},
            url=reverse("commissioning:offer_update", args=[target.pk]),
        )


@on(CommissioningEvent.CHANGE_REQUESTED)
def change_requested(target: Any, data: dict[str, Any]) -> Iterable[Notice]:
    if isinstance(target, Contract):
        request = target.change_requests.filter(number=data.get("number")).first()
        if request is not None:
            yield Notice(
                recipients=_people(target.authority_id, Role.MUNICIPAL_OFFICER),
                message=gettext_noop("Umowa %(number)s: wniosek o zmianę czeka na decyzję"),
                params={"number": target.number},
                url=reverse("commissioning:change_request_detail", args=[request.pk]),
            )


@on(CommissioningEvent.CHANGE_APPROVED, CommissioningEvent.CHANGE_REJECTED)
def change_decided(target: Any, data: dict[str, Any]) -> Iterable[Notice]:
    if isinstance(target, Contract):
        request = target.change_requests.filter(number=data.get("number")).first()
        if request is not None:
            yield Notice(
                recipients=_people(target.contractor_id, *OFFEROR_ROLES),
                message=gettext_noop("Umowa %(number)s: urząd odrzucił wniosek o zmianę")
                if "reason" in data
                else gettext_noop("Umowa %(number)s: urząd zatwierdził wniosek o zmianę"),
                params={"number": target.number},
                url=reverse("commissioning:change_request_detail", args=[request.pk]),
            )
