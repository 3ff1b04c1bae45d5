from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from .roles import requires_two_factor

# Always reachable, whatever the second-factor state: assets, the language switch, logout. The API decides for
# itself (a half-logged-in session is anonymous there, see kooperacja.api.auth).
_ALWAYS_OPEN = ("/static/", "/i18n/", "/konto/wyloguj/", "/api/")
_SESSION_HAS_FACTOR = "_kooperacja_has_second_factor"

VERIFY = "verify"
SETUP = "setup"


def _has_second_factor(request: HttpRequest, user: Any) -> bool:
    """Whether the user has a confirmed device, looked up once per session (the session starts at the password
    step, so a device added since any earlier sign-in is always seen; pages do not pay a query for it)."""
    session = getattr(request, "session", None)
    key = f"{_SESSION_HAS_FACTOR}:{user.pk}"
    if session is not None and key in session:
        return bool(session[key])
    from .services import has_second_factor

    found = has_second_factor(user)
    if session is not None:
        session[key] = found
    return found


def remember_second_factor(request: HttpRequest) -> None:
    """Called when the user enrolled a device in this session."""
    request.session[f"{_SESSION_HAS_FACTOR}:{request.user.pk}"] = True


def second_factor_pending(request: HttpRequest) -> str | None:
    """VERIFY when the signed-in user has a second factor not passed in this session, SETUP when their role needs
    one and they have none yet, None when nothing is pending."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.is_verified():
        return None
    if _has_second_factor(request, user):
        return VERIFY
    if requires_two_factor(user):
        return SETUP
    return None


class RequireTwoFactorMiddleware:
    """A user with a confirmed device (and every user whose role sees beneficiaries' data) must pass TOTP or a backup
    code after the password. Until then the session reaches only the verification page (or, for a role that needs
    a device and has none, the setup page) and logout: nothing else, in particular not the setup page, which would
    let a password alone enrol a new device."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(_ALWAYS_OPEN):
            return self.get_response(request)
        pending = second_factor_pending(request)
        if pending is None:
            return self.get_response(request)
        target = reverse("accounts:otp_verify" if pending == VERIFY else "accounts:otp_setup")
        if request.path == target:
            return self.get_response(request)
        return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")


# The sliding idle timeout (settings: SESSION_COOKIE_AGE, 30 minutes) without a write on every page view.
_SESSION_REFRESHED = "_kooperacja_refreshed"


def mark_session_refreshed(session: Any) -> None:
    """Record that the session is being written now (the middleware does it on every write it makes; a session
    saved without a request, as the test client's `force_login` does, may call it)."""
    session[_SESSION_REFRESHED] = int(timezone.now().timestamp())


class SlidingSessionMiddleware(SessionMiddleware):
    """Django's session middleware with `SESSION_SAVE_EVERY_REQUEST = False`, plus the refresh that keeps the
    idle timeout sliding: a session is written when something in it changed, and otherwise only when its last
    write is `SESSION_REFRESH_INTERVAL` seconds old or older (a minute). Every write moves the expiry to "now +
    SESSION_COOKIE_AGE", so a session ends after at least SESSION_COOKIE_AGE - SESSION_REFRESH_INTERVAL and at
    most SESSION_COOKIE_AGE seconds without a request (29-30 minutes): never later than the settings promise.
    A plain page view inside the interval costs no `UPDATE django_session` (docs/performance.md §5 p. 6)."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        session = getattr(request, "session", None)
        # an empty session (an anonymous visitor without a cookie, or one just flushed at logout) stays as it is
        if session is not None and not session.is_empty() and response.status_code != 500:
            if not any(key != _SESSION_REFRESHED for key in session.keys()):  # noqa: SIM118 (no __iter__)
                # nothing to keep (a cookie of an expired session): do not start a session for the mark alone
                return super().process_response(request, response)
            now = int(timezone.now().timestamp())  # the clock the session backends date the expiry by
            last = session.get(_SESSION_REFRESHED)
            stale = not isinstance(last, int) or not 0 <= now - last < settings.SESSION_REFRESH_INTERVAL
            if session.modified or stale:
                mark_session_refreshed(session)
        return super().process_response(request, response)
