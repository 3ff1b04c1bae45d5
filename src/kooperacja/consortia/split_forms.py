"""Forms of the contract split: one allocation row, the version note, a member's delivery report."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kooperacja.commissioning.models import ContractLot
from kooperacja.core import bounds
from kooperacja.core.fields import ModelChoiceField

from .forms import DATE
from .models import ConsortiumMember


class AllocationRowForm(forms.Form):
    member = ModelChoiceField(label=_("Członek"), queryset=ConsortiumMember.objects.none(), required=False)
    contract_lot = ModelChoiceField(label=_("Część umowy"), queryset=ContractLot.objects.none(), required=False)
    task = forms.CharField(label=_("Zadanie / działanie"), max_length=250, required=False)
    amount = forms.DecimalField(label=_("Kwota (zł)"), max_digits=12, decimal_places=2, min_value=Decimal("0"))
    starts_on = forms.DateField(validators=bounds.DATE, label=_("Od"), widget=DATE)
    ends_on = forms.DateField(validators=bounds.DATE, label=_("Do"), widget=DATE)
    report_due = forms.DateField(validators=bounds.DATE, label=_("Sprawozdanie do biura"), widget=DATE)

    def __init__(self, *args: Any, consortium: Any, contract: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = ConsortiumMember.objects.filter(
            consortium=consortium, status="active"
        ).select_related("organisation")
        self.fields["member"].label_from_instance = lambda m: str(m.organisation)
        lots = ContractLot.objects.filter(contract=contract).select_related("lot")
        self.fields["contract_lot"].queryset = lots
        if not lots.exists():
            self.fields["contract_lot"].widget = forms.HiddenInput()

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("member") and not (data.get("task") or "").strip():
            self.add_error("task", _("Opisz zadanie członka."))
        if not data.get("member") and data.get("amount"):
            self.add_error("member", _("Wskaż członka albo wyzeruj kwotę."))
        return data


class PlanNoteForm(forms.Form):
    note = forms.CharField(
        label=_("Uzasadnienie / opis wersji"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    deviation_reason = forms.CharField(
        label=_("Uzasadnienie odstępstw od oferty wspólnej"),
        help_text=_(
            "Wymagane, gdy podział przydziela członkom inne kwoty lub części niż oferta wspólna. Uzasadnienie "
            "trafia do uchwały zatwierdzającej podział."
        ),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )


class DeliveryReportForm(forms.Form):
    period_start = forms.DateField(validators=bounds.DATE, label=_("Okres od"), widget=DATE)
    period_end = forms.DateField(validators=bounds.DATE, label=_("Okres do"), widget=DATE)
    delivered = forms.CharField(label=_("Co zrealizowano"), widget=forms.Textarea(attrs={"rows": 4}))
    people_reached = forms.IntegerField(label=_("Liczba uczestników"), min_value=0, initial=0)
    progress_percent = forms.IntegerField(label=_("Stopień realizacji zadania (%)"), min_value=0, max_value=100)
    costs = forms.DecimalField(
        label=_("Poniesione koszty w okresie (zł)"),
        help_text=_("Gdy wpisujesz dokumenty poniżej, koszty są ich sumą i tego pola nie trzeba wypełniać."),
        max_digits=12,
        decimal_places=2,
        min_value=Decimal("0"),
        required=False,
    )
