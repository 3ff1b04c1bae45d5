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

from kooperacja.core.notifications import Notice, on

from .events import CommissioningEvent
from .models import Call, CorrectionRequest, Offer, Report


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
