"""Precomputed figures of the regional view (one row per gmina and year) and the log of their refreshes.

Monitoring never writes to other apps: these rows are its own, computed from their records by
`services.figures_refresh` (a task, a command, or the analyst's button) so regional pages read one table.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kooperacja.core.workflow import StateField, WorkflowModel

from .enums import RefreshState

MONEY = {"max_digits": 14, "decimal_places": 2}
ZERO = Decimal("0.00")


class GminaYearFigures(models.Model):
    """What the platform knows about one gmina in one year, aggregated (no personal data; raw counts, the
    small-number suppression is applied on the way out by `suppression`)."""

    territory = models.ForeignKey("core.Territory", verbose_name=_("gmina"), on_delete=models.CASCADE, related_name="+")
    voivodeship_code = models.CharField(_("kod województwa"), max_length=2, db_index=True)
    powiat_code = models.CharField(_("kod powiatu"), max_length=4, db_index=True)
    gmina_type = models.CharField(_("typ gminy"), max_length=1)
    year = models.PositiveSmallIntegerField(_("rok"))
    synthetic = models.BooleanField(_("dane syntetyczne (demo)"), default=False)
    # commissioning
    packages = models.PositiveIntegerField(_("pakiety usług"), default=0)
    calls = models.PositiveIntegerField(_("ogłoszenia"), default=0)
    calls_value = models.DecimalField(_("wartość ogłoszeń (zł)"), default=ZERO, **MONEY)
    awarded_value = models.DecimalField(_("wartość umów (zł)"), default=ZERO, **MONEY)
    pes_value = models.DecimalField(_("w tym dla PES (zł)"), default=ZERO, **MONEY)
    calls_with_clauses = models.PositiveIntegerField(_("ogłoszenia z klauzulami społecznymi"), default=0)
    # catalogue and delivery
    services = models.PositiveIntegerField(_("usługi w katalogu"), default=0)
    participants = models.PositiveIntegerField(_("uczestnicy usług"), default=0)
    # cooperation
    teams = models.PositiveIntegerField(_("zespoły kooperacji"), default=0)
    cases = models.PositiveIntegerField(_("sprawy"), default=0)
    referrals_sent = models.PositiveIntegerField(_("skierowania wysłane"), default=0)
    referrals_accepted = models.PositiveIntegerField(_("skierowania przyjęte"), default=0)
    referrals_completed = models.PositiveIntegerField(_("skierowania zrealizowane"), default=0)
    referrals_closed = models.PositiveIntegerField(_("skierowania z rezultatem zwrotnym"), default=0)
    median_days = models.DecimalField(
        _("mediana dni od skierowania do rezultatu"), max_digits=7, decimal_places=1, null=True, blank=True
    )
    families_completed = models.PositiveIntegerField(_("rodziny, które ukończyły IPW"), default=0)
    # School of Cooperation (learning)
    course_completions = models.PositiveIntegerField(_("ukończone szkolenia Szkoły Kooperacji"), default=0)
    certificates = models.PositiveIntegerField(_("wydane zaświadczenia Szkoły Kooperacji"), default=0)
    refreshed_at = models.DateTimeField(_("przeliczono"))

    class Meta:
        verbose_name = _("zestawienie gminy w roku")
        verbose_name_plural = _("zestawienia gmin")
        ordering: ClassVar = ["territory__name", "year"]
        indexes: ClassVar = [models.Index(fields=["voivodeship_code", "year"])]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["territory", "year"],
                name="figures_unique_gmina_year",
                violation_error_code="figures_unique_gmina_year",
                violation_error_message=_("Zestawienie tej gminy (pole: gmina) w tym roku (pole: rok) już istnieje."),
            ),
            models.CheckConstraint(
                condition=models.Q(pes_value__lte=models.F("awarded_value")),
                name="figures_pes_within_awarded",
                violation_error_code="figures_pes_within_awarded",
                violation_error_message=_("Kwota dla PES (pole: w tym dla PES) nie może przekraczać wartości umów."),
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100),
                name="figures_year_range",
                violation_error_code="figures_year_range",
                violation_error_message=_("Rok (pole: rok) musi mieścić się w latach 2000–2100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.territory.name} {self.year}"


class RefreshRun(WorkflowModel):
    """One recomputation of `GminaYearFigures` (scheduled task, command or on demand)."""

    state = StateField(_("stan"), choices=RefreshState.choices, default=RefreshState.RUNNING)
    voivodeship_code = models.CharField(_("województwo"), max_length=2, blank=True)
    started_at = models.DateTimeField(_("rozpoczęto"), auto_now_add=True)
    finished_at = models.DateTimeField(_("zakończono"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("przeliczone wiersze"), default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    error = models.TextField(_("błąd"), blank=True)

    class Meta:
        verbose_name = _("przeliczenie zestawień")
        verbose_name_plural = _("przeliczenia zestawień")
        ordering: ClassVar = ["-started_at", "-id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~models.Q(state="done") | models.Q(finished_at__isnull=False),
                name="refresh_done_has_time",
                violation_error_code="refresh_done_has_time",
                violation_error_message=_("Zakończone przeliczenie musi mieć czas zakończenia (pole: zakończono)."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.state}"
