from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from .nav import menu_for


def platform(request: HttpRequest) -> dict[str, Any]:
    return {
        "main_menu": menu_for(request, "main"),
        "user_menu": menu_for(request, "user"),
        "DEMO": settings.DEMO,
    }
