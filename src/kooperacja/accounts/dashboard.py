from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from kooperacja.core.nav import Widget

from . import roles
from .enums import Role


def role_labels(user: object) -> list[str]:
    labels = sorted(str(Role(r).label) for r in roles.roles_of(user))
    if roles.is_platform_admin(user):
        labels.append(str(_("administrator platformy")))
    if getattr(user, "is_authenticated", False) and not labels:
        labels.append(str(_("mieszkaniec")))
    return labels


def widgets(request: HttpRequest) -> list[Widget]:
    if not request.user.is_authenticated:
        return []
    return [
        Widget(
            _("Moje konto"),
            "accounts/widgets/account.html",
            {"roles": role_labels(request.user), "verified": request.user.is_verified()},
            order=1,
        )
    ]
