from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kooperacja.core import bounds
from kooperacja.core.fields import ModelChoiceField, ModelForm, ModelMultipleChoiceField
from kooperacja.organisations.models import Organisation

from . import legal
from .enums import (
    OPP_CLAUSE_KINDS,
    PZP_CLAUSE_KINDS,
    CallMode,
    CancelReason,
    ClauseKind,
    CommissionRole,
    CostCategory,
    LotSector,
    PublicationChannel,
)
from .models import Call, Lot, ServicePackage
from .services.calls import CALL_FIELDS
from .services.offers import OFFER_FIELDS
from .services.packages import LOT_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class PackageForm(ModelForm):
    class Meta:
        model = ServicePackage
        fields = ["name", "year", "description"]


class LotForm(ModelForm):
    class Meta:
        model = Lot
        fields = [f for f in LOT_FIELDS if f != "indicators"]  # indicators: the indicator_* fields below
        widgets = {"target_group": forms.Textarea(attrs={"rows": 2}), "scope": forms.Textarea(attrs={"rows": 3})}

    indicator_name = forms.CharField(label=_("Wskaźnik – nazwa"), required=False, max_length=200)
    indicator_target = forms.IntegerField(label=_("Wskaźnik – wartość docelowa"), required=False, min_value=0)
    indicator_unit = forms.CharField(label=_("Wskaźnik – jednostka"), required=False, max_length=40)

    def lot_data(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if not k.startswith("indicator_")}
        if self.cleaned_data.get("indicator_name"):
            data["indicators"] = [
                {
                    "name": self.cleaned_data["indicator_name"],
                    "target": self.cleaned_data.get("indicator_target") or 0,
                    "unit": self.cleaned_data.get("indicator_unit") or "",
                }
            ]
        return data


# One source: the service's `CALL_FIELDS`. The list `cpv_codes` is edited as the text field `cpv` (see call_data).
CALL_FIELDS_EDITED_AS = {"cpv_codes": "cpv"}
CALL_FORM_FIELDS = [f for f in CALL_FIELDS if f not in CALL_FIELDS_EDITED_AS]


class CallForm(ModelForm):
    cpv = forms.CharField(
        label=_("Kody CPV (Pzp)"),
        required=False,
        help_text=_("Oddziel przecinkami, np. 85312000-9, 85311200-4."),
    )
    lots = ModelMultipleChoiceField(
        label=_("Części pakietu objęte ogłoszeniem"),
        queryset=Lot.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Call
        fields = CALL_FORM_FIELDS
        widgets = {
            "delivery_start": DATE,
            "delivery_end": DATE,
            "selection_date": DATE,
            "offer_deadline": DATETIME,
            "task_type": forms.Textarea(attrs={"rows": 2}),
            "award_rules": forms.Textarea(attrs={"rows": 3}),
            "delivery_conditions": forms.Textarea(attrs={"rows": 3}),
            "selection_procedure": forms.Textarea(attrs={"rows": 3}),
            "previous_tasks": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "offer_deadline": _("Co najmniej 21 dni po ostatniej publikacji (art. 13 ust. 1 OPP)."),
            "previous_tasks": _("Art. 13 ust. 2 pkt 7 OPP."),
        }

    def __init__(self, *args: Any, mode: str, package: ServicePackage | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mode = mode
        if package is not None:
            self.fields["lots"].queryset = package.lots.all()
            if self.instance.pk:
                self.fields["lots"].initial = list(self.instance.lots.values_list("pk", flat=True))
            else:
                self.fields["lots"].initial = list(package.lots.values_list("pk", flat=True))
        else:
            del self.fields["lots"]
        if self.instance.pk:
            self.fields["cpv"].initial = ", ".join(self.instance.cpv_codes)
        if mode in {CallMode.OPP_OPEN}:
            del self.fields["cpv"]
            del self.fields["estimated_value"]
        else:
            del self.fields["task_form"]

    def clean(self) -> dict[str, Any]:
        """Dates that make sense together: the deadline ahead of us, the choice and the delivery after it."""
        data = super().clean()
        deadline = data.get("offer_deadline")
        changed = not self.instance.pk or "offer_deadline" in self.changed_data
        if deadline and changed and deadline <= timezone.now():
            self.add_error("offer_deadline", _("Termin składania ofert musi przypadać w przyszłości."))
        elif deadline:
            deadline_day = timezone.localtime(deadline).date()
            selection = data.get("selection_date")
            if selection and selection < deadline_day:
                self.add_error(
                    "selection_date", _("Termin wyboru ofert nie może być wcześniejszy niż termin składania ofert.")
                )
            start = data.get("delivery_start")
            if start and start < deadline_day:
                self.add_error(
                    "delivery_start", _("Realizacja zadania nie może zacząć się przed terminem składania ofert.")
                )
        return data

    def call_data(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k in CALL_FORM_FIELDS}
        if "cpv" in self.cleaned_data:
            data["cpv_codes"] = [c.strip() for c in self.cleaned_data["cpv"].split(",") if c.strip()]
        return data


class PublishForm(forms.Form):
    """Where and when the announcement was published, per channel: a date, or an explicit "published today".

    Nothing is stamped silently: a channel without a date and without the tick is not published. The channels
    art. 13 ust. 3 OPP requires (`required_channels`) must each have one or the other; a publication date is
    not in the future (the page records what has been published) nor before the announcement was drafted.
    """

    def __init__(
        self, *args: Any, required_channels: Iterable[str] = (), earliest: date | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.required_channels = set(required_channels)
        self.earliest = earliest
        self.today = timezone.localdate()
        for value, _label in PublicationChannel.choices:
            # each channel is its own fieldset on the page (`channels()`): its legend names the channel
            self.fields[f"{value}_today"] = forms.BooleanField(
                label=_("Opublikowano dziś (%(today)s)") % {"today": self.today.strftime("%d.%m.%Y")},
                required=False,
            )
            self.fields[f"{value}_date"] = forms.DateField(
                validators=bounds.DATE,
                label=_("Data publikacji"),
                required=False,
                widget=DATE,
                help_text=_("Albo zaznacz „opublikowano dziś” powyżej."),
            )
            self.fields[f"{value}_ref"] = forms.CharField(label=_("Adres lub opis"), required=False, max_length=300)

    def channels(self) -> list[tuple[str, bool, list[Any]]]:
        """Per channel: its name, whether the law requires it here, and its fields (today, date, reference)."""
        return [
            (
                str(label),
                value in self.required_channels,
                [self[f"{value}_today"], self[f"{value}_date"], self[f"{value}_ref"]],
            )
            for value, label in PublicationChannel.choices
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for value, label in PublicationChannel.choices:
            today, day, ref = data.get(f"{value}_today"), data.get(f"{value}_date"), data.get(f"{value}_ref")
            if f"{value}_date" in self.errors:
                continue
            if today and day and day != self.today:
                self.add_error(
                    f"{value}_date",
                    _("Podaj datę publikacji albo zaznacz „opublikowano dziś” – nie jedno i drugie (%(ch)s).")
                    % {"ch": label},
                )
            elif not today and not day and (value in self.required_channels or ref):
                self.add_error(
                    f"{value}_date",
                    _("Podaj datę publikacji (%(ch)s) albo zaznacz „opublikowano dziś”.") % {"ch": label},
                )
            elif day and day > self.today:
                self.add_error(
                    f"{value}_date",
                    _("Data publikacji (%(ch)s) nie może być późniejsza niż dzisiejsza.") % {"ch": label},
                )
            elif day and self.earliest and day < self.earliest:
                self.add_error(
                    f"{value}_date",
                    _("Data publikacji (%(ch)s) nie może być wcześniejsza niż utworzenie ogłoszenia (%(d)s).")
                    % {"ch": label, "d": self.earliest.strftime("%d.%m.%Y")},
                )
        return data

    def publications(self) -> list[tuple[str, date, str]]:
        published = []
        for value, _label in PublicationChannel.choices:
            day = self.today if self.cleaned_data.get(f"{value}_today") else self.cleaned_data.get(f"{value}_date")
            if day:
                published.append((value, day, self.cleaned_data.get(f"{value}_ref", "")))
        return published


class CancelForm(forms.Form):
    reason = forms.ChoiceField(label=_("Przyczyna unieważnienia (art. 18a OPP)"), choices=CancelReason.choices)
    note = forms.CharField(label=_("Uzasadnienie"), widget=forms.Textarea(attrs={"rows": 3}))


class OfferStartForm(forms.Form):
    organisation = ModelChoiceField(label=_("Oferent (lider)"), queryset=Organisation.objects.none())
    title = forms.CharField(label=_("Tytuł zadania publicznego"), max_length=250)

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class OfferMainForm(forms.Form):
    """Sections II-VI of the offer form (its numbering in the labels). The fields are the service's
    `OFFER_FIELDS`, in that order (one source: `test_offer_form_fields_are_the_services` fails on a drift)."""

    field_order = OFFER_FIELDS
    title = forms.CharField(label=_("III.1 Tytuł zadania publicznego"), max_length=250)
    start_date = forms.DateField(validators=bounds.DATE, label=_("III.2 Data rozpoczęcia"), required=False, widget=DATE)
    end_date = forms.DateField(validators=bounds.DATE, label=_("III.2 Data zakończenia"), required=False, widget=DATE)
    summary = forms.CharField(
        label=_("III.3 Syntetyczny opis zadania"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    place = forms.CharField(label=_("III.3 Miejsce realizacji"), required=False, max_length=250)
    target_group = forms.CharField(
        label=_("III.3 Grupa odbiorców"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    expected_results = forms.CharField(
        label=_("III.5 Zakładane rezultaty"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    contact_person = forms.CharField(label=_("II.2 Osoba do kontaktu"), required=False, max_length=150)
    contact_email = forms.EmailField(label=_("II.2 E-mail"), required=False)
    contact_phone = forms.CharField(label=_("II.2 Telefon"), required=False, max_length=30)
    experience = forms.CharField(
        label=_("IV.1 Doświadczenie oferenta"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    resources = forms.CharField(
        label=_("IV.2 Zasoby kadrowe, rzeczowe i finansowe"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    other_info = forms.CharField(
        label=_("VI Inne informacje"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    declarations_accepted = forms.BooleanField(
        label=_(
            "VII Oferent oświadcza, że proponowane zadanie mieści się w działalności statutowej, pobieranie świadczeń "
            "pieniężnych odbywa się w ramach działalności odpłatnej, dane są zgodne z rejestrem, a oferent nie "
            "zalega z należnościami publicznoprawnymi."
        ),
        required=False,
    )


class _RowForm(forms.Form):
    def has_content(self) -> bool:
        return bool((self.is_valid() and self.cleaned_data.get("name")) or self.cleaned_data.get("organisation"))


class PartnerRowForm(forms.Form):
    organisation = ModelChoiceField(label=_("Partner"), queryset=Organisation.objects.none(), required=False)
    actions = forms.CharField(label=_("Działania partnera"), required=False, max_length=500)

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["organisation"].queryset = organisations


class ActionRowForm(forms.Form):
    name = forms.CharField(label=_("Działanie"), required=False, max_length=250)
    lot = forms.TypedChoiceField(label=_("Część"), required=False, coerce=int, empty_value=None)
    responsible = forms.TypedChoiceField(label=_("Oferent realizujący"), required=False, coerce=int, empty_value=None)
    start_date = forms.DateField(validators=bounds.DATE, label=_("Od"), required=False, widget=DATE)
    end_date = forms.DateField(validators=bounds.DATE, label=_("Do"), required=False, widget=DATE)


class IndicatorRowForm(forms.Form):
    name = forms.CharField(label=_("Rezultat"), required=False, max_length=250)
    planned_level = forms.DecimalField(label=_("Planowany poziom"), required=False, min_value=0, decimal_places=2)
    unit = forms.CharField(label=_("Jednostka"), required=False, max_length=40)
    monitoring = forms.CharField(label=_("Sposób monitorowania"), required=False, max_length=250)
    lot = forms.TypedChoiceField(label=_("Część"), required=False, coerce=int, empty_value=None)


MONEY_KW = {"required": False, "min_value": Decimal(0), "decimal_places": 2, "max_digits": 12}


class BudgetRowForm(forms.Form):
    name = forms.CharField(label=_("Rodzaj kosztu"), required=False, max_length=250)
    category = forms.ChoiceField(label=_("Kategoria"), choices=CostCategory.choices, required=False)
    lot = forms.TypedChoiceField(label=_("Część"), required=False, coerce=int, empty_value=None)
    partner = forms.TypedChoiceField(label=_("Oferent"), required=False, coerce=int, empty_value=None)
    quantity = forms.DecimalField(
        label=_("Liczba jednostek"), required=False, validators=bounds.QUANTITY_POSITIVE, decimal_places=2
    )
    unit = forms.CharField(label=_("Rodzaj miary"), required=False, max_length=30)
    unit_cost = forms.DecimalField(label=_("Koszt jedn. (zł)"), **MONEY_KW)
    from_grant = forms.DecimalField(
        label=_("Z dotacji (zł)"), help_text=_("Puste = reszta wyliczona automatycznie."), **MONEY_KW
    )
    from_other = forms.DecimalField(label=_("Inne środki (zł)"), **MONEY_KW)
    own_financial = forms.DecimalField(label=_("Wkład finansowy (zł)"), **MONEY_KW)
    personal = forms.DecimalField(label=_("Wkład osobowy (zł)"), **MONEY_KW)
    in_kind = forms.DecimalField(label=_("Wkład rzeczowy (zł)"), **MONEY_KW)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("name") and (data.get("quantity") is None or data.get("unit_cost") is None or not data.get("unit")):
            raise ValidationError(_("Podaj liczbę jednostek, rodzaj miary i koszt jednostkowy."))
        return data


PartnerFormSet = forms.formset_factory(PartnerRowForm, extra=0)
ActionFormSet = forms.formset_factory(ActionRowForm, extra=0)
IndicatorFormSet = forms.formset_factory(IndicatorRowForm, extra=0)
BudgetFormSet = forms.formset_factory(BudgetRowForm, extra=0)


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Załącznik"),
        help_text=_("PDF, JPG, PNG, ODT lub DOCX, do %(mb)s MB.") % {"mb": legal.ATTACHMENT_MAX_BYTES // (1024 * 1024)},
    )
    description = forms.CharField(label=_("Opis załącznika"), required=False, max_length=200)


class CorrectionForm(forms.Form):
    message = forms.CharField(label=_("Zakres uzupełnienia"), widget=forms.Textarea(attrs={"rows": 2}))
    due_date = forms.DateField(validators=bounds.DATE, label=_("Termin uzupełnienia"), widget=DATE)


class AppointForm(forms.Form):
    email = forms.EmailField(label=_("E-mail osoby powoływanej"))
    role = forms.ChoiceField(label=_("Rola w komisji"), choices=CommissionRole.choices)
    nominated_by = ModelChoiceField(
        label=_("Organizacja wskazująca (dla osób wskazanych przez NGO)"),
        queryset=Organisation.objects.filter(is_verified=True),
        required=False,
    )
    is_chair = forms.BooleanField(label=_("Przewodniczący komisji"), required=False)


class DeclarationForm(forms.Form):
    confirm = forms.BooleanField(label=_("Potwierdzam treść oświadczenia"), required=True)


class OpinionForm(forms.Form):
    opinion = forms.CharField(label=_("Opinia komisji konkursowej"), widget=forms.Textarea(attrs={"rows": 4}))


class ReasonsForm(forms.Form):
    requester_name = forms.CharField(label=_("Imię i nazwisko lub nazwa"), max_length=150)
    requester_email = forms.EmailField(label=_("E-mail do odpowiedzi"))
    question = forms.CharField(label=_("Treść wniosku"), widget=forms.Textarea(attrs={"rows": 3}))


class ContractForm(forms.Form):
    number = forms.CharField(label=_("Numer umowy"), max_length=60)
    start_date = forms.DateField(validators=bounds.DATE, label=_("Początek realizacji"), widget=DATE)
    end_date = forms.DateField(validators=bounds.DATE, label=_("Koniec realizacji"), widget=DATE)
    tranche1_date = forms.DateField(validators=bounds.DATE, label=_("Transza 1 – termin"), widget=DATE)
    tranche1_amount = forms.DecimalField(
        label=_("Transza 1 – kwota (zł)"), validators=bounds.MONEY_POSITIVE, decimal_places=2
    )
    tranche2_date = forms.DateField(validators=bounds.DATE, label=_("Transza 2 – termin"), widget=DATE, required=False)
    tranche2_amount = forms.DecimalField(
        label=_("Transza 2 – kwota (zł)"), validators=bounds.MONEY_POSITIVE, decimal_places=2, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("Koniec realizacji nie może być wcześniejszy niż jej początek."))
        if bool(data.get("tranche2_date")) != bool(data.get("tranche2_amount")) and not (
            "tranche2_date" in self.errors or "tranche2_amount" in self.errors
        ):
            missing = "tranche2_amount" if data.get("tranche2_date") else "tranche2_date"
            self.add_error(missing, _("Druga transza ma termin i kwotę – podaj oba albo żadne."))
        return data

    def tranches(self) -> list[tuple[Any, Decimal]]:
        out = [(self.cleaned_data["tranche1_date"], self.cleaned_data["tranche1_amount"])]
        if self.cleaned_data.get("tranche2_date") and self.cleaned_data.get("tranche2_amount"):
            out.append((self.cleaned_data["tranche2_date"], self.cleaned_data["tranche2_amount"]))
        return out


class AnnexForm(forms.Form):
    signed_on = forms.DateField(validators=bounds.DATE, label=_("Data zawarcia aneksu"), widget=DATE)
    summary = forms.CharField(label=_("Zakres zmian"), widget=forms.Textarea(attrs={"rows": 3}))
    new_amount = forms.DecimalField(label=_("Nowa kwota dotacji (zł)"), required=False, decimal_places=2, min_value=0)
    new_end_date = forms.DateField(
        validators=bounds.DATE, label=_("Nowy koniec realizacji"), required=False, widget=DATE
    )


class ReportDemandForm(forms.Form):
    period_start = forms.DateField(validators=bounds.DATE, label=_("Okres od"), widget=DATE)
    period_end = forms.DateField(validators=bounds.DATE, label=_("Okres do"), widget=DATE)
    due_date = forms.DateField(
        validators=bounds.DATE,
        label=_("Termin złożenia"),
        widget=DATE,
        help_text=_("Co najmniej 30 dni od wezwania (art. 18 ust. 2 OPP)."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end, due = data.get("period_start"), data.get("period_end"), data.get("due_date")
        if start and end and end < start:
            self.add_error("period_end", _("Koniec okresu nie może być wcześniejszy niż jego początek."))
        elif end and due and due < end:
            self.add_error("due_date", _("Termin złożenia nie może być wcześniejszy niż koniec okresu."))
        return data


class ReportReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decyzja"),
        choices=[
            ("accept", _("przyjmij sprawozdanie")),
            ("corrections", _("wezwij do poprawek")),
            ("return", _("wezwij do zwrotu dotacji")),
        ],
    )
    note = forms.CharField(label=_("Uwagi"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    corrections_due = forms.DateField(validators=bounds.DATE, label=_("Termin poprawek"), required=False, widget=DATE)
    return_amount = forms.DecimalField(label=_("Kwota do zwrotu (zł)"), required=False, decimal_places=2, min_value=0)


class ClauseForm(forms.Form):
    kind = forms.ChoiceField(label=_("Rodzaj klauzuli"), choices=ClauseKind.choices)
    groups = forms.MultipleChoiceField(
        label=_("Grupy osób (art. 94 / art. 96)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=[(str(g), str(g)) for g in dict.fromkeys([*legal.ART94_GROUPS, *legal.ART96_GROUPS])],
    )
    percent = forms.IntegerField(
        label=_("Odsetek osób z grup (art. 94, %)"), required=False, min_value=0, max_value=100
    )
    people = forms.IntegerField(label=_("Liczba osób (art. 96)"), required=False, min_value=1)
    months = forms.IntegerField(label=_("Okres zatrudnienia w miesiącach (art. 96)"), required=False, min_value=1)
    activities = forms.CharField(label=_("Czynności (art. 95)"), required=False, max_length=300)
    evidence = forms.CharField(label=_("Sposób weryfikacji (art. 95)"), required=False, max_length=300)
    penalty = forms.CharField(label=_("Kara umowna (art. 95)"), required=False, max_length=100)
    weight = forms.IntegerField(label=_("Waga kryterium (art. 242, %)"), required=False, min_value=1, max_value=99)
    formula = forms.CharField(label=_("Sposób oceny (art. 242)"), required=False, max_length=300)
    services = forms.CharField(label=_("Usługi objęte zastrzeżeniem (art. 361)"), required=False, max_length=300)
    years = forms.IntegerField(
        label=_("Okres umowy w latach (art. 361, do 3)"), required=False, min_value=1, max_value=3
    )
    representative = forms.CharField(label=_("Pełnomocnik konsorcjum (art. 58)"), required=False, max_length=200)
    points = forms.IntegerField(
        label=_("Liczba punktów kryterium społecznego (konkurs OPP)"), required=False, min_value=1, max_value=20
    )

    def __init__(self, *args: Any, opp: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # the clauses of the call's law only: OPP competitions get their own (art. 13, 14, 15 OPP)
        wanted = OPP_CLAUSE_KINDS if opp else PZP_CLAUSE_KINDS
        self.fields["kind"].choices = [(v, label) for v, label in ClauseKind.choices if v in wanted]
        for name in ("activities", "evidence", "penalty", "weight", "formula", "services", "years", "percent"):
            if opp and name != "formula":
                del self.fields[name]
        if opp:
            self.fields["groups"].label = _("Grupy osób (warunek realizacji lub kryterium)")
            self.fields["people"].label = _("Liczba osób")
            self.fields["months"].label = _("Okres zatrudnienia lub zaangażowania w miesiącach")
            self.fields["formula"].label = _("Sposób oceny kryterium społecznego")
            self.fields["representative"].label = _("Podmiot ekonomii społecznej – partner oferty wspólnej")
        else:
            del self.fields["points"]

    def parameters(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "kind" and v not in (None, "", [])}


class HistoryCheckForm(forms.Form):
    contractor = ModelChoiceField(
        label=_("Wykonawca do sprawdzenia (historia 3 lat, art. 361 ust. 2 pkt 4 Pzp)"),
        queryset=Organisation.objects.filter(is_verified=True),
        required=False,
    )


class SmallGrantForm(OfferMainForm):
    authority = ModelChoiceField(
        label=_("Organ (JST)"), queryset=Organisation.objects.filter(legal_form="jst_office", is_verified=True)
    )
    organisation = ModelChoiceField(label=_("Oferent"), queryset=Organisation.objects.none())
    action_name = forms.CharField(label=_("III.4 Działanie"), max_length=250)
    indicator_name = forms.CharField(label=_("III.6 Rezultat"), max_length=250)
    indicator_level = forms.DecimalField(label=_("III.6 Planowany poziom"), min_value=0)
    cost_name = forms.CharField(label=_("V Rodzaj kosztu"), max_length=250)
    cost_quantity = forms.DecimalField(label=_("V Liczba jednostek"), validators=bounds.QUANTITY_POSITIVE)
    cost_unit = forms.CharField(label=_("V Rodzaj miary"), max_length=30)
    cost_unit_cost = forms.DecimalField(label=_("V Koszt jednostkowy (zł)"), min_value=0, decimal_places=2)
    cost_personal = forms.DecimalField(label=_("V Wkład osobowy (zł)"), min_value=0, required=False, decimal_places=2)
    cost_own = forms.DecimalField(
        label=_("V Wkład własny finansowy (zł)"), min_value=0, required=False, decimal_places=2
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["start_date"].required = True
        self.fields["end_date"].required = True


class OwnInitiativeForm(forms.Form):
    authority = ModelChoiceField(
        label=_("Organ (JST)"), queryset=Organisation.objects.filter(legal_form="jst_office", is_verified=True)
    )
    organisation = ModelChoiceField(label=_("Organizacja wnioskująca"), queryset=Organisation.objects.none())
    title = forms.CharField(label=_("Tytuł zadania"), max_length=250)
    description = forms.CharField(label=_("Opis zadania"), widget=forms.Textarea(attrs={"rows": 4}))
    cost_estimate = forms.DecimalField(
        label=_("Szacunkowy koszt (zł)"), validators=bounds.MONEY_POSITIVE, decimal_places=2
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class AssessForm(forms.Form):
    positive = forms.TypedChoiceField(
        label=_("Ocena celowości"),
        choices=[("1", _("celowe – organ zleci zadanie")), ("0", _("niecelowe – odmowa"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=_("Uzasadnienie (art. 12 ust. 2 OPP)"), widget=forms.Textarea(attrs={"rows": 3}))


class CommentForm(forms.Form):
    author_name = forms.CharField(label=_("Imię i nazwisko lub nazwa"), max_length=150)
    body = forms.CharField(label=_("Uwaga do oferty"), widget=forms.Textarea(attrs={"rows": 3}))


SECTOR_CHOICES = LotSector.choices
