"""Home-page widget: the consultations and plebiscites open now, with what one can do in each."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kooperacja.core.nav import Widget

from . import selectors
from .enums import ProcessState

LABELS = {
    "comment": _("uwagi"),
    "propose": _("propozycje"),
    "survey": _("ankieta"),
    "attend": _("zapisy na spotkania"),
    "vote": _("głosowanie"),
}


def widgets(request: HttpRequest) -> list[Widget]:
    now = timezone.now()
    rows = []
    for p in selectors.processes_visible_to(request.user).filter(state=ProcessState.PUBLISHED)[:20]:
        allowed = selectors.allowed_now(list(p.phases.all()), now)
        if allowed:
            rows.append(
                {
                    "process": p,
                    "allowed": [LABELS[a] for a in ("comment", "propose", "survey", "attend", "vote") if a in allowed],
                }
            )
    if not rows:
        return []
    return [Widget(_("Twój głos w sprawach gminy"), "participation/widgets/open.html", {"rows": rows[:5]}, order=30)]
