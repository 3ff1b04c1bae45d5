"""Forms of the Cooperation Model (labels, help texts; every write goes through services)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kooperacja.accounts.models import User
from kooperacja.catalog.enums import AssistanceReason, ServiceCategory
from kooperacja.catalog.models import Service
from kooperacja.core import bounds
from kooperacja.core.fields import ModelChoiceField, ModelMultipleChoiceField
from kooperacja.core.identifiers import validate_pesel
from kooperacja.organisations.models import Organisation

from .enums import SHAREABLE_PARTS, CaseKind, CaseOutcome, CasePart, MeetingItemKind, MemberLevel, TeamFunction
from .models import Action, CasePerson, Goal, TeamMember
from .selectors import referral_recipients

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
TEXT = forms.Textarea(attrs={"rows": 3})


class TeamMemberForm(forms.Form):
    organisation = ModelChoiceField(label=_("Instytucja"), queryset=Organisation.objects.none())
    level = forms.ChoiceField(label=_("Poziom"), choices=MemberLevel.choices)
    agreement_number = forms.CharField(label=_("Numer porozumienia"), max_length=60, required=False)
    agreement_signed_on = forms.DateField(validators=bounds.DATE, label=_("Data podpisania porozumienia"), widget=DATE)
    agreement_scope = forms.CharField(label=_("Zakres współpracy"), widget=TEXT)

    def __init__(self, *args: Any, team: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(is_verified=True).exclude(  # type: ignore[attr-defined]
            pk__in=team.members.values("organisation_id")
        )


class TeamPersonForm(forms.Form):
    member = ModelChoiceField(label=_("Instytucja"), queryset=TeamMember.objects.none())
    user = ModelChoiceField(label=_("Osoba"), queryset=User.objects.none())
    function = forms.ChoiceField(label=_("Funkcja"), choices=TeamFunction.choices)

    def __init__(self, *args: Any, team: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = team.members.filter(left_on__isnull=True).select_related("organisation")
        self.fields["member"].queryset = members  # type: ignore[attr-defined]
        self.fields["user"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(
                memberships__organisation_id__in=members.values("organisation_id"), memberships__status="active"
            )
            .distinct()
            .order_by("full_name")
        )
        self.fields["user"].label_from_instance = lambda u: f"{u.full_name} ({u.email})"  # type: ignore[attr-defined]


class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Temat"), max_length=200)
    starts_at = forms.DateTimeField(
        validators=bounds.DATE, label=_("Termin"), widget=DATETIME, input_formats=["%Y-%m-%dT%H:%M"]
    )
    place = forms.CharField(label=_("Miejsce"), max_length=200)
    agenda = forms.CharField(label=_("Porządek spotkania"), widget=TEXT)


class MinutesForm(forms.Form):
    attendees = ModelMultipleChoiceField(
        label=_("Obecne instytucje"),
        queryset=TeamMember.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    minutes = forms.CharField(label=_("Protokół"), widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args: Any, team: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = team.members.filter(left_on__isnull=True).select_related("organisation")  # type: ignore[attr-defined]


class MeetingItemForm(forms.Form):
    kind = forms.ChoiceField(label=_("Rodzaj"), choices=MeetingItemKind.choices)
    text = forms.CharField(label=_("Treść"), widget=TEXT)
    owner = ModelChoiceField(label=_("Odpowiada (dla zadania)"), queryset=TeamMember.objects.none(), required=False)
    deadline = forms.DateField(validators=bounds.DATE, label=_("Termin (dla zadania)"), widget=DATE, required=False)

    def __init__(self, *args: Any, team: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = team.members.filter(left_on__isnull=True).select_related("organisation")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == MeetingItemKind.TASK and (not data.get("owner") or not data.get("deadline")):
            raise forms.ValidationError(_("Zadanie musi mieć instytucję odpowiedzialną i termin."))
        return data


class TaskDoneForm(forms.Form):
    follow_up = forms.CharField(label=_("Informacja o wykonaniu"), widget=TEXT)


class CaseForm(forms.Form):
    kind = forms.ChoiceField(label=_("Rodzaj sprawy"), choices=CaseKind.choices)
    title = forms.CharField(
        label=_("Oznaczenie"),
        max_length=120,
        help_text=_("Bez danych osobowych, np. „Rodzina A.”. Osoby dodasz w następnym kroku."),
    )
    is_domestic_violence = forms.BooleanField(
        label=_("Procedura „Niebieskie Karty” (widoczna tylko dla wskazanych osób)"), required=False
    )
    case_worker = ModelChoiceField(
        label=_("Pracownik prowadzący"), queryset=User.objects.none(), required=False, help_text=_("Puste: Ty.")
    )

    def __init__(self, *args: Any, owner: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_place_fields())  # where the family lives, for the planner (optional)
        self.fields["case_worker"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(
                memberships__organisation=owner, memberships__status="active", memberships__role="social_worker"
            )
            .distinct()
            .order_by("full_name")
        )
        self.fields["case_worker"].label_from_instance = lambda u: u.full_name or u.email  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _clean_place(self, data)
        return data


class CasePersonForm(forms.Form):
    first_name = forms.CharField(label=_("Imię"), max_length=80)
    last_name = forms.CharField(label=_("Nazwisko"), max_length=120)
    pesel = forms.CharField(
        label=_("PESEL"),
        max_length=11,
        required=False,
        validators=[validate_pesel],
        help_text=_(
            "Jeśli osoba jest już w rejestrze Twojej instytucji, sprawa zostanie powiązana z jej rekordem "
            "(imię i nazwisko muszą się zgadzać)."
        ),
    )
    relation = forms.CharField(label=_("Rola w rodzinie"), max_length=60)
    is_main = forms.BooleanField(label=_("Osoba wiodąca"), required=False)
    same_name_confirmed = forms.BooleanField(
        label=_("To inna osoba niż ta o tym samym imieniu i nazwisku, która już jest w sprawie"),
        required=False,
        help_text=_("Zaznacz tylko po ostrzeżeniu o powtórzonym imieniu i nazwisku (bez numeru PESEL)."),
    )


class DiagnosisForm(forms.Form):
    workshop_on = forms.DateField(validators=bounds.DATE, label=_("Data warsztatu diagnostycznego"), widget=DATE)
    reasons = forms.MultipleChoiceField(
        label=_("Przesłanki pomocy (art. 7)"), choices=AssistanceReason.choices, widget=forms.CheckboxSelectMultiple
    )
    needs = forms.MultipleChoiceField(
        label=_("Rozpoznane potrzeby (rodzaje usług)"),
        choices=ServiceCategory.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Na ich podstawie system podpowie usługi do koszyka."),
    )
    causes = forms.CharField(label=_("Przyczyny i źródła trudności"), widget=TEXT)
    strengths_weaknesses = forms.CharField(label=_("Mocne i słabe strony"), widget=TEXT)
    resources_deficits = forms.CharField(label=_("Zasoby i deficyty"), widget=TEXT)
    expectations_needs = forms.CharField(label=_("Oczekiwania i potrzeby"), widget=TEXT)


class ProgrammeForm(forms.Form):
    starts_on = forms.DateField(validators=bounds.DATE, label=_("Początek programu"), widget=DATE)
    ends_on = forms.DateField(validators=bounds.DATE, label=_("Planowany koniec"), widget=DATE)


class GoalForm(forms.Form):
    text = forms.CharField(label=_("Cel"), max_length=300)


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Działanie"), max_length=200)
    goal = ModelChoiceField(label=_("Cel"), queryset=Goal.objects.none(), required=False)
    beneficiary = ModelChoiceField(label=_("Dla kogo"), queryset=CasePerson.objects.none(), required=False)
    responsible = ModelChoiceField(label=_("Odpowiada (instytucja członkowska)"), queryset=Organisation.objects.none())
    category = forms.ChoiceField(
        label=_("Rodzaj potrzebnej usługi"), choices=[("", "—"), *ServiceCategory.choices], required=False
    )
    service = ModelChoiceField(
        label=_("Usługa z katalogu"),
        queryset=Service.objects.none(),
        required=False,
        help_text=_("Puste: działanie z oferty własnej instytucji albo usługa do dobrania później (planer)."),
    )
    own_offer = forms.CharField(label=_("Oferta własna instytucji"), max_length=300, required=False)
    priority = forms.TypedChoiceField(
        label=_("Priorytet"), coerce=int, choices=[(1, _("niski")), (2, _("zwykły")), (3, _("pilny"))], initial=2
    )
    starts_on = forms.DateField(validators=bounds.DATE, label=_("Od"), widget=DATE)
    ends_on = forms.DateField(validators=bounds.DATE, label=_("Do"), widget=DATE)

    def __init__(self, *args: Any, case: Any, services: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        programme = getattr(case, "programme", None)
        self.fields["goal"].queryset = programme.goals.all() if programme else case.persons.none()  # type: ignore[attr-defined]
        self.fields["beneficiary"].queryset = case.persons.select_related("person")  # type: ignore[attr-defined]
        self.fields["beneficiary"].label_from_instance = lambda cp: f"{cp.relation} ({cp.person.code})"  # type: ignore[attr-defined]
        self.fields["responsible"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            cooperation_memberships__team=case.team, cooperation_memberships__left_on__isnull=True
        )
        self.fields["service"].queryset = services  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("Koniec nie może być przed początkiem."))
        return data


class AgreeForm(forms.Form):
    agreed_on = forms.DateField(validators=bounds.DATE, label=_("Data uzgodnienia z rodziną"), widget=DATE)
    agreement_note = forms.CharField(
        label=_("Jak uzgodniono"), max_length=300, help_text=_("np. podpisany przez rodzinę na spotkaniu w GOPS")
    )


class ReviewForm(forms.Form):
    reviewed_on = forms.DateField(validators=bounds.DATE, label=_("Data przeglądu"), widget=DATE)
    notes = forms.CharField(label=_("Ustalenia przeglądu"), widget=TEXT)


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Rezultat"), choices=CaseOutcome.choices)
    summary = forms.CharField(label=_("Pisemne podsumowanie"), widget=forms.Textarea(attrs={"rows": 6}))


PART_CHOICES = [(p.value, p.label) for p in CasePart if p in SHAREABLE_PARTS]


class ConsentForm(forms.Form):
    organisation = ModelChoiceField(label=_("Instytucja"), queryset=Organisation.objects.none())
    parts = forms.MultipleChoiceField(
        label=_("Udostępniane części sprawy"), choices=PART_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    purpose = forms.CharField(label=_("Cel udostępnienia"), max_length=300)
    given_by = forms.CharField(label=_("Kto wyraża zgodę"), max_length=150, help_text=_("np. matka (osoba wiodąca)"))
    given_on = forms.DateField(validators=bounds.DATE, label=_("Data zgody"), widget=DATE)
    valid_until = forms.DateField(validators=bounds.DATE, label=_("Ważna do"), widget=DATE)

    def __init__(self, *args: Any, case: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = referral_recipients(case.team).exclude(pk=case.owner_id)  # type: ignore[attr-defined]


class WithdrawForm(forms.Form):
    note = forms.CharField(label=_("Uwagi do wycofania"), max_length=300, required=False)


def _service_label(service: Any) -> str:
    free = getattr(service, "free", None)
    places = (
        _("bez limitu miejsc")
        if free is None
        else ngettext("%(n)s wolne miejsce", "%(n)s wolnych miejsc", free) % {"n": free}
    )
    return f"{service.name} – {service.provider} ({places})"


class ReferralForm(forms.Form):
    service = ModelChoiceField(
        label=_("Usługa z katalogu"),
        queryset=Service.objects.none(),
        required=False,
        help_text=_("Skierowanie do usługi trafi do jej realizatora; liczba wolnych miejsc – stan na teraz."),
    )
    to_organisation = ModelChoiceField(
        label=_("albo instytucja zespołu"), queryset=Organisation.objects.none(), required=False
    )
    action = ModelChoiceField(label=_("Działanie z koszyka"), queryset=Action.objects.none(), required=False)
    request = forms.CharField(
        label=_("O co prosimy"),
        widget=TEXT,
        help_text=_("Tylko to, co instytucja musi wiedzieć (bez zbędnych danych)."),
    )
    due_on = forms.DateField(validators=bounds.DATE, label=_("Termin"), widget=DATE)
    sent_on = forms.DateField(
        validators=bounds.DATE,
        label=_("Data wysłania pismem"),
        widget=DATE,
        required=False,
        help_text=_("Tylko gdy skierowanie wysłano wcześniej poza platformą i teraz je wpisujesz."),
    )
    shared_parts = forms.MultipleChoiceField(
        label=_("Dołącz części sprawy (wymaga aktywnej zgody rodziny)"),
        choices=PART_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, case: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from kooperacja.catalog import selectors as catalog_selectors

        service_field = self.fields["service"]
        service_field.queryset = catalog_selectors.services_matching(  # type: ignore[attr-defined]
            gmina=case.gmina, free_only=True, user=user
        ).exclude(provider_id=case.owner_id)
        service_field.label_from_instance = _service_label  # type: ignore[attr-defined]
        # the team's members and the powiat team's (PCPR, police, probation officers …) of the case's powiat
        self.fields["to_organisation"].queryset = referral_recipients(case.team).exclude(pk=case.owner_id)  # type: ignore[attr-defined]
        self.fields["action"].queryset = Action.objects.filter(programme__case=case)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        service, organisation = data.get("service"), data.get("to_organisation")
        if service is None and organisation is None and "service" not in self.errors:
            self.add_error("to_organisation", _("Wybierz usługę z katalogu albo instytucję zespołu."))
        elif service is not None and organisation is not None and organisation.pk != service.provider_id:
            self.add_error(
                "to_organisation",
                _("Skierowanie do usługi trafia do jej realizatora (%(o)s): zostaw to pole puste.")
                % {"o": service.provider},
            )
        return data


class ReferralStepForm(forms.Form):
    text = forms.CharField(label=_("Powód / rezultat"), widget=TEXT, required=False)


class NamedMemberForm(forms.Form):
    user = ModelChoiceField(label=_("Osoba"), queryset=User.objects.none())

    def __init__(self, *args: Any, case: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        orgs = case.team.members.filter(left_on__isnull=True).values("organisation_id")
        self.fields["user"].queryset = (  # type: ignore[attr-defined]
            User.objects.filter(memberships__organisation_id__in=orgs, memberships__status="active")
            .exclude(pk__in=case.named_members.values("user_id"))
            .distinct()
            .order_by("full_name")
        )
        self.fields["user"].label_from_instance = lambda u: u.full_name or u.email  # type: ignore[attr-defined]


class PlannerForm(forms.Form):
    max_distance_km = forms.IntegerField(
        label=_("Maksymalna odległość dojazdu (km)"), min_value=1, max_value=300, initial=40
    )


# --- where a family lives (the basket planner's distances) -------------------------------------------------


def _coordinate(label: str, validators: list[Any], help_text: str) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        max_digits=9,
        decimal_places=6,
        required=False,
        localize=True,
        validators=validators,
        help_text=help_text,
    )


def _place_fields() -> dict[str, forms.Field]:
    return {
        "locality": forms.CharField(
            label=_("Miejscowość zamieszkania"), max_length=100, required=False, help_text=_("np. Siemianówka")
        ),
        "latitude": _coordinate(
            _("Szerokość geograficzna"), bounds.LATITUDE_PL, _("W stopniach, np. 52,8339; wystarczy środek wsi.")
        ),
        "longitude": _coordinate(_("Długość geograficzna"), bounds.LONGITUDE_PL, _("W stopniach, np. 23,7464.")),
    }


def _clean_place(form: forms.Form, data: dict[str, Any]) -> None:
    """Both coordinates or neither (the error at the one that is missing)."""
    lat, lon = data.get("latitude"), data.get("longitude")
    if (lat is None) != (lon is None) and not (form.has_error("latitude") or form.has_error("longitude")):
        form.add_error("longitude" if lon is None else "latitude", _("Podaj obie współrzędne albo żadnej."))


class CasePlaceForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(_place_fields())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        _clean_place(self, data)
        return data
