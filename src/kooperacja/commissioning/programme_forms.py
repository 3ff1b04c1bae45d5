"""Forms of the programme of cooperation (art. 5a OPP): the programme, a priority task, the council's resolution,
the call's priority and the record of the yearly report."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kooperacja.core import bounds
from kooperacja.core.fields import ModelChoiceField, ModelForm

from .enums import OPP_MODES, CooperationForm, ProgrammeState
from .models import CooperationProgramme, ProgrammePriority
from .models.programme import validate_link
from .services.programme import PROGRAMME_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProgrammeForm(ModelForm):
    cooperation_forms = forms.MultipleChoiceField(
        label=_("Formy współpracy (art. 5 ust. 2 OPP)"),
        choices=CooperationForm.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = CooperationProgramme
        fields = list(PROGRAMME_FIELDS)
        widgets = {
            "goals": forms.Textarea(attrs={"rows": 3}),
            "evaluation_method": forms.Textarea(attrs={"rows": 3}),
            "consultation_summary": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "year_to": _("Ten sam rok dla programu rocznego; późniejszy dla programu wieloletniego."),
            "consultation_url": _("Np. strona konsultacji w module partycypacji."),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("year_from"), data.get("year_to")
        if start and end and end < start:
            self.add_error("year_to", _("Rok „do” nie może poprzedzać roku „od”."))
        for key in ("year_from", "year_to"):
            value = data.get(key)
            if value is not None and not 2000 <= value <= 2100:
                self.add_error(key, _("Podaj rok z przedziału 2000–2100."))
        return data


class PriorityForm(forms.Form):
    name = forms.CharField(label=_("Zadanie priorytetowe"), max_length=250)
    sphere = forms.CharField(label=_("Sfera zadań publicznych (art. 4 ust. 1 OPP)"), max_length=200, required=False)
    amount_planned = forms.DecimalField(
        label=_("Środki planowane (zł)"), min_value=0, max_digits=12, decimal_places=2, required=False
    )


class ConsultForm(forms.Form):
    consultation_url = forms.CharField(
        label=_("Adres konsultacji projektu"),
        max_length=300,
        required=False,
        validators=[validate_link],
        help_text=_("Strona konsultacji na platformie (np. /partycypacja/12/) lub adres https://…"),
    )


class AdoptForm(forms.Form):
    resolution_number = forms.CharField(label=_("Numer uchwały rady"), max_length=60)
    resolution_date = forms.DateField(validators=bounds.DATE, label=_("Data uchwały"), widget=DATE)
    consultation_summary = forms.CharField(
        label=_("Przebieg konsultacji (art. 5a ust. 4 pkt 10 OPP)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )


class CallPriorityForm(forms.Form):
    priority = ModelChoiceField(
        label=_("Zadanie priorytetowe programu współpracy"),
        queryset=ProgrammePriority.objects.none(),
        required=False,
        empty_label=_("— bez przypisania —"),
    )

    def __init__(self, *args: Any, choices: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["priority"].queryset = choices


class ProgrammeReportForm(forms.Form):
    submitted_on = forms.DateField(validators=bounds.DATE, label=_("Data przedłożenia radzie"), widget=DATE)
    bip_url = forms.URLField(label=_("Adres publikacji w BIP"), required=False, assume_scheme="https")
    conclusions = forms.CharField(
        label=_("Wnioski z oceny realizacji programu"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class PriorityChoiceField(ModelChoiceField):
    """A priority task named with its programme (authority and years), for forms that span authorities."""

    def label_from_instance(self, obj: Any) -> str:
        p = obj.programme
        years = str(p.year_from) if p.year_from == p.year_to else f"{p.year_from}–{p.year_to}"
        return f"{p.authority.name}, {years}: {obj}"


def add_priority_field(form: forms.Form) -> None:
    """The small-grant form asks which priority task of an adopted programme the offer carries out (art. 5a OPP);
    the service checks it belongs to the chosen authority's programme for the task's year."""
    form.fields["priority"] = PriorityChoiceField(
        label=_("Zadanie priorytetowe programu współpracy organu"),
        queryset=ProgrammePriority.objects.filter(programme__state=ProgrammeState.ADOPTED).select_related(
            "programme__authority"
        ),
        required=False,
        help_text=_("Mały grant realizuje zadanie z programu współpracy uchwalonego na rok zadania (art. 5a OPP)."),
    )


def add_call_priority_field(form: forms.Form, call: Any) -> None:
    """The call's form offers the priority tasks of its authority's programme adopted for the call's year
    (art. 5a OPP; OPP modes only, and only when such a programme exists)."""
    from . import selectors

    if call.mode not in OPP_MODES:
        return
    choices = selectors.priority_choices(call)
    if not choices.exists():
        return
    form.fields["priority"] = ModelChoiceField(
        label=_("Zadanie priorytetowe programu współpracy"),
        queryset=choices,
        required=False,
        empty_label=_("— bez przypisania —"),
        initial=selectors.call_priority(call),
    )
