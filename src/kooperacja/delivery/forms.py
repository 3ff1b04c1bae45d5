from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kooperacja.catalog.enums import AssistanceReason
from kooperacja.core import bounds
from kooperacja.core.fields import ModelChoiceField
from kooperacja.core.models import Territory

from .enums import (
    AttendanceStatus,
    ConsentScope,
    EsfDisability,
    EsfEducation,
    EsfEmployment,
    IndicatorKind,
    LeaveReason,
    MeetingKind,
    PlacementEndReason,
    ProgrammeArea,
    ProgrammeOutcome,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _date(label: Any, required: bool = True, **kw: Any) -> forms.DateField:
    return forms.DateField(validators=bounds.DATE, label=label, required=required, widget=DATE, **kw)


class PersonForm(forms.Form):
    first_name = forms.CharField(label=_("Imię"), max_length=80)
    last_name = forms.CharField(label=_("Nazwisko"), max_length=120)
    pesel = forms.CharField(
        label=_("PESEL"),
        max_length=11,
        required=False,
        help_text=_("Data urodzenia i płeć zostaną odczytane z numeru."),
    )
    birth_date = _date(_("Data urodzenia (gdy brak PESEL)"), required=False)
    phone = forms.CharField(label=_("Telefon"), max_length=30, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    street = forms.CharField(label=_("Ulica i numer"), max_length=150, required=False)
    postal_code = forms.CharField(label=_("Kod pocztowy"), max_length=6, required=False)
    city = forms.CharField(label=_("Miejscowość"), max_length=100, required=False)
    gmina = forms.CharField(
        label=_("Kod TERYT gminy zamieszkania"), max_length=7, help_text=_("np. 2005011 – Hajnówka")
    )
    reasons = forms.MultipleChoiceField(
        label=_("Przesłanki pomocy (art. 7)"),
        choices=AssistanceReason.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def clean_gmina(self) -> Territory:
        territory = Territory.objects.filter(code=self.cleaned_data["gmina"].strip(), kind="gmina").first()
        if territory is None:
            raise forms.ValidationError(_("Nie ma gminy o takim kodzie TERYT."))
        return territory

    def person_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["territory"] = data.pop("gmina")
        return data


class EnrolForm(forms.Form):
    person: ModelChoiceField = ModelChoiceField(label=_("Uczestnik"), queryset=None, empty_label=_("— wybierz —"))
    on = _date(_("Data zapisu"), initial=timezone.localdate)
    referral_note = forms.CharField(label=_("Skąd skierowanie / uzasadnienie"), max_length=200, required=False)
    override_eligibility = forms.BooleanField(
        label=_("Zapisz mimo niespełnienia kryteriów usługi (wymaga uzasadnienia)"), required=False
    )

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = lambda p: f"{p.code} – {p.full_name}"


class LeaveForm(forms.Form):
    reason = forms.ChoiceField(label=_("Przyczyna"), choices=LeaveReason.choices)
    on = _date(_("Data zakończenia"), initial=timezone.localdate)
    note = forms.CharField(label=_("Uwagi"), max_length=300, required=False)


class MeetingForm(forms.Form):
    held_on = _date(_("Data"), initial=timezone.localdate)
    kind = forms.ChoiceField(label=_("Rodzaj"), choices=MeetingKind.choices)
    minutes = forms.IntegerField(label=_("Czas (min)"), min_value=5, max_value=600, initial=60)
    summary = forms.CharField(label=_("Ustalenia"), widget=forms.Textarea(attrs={"rows": 3}), required=False)


class SessionForm(forms.Form):
    on = _date(_("Data"), initial=timezone.localdate)
    starts_at = forms.TimeField(label=_("Godzina"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    duration_hours = forms.DecimalField(
        label=_("Czas trwania (godz.)"),
        min_value=0.5,
        max_value=24,
        initial=2,
        error_messages={"min_value": bounds.AT_LEAST_HALF_HOUR},  # not "0.5": a Polish number
    )
    topic = forms.CharField(label=_("Temat / rodzaj zajęć"), max_length=200)
    led_by = forms.CharField(label=_("Prowadzący"), max_length=120, required=False)


class ConsentForm(forms.Form):
    scope = forms.ChoiceField(label=_("Zakres"), choices=ConsentScope.choices)
    purpose = forms.CharField(label=_("Cel"), max_length=300)
    shared_with = forms.CharField(label=_("Komu udostępniane"), max_length=300, required=False)
    given_on = _date(_("Data wyrażenia zgody"), initial=timezone.localdate)
    expires_on = _date(_("Ważna do"), required=False)
    organisation: ModelChoiceField = ModelChoiceField(label=_("Administrator danych"), queryset=None)

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["organisation"].initial = organisations.first()


class ProgrammeForm(forms.Form):
    person: ModelChoiceField = ModelChoiceField(label=_("Osoba"), queryset=None)
    ops: ModelChoiceField = ModelChoiceField(label=_("Ośrodek pomocy społecznej (zatwierdza)"), queryset=None)
    service: ModelChoiceField = ModelChoiceField(label=_("Usługa wspierająca"), queryset=None, required=False)
    drawn_up_on = _date(_("Data sporządzenia"), initial=timezone.localdate)
    starts_on = _date(_("Realizacja od"), initial=timezone.localdate)
    planned_end_on = _date(_("Planowane zakończenie"))
    situation = forms.CharField(label=_("Opis sytuacji"), widget=forms.Textarea(attrs={"rows": 4}))
    person_agreed = forms.BooleanField(label=_("Program uzgodniony z osobą (art. 49)"), required=False)

    def __init__(self, *args: Any, people: Any, ops: Any, services: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = lambda p: f"{p.code} – {p.full_name}"
        self.fields["ops"].queryset = ops
        self.fields["service"].queryset = services

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("planned_end_on") and data["planned_end_on"] < data["starts_on"]:
            self.add_error("planned_end_on", _("Zakończenie nie może być przed rozpoczęciem."))
        return data


class GoalForm(forms.Form):
    area = forms.ChoiceField(label=_("Obszar"), choices=ProgrammeArea.choices)
    text = forms.CharField(label=_("Cel"), max_length=300)


class ActionForm(forms.Form):
    goal: ModelChoiceField = ModelChoiceField(label=_("Cel"), queryset=None)
    text = forms.CharField(label=_("Działanie"), max_length=300)
    responsible_organisation: ModelChoiceField = ModelChoiceField(
        label=_("Podmiot odpowiedzialny"), queryset=None, required=False
    )
    responsible_note = forms.CharField(label=_("Albo: kto odpowiada"), max_length=200, required=False)
    due_on = _date(_("Termin"))

    def __init__(self, *args: Any, goals: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = goals
        self.fields["responsible_organisation"].queryset = organisations


class ReviewForm(forms.Form):
    reviewed_on = _date(_("Data oceny"), initial=timezone.localdate)
    progress = forms.CharField(label=_("Ocena postępów"), widget=forms.Textarea(attrs={"rows": 3}))
    next_review_on = _date(_("Następna ocena"), required=False)


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Rezultat"), choices=ProgrammeOutcome.choices)
    note = forms.CharField(label=_("Podsumowanie"), widget=forms.Textarea(attrs={"rows": 3}))
    on = _date(_("Data zakończenia"), initial=timezone.localdate)


class PlacementForm(forms.Form):
    person: ModelChoiceField = ModelChoiceField(label=_("Osoba"), queryset=None)
    starts_on = _date(_("Od"), initial=timezone.localdate)
    planned_end_on = _date(_("Planowo do"), required=False)

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["person"].label_from_instance = lambda p: f"{p.code} – {p.full_name}"


class PlacementEndForm(forms.Form):
    reason = forms.ChoiceField(label=_("Przyczyna"), choices=PlacementEndReason.choices)
    ended_on = _date(_("Data zakończenia"), initial=timezone.localdate)


class IndicatorForm(forms.Form):
    kind = forms.ChoiceField(label=_("Wskaźnik"), choices=IndicatorKind.choices)
    planned = forms.DecimalField(label=_("Wartość docelowa"), min_value=0, decimal_places=1)
    period_start = _date(_("Okres od"))
    period_end = _date(_("Okres do"))
    lot_ref = forms.CharField(label=_("Część pakietu / umowa"), max_length=120, required=False)


class ImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Co importujesz"), choices=[("participants", _("uczestników")), ("attendance", _("obecności"))]
    )
    file = forms.FileField(
        label=_("Plik CSV lub XLSX"),
        help_text=_("CSV w kodowaniu UTF-8 lub Windows-1250 (separator ; lub ,) albo skoroszyt XLSX."),
    )

    def clean_file(self) -> Any:
        from kooperacja.core import uploads

        f = self.cleaned_data["file"]
        uploads.validate_upload(f, allowed=(uploads.CSV, uploads.XLSX))  # size before reading, type by magic bytes
        return f


class MarkForm(forms.Form):
    status = forms.ChoiceField(choices=AttendanceStatus.choices)
    hours = forms.DecimalField(required=False, min_value=0, max_value=24, decimal_places=1)


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class EsfRecordForm(forms.Form):
    """ESF+ participant data (only on an EU-funded service). Results are asked only after the person left."""

    employment = forms.ChoiceField(
        label=_("Status na rynku pracy w dniu rozpoczęcia udziału"),
        choices=EsfEmployment.choices,
        widget=forms.RadioSelect,
    )
    education = forms.ChoiceField(
        label=_("Najwyższy ukończony poziom wykształcenia (ISCED)"),
        choices=EsfEducation.choices,
        widget=forms.RadioSelect,
    )
    disability = forms.ChoiceField(
        label=_("Osoba z niepełnosprawnościami"),
        choices=EsfDisability.choices,
        widget=forms.RadioSelect,
        help_text=_("Dana szczególnej kategorii (art. 9 RODO): uczestnik może odmówić jej podania."),
    )
    exit_recorded_on = _date(_("Data ustalenia sytuacji po zakończeniu udziału"), required=False)
    exit_job_seeking = forms.BooleanField(label=_("Poszukuje pracy"), required=False)
    exit_in_education = forms.BooleanField(label=_("Kształci się lub szkoli"), required=False)
    exit_qualification = forms.BooleanField(label=_("Uzyskanie kwalifikacji"), required=False)
    exit_employed = forms.BooleanField(label=_("Pracuje (w tym na własny rachunek)"), required=False)
    six_months_recorded_on = _date(_("Data ustalenia sytuacji 6 miesięcy po zakończeniu"), required=False)
    six_months_employed = forms.TypedChoiceField(
        label=_("Pracuje 6 miesięcy po zakończeniu udziału"),
        choices=[("", _("nie ustalono")), ("yes", _("tak")), ("no", _("nie"))],
        coerce=_yes_no,
        empty_value=None,
        required=False,
    )

    EXIT_FIELDS = (
        "exit_recorded_on",
        "exit_job_seeking",
        "exit_in_education",
        "exit_qualification",
        "exit_employed",
        "six_months_recorded_on",
        "six_months_employed",
    )

    def __init__(self, *args: Any, left: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not left:  # results are asked only after the person left the service
            for name in self.EXIT_FIELDS:
                del self.fields[name]
