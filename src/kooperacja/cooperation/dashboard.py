"""Home-page widgets: my cases, incoming referrals, overdue referrals, the next PZK meeting."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kooperacja.core.audit import log_access
from kooperacja.core.nav import Widget

from . import selectors
from .enums import CasePart, CaseStatus


def widgets(request: HttpRequest) -> list[Widget]:
    user = request.user
    if not user.is_authenticated or not user.has_perm("cooperation.see_teams"):
        return []
    found: list[Widget] = []
    today = timezone.localdate()
    mine = list(selectors.cases_owned_by(user).exclude(status=CaseStatus.CLOSED).filter(case_worker=user)[:5])
    incoming = list(selectors.incoming_referrals(user, state="sent")[:5])
    overdue = list(selectors.overdue_referrals(user, today)[:5])
    shown = {c.pk: c for c in mine} | {r.case.pk: r.case for r in incoming + overdue}
    if shown:
        log_access(
            user=user,
            targets=list(shown.values()),
            purpose=str(_("pulpit")),
            part=CasePart.SUMMARY.value,
            request=request,
        )
    if mine:
        found.append(Widget(_("Moje sprawy"), "cooperation/widgets/cases.html", {"cases": mine}, order=20))
    if incoming or user.has_perm("cooperation.see_referral_inbox"):
        found.append(
            Widget(
                _("Nowe skierowania"),
                "cooperation/widgets/referrals.html",
                {"referrals": incoming, "today": today},
                order=21,
            )
        )
    if overdue:
        found.append(
            Widget(
                _("Skierowania po terminie"),
                "cooperation/widgets/overdue.html",
                {"referrals": overdue, "today": today},
                order=22,
            )
        )
    meeting = selectors.next_meeting_for(user)
    if meeting is not None:
        found.append(
            Widget(_("Najbliższe spotkanie PZK"), "cooperation/widgets/meeting.html", {"meeting": meeting}, order=23)
        )
    return found
