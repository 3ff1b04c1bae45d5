"""Which cooperation events reach whose inbox (core.notifications): the closed loop of a referral.

The same people the e-mails of `tasks.notify_referral` reach: a new referral goes to the active staff of the
receiving institution; every answer goes back to the person who sent it. Messages name the case number only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_noop

from kooperacja.accounts.enums import MembershipStatus
from kooperacja.core.notifications import Notice, on

from .events import CooperationEvent as E
from .models import Referral

# The kind of the daily overdue reminder (tasks.remind_overdue_referrals), which records no audit event: it lets
# core.notifications.notify skip whoever still has the previous one unread.
OVERDUE_NOTICE = "cooperation.overdue_notice"


def staff_of(organisation_id: int) -> Any:
    """The active staff of an institution: who reads its referral inbox (the e-mails reach the same people)."""
    return (
        get_user_model()
        .objects.filter(
            memberships__organisation_id=organisation_id,
            memberships__status=MembershipStatus.ACTIVE,
            is_active=True,
        )
        .distinct()
    )


@on(E.REFERRAL_SENT, E.REFERRAL_ENTERED)
def referral_sent(target: Any, data: dict[str, Any]) -> Iterable[Notice]:
    """Also a referral sent earlier by letter and entered now: it is in the institution's platform inbox from now on."""
    if not isinstance(target, Referral):
        return  # the same event is also recorded on the case
    yield Notice(
        recipients=staff_of(target.to_organisation_id),
        message=gettext_noop("Nowe skierowanie w sprawie %(number)s: odpowiedz do %(due)s"),
        params={"number": target.case.number, "due": f"{target.due_on:%d.%m.%Y}"},
        url=reverse("cooperation:referral_detail", args=[target.pk]),
    )


_ANSWERS: dict[str, str] = {
    E.REFERRAL_ACCEPTED.value: gettext_noop("Przyjęto skierowanie w sprawie %(number)s"),
    E.REFERRAL_DECLINED.value: gettext_noop("Odmówiono przyjęcia skierowania w sprawie %(number)s"),
    E.REFERRAL_STARTED.value: gettext_noop("Rozpoczęto realizację skierowania w sprawie %(number)s"),
    E.REFERRAL_COMPLETED.value: gettext_noop("Zrealizowano skierowanie w sprawie %(number)s"),
    E.REFERRAL_NOT_COMPLETED.value: gettext_noop("Nie zrealizowano skierowania w sprawie %(number)s"),
}


def _answer(verb: str) -> Any:
    def handler(target: Any, data: dict[str, Any]) -> Iterable[Notice]:
        if not isinstance(target, Referral):
            return
        yield Notice(
            recipients=[target.sent_by],
            message=_ANSWERS[verb],
            params={"number": target.case.number},
            url=reverse("cooperation:referral_detail", args=[target.pk]),
        )

    handler.__name__ = f"referral_answer_{verb}"
    return handler


for _verb in _ANSWERS:
    on(_verb)(_answer(_verb))
