"""The incubator: support requests to the office and incubation paths for new organisations."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kooperacja.core import bounds
from kooperacja.core.models import TimeStampedModel
from kooperacja.core.workflow import StateField, WorkflowModel

from ..enums import IncubationStage, SupportCategory, SupportStatus
from .consortium import Consortium


class SupportRequest(WorkflowModel, TimeStampedModel):
    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="support_requests")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organizacja zgłaszająca"),
        on_delete=models.PROTECT,
        related_name="consortium_support_requests",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    category = models.CharField(_("obszar wsparcia"), max_length=16, choices=SupportCategory.choices)
    subject = models.CharField(_("temat"), max_length=200)
    description = models.TextField(_("opis potrzeby"))
    due_on = models.DateField(_("potrzebne do"), null=True, blank=True, validators=bounds.DATE)
    status = StateField(_("status"), max_length=12, choices=SupportStatus.choices, default=SupportStatus.NEW)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("osoba z biura"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    minutes_spent = models.PositiveIntegerField(_("czas pracy (min)"), default=0, validators=bounds.COUNT_NOT_NEGATIVE)
    outcome = models.TextField(_("rezultat"), blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True, validators=bounds.DATE)

    class Meta:
        verbose_name = _("zgłoszenie wsparcia")
        verbose_name_plural = _("zgłoszenia wsparcia")
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [models.Index(fields=["consortium", "status"])]

    def __str__(self) -> str:
        return self.subject


class SupportEntry(models.Model):
    """A note in the request's thread, optionally with time spent by the office."""

    request = models.ForeignKey(SupportRequest, on_delete=models.CASCADE, related_name="entries")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.TextField(_("wpis"))
    minutes = models.PositiveIntegerField(_("czas (min)"), default=0, validators=bounds.COUNT_NOT_NEGATIVE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering: ClassVar = ["created_at", "id"]

    def __str__(self) -> str:
        return self.note[:50]


class IncubationPath(TimeStampedModel):
    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="incubations")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("inkubowana organizacja"),
        on_delete=models.PROTECT,
        related_name="incubations",
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("mentor"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    goal = models.TextField(_("cel inkubacji"))
    stage = models.CharField(
        _("etap"), max_length=20, choices=IncubationStage.choices, default=IncubationStage.DIAGNOSIS
    )
    started_on = models.DateField(_("rozpoczęcie"), validators=bounds.DATE)

    class Meta:
        verbose_name = _("ścieżka inkubacji")
        verbose_name_plural = _("ścieżki inkubacji")
        ordering: ClassVar = ["-started_on", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["consortium", "organisation"],
                name="incubation_unique_org",
                violation_error_message=_(
                    "Ta organizacja (pole „inkubowana organizacja”) ma już ścieżkę inkubacji w tym konsorcjum."
                ),
                violation_error_code="incubation_unique_org",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_stage_display()})"


class IncubationItem(models.Model):
    path = models.ForeignKey(IncubationPath, on_delete=models.CASCADE, related_name="items")
    stage = models.CharField(_("etap"), max_length=20, choices=IncubationStage.choices)
    title = models.CharField(_("zadanie"), max_length=200)
    due_on = models.DateField(_("termin"), null=True, blank=True, validators=bounds.DATE)
    done_on = models.DateField(_("wykonano"), null=True, blank=True, validators=bounds.DATE)
    position = models.PositiveSmallIntegerField(default=0, validators=bounds.COUNT_NOT_NEGATIVE)

    class Meta:
        ordering: ClassVar = ["position", "id"]

    def __str__(self) -> str:
        return self.title
