"""Forms of the needs behind a package: the diagnosis, a need, the package's diagnosis and which lots answer which
needs."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from kooperacja.core.fields import ModelChoiceField, ModelForm

from .models import Lot, Need, NeedsDiagnosis
from .services.needs import DIAGNOSIS_FIELDS, NEED_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DESCRIPTION_MAX = 2000


def _limit(field: forms.Field) -> None:
    """A long text (a TextField has no length of its own) stops at `DESCRIPTION_MAX` characters."""
    field.max_length = DESCRIPTION_MAX  # type: ignore[attr-defined]
    field.validators.append(MaxLengthValidator(DESCRIPTION_MAX))
    field.widget.attrs["maxlength"] = str(DESCRIPTION_MAX)


class DiagnosisForm(ModelForm):
    class Meta:
        model = NeedsDiagnosis
        fields = list(DIAGNOSIS_FIELDS)
        widgets = {"prepared_on": DATE, "potential": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "year_to": _("Ten sam rok dla diagnozy jednego roku; późniejszy dla diagnozy na kilka lat."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self.fields["potential"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("year_from"), data.get("year_to")
        if start and end and end < start:
            self.add_error("year_to", _("Rok „do” nie może poprzedzać roku „od”."))
        return data


class NeedForm(ModelForm):
    class Meta:
        model = Need
        fields = list(NEED_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _limit(self.fields["description"])


class PackageDiagnosisForm(forms.Form):
    diagnosis = ModelChoiceField(
        label=_("Diagnoza potrzeb, z której wynika pakiet"),
        queryset=NeedsDiagnosis.objects.none(),
        required=False,
        empty_label=_("— pakiet nie wskazuje diagnozy —"),
    )

    def __init__(self, *args: Any, diagnoses: QuerySet[NeedsDiagnosis], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["diagnosis"].queryset = diagnoses


class NeedLotsForm(forms.Form):
    """One group of checkboxes per need of the diagnosis (`need_<id>`): the lots of the package that answer it."""

    def __init__(self, *args: Any, needs: list[Need], lots: list[Lot], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(lot.pk), str(lot)) for lot in lots]
        for need in needs:
            self.fields[f"need_{need.pk}"] = forms.MultipleChoiceField(
                label=str(need), choices=choices, required=False, widget=forms.CheckboxSelectMultiple
            )

    def links(self) -> dict[int, list[int]]:
        return {
            int(name.removeprefix("need_")): [int(v) for v in values]
            for name, values in self.cleaned_data.items()
            if name.startswith("need_")
        }
