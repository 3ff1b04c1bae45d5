"""The annual (or multi-year) programme of cooperation with NGOs (art. 5a OPP): adopted by the council after
consultation, with its priority tasks; calls are linked to a priority; the yearly report on its implementation
(art. 5a ust. 3 OPP) is generated from the calls, contracts and reports of the year and recorded when submitted."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import URLValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kooperacja.core.models import TimeStampedModel
from kooperacja.core.workflow import StateField, WorkflowModel

from .. import legal
from ..enums import ProgrammeState

MONEY = {"max_digits": 12, "decimal_places": 2}


def validate_link(value: str) -> None:
    """A page of this platform ("/partycypacja/12/") or an address on the web ("https://bip...")."""
    if value.startswith("/") and not value.startswith("//"):
        return
    URLValidator(schemes=["http", "https"])(value)


class CooperationProgramme(TimeStampedModel, WorkflowModel):
    """Elements of art. 5a ust. 4 OPP: goals, scope, forms of cooperation, priority tasks, period, amount planned,
    the way of evaluating it and the consultation of its draft."""

    authority = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("jednostka samorządu terytorialnego"),
        on_delete=models.PROTECT,
        related_name="cooperation_programmes",
    )
    title = models.CharField(_("tytuł programu"), max_length=250)
    year_from = models.PositiveSmallIntegerField(_("od roku"))
    year_to = models.PositiveSmallIntegerField(_("do roku"))
    goals = models.TextField(_("cel główny i cele szczegółowe"), blank=True)
    cooperation_forms = models.JSONField(_("formy współpracy (art. 5 ust. 2 OPP)"), default=list, blank=True)
    amount_planned = models.DecimalField(_("wysokość środków planowanych na realizację programu (zł)"), **MONEY)
    evaluation_method = models.TextField(_("sposób oceny realizacji programu"), blank=True)
    consultation_summary = models.TextField(_("sposób tworzenia programu i przebieg konsultacji"), blank=True)
    consultation_url = models.CharField(
        _("adres konsultacji projektu"), max_length=300, blank=True, validators=[validate_link]
    )
    state = StateField(  # changes only through workflows
        _("stan"), max_length=16, choices=ProgrammeState.choices, default=ProgrammeState.DRAFT, db_index=False
    )
    resolution_number = models.CharField(_("numer uchwały rady"), max_length=60, blank=True)
    resolution_date = models.DateField(_("data uchwały"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("program współpracy")
        verbose_name_plural = _("programy współpracy")
        ordering: ClassVar = ["-year_from", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(year_from__gte=2000, year_to__lte=2100, year_from__lte=models.F("year_to")),
                name="programme_years_ordered",
                violation_error_code="programme_years_ordered",
                violation_error_message=_("Rok „do” nie może poprzedzać roku „od” (lata 2000–2100)."),
            ),
            models.CheckConstraint(
                condition=models.Q(amount_planned__gte=0),
                name="programme_amount_non_negative",
                violation_error_message=_(
                    "Wysokość środków planowanych na realizację programu (pole „wysokość środków”) nie może być ujemna."
                ),
                violation_error_code="programme_amount_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("commissioning:programme_detail", kwargs={"pk": self.pk})

    @property
    def years(self) -> list[int]:
        return list(range(self.year_from, self.year_to + 1))

    def report_due(self, year: int) -> date:
        """The report on the year's implementation is due by 31 May of the next year (art. 5a ust. 3 OPP)."""
        month, day = legal.PROGRAMME_REPORT.value
        return date(year + 1, month, day)


class ProgrammePriority(models.Model):
    """A priority public task of the programme (art. 5a ust. 4 pkt 5 OPP) in a sphere of art. 4 OPP."""

    programme = models.ForeignKey(CooperationProgramme, on_delete=models.CASCADE, related_name="priorities")
    number = models.PositiveSmallIntegerField(_("numer"))
    name = models.CharField(_("zadanie priorytetowe"), max_length=250)
    sphere = models.CharField(_("sfera zadań publicznych (art. 4 OPP)"), max_length=200, blank=True)
    amount_planned = models.DecimalField(_("środki planowane (zł)"), default=Decimal("0.00"), **MONEY)

    class Meta:
        verbose_name = _("zadanie priorytetowe")
        verbose_name_plural = _("zadania priorytetowe")
        ordering: ClassVar = ["programme", "number"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["programme", "number"],
                name="programme_priority_unique_number",
                violation_error_message=_(
                    "Zadanie priorytetowe o tym numerze (pole „numer”) już jest w tym programie."
                ),
                violation_error_code="programme_priority_unique_number",
            ),
            models.CheckConstraint(
                condition=models.Q(amount_planned__gte=0),
                name="priority_amount_non_negative",
                violation_error_message=_(
                    "Środki planowane na zadanie priorytetowe (pole „środki planowane”) nie mogą być ujemne."
                ),
                violation_error_code="priority_amount_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class CallPriority(models.Model):
    """The priority of the programme a call (or a small grant) carries out."""

    call = models.OneToOneField("commissioning.Call", on_delete=models.CASCADE, related_name="programme_link")
    priority = models.ForeignKey(ProgrammePriority, on_delete=models.PROTECT, related_name="call_links")

    class Meta:
        verbose_name = _("priorytet ogłoszenia")
        verbose_name_plural = _("priorytety ogłoszeń")

    def __str__(self) -> str:
        return str(self.priority)


class ProgrammeReport(TimeStampedModel):
    """The record that the report on a year of the programme was submitted to the council and published in the
    BIP (art. 5a ust. 3 OPP); its figures are generated (`selectors.programme_report`)."""

    programme = models.ForeignKey(CooperationProgramme, on_delete=models.CASCADE, related_name="reports")
    year = models.PositiveSmallIntegerField(_("rok"))
    submitted_on = models.DateField(_("przedłożono radzie"))
    bip_url = models.URLField(_("adres publikacji w BIP"), blank=True)
    conclusions = models.TextField(_("wnioski z oceny realizacji"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("sprawozdanie z realizacji programu współpracy")
        verbose_name_plural = _("sprawozdania z realizacji programów współpracy")
        ordering: ClassVar = ["programme", "year"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["programme", "year"],
                name="programme_report_unique_year",
                violation_error_message=_("Sprawozdanie z realizacji programu za ten rok (pole „rok”) już istnieje."),
                violation_error_code="programme_report_unique_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} – {self.year}"
