"""Individual programme for exiting homelessness (art. 49 ustawy o pomocy społecznej)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kooperacja.core import bounds
from kooperacja.core.models import TimeStampedModel
from kooperacja.core.workflow import StateField, WorkflowModel

from ..enums import ProgrammeArea, ProgrammeOutcome, ProgrammeStatus


class HomelessnessProgramme(WorkflowModel, TimeStampedModel):
    person = models.ForeignKey("delivery.Person", on_delete=models.PROTECT, related_name="homelessness_programmes")
    ops = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("ośrodek pomocy społecznej"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    service = models.ForeignKey(
        "catalog.Service",
        verbose_name=_("usługa wspierająca"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="homelessness_programmes",
    )
    prepared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pracownik socjalny"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = StateField(  # workflows.PROGRAMME
        _("status"), max_length=14, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT, db_index=True
    )
    drawn_up_on = models.DateField(_("data sporządzenia"), validators=bounds.DATE)
    starts_on = models.DateField(_("realizacja od"), validators=bounds.DATE)
    planned_end_on = models.DateField(_("planowane zakończenie"), validators=bounds.DATE)
    situation = models.TextField(_("opis sytuacji (rodzinnej, mieszkaniowej, zawodowej)"))
    person_agreed = models.BooleanField(
        _("program uzgodniony z osobą"), default=False, help_text=_("Art. 49: program sporządza się wspólnie z osobą.")
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("zatwierdzający – kierownik OPS"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_on = models.DateField(_("data zatwierdzenia"), null=True, blank=True, validators=bounds.DATE)
    outcome = models.CharField(_("rezultat"), max_length=20, choices=ProgrammeOutcome.choices, blank=True)
    outcome_note = models.TextField(_("podsumowanie"), blank=True)
    closed_on = models.DateField(_("data zakończenia"), null=True, blank=True, validators=bounds.DATE)

    class Meta:
        verbose_name = _("indywidualny program wychodzenia z bezdomności")
        verbose_name_plural = _("indywidualne programy wychodzenia z bezdomności")
        ordering: ClassVar = ["-drawn_up_on", "-id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(planned_end_on__gte=models.F("starts_on")),
                name="programme_dates_order",
                violation_error_message=_(
                    "Planowane zakończenie (pole „planowane zakończenie”) nie może być wcześniejsze niż początek "
                    "realizacji (pole „realizacja od”)."
                ),
                violation_error_code="programme_dates_order",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["approved", "completed"]) | models.Q(approved_on__isnull=False),
                name="programme_approved_has_date",
                violation_error_message=_("Zatwierdzony program ma datę zatwierdzenia (pole „data zatwierdzenia”)."),
                violation_error_code="programme_approved_has_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(status__in=["completed", "discontinued"])
                | (models.Q(closed_on__isnull=False) & ~models.Q(outcome="")),
                name="programme_closed_has_outcome",
                violation_error_message=_(
                    "Zakończony program ma datę zakończenia (pole „data zakończenia”) i rezultat (pole „rezultat”)."
                ),
                violation_error_code="programme_closed_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return _("Program %(code)s z %(d)s") % {"code": self.person.code, "d": f"{self.drawn_up_on:%d.%m.%Y}"}


class ProgrammeGoal(models.Model):
    programme = models.ForeignKey(HomelessnessProgramme, on_delete=models.CASCADE, related_name="goals")
    area = models.CharField(_("obszar"), max_length=10, choices=ProgrammeArea.choices)
    text = models.CharField(_("cel"), max_length=300)
    achieved = models.BooleanField(_("osiągnięty"), null=True, blank=True)

    class Meta:
        verbose_name = _("cel programu")
        verbose_name_plural = _("cele programu")
        ordering: ClassVar = ["programme", "id"]

    def __str__(self) -> str:
        return self.text


class ProgrammeAction(models.Model):
    programme = models.ForeignKey(HomelessnessProgramme, on_delete=models.CASCADE, related_name="actions")
    goal = models.ForeignKey(ProgrammeGoal, on_delete=models.CASCADE, related_name="actions")
    text = models.CharField(_("działanie"), max_length=300)
    responsible_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("podmiot odpowiedzialny"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    responsible_note = models.CharField(_("odpowiedzialny (osoba / inny podmiot)"), max_length=200, blank=True)
    due_on = models.DateField(_("termin"), validators=bounds.DATE)
    done_on = models.DateField(_("wykonano"), null=True, blank=True, validators=bounds.DATE)

    class Meta:
        verbose_name = _("działanie programu")
        verbose_name_plural = _("działania programu")
        ordering: ClassVar = ["due_on", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(responsible_organisation__isnull=False) | ~models.Q(responsible_note=""),
                name="programme_action_has_responsible",
                violation_error_message=_(
                    "Wskaż podmiot odpowiedzialny (pole „podmiot odpowiedzialny”) albo opisz, kto odpowiada (pole "
                    "„odpowiedzialny (osoba / inny podmiot)”)."
                ),
                violation_error_code="programme_action_has_responsible",
            )
        ]

    def __str__(self) -> str:
        return self.text


class ProgrammeReview(models.Model):
    programme = models.ForeignKey(HomelessnessProgramme, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("data oceny"), validators=bounds.DATE)
    progress = models.TextField(_("ocena postępów"))
    next_review_on = models.DateField(_("następna ocena"), null=True, blank=True, validators=bounds.DATE)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("ocena postępów")
        verbose_name_plural = _("oceny postępów")
        ordering: ClassVar = ["-reviewed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.programme_id} {self.reviewed_on:%d.%m.%Y}"
