from __future__ import annotations

import base64

import segno
from django import forms
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token

from kooperacja.core.viewtools import call_service

from . import services
from .forms import (
    ApiTokenForm,
    DeviceRemoveForm,
    EmailAuthenticationForm,
    OtpSetupForm,
    OtpTokenForm,
    PasswordConfirmForm,
    ProfileForm,
    RegistrationForm,
)
from .middleware import remember_second_factor
from .models import ApiToken


def _safe_next(request: HttpRequest, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


def register(request: HttpRequest) -> HttpResponse:
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = services.user_register(
            email=form.cleaned_data["email"],
            full_name=form.cleaned_data["full_name"],
            password=form.cleaned_data["password1"],
            home_territory=form.cleaned_data.get("home_territory"),
        )
        auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Konto zostało utworzone. Witamy w Kooperacji!"))
        return redirect("core:home")
    return render(request, "accounts/register.html", {"form": form})


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Zapisano zmiany w profilu."))
        response = redirect("accounts:profile")
        response.set_cookie("django_language", form.cleaned_data["language"], samesite="Lax")
        return response
    memberships = request.user.memberships.select_related("organisation").order_by("organisation__name")
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "memberships": memberships,
            "devices": services.confirmed_totp_devices(request.user),
            "has_backup_codes": services.has_second_factor(request.user),
            "tokens": ApiToken.objects.filter(user=request.user, revoked_at__isnull=True),
            "token_form": ApiTokenForm(),
        },
    )


@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_safe_next(request))
        form.add_error("token", _("Kod jest nieprawidłowy albo wygasł. Spróbuj ponownie."))
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _safe_next(request)})


# After this many wrong passwords on the second-factor pages the session is signed out.
_PASSWORD_FAILURES_KEY = "_kooperacja_2fa_password_failures"  # noqa: S105 (a session key, not a password)
_PASSWORD_FAILURE_LIMIT = 5


def _count_password_failure(request: HttpRequest, form: forms.Form) -> HttpResponse | None:
    if "password" not in form.errors:
        return None
    failures = request.session.get(_PASSWORD_FAILURES_KEY, 0) + 1
    request.session[_PASSWORD_FAILURES_KEY] = failures
    if failures < _PASSWORD_FAILURE_LIMIT:
        return None
    services.password_failures_sign_out(user=request.user)
    logout(request)
    messages.error(request, _("Zbyt wiele błędnych haseł. Zaloguj się ponownie."))
    return redirect("accounts:login")


def _group(secret: str) -> str:
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Add an authenticator app. A user who already has a second factor must have passed it in this session
    (the middleware sends them to verification first) and everyone re-enters the password."""
    user = request.user
    if services.has_second_factor(user) and not user.is_verified():
        # A device was added outside this session (an administrator issued backup codes): the session's cached
        # "no second factor" would send the user back here from verification, a redirect loop.
        remember_second_factor(request)
        return redirect("accounts:otp_verify")
    device = services.totp_device_pending(user=user)
    form = OtpSetupForm(request.POST or None, user=user)
    if request.method == "POST":
        if form.is_valid():
            codes = services.totp_device_confirm(
                device=device, token=form.cleaned_data["token"], name=form.cleaned_data["name"]
            )
            if codes is not None:
                request.session.pop(_PASSWORD_FAILURES_KEY, None)
                otp_login(request, device)
                remember_second_factor(request)
                messages.success(request, _("Dodano urządzenie weryfikacji dwuetapowej."))
                if codes:
                    return render(request, "accounts/backup_codes.html", {"codes": codes, "next": _safe_next(request)})
                return redirect(_safe_next(request, default=str(reverse_lazy("accounts:profile"))))
            form.add_error("token", _("Kod jest nieprawidłowy. Sprawdź czas w telefonie i wpisz nowy kod."))
        elif (signed_out := _count_password_failure(request, form)) is not None:
            return signed_out
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "qr_data_uri": qr.svg_data_uri(scale=4, dark="#111"),
            "secret": _group(secret),
            "adding": services.has_second_factor(user),
            "expires_minutes": services.PENDING_DEVICE_MINUTES,
            "next": _safe_next(request),
        },
    )


@login_required
def otp_device_remove(request: HttpRequest) -> HttpResponse:
    if not request.user.is_verified():
        return redirect("accounts:otp_verify")
    devices = list(services.confirmed_totp_devices(request.user))
    form = DeviceRemoveForm(request.POST or None, user=request.user, devices=devices)
    if request.method == "POST":
        if form.is_valid():
            device = call_service(
                form, services.totp_device_remove, actor=request.user, device_id=form.cleaned_data["device"]
            )
            if device is not None:
                messages.success(request, _("Usunięto urządzenie „%(name)s”.") % {"name": device.name})
                return redirect("accounts:profile")
        elif (signed_out := _count_password_failure(request, form)) is not None:
            return signed_out
    return render(request, "accounts/otp_device_remove.html", {"form": form, "devices": devices})


@login_required
def backup_codes(request: HttpRequest) -> HttpResponse:
    """New backup codes: a verified session and the password."""
    if not request.user.is_verified():
        return redirect("accounts:otp_verify")
    form = PasswordConfirmForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            request.session.pop(_PASSWORD_FAILURES_KEY, None)
            codes = services.backup_codes_regenerate(user=request.user)
            return render(
                request, "accounts/backup_codes.html", {"codes": codes, "next": reverse_lazy("accounts:profile")}
            )
        if (signed_out := _count_password_failure(request, form)) is not None:
            return signed_out
    return render(request, "accounts/backup_codes_confirm.html", {"form": form})


@login_required
@require_POST
def api_token_create(request: HttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Podaj nazwę tokenu."))
        return redirect("accounts:profile")
    token, key = services.api_token_create(user=request.user, name=form.cleaned_data["name"])
    return render(request, "accounts/api_token_created.html", {"token": token, "key": key})


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user, revoked_at__isnull=True)
    services.api_token_revoke(token=token, actor=request.user)
    messages.success(request, _("Token został unieważniony."))
    return redirect("accounts:profile")


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"
