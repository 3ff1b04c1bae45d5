from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kooperacja.core.nav import Widget

from . import selectors
from .access import access_of
from .enums import OPEN_SUPPORT, PlanStatus, ResolutionStatus
from .models import Allocation, Consortium, Resolution, SupportRequest


def widgets(request: HttpRequest) -> list[Widget]:
    user = request.user
    if not user.is_authenticated:
        return []
    acc = access_of(user)
    found = []
    if acc.office:
        found.append(
            Widget(
                _("Biuro konsorcjum"),
                "consortia/widgets/office.html",
                {
                    "consortia": Consortium.objects.filter(pk__in=acc.office),
                    "open_support": SupportRequest.objects.filter(
                        consortium_id__in=acc.office, status__in=OPEN_SUPPORT
                    ).count(),
                    "voting": Resolution.objects.filter(
                        consortium_id__in=acc.office, status=ResolutionStatus.VOTING
                    ).count(),
                },
                order=15,
            )
        )
    if acc.members:
        mine = Allocation.objects.filter(
            member_id__in=[m.member_id for m in acc.members], plan__status=PlanStatus.APPROVED
        )
        upcoming = mine.filter(report_due__gte=timezone.localdate()).order_by("report_due").first()
        found.append(
            Widget(
                _("Moje zobowiązania w konsorcjum"),
                "consortia/widgets/member.html",
                {
                    "open_votes": selectors.open_votes_for(user),
                    "allocations": mine.count(),
                    "next_due": upcoming.report_due if upcoming else None,
                },
                order=16,
            )
        )
    return found
