"""Reads of accounts for code outside the accounts app (commands, the demo): by e-mail, never by writing."""

from __future__ import annotations

from collections.abc import Iterable

from .models import User


def account_exists(email: str) -> bool:
    return User.objects.filter(email__iexact=email).exists()


def accounts_by_email(emails: Iterable[str]) -> dict[str, User]:
    """The accounts with these e-mail addresses, keyed by the address as stored."""
    return {u.email: u for u in User.objects.filter(email__in=list(emails))}
