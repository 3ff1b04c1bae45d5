"""The lifecycle of a refresh of the regional figures: running -> done | failed."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from kooperacja.core.workflow import Transition, Workflow

from .enums import RefreshState

REFRESH = Workflow(
    "monitoring.refresh",
    states=RefreshState,
    initial=RefreshState.RUNNING,
    transitions=[
        Transition("finish", _("Zakończ przeliczanie"), (RefreshState.RUNNING,), RefreshState.DONE),
        Transition("fail", _("Oznacz jako nieudane"), (RefreshState.RUNNING,), RefreshState.FAILED, needs_reason=True),
    ],
    final=(RefreshState.DONE, RefreshState.FAILED),
)
