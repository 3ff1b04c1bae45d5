"""Audit verbs of the monitoring app (it writes only its own aggregates)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from kooperacja.core.events import declare, record

if TYPE_CHECKING:
    from kooperacja.core.actors import Actor

    from .models import RefreshRun


@declare
class MonitoringEvent(models.TextChoices):
    FIGURES_REFRESHED = "monitoring.figures_refreshed", _("Przeliczono zestawienia regionalne")
    REFRESH_FAILED = "monitoring.refresh_failed", _("Przeliczanie zestawień nie powiodło się")


def figures_refreshed(*, actor: Actor, run: RefreshRun) -> Any:
    return record(actor=actor, verb=MonitoringEvent.FIGURES_REFRESHED, target=run, data={"rows": run.rows})


def refresh_failed(*, actor: Actor, run: RefreshRun) -> Any:
    return record(actor=actor, verb=MonitoringEvent.REFRESH_FAILED, target=run, data={"error": run.error[:200]})
