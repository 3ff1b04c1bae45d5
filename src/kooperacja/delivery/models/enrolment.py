"""Enrolment in a catalogue service, sessions with an attendance register, individual support meetings."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kooperacja.core import bounds
from kooperacja.core.models import TimeStampedModel
from kooperacja.core.workflow import StateField, WorkflowModel

from ..enums import AttendanceStatus, EnrolmentStatus, LeaveReason, MeetingKind


class Enrolment(WorkflowModel, TimeStampedModel):
    person = models.ForeignKey("delivery.Person", on_delete=models.PROTECT, related_name="enrolments")
    service = models.ForeignKey("catalog.Service", on_delete=models.PROTECT, related_name="enrolments")
    status = StateField(
        _("status"), max_length=10, choices=EnrolmentStatus.choices, db_index=True
    )  # workflows.ENROLMENT
    requested_on = models.DateField(_("data zgłoszenia"), validators=bounds.DATE)
    enrolled_on = models.DateField(_("data przyjęcia"), null=True, blank=True, validators=bounds.DATE)
    left_on = models.DateField(_("data zakończenia"), null=True, blank=True, validators=bounds.DATE)
    leave_reason = models.CharField(_("przyczyna zakończenia"), max_length=20, choices=LeaveReason.choices, blank=True)
    leave_note = models.CharField(_("uwagi"), max_length=300, blank=True)
    referral_note = models.CharField(_("skąd skierowanie"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("zapis na usługę")
        verbose_name_plural = _("zapisy na usługi")
        ordering: ClassVar = ["service", "status", "requested_on", "id"]
        indexes: ClassVar = [models.Index(fields=["service", "status"])]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["person", "service"],
                condition=models.Q(status__in=["waiting", "active"]),
                name="enrolment_one_open_per_service",
                violation_error_message=_(
                    "Ta osoba (pole „uczestnik”) jest już zapisana na tę usługę albo czeka na miejsce (pole „usługa”)."
                ),
                violation_error_code="enrolment_one_open_per_service",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="active") | models.Q(enrolled_on__isnull=False),
                name="enrolment_active_has_date",
                violation_error_message=_("Przyjęty uczestnik ma datę przyjęcia (pole „data przyjęcia”)."),
                violation_error_code="enrolment_active_has_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="left") | (models.Q(left_on__isnull=False) & ~models.Q(leave_reason="")),
                name="enrolment_left_has_reason",
                violation_error_message=_(
                    "Zakończenie udziału wymaga daty (pole „data zakończenia”) i przyczyny (pole „przyczyna "
                    "zakończenia”)."
                ),
                violation_error_code="enrolment_left_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.code} → {self.service}"


class Session(TimeStampedModel):
    service = models.ForeignKey("catalog.Service", on_delete=models.CASCADE, related_name="sessions")
    date = models.DateField(_("data"), validators=bounds.DATE)
    starts_at = models.TimeField(_("godzina rozpoczęcia"), null=True, blank=True)
    duration_hours = models.DecimalField(
        _("czas trwania (godz.)"),
        max_digits=4,
        decimal_places=1,
        default=Decimal("2.0"),
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("24"))],
    )
    topic = models.CharField(_("temat / rodzaj zajęć"), max_length=200)
    location = models.ForeignKey(
        "catalog.Location",
        verbose_name=_("miejsce"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    led_by = models.CharField(_("prowadzący"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("zajęcia")
        verbose_name_plural = _("zajęcia")
        ordering: ClassVar = ["-date", "-starts_at", "-id"]
        indexes: ClassVar = [models.Index(fields=["service", "date"])]

    def __str__(self) -> str:
        return f"{self.service} {self.date:%d.%m.%Y}: {self.topic}"


class Attendance(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(_("obecność"), max_length=8, choices=AttendanceStatus.choices)
    hours = models.DecimalField(
        _("godziny"), max_digits=4, decimal_places=1, default=Decimal("0"), validators=bounds.HOURS_NOT_NEGATIVE
    )
    recorded_at = models.DateTimeField(_("zapisano"), auto_now=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("obecność")
        verbose_name_plural = _("lista obecności")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["session", "enrolment"],
                name="attendance_once_per_session",
                violation_error_message=_("Obecność tego uczestnika na tych zajęciach jest już zapisana."),
                violation_error_code="attendance_once_per_session",
            ),
            models.CheckConstraint(
                condition=models.Q(status="present") | models.Q(hours=0),
                name="attendance_hours_only_when_present",
                violation_error_message=_(
                    "Godziny (pole „godziny”) wpisuje się tylko przy obecności (pole „obecność”)."
                ),
                violation_error_code="attendance_hours_only_when_present",
            ),
            models.CheckConstraint(
                condition=models.Q(hours__gte=0),
                name="attendance_hours_non_negative",
                violation_error_message=_("Liczba godzin (pole „godziny”) nie może być ujemna."),
                violation_error_code="attendance_hours_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}/{self.enrolment_id}: {self.status}"


class SupportMeeting(TimeStampedModel):
    """An individual support meeting with a participant (consultation, psychologist, career advice...)."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("data"), validators=bounds.DATE)
    kind = models.CharField(_("rodzaj"), max_length=16, choices=MeetingKind.choices)
    minutes = models.PositiveSmallIntegerField(
        _("czas (min)"), default=60, validators=[MinValueValidator(5), MaxValueValidator(600)]
    )
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("prowadzący"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    summary = models.TextField(_("ustalenia"), blank=True)

    class Meta:
        verbose_name = _("spotkanie indywidualne")
        verbose_name_plural = _("spotkania indywidualne")
        ordering: ClassVar = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.enrolment} {self.held_on:%d.%m.%Y}"
