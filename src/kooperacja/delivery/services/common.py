"""Shared pieces of the delivery services: the retention period, the capacity error, today's date."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

RETENTION_DAYS = getattr(settings, "KOOPERACJA_DELIVERY_RETENTION_DAYS", 5 * 365)  # five years by default; configurable


class CapacityFull(ValidationError):
    """No free place left on the service (the enrolment goes to the waiting list)."""


def _today() -> date:
    return timezone.localdate()
