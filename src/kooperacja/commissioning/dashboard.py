from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kooperacja.core.nav import Widget

from . import selectors
from .enums import ReportState
from .models import Report


def widgets(request: HttpRequest) -> list[Widget]:
    user = request.user
    found = [
        Widget(
            _("Otwarte nabory ofert"),
            "commissioning/widgets/open_calls.html",
            {"calls": list(selectors.open_calls()[:5])},
            order=40,
        )
    ]
    if not user.is_authenticated:
        return found
    if user.has_perm("commissioning.view_officer_menu"):
        offices = selectors.authority_ids(user)
        found.append(
            Widget(
                _("Zlecanie usług: do zrobienia"),
                "commissioning/widgets/officer.html",
                {
                    "reports": list(
                        Report.objects.filter(contract__authority_id__in=offices, state=ReportState.SUBMITTED)
                        .select_related("contract")
                        .order_by("due_date")[:5]
                    ),
                    "calls": list(
                        selectors.calls_managed_by(user)
                        .exclude(state__in=["archived", "cancelled", "draft"])
                        .order_by("offer_deadline")[:5]
                    ),
                },
                order=12,
            )
        )
    if user.has_perm("commissioning.view_my_offers"):
        found.append(
            Widget(
                _("Moje oferty i sprawozdania"),
                "commissioning/widgets/offeror.html",
                {
                    "offers": list(selectors.my_offers(user)[:5]),
                    "reports": list(selectors.reports_due(user, within_days=60)[:5]),
                    "today": timezone.localdate(),
                },
                order=14,
            )
        )
    if user.has_perm("commissioning.view_commission_work"):
        seats = list(selectors.seats_of(user).exclude(call__state__in=["archived", "contracting", "cancelled"])[:5])
        if seats:
            found.append(Widget(_("Ocena ofert"), "commissioning/widgets/commission.html", {"seats": seats}, order=13))
    return found
