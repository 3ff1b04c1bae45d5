"""Shared pieces of the delivery services: the retention period, the capacity error, today's date."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

RETENTION_DAYS = getattr(settings, "KOOPERACJA_DELIVERY_RETENTION_DAYS", 5 * 365)  # [?] default, configurable


class CapacityFull(ValidationError):
    pass


def _today() -> date:
    return timezone.localdate()
