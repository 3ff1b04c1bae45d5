"""API authentication: a personal token (Authorization: Bearer …) or the browser session (with CSRF on writes).

Anonymous callers pass too, as `AnonymousAccess`: every endpoint scopes its data through the same selectors
as the pages, so an anonymous caller sees exactly what the public pages show.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.utils import check_csrf

from kooperacja.accounts.middleware import second_factor_pending
from kooperacja.accounts.services import api_token_authenticate


class AnonymousAccess:
    def __bool__(self) -> bool:
        return True


class PlatformAuth:
    openapi_type = "http"

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization", "")
        if header.lower().startswith("bearer "):
            user = api_token_authenticate(header[7:].strip())
            if user is None:
                return None  # a wrong token is a 401, never a silent anonymous call
            request.user = user
            return user
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            if request.method not in ("GET", "HEAD", "OPTIONS") and check_csrf(request, lambda r: None):
                return None
            if second_factor_pending(request) is not None:  # password only: anonymous until the second factor
                request.user = AnonymousUser()
                return AnonymousAccess()
            return user
        return AnonymousAccess()


platform_auth = PlatformAuth()
