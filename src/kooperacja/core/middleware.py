from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import add_never_cache_headers


class PolishFirstLocaleMiddleware:
    """Polish is the default for everyone (the browser's Accept-Language is ignored); English is chosen with the
    language switch (cookie) or the user's profile setting."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response
        self.supported = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.supported:
            user = getattr(request, "user", None)
            language = getattr(user, "language", None) if user is not None and user.is_authenticated else None
        if language not in self.supported:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


# --- personal data is never cached (issue 10, item 7) ------------------------------------------------------
#
# One mechanism: `core.audit.log_access` is called before every display or export of personal data (the access
# log is the rule for that), and it calls `mark_personal_data()`. `NoStoreForPersonalDataMiddleware` opens a
# fresh marker for each request and, when something marked it, sends `Cache-Control: no-store` (and
# `Pragma: no-cache` for HTTP/1.0 proxies), so neither the browser (back button, disk cache, a shared
# computer in an office) nor a proxy keeps a copy of a case, a person or an export. A page that shows
# personal data without logging it is a bug of the access log, not of this middleware. File exports
# (`core.exports`) also call `add_no_store` themselves.

_personal_data: ContextVar[list[bool] | None] = ContextVar("kooperacja_personal_data", default=None)


def mark_personal_data() -> None:
    """Called by `log_access`: the current response shows personal data. Outside a request it does nothing."""
    marker = _personal_data.get()
    if marker is not None:
        marker.append(True)


def add_no_store(response: HttpResponse) -> HttpResponse:
    """`Cache-Control: max-age=0, no-cache, no-store, must-revalidate, private` (Django's never-cache set, which
    also drops a `public`) and `Pragma: no-cache`."""
    add_never_cache_headers(response)
    response["Pragma"] = "no-cache"
    return response


class NoStoreForPersonalDataMiddleware:
    """`Cache-Control: no-store` on every response of a request during which personal data was read."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # A mutable marker (not a flag set later) so that a copied context, e.g. a sync view run by asgiref
        # under ASGI, still reports back to this request.
        marker: list[bool] = []
        token = _personal_data.set(marker)
        try:
            response = self.get_response(request)
        finally:
            _personal_data.reset(token)
        if marker:
            add_no_store(response)
        return response
