"""School of Cooperation: courses with modules, live sessions, a knowledge check, enrolments and attendance."""

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

from ..enums import AttendanceStatus, CourseState, EnrolmentMode, EnrolmentState, SessionState
from .materials import AudienceFields, GrantFields, Material


class AtLeastHalfHour(MinValueValidator):
    """The shortest course: half an hour (the message says it in words, not "0.5")."""

    message = bounds.AT_LEAST_HALF_HOUR


class Course(AudienceFields, WorkflowModel, TimeStampedModel):
    title = models.CharField(_("tytuł szkolenia"), max_length=200)
    programme = models.CharField(
        _("program"), max_length=120, default="Szkoła Kooperacji", help_text=_("np. Szkoła Kooperacji, Model na więcej")
    )
    summary = models.TextField(_("opis"), max_length=4000)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organizator (wystawca zaświadczeń)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    trainers = models.ManyToManyField(settings.AUTH_USER_MODEL, verbose_name=_("trenerzy"), related_name="+")
    hours = models.DecimalField(
        _("liczba godzin"),
        max_digits=5,
        decimal_places=1,
        validators=[AtLeastHalfHour(Decimal("0.5")), MaxValueValidator(Decimal("500"))],
    )
    capacity = models.PositiveIntegerField(
        _("liczba miejsc"), validators=[bounds.CountPositive(1), MaxValueValidator(500)]
    )
    enrolment_mode = models.CharField(
        _("sposób zapisu"), max_length=12, choices=EnrolmentMode.choices, default=EnrolmentMode.OPEN
    )
    state = StateField(_("stan"), choices=CourseState.choices, default=CourseState.DRAFT)
    # completion rule
    min_attendance = models.PositiveSmallIntegerField(
        _("wymagana frekwencja (%)"), default=80, validators=bounds.PERCENT
    )
    requires_modules = models.BooleanField(_("wymaga przerobienia wszystkich modułów"), default=False)
    requires_check = models.BooleanField(_("wymaga zaliczenia testu wiedzy"), default=False)
    pass_mark = models.PositiveSmallIntegerField(
        _("próg zaliczenia testu (%)"), default=70, validators=[bounds.CountPositive(1), bounds.PercentAtMost100(100)]
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("liczba podejść do testu"), default=3, validators=[bounds.CountPositive(1), MaxValueValidator(10)]
    )
    certificate_months = models.PositiveSmallIntegerField(
        _("ważność zaświadczenia (miesiące)"),
        null=True,
        blank=True,
        validators=[bounds.CountPositive(1), MaxValueValidator(120)],
        help_text=_("Puste: zaświadczenie bezterminowe."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("szkolenie")
        verbose_name_plural = _("szkolenia")
        ordering: ClassVar = ["-created_at", "-id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~models.Q(visibility="cohort") | models.Q(cohort__isnull=False),
                name="learning_course_cohort_named",
                violation_error_code="learning_course_cohort_named",
                violation_error_message=_("Szkolenie dla grupy szkoleniowej wskazuje tę grupę (widoczność, grupa)."),
            ),
            models.CheckConstraint(
                condition=models.Q(min_attendance__lte=100) & models.Q(pass_mark__lte=100),
                name="learning_course_percentages",
                violation_error_code="learning_course_percentages",
                violation_error_message=_("Frekwencja i próg testu to procenty od 0 do 100."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class CourseGrant(GrantFields):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="grants")

    class Meta:
        verbose_name = _("uprawnienie do szkolenia")
        verbose_name_plural = _("uprawnienia do szkolenia")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(kind="team", value="") | (~models.Q(kind="team") & ~models.Q(value="")),
                name="learning_course_grant_shape",
                violation_error_code="learning_course_grant_shape",
                violation_error_message=_(
                    "Uprawnienie wskazuje rodzaj instytucji, rolę albo zespół (rodzaj, wartość)."
                ),
            )
        ]


class Module(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="modules")
    order = models.PositiveSmallIntegerField(_("kolejność"), default=1, validators=bounds.COUNT_POSITIVE)
    title = models.CharField(_("tytuł modułu"), max_length=200)
    body = models.TextField(_("treść"), max_length=20000, blank=True)
    materials = models.ManyToManyField(Material, verbose_name=_("materiały"), blank=True, related_name="modules")

    class Meta:
        verbose_name = _("moduł")
        verbose_name_plural = _("moduły")
        ordering: ClassVar = ["course", "order", "id"]

    def __str__(self) -> str:
        return self.title


class LiveSession(WorkflowModel, TimeStampedModel):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("temat zajęć"), max_length=200)
    starts_at = models.DateTimeField(_("początek"), validators=bounds.EVENT_DATE)
    ends_at = models.DateTimeField(_("koniec"), validators=bounds.EVENT_DATE)
    place = models.CharField(_("miejsce"), max_length=200, blank=True)
    online_url = models.URLField(_("odnośnik do spotkania online"), max_length=500, blank=True)
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("trener"), on_delete=models.PROTECT, related_name="+"
    )
    capacity = models.PositiveIntegerField(
        _("liczba miejsc na sali"), null=True, blank=True, validators=[bounds.CountPositive(1), MaxValueValidator(500)]
    )
    state = StateField(_("stan"), choices=SessionState.choices, default=SessionState.PLANNED)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False, validators=bounds.DATE)

    class Meta:
        verbose_name = _("zajęcia na żywo")
        verbose_name_plural = _("zajęcia na żywo")
        ordering: ClassVar = ["starts_at", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="learning_session_ends_after_start",
                violation_error_code="learning_session_ends_after_start",
                violation_error_message=_("Zajęcia kończą się po rozpoczęciu (początek, koniec)."),
            ),
            models.CheckConstraint(
                condition=~models.Q(place="") | ~models.Q(online_url=""),
                name="learning_session_has_place",
                violation_error_code="learning_session_has_place",
                violation_error_message=_("Podaj miejsce albo odnośnik do spotkania online (miejsce, odnośnik)."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Enrolment(WorkflowModel, TimeStampedModel):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="enrolments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uczestnik"), on_delete=models.CASCADE, related_name="+"
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("instytucja uczestnika"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = StateField(_("stan"), choices=EnrolmentState.choices, default=EnrolmentState.APPLIED)
    motivation = models.CharField(_("uzasadnienie zgłoszenia"), max_length=1000, blank=True)
    reason = models.CharField(_("uzasadnienie decyzji"), max_length=1000, blank=True)
    completed_at = models.DateTimeField(_("ukończono"), null=True, blank=True, validators=bounds.DATE)

    class Meta:
        verbose_name = _("zapis na szkolenie")
        verbose_name_plural = _("zapisy na szkolenia")
        ordering: ClassVar = ["course", "created_at", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["course", "user"],
                name="learning_enrolment_unique",
                violation_error_code="learning_enrolment_unique",
                violation_error_message=_("Ta osoba jest już zapisana na to szkolenie (szkolenie, uczestnik)."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.course}"


class Attendance(models.Model):
    session = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="attendance")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(_("obecność"), max_length=8, choices=AttendanceStatus.choices)
    marked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    marked_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("obecność")
        verbose_name_plural = _("obecności")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["session", "enrolment"],
                name="learning_attendance_unique",
                violation_error_code="learning_attendance_unique",
                violation_error_message=_("Obecność tej osoby na tych zajęciach jest już zapisana (zajęcia, zapis)."),
            )
        ]


class ModuleProgress(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="modules_done")
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="+")
    done_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["enrolment", "module"],
                name="learning_module_done_unique",
                violation_error_code="learning_module_done_unique",
                violation_error_message=_("Ten moduł jest już oznaczony jako przerobiony (zapis, moduł)."),
            )
        ]


class Question(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(_("kolejność"), default=1, validators=bounds.COUNT_POSITIVE)
    text = models.CharField(_("pytanie"), max_length=500)
    multiple = models.BooleanField(_("wielokrotny wybór"), default=False)

    class Meta:
        verbose_name = _("pytanie testu")
        verbose_name_plural = _("pytania testu")
        ordering: ClassVar = ["course", "order", "id"]

    def __str__(self) -> str:
        return self.text


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("odpowiedź"), max_length=300)
    correct = models.BooleanField(_("poprawna"), default=False)

    class Meta:
        ordering: ClassVar = ["question", "id"]

    def __str__(self) -> str:
        return self.text


class Attempt(models.Model):
    """One submitted knowledge check: the answers, the score in percent, passed or not."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attempts")
    answers = models.JSONField(_("odpowiedzi"), default=dict)
    score = models.PositiveSmallIntegerField(_("wynik (%)"), validators=bounds.PERCENT)
    passed = models.BooleanField(_("zaliczony"))
    submitted_at = models.DateTimeField(_("złożono"), auto_now_add=True)

    class Meta:
        verbose_name = _("podejście do testu")
        verbose_name_plural = _("podejścia do testu")
        ordering: ClassVar = ["enrolment", "submitted_at", "id"]
