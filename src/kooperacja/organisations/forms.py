from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kooperacja.core.fields import LongSelect, ModelChoiceField, ModelForm
from kooperacja.core.identifiers import normalize_krs, normalize_nip, normalize_regon
from kooperacja.core.models import Territory

from .enums import ActivityArea, LegalForm, roles_for_legal_form
from .models import Organisation
from .services import ORGANISATION_FIELDS


class TerritoryChoiceField(ModelChoiceField):
    def label_from_instance(self, obj: Territory) -> str:
        return f"{obj.name} – {obj.gmina_type_label} ({obj.code})"


class OrganisationForm(ModelForm):
    territory = TerritoryChoiceField(
        label=_("Gmina siedziby"),
        queryset=Territory.objects.filter(kind="gmina").order_by("name", "code"),
        help_text=_("Gmina z rejestru TERYT."),
        widget=LongSelect,
    )
    areas = forms.MultipleChoiceField(
        label=_("Obszary działalności"),
        choices=ActivityArea.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Organisation
        fields = ORGANISATION_FIELDS  # one source: what the services accept
        widgets = {
            "social_enterprise_since": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "nip": _("10 cyfr, np. 543-20-12-345."),
            "regon": _("9 lub 14 cyfr."),
            "krs": _("Numer w Krajowym Rejestrze Sądowym, jeśli organizacja jest w nim wpisana."),
            "postal_code": _("W formacie 00-000."),
        }

    def clean_nip(self) -> str:
        return normalize_nip(self.cleaned_data.get("nip", "")) if self.cleaned_data.get("nip") else ""

    def clean_regon(self) -> str:
        return normalize_regon(self.cleaned_data.get("regon", "")) if self.cleaned_data.get("regon") else ""

    def clean_krs(self) -> str:
        return normalize_krs(self.cleaned_data.get("krs", "")) if self.cleaned_data.get("krs") else ""

    def clean_postal_code(self) -> str:
        value = self.cleaned_data.get("postal_code", "").strip()
        if value and not (len(value) == 6 and value[2] == "-" and (value[:2] + value[3:]).isdigit()):
            raise forms.ValidationError(_("Kod pocztowy wpisz w formacie 00-000."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("is_social_enterprise") and not data.get("social_enterprise_since"):
            self.add_error(
                "social_enterprise_since",
                _("Podaj datę przyznania statusu przedsiębiorstwa społecznego przez wojewodę."),
            )
        if data.get("is_social_enterprise") and not data.get("is_pes"):
            self.add_error("is_pes", _("Przedsiębiorstwo społeczne jest podmiotem ekonomii społecznej – zaznacz PES."))
        return data

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk and not self.is_bound:
            self.initial.setdefault("is_pes", False)
        self.fields["legal_form"].help_text = _(
            "Stowarzyszenia, fundacje, spółdzielnie socjalne, CIS, KIS, ZAZ i WTZ są podmiotami ekonomii społecznej."
        )


class OrganisationSearchForm(forms.Form):
    q = forms.CharField(label=_("Szukaj (nazwa, NIP, KRS, REGON)"), required=False, max_length=100)
    gmina = forms.CharField(label=_("Gmina (nazwa lub kod TERYT)"), required=False, max_length=60)
    legal_form = forms.ChoiceField(
        label=_("Forma prawna"), required=False, choices=[("", _("— wszystkie —")), *LegalForm.choices]
    )
    area = forms.ChoiceField(
        label=_("Obszar działalności"), required=False, choices=[("", _("— wszystkie —")), *ActivityArea.choices]
    )
    pes = forms.BooleanField(label=_("Tylko PES"), required=False)
    order = forms.ChoiceField(
        label=_("Sortuj"),
        required=False,
        choices=[
            ("name", _("nazwa A–Z")),
            ("-name", _("nazwa Z–A")),
            ("gmina", _("gmina")),
            ("newest", _("najnowsze")),
        ],
    )


class MembershipRequestForm(forms.Form):
    role = forms.ChoiceField(label=_("Rola w organizacji"))
    job_title = forms.CharField(label=_("Stanowisko"), required=False, max_length=120)
    message = forms.CharField(
        label=_("Krótkie uzasadnienie"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, organisation: Organisation, **kwargs: Any) -> None:
        from kooperacja.accounts.enums import Role

        super().__init__(*args, **kwargs)
        allowed = roles_for_legal_form(organisation.legal_form)
        self.fields["role"].choices = [(r, Role(r).label) for r in allowed]
        self.fields["role"].initial = allowed[0]


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Plik CSV"),
        help_text=_(
            "Kodowanie UTF-8 lub Windows-1250, kolumny rozdzielone średnikiem lub przecinkiem, "
            "ich nazwy w pierwszym wierszu."
        ),
    )
    only_if_all_valid = forms.BooleanField(
        label=_("Importuj tylko, jeśli wszystkie wiersze są poprawne"),
        required=False,
        initial=True,
        help_text=_(
            "Gdy choć jeden wiersz ma błąd, nic nie zostanie zapisane. Odznacz, aby zapisać poprawne wiersze, "
            "a błędne tylko wypisać w raporcie."
        ),
    )

    def clean_file(self) -> Any:
        from kooperacja.core import uploads

        f = self.cleaned_data["file"]
        uploads.validate_upload(f, allowed=(uploads.CSV,))  # size before reading, type by extension and content
        return f
