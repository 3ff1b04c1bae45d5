from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from kooperacja.core.nav import Widget

from .models import RefreshRun
from .policies import reach_of


def widgets(request: HttpRequest) -> list[Widget]:
    reach = reach_of(request.user)
    if reach.empty:
        return []
    last = RefreshRun.objects.filter(state="done").order_by("-finished_at").first()
    return [
        Widget(
            _("Monitoring i efekty"),
            "monitoring/widgets/summary.html",
            {"regional": reach.regional, "last": last},
            order=20 if reach.regional else 60,
        )
    ]
