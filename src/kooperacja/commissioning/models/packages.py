from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kooperacja.core import bounds
from kooperacja.core.models import TimeStampedModel

from ..enums import LotSector


class ServicePackage(TimeStampedModel):
    """One multi-sector package of social services commissioned by a municipality (e.g. "OdNowa")."""

    municipality = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("jednostka samorządu terytorialnego"),
        on_delete=models.PROTECT,
        related_name="service_packages",
    )
    territory = models.ForeignKey(
        "core.Territory", verbose_name=_("gmina"), on_delete=models.PROTECT, related_name="service_packages"
    )
    name = models.CharField(_("nazwa pakietu"), max_length=200)
    year = models.PositiveSmallIntegerField(_("rok"), validators=bounds.YEAR)
    description = models.TextField(_("opis i cele pakietu"), blank=True)
    diagnosis = models.ForeignKey(
        "commissioning.NeedsDiagnosis",
        verbose_name=_("diagnoza potrzeb"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="packages",
        help_text=_("Diagnoza lokalnych potrzeb, z której wynika pakiet; jego części odpowiadają na jej potrzeby."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("pakiet usług")
        verbose_name_plural = _("pakiety usług")
        ordering: ClassVar = ["-year", "name", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["municipality", "name", "year"],
                name="package_unique_name_year",
                violation_error_message=_(
                    "Pakiet o tej nazwie (pole „nazwa pakietu”) na ten rok (pole „rok”) już istnieje."
                ),
                violation_error_code="package_unique_name_year",
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=2000, year__lte=2100),
                name="package_year_range",
                violation_error_message=_("Rok (pole „rok”) musi mieścić się w latach 2000–2100."),
                violation_error_code="package_year_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"

    def get_absolute_url(self) -> str:
        return reverse("commissioning:package_detail", kwargs={"pk": self.pk})


class Lot(TimeStampedModel):
    """A part of the package: one sector's service with its standard, planned quantities, indicators, budget."""

    package = models.ForeignKey(ServicePackage, verbose_name=_("pakiet"), on_delete=models.CASCADE, related_name="lots")
    number = models.PositiveSmallIntegerField(_("numer części"))
    name = models.CharField(_("nazwa części"), max_length=200)
    sector = models.CharField(_("obszar"), max_length=32, choices=LotSector.choices)
    target_group = models.TextField(_("grupa docelowa"))
    scope = models.TextField(_("zakres usługi"))
    minimum_standard = models.TextField(_("standard minimalny"), blank=True)
    planned_participants = models.PositiveIntegerField(
        _("planowana liczba uczestników"), default=0, validators=bounds.COUNT_NOT_NEGATIVE
    )
    planned_hours = models.PositiveIntegerField(
        _("planowana liczba godzin"), default=0, validators=bounds.COUNT_NOT_NEGATIVE
    )
    planned_places = models.PositiveIntegerField(
        _("planowana liczba miejsc"), default=0, validators=bounds.COUNT_NOT_NEGATIVE
    )
    budget = models.DecimalField(
        _("budżet (zł)"), max_digits=12, decimal_places=2, default=Decimal("0.00"), validators=bounds.MONEY_NOT_NEGATIVE
    )
    indicators = models.JSONField(
        _("wskaźniki"),
        default=list,
        blank=True,
        help_text=_('Lista wskaźników: [{"name": "...", "target": 10, "unit": "osób"}].'),
    )

    services = models.ManyToManyField(
        "catalog.Service",
        verbose_name=_("usługi z katalogu"),
        blank=True,
        related_name="commissioning_lots",
        help_text=_("Usługi katalogu, które realizują tę część pakietu."),
    )

    class Meta:
        verbose_name = _("część pakietu")
        verbose_name_plural = _("części pakietu")
        ordering: ClassVar = ["package", "number"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["package", "number"],
                name="lot_unique_number",
                violation_error_message=_("Część o tym numerze (pole „numer części”) już istnieje w tym pakiecie."),
                violation_error_code="lot_unique_number",
            ),
            models.CheckConstraint(
                condition=models.Q(budget__gte=0),
                name="lot_budget_non_negative",
                violation_error_message=_("Budżet części (pole „budżet”) nie może być ujemny."),
                violation_error_code="lot_budget_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"
