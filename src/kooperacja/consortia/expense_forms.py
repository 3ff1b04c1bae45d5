"""Forms of a member's expenses per budget row (consortia.services.expenses): one accounting document a line."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kooperacja.commissioning.models import BudgetRow
from kooperacja.core import bounds
from kooperacja.core.fields import ModelChoiceField

from .forms import DATE

MAX_AMOUNT = Decimal("9999999999.99")


def _money(label: Any, *, required: bool = False) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0"),
        max_value=MAX_AMOUNT,
        required=required,
        error_messages={"min_value": bounds.MoneyNotNegative.message},
    )


def _row_label(row: BudgetRow) -> str:
    if row.lot_id and row.lot:
        return str(_("%(name)s (część %(n)s)") % {"name": row.name, "n": row.lot.number})
    return row.name


class ExpenseLineForm(forms.Form):
    budget_row = ModelChoiceField(label=_("Pozycja kosztorysu"), queryset=BudgetRow.objects.none(), required=False)
    document_number = forms.CharField(label=_("Numer dokumentu"), max_length=60, required=False)
    document_date = forms.DateField(validators=bounds.DATE, label=_("Data dokumentu"), widget=DATE, required=False)
    amount = _money(_("Kwota dokumentu (zł)"))
    from_grant = _money(_("W tym z dotacji (zł)"))
    own_share = _money(_("W tym wkład własny (zł)"))

    def __init__(self, *args: Any, rows: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["budget_row"]
        field.queryset = (
            BudgetRow.objects.filter(pk__in=[r.pk for r in rows]).select_related("lot").order_by("order", "id")
        )
        field.label_from_instance = _row_label

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        filled = any(data.get(k) not in (None, "") for k in ("budget_row", "document_number", "amount"))
        if not filled:
            return data
        for name, message in (
            ("budget_row", _("Wskaż pozycję kosztorysu.")),
            ("document_number", _("Podaj numer dokumentu.")),
            ("document_date", _("Podaj datę dokumentu.")),
            ("amount", _("Podaj kwotę dokumentu.")),
        ):
            if data.get(name) in (None, "") and name not in self.errors:
                self.add_error(name, message)
        amount = data.get("amount")
        if amount is not None and amount <= 0 and "amount" not in self.errors:
            self.add_error("amount", bounds.MoneyPositive.message)
        grant, own = data.get("from_grant") or Decimal("0"), data.get("own_share") or Decimal("0")
        if amount is not None and grant + own > amount:
            self.add_error("from_grant", _("Część z dotacji i wkład własny razem przekraczają kwotę dokumentu."))
        return data

    @property
    def is_filled(self) -> bool:
        return bool(getattr(self, "cleaned_data", None) and self.cleaned_data.get("budget_row"))


ExpenseFormSet = forms.formset_factory(ExpenseLineForm, extra=3, max_num=60, validate_max=True)
