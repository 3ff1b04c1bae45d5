"""Filters of the regional view (every field bounded; invalid values fall back to "all" with a field error)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kooperacja.core.enums import GminaType

from .figures import FIGURES

GMINA_TYPES = [("", _("wszystkie"))] + [
    (t.value, t.label) for t in (GminaType.URBAN, GminaType.RURAL, GminaType.URBAN_RURAL)
]
SORTS = [("name", _("nazwa gminy"))] + [(f.key, f.label) for f in FIGURES]


class RegionalFilterForm(forms.Form):
    powiat = forms.ChoiceField(label=_("Powiat"), required=False)
    typ = forms.ChoiceField(label=_("Typ gminy (TERYT)"), choices=GMINA_TYPES, required=False)
    rok = forms.IntegerField(label=_("Rok"), required=False, min_value=2000, max_value=2100)
    sort = forms.ChoiceField(label=_("Sortuj według"), choices=SORTS, required=False)
    malejaco = forms.BooleanField(label=_("malejąco"), required=False)

    def __init__(self, *args: Any, powiats: list[tuple[str, str]] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["powiat"].choices = [("", _("wszystkie"))] + [(code, name) for code, name in powiats]

    def value(self, name: str, default: Any = "") -> Any:
        if not self.is_bound or not self.is_valid():
            return self.cleaned_data.get(name, default) if hasattr(self, "cleaned_data") else default
        return self.cleaned_data.get(name) or default
