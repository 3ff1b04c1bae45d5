"""States and kinds of the monitoring app (Polish labels)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RefreshState(models.TextChoices):
    RUNNING = "running", _("trwa przeliczanie")
    DONE = "done", _("zakończone")
    FAILED = "failed", _("nieudane")


class StepStatus(models.TextChoices):
    MET = "met", _("spełniony")
    MISSED = "missed", _("niespełniony")
    NOT_DUE = "not_due", _("jeszcze nie wymagany")
