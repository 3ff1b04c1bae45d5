"""Partner exchange meetings (study visits) and focus-group research with their reports."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kooperacja.core import bounds
from kooperacja.core.models import TimeStampedModel
from kooperacja.core.workflow import StateField, WorkflowModel

from ..enums import MeetingState
from ..storage import private_storage


def research_upload_to(instance: models.Model, filename: str) -> str:
    return f"badania/{type(instance).__name__.lower()}/{filename}"


class ExchangeMeeting(WorkflowModel, TimeStampedModel):
    title = models.CharField(_("temat"), max_length=200)
    host = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("instytucja goszcząca"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_at = models.DateTimeField(_("termin"), validators=bounds.EVENT_DATE)
    place = models.CharField(_("miejsce"), max_length=200)
    programme = models.TextField(_("program wizyty"), max_length=5000)
    capacity = models.PositiveIntegerField(
        _("liczba miejsc"), validators=[bounds.CountPositive(1), MaxValueValidator(300)]
    )
    state = StateField(_("stan"), choices=MeetingState.choices, default=MeetingState.PLANNED)
    cancel_reason = models.CharField(_("powód odwołania"), max_length=500, blank=True)
    conclusions = models.TextField(_("wnioski"), max_length=10000, blank=True)
    recommendations = models.TextField(_("rekomendacje"), max_length=10000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("spotkanie wymiany doświadczeń")
        verbose_name_plural = _("spotkania wymiany doświadczeń")
        ordering: ClassVar = ["-starts_at", "-id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~models.Q(state="held") | ~models.Q(conclusions=""),
                name="learning_exchange_held_has_report",
                violation_error_code="learning_exchange_held_has_report",
                violation_error_message=_("Odbyte spotkanie ma sprawozdanie z wnioskami (stan, wnioski)."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class ExchangeRegistration(models.Model):
    meeting = models.ForeignKey(ExchangeMeeting, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("instytucja"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("zgłoszenie na spotkanie")
        verbose_name_plural = _("zgłoszenia na spotkanie")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["meeting", "user"],
                name="learning_exchange_registration_unique",
                violation_error_code="learning_exchange_registration_unique",
                violation_error_message=_("Ta osoba jest już zgłoszona na to spotkanie (spotkanie, osoba)."),
            )
        ]


class ExchangePhoto(models.Model):
    meeting = models.ForeignKey(ExchangeMeeting, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("zdjęcie"), upload_to=research_upload_to, storage=private_storage, max_length=300)
    caption = models.CharField(_("podpis (opis zdjęcia)"), max_length=200)
    content_type = models.CharField(max_length=60)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("zdjęcie ze spotkania")
        verbose_name_plural = _("zdjęcia ze spotkania")
        ordering: ClassVar = ["id"]


class Study(TimeStampedModel):
    """Focus-group research: aim, dates, groups held (by organisation kind, never residents' data), report."""

    title = models.CharField(_("tytuł badania"), max_length=200)
    aim = models.TextField(_("cel badania"), max_length=4000)
    starts_on = models.DateField(_("od"), validators=bounds.EVENT_DATE)
    ends_on = models.DateField(_("do"), validators=bounds.EVENT_DATE)
    conclusions = models.TextField(_("wnioski"), max_length=10000, blank=True)
    report = models.FileField(
        _("raport (PDF)"), upload_to=research_upload_to, storage=private_storage, max_length=300, blank=True
    )
    team = models.ForeignKey(
        "cooperation.Team",
        verbose_name=_("zespół kooperacji, któremu służy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    package = models.ForeignKey(
        "commissioning.ServicePackage",
        verbose_name=_("pakiet usług, któremu służy"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("prowadzący badanie"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("badanie fokusowe")
        verbose_name_plural = _("badania fokusowe")
        ordering: ClassVar = ["-starts_on", "-id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="learning_study_dates",
                violation_error_code="learning_study_dates",
                violation_error_message=_("Badanie kończy się nie wcześniej niż się zaczyna (od, do)."),
            )
        ]

    def __str__(self) -> str:
        return self.title


class StudyGroup(models.Model):
    """A focus group held: when, where and how many people of which organisation kinds (counts only)."""

    study = models.ForeignKey(Study, on_delete=models.CASCADE, related_name="groups")
    held_on = models.DateField(_("data"), validators=bounds.EVENT_DATE)
    place = models.CharField(_("miejsce"), max_length=200)
    legal_form = models.CharField(_("rodzaj instytucji uczestników"), max_length=32)
    participants = models.PositiveSmallIntegerField(
        _("liczba uczestników"), validators=[bounds.CountPositive(1), MaxValueValidator(50)]
    )

    class Meta:
        verbose_name = _("grupa fokusowa")
        verbose_name_plural = _("grupy fokusowe")
        ordering: ClassVar = ["study", "held_on", "id"]
