"""Forms of the consortium app (validation only; services do the writes)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from kooperacja.accounts import roles
from kooperacja.accounts.enums import Role
from kooperacja.core import bounds
from kooperacja.core.fields import ModelChoiceField, ModelForm, ModelMultipleChoiceField
from kooperacja.organisations.models import Organisation

from .access import REP_ROLES
from .documents import AGREEMENT_EXTENSIONS, check_upload
from .enums import BodyKind, DocumentKind, ResolutionKind, SeatRole, SupportStatus, VoteChoice
from .models import Body, Consortium, ConsortiumMember, Meeting
from .services import AGREEMENT_FIELDS, MEETING_FIELDS

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
User = get_user_model()


class FoundingForm(ModelForm):
    lead = ModelChoiceField(
        label=_("Lider konsorcjum"),
        queryset=Organisation.objects.none(),
        help_text=_("Organizacja prowadząca biuro; jej koordynator konsorcjum reprezentuje biuro."),
    )
    founders = ModelMultipleChoiceField(
        label=_("Członkowie założyciele (poza liderem)"),
        queryset=Organisation.objects.filter(is_verified=True).exclude(legal_form="jst_office").order_by("name"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tylko zweryfikowane organizacje."),
    )
    agreement = forms.FileField(
        label=_("Podpisana umowa konsorcjum"),
        required=False,
        help_text=_("PDF, DOCX, ODT lub DOC, do 10 MB."),
    )

    class Meta:
        model = Consortium
        fields = AGREEMENT_FIELDS  # one source: the fields consortium_found takes from the terms
        widgets: Any = {
            "start_date": DATE,
            "agreement_signed_on": DATE,
            "purpose": forms.Textarea(attrs={"rows": 3}),
            "representation": forms.Textarea(attrs={"rows": 3}),
            "decision_rules": forms.Textarea(attrs={"rows": 3}),
            "admission_rules": forms.Textarea(attrs={"rows": 3}),
            "exit_rules": forms.Textarea(attrs={"rows": 3}),
            "office_cost_rules": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        verified = Organisation.objects.filter(is_verified=True).order_by("name")
        if roles.is_platform_admin(user):
            self.fields["lead"].queryset = verified.exclude(legal_form="jst_office")
        else:
            self.fields["lead"].queryset = verified.filter(
                pk__in=roles.organisation_ids(user, Role.CONSORTIUM_COORDINATOR, verified_only=True)
            )
        order = ["name", "short_name", "purpose", "lead", "founders", "start_date", "agreement_signed_on", "agreement"]
        self.order_fields(order)

    def clean_agreement(self) -> Any:
        f = self.cleaned_data.get("agreement")
        if f:
            check_upload(f, extensions=AGREEMENT_EXTENSIONS)
        return f


class SeatForm(forms.Form):
    body = ModelChoiceField(label=_("Organ"), queryset=Body.objects.none())
    person = ModelChoiceField(label=_("Osoba"), queryset=User.objects.none())
    member = ModelChoiceField(
        label=_("Reprezentowany członek"),
        queryset=ConsortiumMember.objects.none(),
        required=False,
        help_text=_("Wymagane w zarządzie: miejsce w zarządzie to głos członka w uchwałach zarządu."),
    )
    role = forms.ChoiceField(label=_("Funkcja"), choices=SeatRole.choices)
    since = forms.DateField(validators=bounds.DATE, label=_("Od"), widget=DATE)

    def __init__(self, *args: Any, consortium: Consortium, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = consortium.bodies.all()
        members = ConsortiumMember.objects.filter(consortium=consortium, status="active").select_related("organisation")
        self.fields["member"].queryset = members
        org_ids = list(members.values_list("organisation_id", flat=True))
        self.fields["person"].queryset = (
            User.objects.filter(memberships__organisation_id__in=org_ids, memberships__status="active")
            .distinct()
            .order_by("full_name")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        body = data.get("body")
        if body is not None and body.kind == BodyKind.BOARD and not data.get("member"):
            self.add_error("member", _("Wskaż członka, którego ta osoba reprezentuje w zarządzie."))
        return data


class MeetingForm(ModelForm):
    class Meta:
        model = Meeting
        fields = ("body", *MEETING_FIELDS)
        widgets: Any = {"starts_at": DATETIME, "agenda": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, consortium: Consortium, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = consortium.bodies.all()
        self.fields["starts_at"].input_formats = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d.%m.%Y %H:%M"]


class MinutesForm(forms.Form):
    """The minutes and the attendance list: one checkbox per person who may attend, with the member they represent
    (consortia.attendance); the quorum is computed from it."""

    present = forms.MultipleChoiceField(
        label=_("Lista obecności (osoby i reprezentowani członkowie)"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    minutes = forms.CharField(label=_("Protokół"), widget=forms.Textarea(attrs={"rows": 10}))

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        from .attendance import Candidate, candidates

        super().__init__(*args, **kwargs)
        self._candidates = {c.key: c for c in candidates(meeting)}
        self.fields["present"].choices = [(k, c.label()) for k, c in self._candidates.items()]
        recorded = [Candidate(row.person, row.member).key for row in meeting.attendance.select_related("person")]
        self.initial["present"] = [k for k in recorded if k in self._candidates]

    def clean_present(self) -> list[Any]:
        return [self._candidates[k] for k in self.cleaned_data["present"]]


class ResolutionForm(forms.Form):
    body = ModelChoiceField(label=_("Organ podejmujący"), queryset=Body.objects.none())
    # An amendment of the agreement is drafted on the agreement's page, with the terms it changes.
    kind = forms.ChoiceField(
        label=_("Rodzaj uchwały"),
        choices=[c for c in ResolutionKind.choices if c[0] != ResolutionKind.AMEND_AGREEMENT],
    )
    title = forms.CharField(label=_("Tytuł"), max_length=250)
    text = forms.CharField(label=_("Treść"), widget=forms.Textarea(attrs={"rows": 6}))
    target_organisation = ModelChoiceField(
        label=_("Organizacja, której dotyczy (sprawy członkowskie)"),
        queryset=Organisation.objects.filter(is_verified=True).order_by("name"),
        required=False,
    )
    target_plan = ModelChoiceField(
        label=_("Wersja podziału (zatwierdzenie podziału)"), queryset=Organisation.objects.none(), required=False
    )
    meeting = ModelChoiceField(label=_("Posiedzenie"), queryset=Meeting.objects.none(), required=False)

    def __init__(self, *args: Any, consortium: Consortium, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["body"].queryset = consortium.bodies.exclude(kind=BodyKind.OFFICE)
        self.fields["meeting"].queryset = consortium.meetings.all()
        from .selectors import draft_plans_of

        self.fields["target_plan"].queryset = draft_plans_of(consortium)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        kind = data.get("kind")
        if kind == ResolutionKind.APPROVE_SPLIT and not data.get("target_plan"):
            self.add_error("target_plan", _("Wskaż wersję podziału do zatwierdzenia."))
        if kind not in (ResolutionKind.GENERAL, ResolutionKind.APPROVE_SPLIT, None) and not data.get(
            "target_organisation"
        ):
            self.add_error("target_organisation", _("Wskaż organizację, której dotyczy uchwała."))
        return data


class VoteForm(forms.Form):
    member = ModelChoiceField(label=_("Głos w imieniu"), queryset=ConsortiumMember.objects.none())
    choice = forms.ChoiceField(label=_("Twój głos"), choices=VoteChoice.choices, widget=forms.RadioSelect)

    def __init__(self, *args: Any, members: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].queryset = members
        self.fields["member"].label_from_instance = lambda m: str(m.organisation)
        if members.count() == 1:
            self.fields["member"].initial = members.first()
            self.fields["member"].widget = forms.HiddenInput()


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Tytuł"), max_length=200)
    kind = forms.ChoiceField(label=_("Rodzaj"), choices=DocumentKind.choices, initial=DocumentKind.OTHER)
    file = forms.FileField(label=_("Plik"), help_text=_("PDF, DOCX, ODT, DOC, XLSX, ODS, PNG lub JPG, do 10 MB."))

    def clean_file(self) -> Any:
        f = self.cleaned_data["file"]
        check_upload(f)
        return f


class SupportRequestForm(forms.Form):
    consortium = ModelChoiceField(label=_("Do biura konsorcjum"), queryset=Consortium.objects.none())
    organisation = ModelChoiceField(label=_("W imieniu organizacji"), queryset=Organisation.objects.none())
    category = forms.ChoiceField(label=_("Obszar wsparcia"), choices=[])
    subject = forms.CharField(label=_("Temat"), max_length=200)
    description = forms.CharField(label=_("Opis potrzeby"), widget=forms.Textarea(attrs={"rows": 5}))
    due_on = forms.DateField(validators=bounds.DATE, label=_("Potrzebne do"), required=False, widget=DATE)

    def __init__(self, *args: Any, user: Any, consortia: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from .enums import SupportCategory

        self.fields["category"].choices = SupportCategory.choices
        self.fields["consortium"].queryset = consortia
        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=roles.organisation_ids(user, *REP_ROLES)
        ).order_by("name")


class SupportHandleForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=SupportStatus.choices)
    assignee = ModelChoiceField(label=_("Osoba z biura"), queryset=User.objects.none(), required=False)
    minutes = forms.IntegerField(label=_("Dodaj czas pracy (min)"), min_value=0, initial=0, required=False)
    note = forms.CharField(label=_("Wpis"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    outcome = forms.CharField(label=_("Rezultat"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def __init__(self, *args: Any, consortium: Consortium, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = (
            (
                User.objects.filter(
                    memberships__organisation_id=consortium.lead_id,
                    memberships__status="active",
                )
                | User.objects.filter(
                    consortium_seats__body__consortium=consortium, consortium_seats__until__isnull=True
                )
            )
            .distinct()
            .order_by("full_name")
        )


class CommentForm(forms.Form):
    note = forms.CharField(label=_("Wpis"), widget=forms.Textarea(attrs={"rows": 3}))


def validate_positive(value: Any) -> None:
    if value is not None and value < 0:
        raise ValidationError(_("Wartość nie może być ujemna."))


class RepresentativesForm(forms.Form):
    users = ModelMultipleChoiceField(
        label=_("Przedstawiciele uprawnieni do głosowania"),
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Nikt nie zaznaczony – głosować może każdy aktywny pracownik PES lub koordynator organizacji."),
    )

    def __init__(self, *args: Any, member: ConsortiumMember, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["users"].queryset = (
            User.objects.filter(
                memberships__organisation_id=member.organisation_id,
                memberships__status="active",
                memberships__role__in=REP_ROLES,
            )
            .distinct()
            .order_by("full_name")
        )
        self.fields["users"].label_from_instance = lambda u: u.full_name or u.email
        self.prefix = f"m{member.pk}"


class IncubationForm(forms.Form):
    organisation = ModelChoiceField(
        label=_("Organizacja"),
        queryset=Organisation.objects.filter(is_pes=True).order_by("name"),
        help_text=_("Także organizacja jeszcze niezweryfikowana lub w trakcie rejestracji."),
    )
    mentor = ModelChoiceField(label=_("Mentor z biura"), queryset=User.objects.none())
    goal = forms.CharField(label=_("Cel inkubacji"), widget=forms.Textarea(attrs={"rows": 3}))
    started_on = forms.DateField(validators=bounds.DATE, label=_("Rozpoczęcie"), widget=DATE)
    extra = forms.CharField(
        label=_("Dodatkowe zadania (po jednym w wierszu)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Standardowa lista kontrolna etapów zostanie dodana automatycznie."),
    )

    def __init__(self, *args: Any, consortium: Consortium, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = (
            Organisation.objects.filter(is_pes=True)
            .exclude(incubations__consortium=consortium)
            .exclude(consortium_memberships__consortium=consortium, consortium_memberships__status="active")
            .order_by("name")
        )
        self.fields["mentor"].queryset = (
            (
                User.objects.filter(memberships__organisation_id=consortium.lead_id, memberships__status="active")
                | User.objects.filter(
                    consortium_seats__body__consortium=consortium, consortium_seats__until__isnull=True
                )
            )
            .distinct()
            .order_by("full_name")
        )
