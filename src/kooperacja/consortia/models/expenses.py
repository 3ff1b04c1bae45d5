"""A member's expenses per budget row (issue 17): each accounting document of a member's delivery report, charged to
a cost row of the joint offer's budget that the split gives the member, with its grant and own share. The office sums
them per row in the consortium's report, and the accepted ones fill the contract report's expenses and list of
documents (art. 18 OPP; the report template of the regulation of 24 October 2018, Dz.U. poz. 2057)."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from kooperacja.core import bounds

from .split import MONEY, DeliveryReport


class DeliveryExpense(models.Model):
    report = models.ForeignKey(DeliveryReport, on_delete=models.CASCADE, related_name="expenses")
    budget_row = models.ForeignKey(
        "commissioning.BudgetRow", verbose_name=_("pozycja kosztorysu"), on_delete=models.PROTECT, related_name="+"
    )
    document_number = models.CharField(_("numer dokumentu"), max_length=60)
    document_date = models.DateField(_("data dokumentu"), validators=bounds.DATE)
    amount = models.DecimalField(_("kwota dokumentu (zł)"), validators=bounds.MONEY_POSITIVE, **MONEY)
    from_grant = models.DecimalField(
        _("w tym z dotacji (zł)"), default=0, validators=bounds.MONEY_NOT_NEGATIVE, **MONEY
    )
    own_share = models.DecimalField(
        _("w tym wkład własny (zł)"), default=0, validators=bounds.MONEY_NOT_NEGATIVE, **MONEY
    )

    class Meta:
        verbose_name = _("wydatek członka")
        verbose_name_plural = _("wydatki członka według pozycji kosztorysu")
        ordering: ClassVar = ["report", "budget_row__order", "document_date", "pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0, from_grant__gte=0, own_share__gte=0),
                name="delivery_expense_amounts",
                violation_error_message=_(
                    "Kwota dokumentu (pole „kwota dokumentu”) musi być większa od zera, a jej części (pola „w tym z "
                    "dotacji”, „w tym wkład własny”) nie mogą być ujemne."
                ),
                violation_error_code="delivery_expense_amounts",
            ),
            models.CheckConstraint(
                condition=models.Q(amount__gte=models.F("from_grant") + models.F("own_share")),
                name="delivery_expense_parts_within_amount",
                violation_error_message=_(
                    "Część z dotacji i wkład własny (pola „w tym z dotacji”, „w tym wkład własny”) razem nie mogą "
                    "przekraczać kwoty dokumentu (pole „kwota dokumentu”)."
                ),
                violation_error_code="delivery_expense_parts_within_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_number} ({self.budget_row})"
