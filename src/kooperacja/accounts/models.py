"""Users log in by e-mail; what they may do comes from memberships (organisations app) and the rules layer."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("Adres e-mail jest wymagany.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("adres e-mail"), unique=True)
    full_name = models.CharField(_("imię i nazwisko"), max_length=150)
    phone = models.CharField(_("telefon"), max_length=30, blank=True)
    is_active = models.BooleanField(_("aktywne"), default=True)
    is_staff = models.BooleanField(
        _("administrator platformy"),
        default=False,
        help_text=_("Administrator platformy: weryfikuje organizacje i zarządza słownikami."),
    )
    date_joined = models.DateTimeField(_("data rejestracji"), default=timezone.now)
    language = models.CharField(_("język interfejsu"), max_length=5, choices=settings.LANGUAGES, default="pl")
    home_territory = models.ForeignKey(
        "core.Territory",
        verbose_name=_("gmina zamieszkania lub działania"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar = ["full_name"]

    class Meta:
        verbose_name = _("użytkownik")
        verbose_name_plural = _("użytkownicy")
        ordering: ClassVar = ["full_name", "email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class ApiToken(models.Model):
    """A personal token for API clients other than the browser; only its SHA-256 is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nazwa"), max_length=80)
    prefix = models.CharField(max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("tokeny API")
        ordering: ClassVar = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def new_key(cls) -> str:
        return "koop_" + secrets.token_urlsafe(32)
