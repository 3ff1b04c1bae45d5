from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from kooperacja.core.nav import Widget

from . import selectors
from .enums import ProgrammeStatus
from .policies import ops_head_org_ids, staff_org_ids


def widgets(request: HttpRequest) -> list[Widget]:
    user = request.user
    if not user.is_authenticated:
        return []
    found = []
    if staff_org_ids(user):
        services = list(selectors.delivered_services_for(user).order_by("name")[:8])
        if services:
            found.append(
                Widget(_("Realizowane usługi"), "delivery/widgets/services.html", {"services": services}, order=15)
            )
    if ops_head_org_ids(user):
        waiting = (
            selectors.programmes_visible_to(user)
            .filter(status=ProgrammeStatus.SUBMITTED, ops_id__in=ops_head_org_ids(user))
            .count()
        )
        if waiting:
            found.append(
                Widget(
                    _("Programy art. 49 do zatwierdzenia"),
                    "delivery/widgets/approvals.html",
                    {"waiting": waiting},
                    order=12,
                )
            )
    return found
