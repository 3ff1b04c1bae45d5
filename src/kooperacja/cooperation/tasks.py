"""Notifications of the closed loop (Django Tasks): e-mails carry the case number and a link, never personal data."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mass_mail
from django.urls import reverse
from django.utils import timezone
from django_tasks import task

from kooperacja.accounts.enums import MembershipStatus

SUBJECTS = {
    "sent": "Nowe skierowanie {number}",
    "accept": "Skierowanie {number} zostało przyjęte",
    "decline": "Skierowanie {number} zostało odrzucone",
    "start": "Rozpoczęto realizację skierowania {number}",
    "complete": "Skierowanie {number} zostało zrealizowane",
    "not_complete": "Skierowanie {number} nie zostało zrealizowane",
    "overdue": "Po terminie: skierowanie {number}",
}


def _recipients(organisation_id: int) -> list[str]:
    from kooperacja.organisations.models import Membership

    return sorted(
        set(
            Membership.objects.filter(
                organisation_id=organisation_id, status=MembershipStatus.ACTIVE, user__is_active=True
            ).values_list("user__email", flat=True)
        )
    )


@task()
def notify_referral(referral_id: int, event: str) -> int:
    """Tell the other side of a referral what happened. Returns the number of e-mails sent."""
    from .models import Referral

    referral = Referral.objects.select_related("case", "sent_by").get(pk=referral_id)
    number = referral.case.number
    link = getattr(settings, "SITE_URL", "").rstrip("/") + reverse("cooperation:referral_detail", args=[referral.pk])
    to = _recipients(referral.to_organisation_id) if event in ("sent", "overdue") else []
    if event != "sent":
        to = sorted(set(to) | {referral.sent_by.email})
    if not to:
        return 0
    subject = SUBJECTS[event].format(number=number)
    body = (
        f"{subject}.\n\nTermin: {referral.due_on:%d.%m.%Y}. Szczegóły po zalogowaniu: {link}\n\n"
        "Wiadomość nie zawiera danych osobowych – zobaczysz je na platformie zgodnie z uprawnieniami."
    )
    return send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [addr]) for addr in to])


@task()
def remind_overdue_referrals() -> int:
    """Daily: remind both sides of every open referral past its due date."""
    from .models import Referral
    from .workflows import REFERRAL_OPEN_STATES

    ids = list(
        Referral.objects.filter(state__in=REFERRAL_OPEN_STATES, due_on__lt=timezone.localdate()).values_list(
            "pk", flat=True
        )
    )
    for pk in ids:
        notify_referral.enqueue(pk, "overdue")
        _notify_overdue_in_platform(pk)
    return len(ids)


def _notify_overdue_in_platform(referral_id: int) -> int:
    """The bell (core.notifications) gets the overdue reminder too: both sides, as the e-mail."""
    from django.utils.translation import gettext_noop

    from kooperacja.core.notifications import notify

    from .models import Referral
    from .notifications import OVERDUE_NOTICE, staff_of

    referral = Referral.objects.select_related("case", "sent_by").get(pk=referral_id)
    people = list(staff_of(referral.to_organisation_id))
    return notify(
        recipients=[*people, referral.sent_by],
        message=gettext_noop("Po terminie: skierowanie w sprawie %(number)s (termin %(due)s)"),
        params={"number": referral.case.number, "due": f"{referral.due_on:%d.%m.%Y}"},
        url=reverse("cooperation:referral_detail", args=[referral.pk]),
        verb=OVERDUE_NOTICE,
    )
