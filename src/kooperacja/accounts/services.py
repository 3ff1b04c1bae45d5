"""Writes for accounts: registration, profile, second factor, API tokens."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import TYPE_CHECKING

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from kooperacja.accounts.events import AccountEvent, event
from kooperacja.core.actors import SYSTEM, Actor, require

from .models import ApiToken, User

if TYPE_CHECKING:
    from kooperacja.core.models import Territory

BACKUP_CODE_COUNT = 10


def user_register(*, email: str, full_name: str, password: str, home_territory: Territory | None = None) -> User:
    with transaction.atomic():
        user = User.objects.create_user(
            email=email, password=password, full_name=full_name, home_territory=home_territory
        )
        event(actor=user, verb=AccountEvent.REGISTERED, target=user)
    return user


# The group of the platform's administrators: the admin site's permissions for the registry and the accounts,
# never the audit tables (append-only, read through their own pages).
PLATFORM_ADMINS_GROUP = "Administratorzy platformy"


def _platform_admins() -> Group:
    group, created = Group.objects.get_or_create(name=PLATFORM_ADMINS_GROUP)
    if created:
        group.permissions.set(
            Permission.objects.filter(content_type__app_label__in=["core", "organisations", "accounts"]).exclude(
                content_type__model__in=["accesslog", "auditevent"]
            )
        )
    return group


def account_create(
    *,
    actor: Actor,
    email: str,
    full_name: str,
    password: str | None,
    home_territory: Territory | None = None,
    is_staff: bool = False,
) -> User:
    """An account made for someone by a platform administrator or the platform itself (the demo, an import).

    `password=None` gives an account that cannot sign in with a password (a synthetic participant). A staff
    account joins the platform administrators' group. Recorded as the actor's act, not as a self-registration.
    """
    require(actor, "accounts.create_account")
    with transaction.atomic():
        user = User.objects.create_user(
            email=email, password=password, full_name=full_name, home_territory=home_territory, is_staff=is_staff
        )
        if is_staff:
            user.groups.add(_platform_admins())
        event(
            actor=actor,
            verb=AccountEvent.CREATED,
            target=user,
            data={"is_staff": is_staff, "can_sign_in": password is not None},
        )
    return user


def totp_device_provision(*, actor: Actor, user: User, key: str, name: str = "Demo") -> TOTPDevice:
    """A confirmed authenticator with a key known in advance (the demo's printed key), made for the user.

    The user must pass it at every sign-in from now on; the owner is not mailed (the account is being set up).
    """
    require(actor, "accounts.create_account")
    with transaction.atomic():
        device = TOTPDevice.objects.create(user=user, name=name, confirmed=True, key=key)
        event(
            actor=actor,
            verb=AccountEvent.TWO_FACTOR_DEVICE_ADDED,
            target=user,
            data={"device": name, "device_id": device.pk, "provisioned": True},
        )
    return device


PENDING_DEVICE_MINUTES = 15


def _security_mail(user: User, subject: str, body: str) -> None:
    """Tell the owner of the account about a change of their sign-in security, after the commit."""

    def send() -> None:
        greeting = _("Dzień dobry %(name)s,") % {"name": user.full_name or user.email}
        footer = _("Jeśli to nie Ty, natychmiast zmień hasło i skontaktuj się z administratorem platformy Kooperacja.")
        send_mail(subject, f"{greeting}\n\n{body}\n\n{footer}\n", None, [user.email], fail_silently=True)

    transaction.on_commit(send)


def confirmed_totp_devices(user: User) -> models.QuerySet[TOTPDevice]:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("created_at", "pk")


def has_second_factor(user: User) -> bool:
    """A confirmed authenticator app or a set of backup codes: the user must pass it at every sign-in."""
    return (
        TOTPDevice.objects.filter(user=user, confirmed=True).exists()
        or StaticToken.objects.filter(device__user=user, device__confirmed=True).exists()
    )


def totp_device_pending(*, user: User, name: str = "") -> TOTPDevice:
    """The one pending (unconfirmed) device of the user, kept until confirmed or expired.

    Reloading the setup page shows the same key, so a code already scanned keeps working; a pending device
    older than PENDING_DEVICE_MINUTES is replaced by a new one.
    """
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user.pk).first()  # one pending device even under a double click
        cutoff = timezone.now() - timedelta(minutes=PENDING_DEVICE_MINUTES)
        pending = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-created_at", "-pk")
        device = pending.filter(created_at__gte=cutoff).first()
        pending.exclude(pk=device.pk if device else None).delete()
        if device is None:
            device = TOTPDevice.objects.create(
                user=user, name=name or str(_("Aplikacja uwierzytelniająca")), confirmed=False
            )
        return device


def totp_device_confirm(*, device: TOTPDevice, token: str, name: str = "") -> list[str] | None:
    """Confirm the pending device with a first code; existing devices stay (replacing one is a separate step).

    Returns fresh backup codes when this is the user's first second factor, an empty list when the user already
    had one (their backup codes stay valid), or None when the code is wrong.
    """
    if device.confirmed or not device.verify_token(token):
        return None
    user = device.user
    with transaction.atomic():
        first = not has_second_factor(user)
        device.confirmed = True
        if name:
            device.name = name
        device.save(update_fields=["confirmed", "name"])
        codes = backup_codes_regenerate(user=user, notify=False) if first else []
        event(
            actor=user,
            verb=AccountEvent.TWO_FACTOR_DEVICE_ADDED,
            target=user,
            data={"device": device.name, "device_id": device.pk, "first": first},
        )
        _security_mail(
            user,
            _("Kooperacja: dodano urządzenie weryfikacji dwuetapowej"),
            _("Do Twojego konta dodano aplikację uwierzytelniającą „%(name)s”.") % {"name": device.name},
        )
    return codes


def totp_device_remove(*, actor: User, device_id: int) -> TOTPDevice:
    """Remove one confirmed authenticator of the actor: an explicit, logged action, never a side effect.

    The last authenticator of a user whose role requires the second factor cannot be removed (add the new one
    first, then remove the old one).
    """
    from .roles import requires_two_factor

    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=actor, confirmed=True, pk=device_id).first()
        if device is None:
            raise ValidationError(_("Nie znaleziono tego urządzenia na Twoim koncie."))
        if requires_two_factor(actor) and confirmed_totp_devices(actor).count() <= 1:
            raise ValidationError(
                _("Twoja rola wymaga weryfikacji dwuetapowej: najpierw dodaj nowe urządzenie, potem usuń stare.")
            )
        device.delete()
        event(actor=actor, verb=AccountEvent.TWO_FACTOR_DEVICE_REMOVED, target=actor, data={"device": device.name})
        _security_mail(
            actor,
            _("Kooperacja: usunięto urządzenie weryfikacji dwuetapowej"),
            _("Z Twojego konta usunięto aplikację uwierzytelniającą „%(name)s”.") % {"name": device.name},
        )
    return device


def backup_codes_regenerate(
    *, user: User, count: int = BACKUP_CODE_COUNT, notify: bool = True, by_owner: bool = True
) -> list[str]:
    """New backup codes replace the old ones; logged (by the owner, or as SYSTEM from a command); the owner is told."""
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(user=user, defaults={"name": "Kody zapasowe"})
        device.token_set.all().delete()
        codes = [f"{secrets.randbelow(10**8):08d}" for _ in range(count)]
        StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
        event(
            actor=user if by_owner else SYSTEM,
            verb=AccountEvent.BACKUP_CODES_REGENERATED,
            target=user,
            data={"count": count, "by_owner": by_owner},
        )
        if notify:
            _security_mail(
                user,
                _("Kooperacja: nowe kody zapasowe"),
                _("Wygenerowano nowe kody zapasowe do Twojego konta; poprzednie kody przestały działać."),
            )
    return codes


def password_failures_sign_out(*, user: User) -> None:
    """Record that a verified session was ended after too many wrong passwords (the view signs the user out)."""
    event(actor=user, verb=AccountEvent.PASSWORD_FAILURES, target=user)


def api_token_create(*, user: User, name: str) -> tuple[ApiToken, str]:
    key = ApiToken.new_key()
    token = ApiToken.objects.create(user=user, name=name, prefix=key[5:13], key_hash=ApiToken.hash_key(key))
    event(actor=user, verb=AccountEvent.API_TOKEN_CREATED, target=token, data={"name": name})
    return token, key


def api_token_revoke(*, token: ApiToken, actor: User) -> None:
    if token.user_id != actor.pk:
        raise PermissionError("Token należy do innego użytkownika.")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    event(actor=actor, verb=AccountEvent.API_TOKEN_REVOKED, target=token)


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
