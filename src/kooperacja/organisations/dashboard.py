from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from kooperacja.accounts import roles
from kooperacja.core.nav import Widget

from . import selectors
from .models import Organisation


def widgets(request: HttpRequest) -> list[Widget]:
    user = request.user
    if not user.is_authenticated:
        return []
    found = []
    pending = selectors.pending_membership_requests_for(user)
    pending_count = pending.count() if user.has_perm("organisations.view_membership_requests") else 0
    if pending_count:
        found.append(
            Widget(
                _("Wnioski o dołączenie"),
                "organisations/widgets/requests.html",
                {"pending_count": pending_count},
                order=50,
            )
        )
    if roles.is_platform_admin(user):
        found.append(
            Widget(
                _("Organizacje do weryfikacji"),
                "organisations/widgets/to_verify.html",
                {
                    "unverified": Organisation.objects.filter(is_verified=False).order_by("-created_at")[:5],
                    "unverified_count": Organisation.objects.filter(is_verified=False).count(),
                },
                order=10,
            )
        )
    mine = selectors.organisations_visible_to(user).filter(pk__in=roles.organisation_ids(user))
    if mine.exists():
        found.append(Widget(_("Moje organizacje"), "organisations/widgets/mine.html", {"mine": mine}, order=5))
    return found
