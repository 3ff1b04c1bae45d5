"""Training and supported flats (art. 53 ustawy o pomocy społecznej, since 1.11.2023) and placements."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from kooperacja.core import bounds
from kooperacja.core.models import TimeStampedModel

from ..enums import FlatKind, PlacementEndReason


class Flat(TimeStampedModel):
    operator = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("prowadzący"), on_delete=models.PROTECT, related_name="+"
    )
    service = models.ForeignKey(
        "catalog.Service",
        verbose_name=_("usługa"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="flats",
    )
    kind = models.CharField(_("rodzaj"), max_length=12, choices=FlatKind.choices)
    name = models.CharField(_("nazwa"), max_length=120)
    street = models.CharField(_("adres"), max_length=150)
    city = models.CharField(_("miejscowość"), max_length=100)
    territory = models.ForeignKey("core.Territory", verbose_name=_("gmina"), on_delete=models.PROTECT, related_name="+")
    places = models.PositiveSmallIntegerField(_("liczba miejsc"), validators=bounds.COUNT_POSITIVE)
    max_stay_months = models.PositiveSmallIntegerField(
        _("maks. okres pobytu (mies.)"), null=True, blank=True, validators=bounds.COUNT_POSITIVE
    )

    class Meta:
        verbose_name = _("mieszkanie treningowe / wspomagane")
        verbose_name_plural = _("mieszkania treningowe i wspomagane")
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"


class Placement(TimeStampedModel):
    flat = models.ForeignKey(Flat, on_delete=models.PROTECT, related_name="placements")
    person = models.ForeignKey("delivery.Person", on_delete=models.PROTECT, related_name="placements")
    starts_on = models.DateField(_("od"), validators=bounds.DATE)
    planned_end_on = models.DateField(_("planowo do"), null=True, blank=True, validators=bounds.DATE)
    ended_on = models.DateField(_("zakończono"), null=True, blank=True, validators=bounds.DATE)
    end_reason = models.CharField(
        _("przyczyna zakończenia"), max_length=20, choices=PlacementEndReason.choices, blank=True
    )

    class Meta:
        verbose_name = _("pobyt w mieszkaniu")
        verbose_name_plural = _("pobyty w mieszkaniach")
        ordering: ClassVar = ["-starts_on", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(ended_on__isnull=True),
                name="placement_one_current_per_person",
                violation_error_message=_("Ta osoba (pole „uczestnik”) ma już trwający pobyt w mieszkaniu."),
                violation_error_code="placement_one_current_per_person",
            ),
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | (models.Q(ended_on__gte=models.F("starts_on")) & ~models.Q(end_reason="")),
                name="placement_end_has_reason",
                violation_error_message=_(
                    "Data zakończenia pobytu (pole „zakończono”) nie może być wcześniejsza niż jego początek (pole "
                    "„od”), a zakończenie wymaga przyczyny (pole „przyczyna zakończenia”)."
                ),
                violation_error_code="placement_end_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person.code} @ {self.flat}"
