from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from .roles import requires_two_factor

# Paths a user who still has to pass the second factor may reach.
_OPEN_PREFIXES = ("/static/", "/i18n/", "/konto/2fa/", "/konto/wyloguj/", "/api/")


class RequireTwoFactorMiddleware:
    """Users whose role sees personal data of beneficiaries must pass TOTP (or a backup code) after login."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(_OPEN_PREFIXES)
            and requires_two_factor(user)
            and not user.is_verified()
        ):
            has_device = user.totpdevice_set.filter(confirmed=True).exists() or user.staticdevice_set.exists()
            target = reverse("accounts:otp_verify" if has_device else "accounts:otp_setup")
            return redirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
