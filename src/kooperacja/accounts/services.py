"""Writes for accounts: registration, profile, second factor, API tokens."""

from __future__ import annotations

import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from kooperacja.core.audit import record_event

from .models import ApiToken, User

BACKUP_CODE_COUNT = 10


def user_register(*, email: str, full_name: str, password: str, home_territory: Any = None) -> User:
    with transaction.atomic():
        user = User.objects.create_user(
            email=email, password=password, full_name=full_name, home_territory=home_territory
        )
        record_event(actor=user, verb="user.registered", target=user)
    return user


def totp_device_start(*, user: User) -> TOTPDevice:
    """An unconfirmed TOTP device to show as a QR code; replaces an earlier unconfirmed one."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user, confirmed=False).delete()
        return TOTPDevice.objects.create(user=user, name="Aplikacja uwierzytelniająca", confirmed=False)


def totp_device_confirm(*, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the device with a first code; returns fresh backup codes, or None when the code is wrong."""
    if not device.verify_token(token):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = backup_codes_regenerate(user=device.user)
        record_event(actor=device.user, verb="user.2fa_enabled", target=device.user)
    return codes


def backup_codes_regenerate(*, user: User, count: int = BACKUP_CODE_COUNT) -> list[str]:
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(user=user, defaults={"name": "Kody zapasowe"})
        device.token_set.all().delete()
        codes = [f"{secrets.randbelow(10**8):08d}" for _ in range(count)]
        StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    key = ApiToken.new_key()
    token = ApiToken.objects.create(user=user, name=name, prefix=key[5:13], key_hash=ApiToken.hash_key(key))
    record_event(actor=user, verb="api_token.created", target=token, data={"name": name})
    return token, key


def api_token_revoke(*, token: ApiToken, actor: User) -> None:
    if token.user_id != actor.pk:
        raise PermissionError("Token należy do innego użytkownika.")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record_event(actor=actor, verb="api_token.revoked", target=token)


def api_token_authenticate(key: str) -> User | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_key(key), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is None:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user
