from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from .nav import menus_for
from .notifications import unread_count


def platform(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    # a callable: counted (one indexed query) only where the template shows the bell, i.e. for a signed-in person
    return {**menus_for(request), "DEMO": settings.DEMO, "notifications_unread": lambda: unread_count(user)}
