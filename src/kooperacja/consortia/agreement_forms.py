"""The form of a proposed amendment of the consortium agreement: the amendable terms, prefilled with the current."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kooperacja.core.fields import ModelForm

from .models import Consortium
from .services.agreement import AMENDABLE_FIELDS

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class AmendmentForm(ModelForm):
    title = forms.CharField(label=_("Tytuł uchwały"), max_length=250, initial=_("Zmiana umowy konsorcjum"))
    text = forms.CharField(
        label=_("Uzasadnienie zmiany"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Dlaczego zmieniamy umowę."),
    )

    class Meta:
        model = Consortium
        fields = AMENDABLE_FIELDS
        widgets: Any = {
            name: TEXTAREA
            for name in (
                "purpose",
                "representation",
                "decision_rules",
                "admission_rules",
                "exit_rules",
                "office_cost_rules",
            )
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.order_fields(["title", "text", *AMENDABLE_FIELDS])

    def _post_clean(self) -> None:
        """The consortium is changed only by the adopted resolution: the form must not touch the instance."""

    def proposed(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in AMENDABLE_FIELDS}
