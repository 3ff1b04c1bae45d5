"""Planned outcome indicators. Achieved values are never typed: `selectors.indicator_values` computes them."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from kooperacja.core import bounds
from kooperacja.core.models import TimeStampedModel

from ..enums import IndicatorKind


class OutcomeIndicator(TimeStampedModel):
    service = models.ForeignKey("catalog.Service", on_delete=models.CASCADE, related_name="indicators")
    kind = models.CharField(_("wskaźnik"), max_length=20, choices=IndicatorKind.choices)
    planned = models.DecimalField(
        _("wartość docelowa"), max_digits=10, decimal_places=1, validators=[bounds.CountNotNegative(Decimal(0))]
    )
    period_start = models.DateField(_("okres od"), validators=bounds.DATE)
    period_end = models.DateField(_("okres do"), validators=bounds.DATE)
    lot_ref = models.CharField(
        _("część pakietu / umowa"),
        max_length=120,
        blank=True,
        help_text=_("Oznaczenie części pakietu lub umowy, z której sprawozdania korzysta wskaźnik."),
    )

    class Meta:
        verbose_name = _("wskaźnik rezultatu")
        verbose_name_plural = _("wskaźniki rezultatu")
        ordering: ClassVar = ["service", "kind"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["service", "kind", "period_start"],
                name="indicator_unique_per_period",
                violation_error_message=_(
                    "Ten wskaźnik (pole „wskaźnik”) za okres od tej daty (pole „okres od”) jest już wpisany dla tej "
                    "usługi."
                ),
                violation_error_code="indicator_unique_per_period",
            ),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="indicator_period_order",
                violation_error_message=_(
                    "Koniec okresu (pole „okres do”) nie może być wcześniejszy niż jego początek (pole „okres od”)."
                ),
                violation_error_code="indicator_period_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service}: {self.get_kind_display()}"
