from __future__ import annotations

from typing import Any

from django import forms
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from kooperacja.core.fields import LongSelectMultiple, ModelForm
from kooperacja.core.models import Territory

from . import selectors
from .enums import AccessibilityFeature, AssistanceReason, ServiceCategory, ServiceStatus, TargetGroup
from .models import Location, Service
from .services import SERVICE_EDIT_FIELDS
from .workflows import SERVICE


class ServiceSearchForm(forms.Form):
    q = forms.CharField(label=_("Szukaj"), required=False, help_text=_("Nazwa usługi, opis lub organizacja"))
    gmina = forms.ChoiceField(label=_("Gmina"), required=False)
    category = forms.ChoiceField(label=_("Rodzaj usługi"), required=False)
    target_group = forms.ChoiceField(label=_("Dla kogo"), required=False)
    free = forms.BooleanField(label=_("Tylko z wolnymi miejscami"), required=False)
    order = forms.ChoiceField(
        label=_("Sortuj"),
        required=False,
        choices=[("name", _("nazwa")), ("free", _("najwięcej wolnych miejsc")), ("category", _("rodzaj"))],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gmina"].choices = [("", _("wszystkie")), *selectors.gmina_choices()]
        self.fields["category"].choices = [("", _("wszystkie")), *ServiceCategory.choices]
        self.fields["target_group"].choices = [("", _("wszyscy")), *TargetGroup.choices]


class ServiceForm(ModelForm):
    # the state is not a model-form field (it moves through workflows.SERVICE): the choices are the current state
    # and the states one transition away
    status = forms.ChoiceField(label=_("status"), choices=ServiceStatus.choices)
    target_groups = forms.MultipleChoiceField(
        label=_("Dla kogo"), choices=TargetGroup.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    required_reasons = forms.MultipleChoiceField(
        label=_("Wymagane przesłanki pomocy (art. 7)"),
        choices=AssistanceReason.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Zaznacz tylko wtedy, gdy usługa jest przeznaczona wyłącznie dla osób z tymi przesłankami."),
    )

    class Meta:
        model = Service
        fields = ("provider", *(f for f in SERVICE_EDIT_FIELDS if f != "status"))  # one source: the service
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "eligibility": forms.Textarea(attrs={"rows": 2}),
            "schedule": forms.Textarea(attrs={"rows": 2}),
            "application_process": forms.Textarea(attrs={"rows": 2}),
            "locations": forms.CheckboxSelectMultiple,
            "eligible_gminas": LongSelectMultiple,
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = organisations
        self.fields["locations"].queryset = Location.objects.filter(organisation__in=organisations).select_related(
            "territory"
        )
        self.fields["eligible_gminas"].queryset = Territory.objects.filter(kind="gmina").order_by("name")
        self.fields["eligible_gminas"].required = False
        if self.instance.pk:
            self.fields["provider"].disabled = True
            current = self.instance.status
            allowed = [current, *(t.target for t in SERVICE.available(self.instance))]
        else:
            current = ServiceStatus.ACTIVE
            allowed = [ServiceStatus.DRAFT, ServiceStatus.ACTIVE]
        self.fields["status"].choices = [(v, label) for v, label in ServiceStatus.choices if v in allowed]
        self.fields["status"].initial = current
        # keep the form's field order (status where the service lists it)
        self.order_fields(["provider", *SERVICE_EDIT_FIELDS])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        gminas = data.get("eligible_gminas")
        if gminas is not None and len(gminas) > 50:
            self.add_error("eligible_gminas", _("Wybierz najwyżej 50 gmin."))
        if data.get("eu_funded") and not (data.get("eu_project_number") or "").strip():
            self.add_error("eu_project_number", _("Podaj numer projektu EFS+, z którego finansowana jest usługa."))
        return data


class LocationForm(ModelForm):
    accessibility = forms.MultipleChoiceField(
        label=_("Dostępność"), choices=AccessibilityFeature.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    gmina = forms.CharField(label=_("Kod TERYT gminy"), max_length=7, help_text=_("7 cyfr, np. 2005011 (Hajnówka)"))

    class Meta:
        model = Location
        fields = (
            "name",
            "street",
            "postal_code",
            "city",
            "latitude",
            "longitude",
            "accessibility",
            "accessibility_notes",
            "transport",
        )
        localized_fields = ("latitude", "longitude")

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        one_missing = (data.get("latitude") is None) != (data.get("longitude") is None)
        if one_missing and not (self.has_error("latitude") or self.has_error("longitude")):
            missing = "longitude" if data.get("longitude") is None else "latitude"
            self.add_error(missing, _("Podaj obie współrzędne albo żadnej."))
        return data

    def clean_gmina(self) -> Territory:
        code = self.cleaned_data["gmina"].strip()
        territory = Territory.objects.filter(code=code, kind="gmina").first()
        if territory is None:
            raise forms.ValidationError(_("Nie ma gminy o takim kodzie TERYT."))
        return territory


class ComplianceForm(forms.Form):
    def __init__(self, *args: Any, requirements: Any, checks: dict[int, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.requirements = list(requirements)
        for req in self.requirements:
            check = checks.get(req.pk)
            self.fields[f"met_{req.code}"] = forms.BooleanField(
                label=req.text, required=False, initial=check.is_met if check else False
            )
            self.fields[f"note_{req.code}"] = forms.CharField(
                label=_("Uwagi do wymogu „%(r)s”") % {"r": Truncator(req.text).chars(80)},
                required=False,
                max_length=300,
                initial=check.note if check else "",
            )

    def results(self) -> dict[str, tuple[bool, str]]:
        return {
            r.code: (self.cleaned_data[f"met_{r.code}"], self.cleaned_data[f"note_{r.code}"]) for r in self.requirements
        }
