"""Forms of the register of members' capacity (consortia.capacity)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kooperacja.core.fields import ModelChoiceField, ModelForm

from .capacity import editable_members, gminas
from .models import ConsortiumMember, MemberCapacity


class CapacityForm(ModelForm):
    member = ModelChoiceField(label=_("Członek"), queryset=ConsortiumMember.objects.none())

    class Meta:
        model = MemberCapacity
        fields = ("member", "sector", "service", "territory", "people", "available_from", "notes")
        widgets: Any = {"available_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}
        help_texts: Any = {
            "service": _("Np. „świetlica popołudniowa dla 6–12 lat, 5 dni w tygodniu”."),
            "people": _("Ile osób członek może objąć usługą jednocześnie."),
        }

    def __init__(self, *args: Any, consortium: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = editable_members(user, consortium)
        self.fields["member"].queryset = members
        self.fields["member"].label_from_instance = lambda m: str(m.organisation)
        self.fields["territory"].queryset = gminas(consortium)
        self.fields["territory"].label_from_instance = lambda t: f"{t.name} ({t.get_gmina_type_display()})"
        self.fields["available_from"].input_formats = ["%Y-%m-%d", "%d.%m.%Y"]
        if self.instance.pk:
            self.fields["member"].disabled = True
            self.fields["member"].initial = self.instance.member
        elif members.count() == 1:
            self.fields["member"].initial = members.first()
