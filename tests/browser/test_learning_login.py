"""The browser tests' `login` fixture passes the second factor for every kind of demo user: one with a device
(a backup code issued on the server) and one whose role requires 2FA but who has no device yet (the setup page,
with the code computed from the key it shows); the backup codes from the setup are then used at the next sign-in."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import kooperacja

_DROP_DEVICES = """
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
TOTPDevice.objects.filter(user__email="{email}").delete()
StaticDevice.objects.filter(user__email="{email}").delete()
"""


def test_login_with_a_device(page: Any, login: Any) -> None:
    login(page, "social_worker")
    page.goto("/konto/profil/")
    assert "/konto/profil/" in page.url
    assert page.get_by_role("button", name="Wyloguj").count() > 0


def test_login_without_a_device_sets_one_up(
    page: Any, browser: Any, live_url: str, login: Any, server_env: dict[str, str], backup_pool: dict[str, list[str]]
) -> None:
    email = "pedagog@sp-narewka.demo"
    kooperacja(server_env, "shell", "-c", _DROP_DEVICES.format(email=email))
    backup_pool.pop(email, None)
    login(page, "teacher")
    page.goto("/konto/profil/")
    assert "/konto/profil/" in page.url
    assert backup_pool[email], "the codes shown after the setup are kept for the next sign-in"
    # a second sign-in in a fresh browser: now the user has a device and passes it with a kept backup code
    context = browser.new_context(base_url=live_url, locale="pl-PL")
    try:
        again = context.new_page()
        left = len(backup_pool[email])
        login(again, "teacher")
        again.goto("/konto/profil/")
        assert "/konto/profil/" in again.url
        assert len(backup_pool[email]) == left - 1
    finally:
        context.close()
