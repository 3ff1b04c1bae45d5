"""Forms of the Pzp qualification (the notice's conditions, the checklist per offer, the art. 94 employment share)
and of the criteria page. Bounds as the domain implies them, errors in Polish at the field."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.forms import formset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kooperacja.core import bounds

from . import legal
from .enums import OPP_MODES, QualificationResult, TaskForm
from .models import Call
from .services.criteria import CriterionLine, basis_choices
from .services.qualification import Item

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class QualificationSetupForm(forms.Form):
    """What the notice requires (art. 112 ust. 2 Pzp conditions, art. 109 ust. 1 Pzp grounds)."""

    optional_grounds = forms.MultipleChoiceField(
        label=_("Fakultatywne podstawy wykluczenia wskazane w ogłoszeniu (art. 109 ust. 1 Pzp)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(code, f"{text} ({basis})") for code, text, basis in legal.PZP_EXCLUSIONS_OPTIONAL],
        help_text=_("Podstawy obligatoryjne z art. 108 ust. 1 Pzp stosuje się zawsze."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, text, basis in legal.PZP_CONDITIONS:
            self.fields[f"c_{code}"] = forms.CharField(
                label=f"{str(text).capitalize()} ({basis})",
                required=False,
                max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Opis warunku z ogłoszenia; puste pole – zamawiający nie stawia tego warunku."),
            )

    def conditions(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"c_{code}", "") for code, _t, _b in legal.PZP_CONDITIONS}


class OfferQualificationForm(forms.Form):
    """The checklist of one contractor: each item confirmed (ticked) or not, the result and the reason."""

    result = forms.ChoiceField(
        label=_("Wynik kwalifikacji"), choices=QualificationResult.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Uzasadnienie (wymagane przy wykluczeniu lub odrzuceniu)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, items: list[Item], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"i_{item.code}"] = forms.BooleanField(
                label=f"{item.text.capitalize()} ({item.basis})", required=False
            )
        self.order_fields([f"i_{i.code}" for i in items] + ["result", "reason"])

    def answers(self) -> dict[str, bool]:
        return {i.code: bool(self.cleaned_data.get(f"i_{i.code}")) for i in self.items}


class EmploymentShareForm(forms.Form):
    """The share of employees from the groups of art. 94 ust. 1 Pzp, entered from the contractor's documents."""

    share = forms.DecimalField(
        label=_("Udział zatrudnionych z grup art. 94 ust. 1 Pzp (%)"),
        max_digits=5,
        decimal_places=2,
        validators=bounds.PERCENT,
        localize=True,  # "35,5" as a Polish official types it
    )
    employees = forms.IntegerField(
        label=_("Liczba zatrudnionych ogółem"), required=False, min_value=1, max_value=100000
    )
    as_of = forms.DateField(label=_("Stan na dzień"), widget=DATE, validators=bounds.DATE)
    source = forms.CharField(
        label=_("Źródło danych"),
        max_length=300,
        help_text=_("Np. oświadczenie wykonawcy z wykazem stanowisk (bez danych osobowych), data dokumentu."),
    )

    def clean_as_of(self) -> Any:
        day = self.cleaned_data["as_of"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("Stan na dzień nie może być datą przyszłą."))
        return day


class CriterionRowForm(forms.Form):
    name = forms.CharField(label=_("Kryterium"), max_length=250, required=False)
    basis = forms.ChoiceField(label=_("Podstawa prawna"), required=False)
    max_points = forms.DecimalField(
        label=_("Maksymalna liczba punktów"),
        required=False,
        max_digits=6,
        decimal_places=2,
        min_value=Decimal("0.5"),
        max_value=Decimal("100"),
        localize=True,
    )
    weight = forms.DecimalField(
        label=_("Waga (%)"),
        required=False,
        max_digits=5,
        decimal_places=2,
        validators=bounds.PERCENT,
        localize=True,
    )
    support_only = forms.BooleanField(label=_("Tylko przy wspieraniu zadania"), required=False)
    DELETE = forms.BooleanField(label=_("Usuń"), required=False)

    def __init__(self, *args: Any, call: Call, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["basis"].choices = [("", "—"), *basis_choices(call)]
        if call.mode in OPP_MODES and call.task_form == TaskForm.ENTRUST:
            del self.fields["support_only"]  # an entrusted task has no own funds to weigh (art. 15 ust. 1 pkt 4)
        if call.mode in OPP_MODES:
            self.fields["weight"].help_text = _("Nieobowiązkowa; jeśli podana, wagi sumują się do 100%.")
        else:
            del self.fields["max_points"]
            del self.fields["support_only"]
            self.fields["weight"].help_text = _("Liczba punktów kryterium równa się jego wadze (razem 100).")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("DELETE") or not (data.get("name") or "").strip():
            return data
        if not data.get("basis"):
            self.add_error("basis", _("Wybierz podstawę prawną kryterium."))
        if "max_points" in self.fields and data.get("max_points") is None and "max_points" not in self.errors:
            self.add_error("max_points", _("Podaj maksymalną liczbę punktów."))
        if "max_points" not in self.fields and data.get("weight") is None and "weight" not in self.errors:
            self.add_error("weight", _("Podaj wagę kryterium."))
        return data

    def line(self) -> CriterionLine | None:
        data = self.cleaned_data
        if data.get("DELETE") or not (data.get("name") or "").strip():
            return None
        weight = data.get("weight") or Decimal("0")
        return CriterionLine(
            name=data["name"].strip(),
            basis=data["basis"],
            max_points=data.get("max_points") or weight,
            weight=weight,
            support_only=bool(data.get("support_only")),
        )


CriterionFormSet = formset_factory(CriterionRowForm, extra=2, max_num=15, absolute_max=15)


def criteria_formset(call: Call, data: Any = None, initial: list[CriterionLine] | None = None) -> Any:
    rows = [
        {
            "name": c.name,
            "basis": c.basis,
            "max_points": c.max_points,
            "weight": c.weight or None,
            "support_only": c.support_only,
        }
        for c in (initial or [])
    ]
    return CriterionFormSet(data, initial=rows, form_kwargs={"call": call}, prefix="k")
