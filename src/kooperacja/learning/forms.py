"""Forms of the learning app: bounded fields, Polish messages; services do the checks that need the database."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kooperacja.accounts.enums import Role
from kooperacja.core import bounds
from kooperacja.core.fields import ModelChoiceField, ModelMultipleChoiceField
from kooperacja.organisations.enums import LegalForm

from .enums import AttendanceStatus, Audience, EnrolmentMode, GrantKind, Language, MaterialKind, Visibility

DT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MARKDOWN_HELP = _(
    "Możesz formatować tekst (Markdown): **pogrubienie**, *kursywa*, ## nagłówek, listy zaczynane od „-”, "
    "odnośniki [tekst](https://…). Kod HTML zostanie pokazany jako zwykły tekst."
)


class LibraryFilterForm(forms.Form):
    q = forms.CharField(label=_("Szukaj"), max_length=100, required=False)
    topic = forms.CharField(label=_("Temat"), max_length=60, required=False)
    audience = forms.ChoiceField(
        label=_("Dla kogo"), choices=[("", _("wszyscy odbiorcy")), *Audience.choices], required=False
    )
    kind = forms.ChoiceField(
        label=_("Rodzaj"), choices=[("", _("wszystkie rodzaje")), *MaterialKind.choices], required=False
    )
    order = forms.ChoiceField(
        label=_("Kolejność"), choices=[("newest", _("najnowsze")), ("title", _("alfabetycznie"))], required=False
    )


class AudienceForm(forms.Form):
    """Visibility and, for "groups", the organisation kinds, roles and PZK membership that may see it."""

    visibility = forms.ChoiceField(label=_("Kto widzi"), choices=Visibility.choices, initial=Visibility.PUBLIC)
    legal_forms = forms.MultipleChoiceField(
        label=_("Rodzaje instytucji"), choices=LegalForm.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    roles = forms.MultipleChoiceField(
        label=_("Role"), choices=Role.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    pzk_members = forms.BooleanField(label=_("Członkowie Partnerskich Zespołów Kooperacji"), required=False)
    cohort = ModelChoiceField(label=_("Grupa szkoleniowa"), queryset=None, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from .selectors import cohorts_for_choice

        self.fields["cohort"].queryset = cohorts_for_choice()

    def grants(self) -> list[tuple[str, str, Any]]:
        d = self.cleaned_data
        rows: list[tuple[str, str, Any]] = [(GrantKind.LEGAL_FORM, v, None) for v in d.get("legal_forms", [])]
        rows += [(GrantKind.ROLE, v, None) for v in d.get("roles", [])]
        if d.get("pzk_members"):
            rows.append((GrantKind.TEAM, "", None))
        return rows

    def audience_data(self) -> dict[str, Any]:
        return {
            "visibility": self.cleaned_data["visibility"],
            "cohort": self.cleaned_data.get("cohort"),
            "grants": self.grants(),
        }


class MaterialForm(AudienceForm):
    title = forms.CharField(label=_("Tytuł"), max_length=200)
    summary = forms.CharField(
        label=_("Streszczenie"), max_length=2000, widget=forms.Textarea(attrs={"rows": 5}), help_text=MARKDOWN_HELP
    )
    kind = forms.ChoiceField(label=_("Rodzaj"), choices=MaterialKind.choices)
    organisation = ModelChoiceField(label=_("Wydawca"), queryset=None)
    topics = forms.CharField(label=_("Tematy (oddzielone przecinkami)"), max_length=300, required=False)
    audience = forms.ChoiceField(label=_("Dla kogo"), choices=Audience.choices)
    language = forms.ChoiceField(label=_("Język"), choices=Language.choices)
    licence = forms.CharField(label=_("Licencja"), max_length=120, initial="CC BY 4.0")
    author = forms.CharField(label=_("Autor"), max_length=200)
    url = forms.URLField(label=_("Adres odnośnika lub filmu"), max_length=500, required=False, assume_scheme="https")
    file = forms.FileField(label=_("Plik"), required=False, help_text=_("PDF, DOCX, ODT, DOC, XLSX lub ODS, do 10 MB."))

    field_order = [
        "title",
        "summary",
        "kind",
        "organisation",
        "topics",
        "audience",
        "language",
        "licence",
        "author",
        "url",
        "file",
        "visibility",
        "legal_forms",
        "roles",
        "pzk_members",
        "cohort",
    ]

    def __init__(self, *args: Any, organisations: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        if editing:
            for name in ("kind", "organisation", "file"):
                del self.fields[name]


class VersionForm(forms.Form):
    file = forms.FileField(label=_("Nowy plik"), help_text=_("PDF, DOCX, ODT, DOC, XLSX lub ODS, do 10 MB."))
    note = forms.CharField(label=_("Co się zmieniło"), max_length=300)


class CourseForm(AudienceForm):
    title = forms.CharField(label=_("Tytuł szkolenia"), max_length=200)
    programme = forms.CharField(label=_("Program"), max_length=120, initial="Szkoła Kooperacji")
    summary = forms.CharField(
        label=_("Opis"), max_length=4000, widget=forms.Textarea(attrs={"rows": 6}), help_text=MARKDOWN_HELP
    )
    organisation = ModelChoiceField(label=_("Organizator (wystawca zaświadczeń)"), queryset=None)
    trainers = ModelMultipleChoiceField(label=_("Trenerzy"), queryset=None, widget=forms.CheckboxSelectMultiple)
    hours = forms.DecimalField(
        label=_("Liczba godzin"),
        min_value=0.5,
        max_value=500,
        decimal_places=1,
        max_digits=5,
        error_messages={"min_value": bounds.AT_LEAST_HALF_HOUR},  # not "0.5": a Polish number
    )
    capacity = forms.IntegerField(label=_("Liczba miejsc"), min_value=1, max_value=500)
    enrolment_mode = forms.ChoiceField(label=_("Sposób zapisu"), choices=EnrolmentMode.choices)
    min_attendance = forms.IntegerField(label=_("Wymagana frekwencja (%)"), min_value=0, max_value=100, initial=80)
    requires_modules = forms.BooleanField(label=_("Wymaga przerobienia wszystkich modułów"), required=False)
    requires_check = forms.BooleanField(label=_("Wymaga zaliczenia testu wiedzy"), required=False)
    pass_mark = forms.IntegerField(label=_("Próg zaliczenia testu (%)"), min_value=1, max_value=100, initial=70)
    max_attempts = forms.IntegerField(label=_("Liczba podejść do testu"), min_value=1, max_value=10, initial=3)
    certificate_months = forms.IntegerField(
        label=_("Ważność zaświadczenia (miesiące)"),
        min_value=1,
        max_value=120,
        required=False,
        help_text=_("Puste: zaświadczenie bezterminowe."),
    )

    field_order = [
        "title",
        "programme",
        "summary",
        "organisation",
        "trainers",
        "hours",
        "capacity",
        "enrolment_mode",
        "min_attendance",
        "requires_modules",
        "requires_check",
        "pass_mark",
        "max_attempts",
        "certificate_months",
        "visibility",
        "legal_forms",
        "roles",
        "pzk_members",
        "cohort",
    ]

    def __init__(self, *args: Any, organisations: Any, trainers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["trainers"].queryset = trainers
        self.fields["trainers"].label_from_instance = lambda u: u.full_name


class ModuleForm(forms.Form):
    title = forms.CharField(label=_("Tytuł modułu"), max_length=200)
    body = forms.CharField(
        label=_("Treść"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=MARKDOWN_HELP,
    )
    materials = ModelMultipleChoiceField(
        label=_("Materiały"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, materials: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["materials"].queryset = materials


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Temat zajęć"), max_length=200)
    starts_at = forms.DateTimeField(validators=bounds.EVENT_DATE, label=_("Początek"), widget=DT)
    ends_at = forms.DateTimeField(validators=bounds.EVENT_DATE, label=_("Koniec"), widget=DT)
    place = forms.CharField(label=_("Miejsce"), max_length=200, required=False)
    online_url = forms.URLField(
        label=_("Odnośnik do spotkania online"), max_length=500, required=False, assume_scheme="https"
    )
    trainer = ModelChoiceField(label=_("Prowadzący"), queryset=None)
    capacity = forms.IntegerField(label=_("Liczba miejsc na sali"), min_value=1, max_value=500, required=False)

    def __init__(self, *args: Any, trainers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["trainer"].queryset = trainers
        self.fields["trainer"].label_from_instance = lambda u: u.full_name


class QuestionForm(forms.Form):
    text = forms.CharField(label=_("Pytanie"), max_length=500)
    multiple = forms.BooleanField(label=_("Wielokrotny wybór"), required=False)
    choice_1 = forms.CharField(label=_("Odpowiedź 1"), max_length=300)
    correct_1 = forms.BooleanField(label=_("Odpowiedź 1 jest poprawna"), required=False)
    choice_2 = forms.CharField(label=_("Odpowiedź 2"), max_length=300)
    correct_2 = forms.BooleanField(label=_("Odpowiedź 2 jest poprawna"), required=False)
    choice_3 = forms.CharField(label=_("Odpowiedź 3"), max_length=300, required=False)
    correct_3 = forms.BooleanField(label=_("Odpowiedź 3 jest poprawna"), required=False)
    choice_4 = forms.CharField(label=_("Odpowiedź 4"), max_length=300, required=False)
    correct_4 = forms.BooleanField(label=_("Odpowiedź 4 jest poprawna"), required=False)

    def choices(self) -> list[tuple[str, bool]]:
        d = self.cleaned_data
        return [(d.get(f"choice_{i}") or "", bool(d.get(f"correct_{i}"))) for i in range(1, 5)]


class MarkForm(forms.Form):
    status = forms.ChoiceField(choices=AttendanceStatus.choices)


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Uzasadnienie"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}))


class OptionalReasonForm(forms.Form):
    reason = forms.CharField(label=_("Uzasadnienie"), max_length=500, required=False)


class CohortAssignForm(forms.Form):
    cohort = ModelChoiceField(label=_("Grupa szkoleniowa"), queryset=None)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from .selectors import cohorts_for_choice

        self.fields["cohort"].queryset = cohorts_for_choice()


class CohortForm(forms.Form):
    """A cohort: its name, description and members - people picked by name and/or everyone of a PZK team."""

    name = forms.CharField(label=_("Nazwa grupy"), max_length=160)
    description = forms.CharField(
        label=_("Opis"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    users = ModelMultipleChoiceField(
        label=_("Osoby w grupie"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Zaznacz osoby. Możesz też dodać wszystkich z zespołu kooperacji poniżej."),
    )
    team = ModelChoiceField(
        label=_("Dodaj wszystkich z zespołu kooperacji"),
        queryset=None,
        required=False,
        help_text=_("Osoby z aktywnym członkostwem w zweryfikowanych instytucjach członkowskich zespołu."),
    )

    def __init__(self, *args: Any, people: Any, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["users"].queryset = people
        self.fields["team"].queryset = teams


class EnrolForm(forms.Form):
    motivation = forms.CharField(
        label=_("Dlaczego chcesz wziąć udział (opcjonalnie)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Kod zaświadczenia"), max_length=20, help_text=_("np. SK-ABCD-EFGH-JKLM"))


class ExchangeForm(forms.Form):
    title = forms.CharField(label=_("Temat"), max_length=200)
    host = ModelChoiceField(label=_("Instytucja goszcząca"), queryset=None)
    starts_at = forms.DateTimeField(validators=bounds.EVENT_DATE, label=_("Termin"), widget=DT)
    place = forms.CharField(label=_("Miejsce"), max_length=200)
    programme = forms.CharField(label=_("Program wizyty"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
    capacity = forms.IntegerField(label=_("Liczba miejsc"), min_value=1, max_value=300)

    def __init__(self, *args: Any, hosts: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = hosts


class ExchangeReportForm(forms.Form):
    conclusions = forms.CharField(label=_("Wnioski"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5}))
    recommendations = forms.CharField(
        label=_("Rekomendacje"), max_length=10000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    photo = forms.FileField(label=_("Zdjęcie (opcjonalnie)"), required=False, help_text=_("PNG lub JPG, do 10 MB."))
    caption = forms.CharField(label=_("Podpis zdjęcia"), max_length=200, required=False)


class StudyForm(forms.Form):
    title = forms.CharField(label=_("Tytuł badania"), max_length=200)
    aim = forms.CharField(label=_("Cel badania"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))
    starts_on = forms.DateField(validators=bounds.EVENT_DATE, label=_("Od"), widget=DATE)
    ends_on = forms.DateField(validators=bounds.EVENT_DATE, label=_("Do"), widget=DATE)
    organisation = ModelChoiceField(label=_("Prowadzący badanie"), queryset=None)
    team = ModelChoiceField(label=_("Zespół kooperacji, któremu służy badanie"), queryset=None, required=False)

    def __init__(self, *args: Any, organisations: Any, teams: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["team"].queryset = teams


class StudyGroupForm(forms.Form):
    held_on = forms.DateField(validators=bounds.EVENT_DATE, label=_("Data"), widget=DATE)
    place = forms.CharField(label=_("Miejsce"), max_length=200)
    legal_form = forms.ChoiceField(label=_("Rodzaj instytucji uczestników"), choices=LegalForm.choices)
    participants = forms.IntegerField(label=_("Liczba uczestników"), min_value=1, max_value=50)


class StudyReportForm(forms.Form):
    conclusions = forms.CharField(label=_("Wnioski"), max_length=10000, widget=forms.Textarea(attrs={"rows": 5}))
    report = forms.FileField(label=_("Raport (PDF)"), required=False, help_text=_("PDF, do 10 MB."))
