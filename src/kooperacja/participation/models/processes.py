"""Processes (consultations, plebiscites) and their clock-driven phases."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kooperacja.core import bounds
from kooperacja.core.workflow import StateField, WorkflowModel

from ..enums import PhaseKind, ProcessKind, ProcessState, SubjectKind

DEFAULT_CODE_OF_CONDUCT = _(
    "Piszemy z szacunkiem dla innych, na temat konsultacji i bez danych osobowych innych osób. "
    "Moderator ukrywa wypowiedzi obraźliwe, reklamy i spam, zawsze z uzasadnieniem; nic nie jest usuwane."
)

ALLOWS = ("comment", "propose", "survey", "attend", "vote")


class Process(WorkflowModel):
    authority = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("organ (JST)"), on_delete=models.PROTECT, related_name="+"
    )
    territory = models.ForeignKey("core.Territory", verbose_name=_("gmina"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("rodzaj"), max_length=16, choices=ProcessKind.choices)
    title = models.CharField(_("tytuł"), max_length=200)
    subject_kind = models.CharField(_("przedmiot"), max_length=16, choices=SubjectKind.choices)
    subject = models.CharField(_("czego dotyczy"), max_length=300, blank=True)
    description = models.TextField(_("opis"), max_length=20000)
    code_of_conduct = models.TextField(_("zasady dyskusji"), max_length=4000, blank=True)
    state = StateField(_("stan"), choices=ProcessState.choices, default=ProcessState.DRAFT)
    report_summary = models.TextField(_("podsumowanie raportu"), max_length=20000, blank=True)
    report_published_at = models.DateTimeField(_("raport opublikowano"), null=True, blank=True, validators=bounds.DATE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("utworzono"), auto_now_add=True)

    class Meta:
        verbose_name = _("proces partycypacyjny")
        verbose_name_plural = _("procesy partycypacyjne")
        ordering: ClassVar = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("participation:process_detail", args=[self.pk])


class PhaseQuerySet(models.QuerySet["Phase"]):
    def active(self, now: Any = None) -> PhaseQuerySet:
        now = now or timezone.now()
        return self.filter(starts_at__lte=now, ends_at__gt=now)


class Phase(models.Model):
    """A time box of a process. It is active while starts_at <= now < ends_at; nobody switches it."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("etap"), max_length=16, choices=PhaseKind.choices)
    title = models.CharField(_("nazwa etapu"), max_length=120, blank=True)
    starts_at = models.DateTimeField(_("początek"), validators=bounds.EVENT_DATE)
    ends_at = models.DateTimeField(_("koniec"), validators=bounds.EVENT_DATE)
    allows_comment = models.BooleanField(_("uwagi i dyskusja"), default=False)
    allows_propose = models.BooleanField(_("propozycje"), default=False)
    allows_survey = models.BooleanField(_("ankieta"), default=False)
    allows_attend = models.BooleanField(_("zapisy na spotkania"), default=False)
    allows_vote = models.BooleanField(_("głosowanie"), default=False)
    # When the e-mail "a phase has opened" went to the process's subscribers (the task sends it once).
    opening_notified_at = models.DateTimeField(
        _("powiadomiono o otwarciu"), null=True, blank=True, validators=bounds.DATE
    )

    objects = PhaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("etap")
        verbose_name_plural = _("etapy")
        ordering: ClassVar = ["starts_at", "pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="participation_phase_ends_after_start",
                violation_error_code="participation_phase_ends_after_start",
                violation_error_message=_("Koniec etapu (pole „koniec”) musi być później niż jego początek."),
            )
        ]

    def __str__(self) -> str:
        return self.title or str(self.get_kind_display())

    def allows(self, action: str) -> bool:
        return bool(getattr(self, f"allows_{action}"))

    def status(self, now: Any = None) -> str:
        now = now or timezone.now()
        if now < self.starts_at:
            return "future"
        if now >= self.ends_at:
            return "past"
        return "active"


class Section(models.Model):
    """A numbered section of the consulted document; comments may refer to one."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="sections")
    number = models.PositiveSmallIntegerField(_("numer"), validators=bounds.COUNT_POSITIVE)
    title = models.CharField(_("tytuł części"), max_length=200)
    text = models.TextField(_("treść"), max_length=20000, blank=True)

    class Meta:
        verbose_name = _("część dokumentu")
        verbose_name_plural = _("części dokumentu")
        ordering: ClassVar = ["number"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["process", "number"],
                name="participation_section_unique_number",
                violation_error_code="participation_section_unique_number",
                violation_error_message=_("Część dokumentu o tym numerze (pole „numer”) już istnieje."),
            )
        ]

    def __str__(self) -> str:
        return f"§ {self.number}. {self.title}"


class Attachment(models.Model):
    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("tytuł dokumentu"), max_length=200)
    file = models.FileField(_("plik PDF"), upload_to="participation/%Y/")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dokument")
        verbose_name_plural = _("dokumenty")
        ordering: ClassVar = ["pk"]

    def __str__(self) -> str:
        return self.title


class Moderator(models.Model):
    """A person who moderates the discussions of one authority's processes (besides its officers)."""

    authority = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("moderator")
        verbose_name_plural = _("moderatorzy")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["authority", "user"],
                name="participation_moderator_unique",
                violation_error_code="participation_moderator_unique",
                violation_error_message=_("Ta osoba (pole „użytkownik”) już moderuje procesy tego organu."),
            )
        ]


class Subscription(models.Model):
    """A person who wants an e-mail when a phase of the process opens (followed on the process page)."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="subscriptions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("obserwowanie procesu")
        verbose_name_plural = _("obserwowanie procesów")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["process", "user"],
                name="participation_subscription_unique",
                violation_error_code="participation_subscription_unique",
                violation_error_message=_("Już obserwujesz ten proces."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.process_id}"
