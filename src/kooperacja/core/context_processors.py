from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from .nav import menus_for


def platform(request: HttpRequest) -> dict[str, Any]:
    return {**menus_for(request), "DEMO": settings.DEMO}
