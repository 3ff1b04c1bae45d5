"""Forms for editing and ending memberships, agreements and consents, and for task teams and supervision
(issue 17). Labels and bounds only: every rule is the service's (`services/editing.py`, `services/taskteams.py`)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kooperacja.accounts.models import User
from kooperacja.core import bounds
from kooperacja.core.fields import ModelChoiceField, ModelMultipleChoiceField
from kooperacja.organisations.models import Organisation

from .enums import SHAREABLE_PARTS, CasePart, ConsentEnd, MemberLevel, MembershipEnd, TaskTeamKind, TaskTeamRole
from .models import Case, TaskTeamMember, TeamMember

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = forms.Textarea(attrs={"rows": 3})
PART_CHOICES = [(p.value, p.label) for p in CasePart if p in SHAREABLE_PARTS]


def _staff_of(organisation_ids: Any) -> Any:
    return (
        User.objects.filter(memberships__organisation_id__in=organisation_ids, memberships__status="active")
        .distinct()
        .order_by("full_name")
    )


def _name(user: Any) -> str:
    return user.full_name or user.email


class MemberEditForm(forms.Form):
    level = forms.ChoiceField(label=_("Poziom"), choices=MemberLevel.choices)
    representative = ModelChoiceField(
        label=_("Przedstawiciel instytucji w zespole"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Puste: instytucja nie ma wskazanego przedstawiciela."),
    )

    def __init__(self, *args: Any, member: TeamMember, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["representative"].queryset = _staff_of([member.organisation_id])  # type: ignore[attr-defined]
        self.fields["representative"].label_from_instance = _name  # type: ignore[attr-defined]


class MemberEndForm(forms.Form):
    end_kind = forms.ChoiceField(label=_("Sposób zakończenia"), choices=MembershipEnd.choices)
    left_on = forms.DateField(validators=bounds.DATE, label=_("Data zakończenia"), widget=DATE)
    reason = forms.CharField(label=_("Powód"), max_length=300, widget=TEXT)


class AgreementForm(forms.Form):
    number = forms.CharField(label=_("Numer porozumienia (lub aneksu)"), max_length=60, required=False)
    signed_on = forms.DateField(validators=bounds.DATE, label=_("Data podpisania zmiany"), widget=DATE)
    valid_until = forms.DateField(
        validators=bounds.DATE,
        label=_("Obowiązuje do"),
        widget=DATE,
        required=False,
        help_text=_("Puste: na czas nieokreślony."),
    )
    scope = forms.CharField(label=_("Zakres współpracy"), widget=forms.Textarea(attrs={"rows": 5}))
    reason = forms.CharField(label=_("Powód zmiany"), max_length=300)


class ConsentAmendForm(forms.Form):
    organisation = ModelChoiceField(label=_("Instytucja, której udostępniamy"), queryset=Organisation.objects.none())
    parts = forms.MultipleChoiceField(
        label=_("Udostępniane części sprawy"), choices=PART_CHOICES, widget=forms.CheckboxSelectMultiple
    )
    purpose = forms.CharField(label=_("Cel udostępnienia"), max_length=300)
    given_by = forms.CharField(label=_("Kto wyraża zgodę"), max_length=150)
    given_on = forms.DateField(validators=bounds.DATE, label=_("Data zmiany zgody"), widget=DATE)
    valid_until = forms.DateField(validators=bounds.DATE, label=_("Ważna do"), widget=DATE)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(  # type: ignore[attr-defined]
            cooperation_memberships__team=case.team, cooperation_memberships__left_on__isnull=True
        ).exclude(pk=case.owner_id)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("given_on") and data.get("valid_until") and data["valid_until"] < data["given_on"]:
            self.add_error("valid_until", _("Data ważności nie może być wcześniejsza niż data zgody."))
        return data


class ConsentEndForm(forms.Form):
    end_kind = forms.ChoiceField(
        label=_("Powód zakończenia"),
        choices=[(c.value, c.label) for c in ConsentEnd if c != ConsentEnd.REPLACED],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(label=_("Uwagi"), max_length=300, required=False)


class TaskTeamForm(forms.Form):
    kind = forms.ChoiceField(label=_("Rodzaj"), choices=TaskTeamKind.choices)
    name = forms.CharField(label=_("Nazwa"), max_length=150)
    purpose = forms.CharField(label=_("Cel pracy zespołu"), widget=TEXT, help_text=_("Bez danych osobowych."))
    formed_on = forms.DateField(validators=bounds.DATE, label=_("Data powołania"), widget=DATE)


class TaskTeamMemberForm(forms.Form):
    member = ModelChoiceField(label=_("Instytucja zespołu"), queryset=TeamMember.objects.none())
    user = ModelChoiceField(label=_("Osoba"), queryset=User.objects.none(), required=False)
    role = forms.ChoiceField(label=_("Rola"), choices=TaskTeamRole.choices, initial=TaskTeamRole.MEMBER)

    def __init__(self, *args: Any, task_team: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = (
            task_team.case.team.members.filter(left_on__isnull=True)
            .exclude(pk__in=task_team.members.values("member_id"))
            .select_related("organisation")
        )
        self.fields["member"].queryset = members  # type: ignore[attr-defined]
        self.fields["user"].queryset = _staff_of(members.values("organisation_id"))  # type: ignore[attr-defined]
        self.fields["user"].label_from_instance = _name  # type: ignore[attr-defined]


class TaskTeamMeetingForm(forms.Form):
    held_on = forms.DateField(validators=bounds.DATE, label=_("Data spotkania"), widget=DATE)
    place = forms.CharField(label=_("Miejsce"), max_length=200)
    attendees = ModelMultipleChoiceField(
        label=_("Obecni"), queryset=TaskTeamMember.objects.none(), widget=forms.CheckboxSelectMultiple, required=False
    )
    topics = forms.CharField(
        label=_("Tematy"), widget=TEXT, help_text=_("Bez danych osobowych – widzą je wszystkie instytucje zespołu.")
    )
    findings = forms.CharField(
        label=_("Ustalenia dotyczące rodziny"),
        widget=TEXT,
        required=False,
        help_text=_("Widoczne tylko dla osób, które mają dostęp do sprawy."),
    )

    def __init__(self, *args: Any, task_team: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = task_team.members.select_related("member__organisation")  # type: ignore[attr-defined]


class TaskTeamCloseForm(forms.Form):
    closed_on = forms.DateField(validators=bounds.DATE, label=_("Data zakończenia pracy"), widget=DATE)


class SupervisionForm(forms.Form):
    held_on = forms.DateField(validators=bounds.DATE, label=_("Data superwizji"), widget=DATE)
    supervisor = forms.CharField(
        label=_("Superwizor"), max_length=150, help_text=_("Imię i nazwisko oraz uprawnienia superwizora.")
    )
    hours = forms.DecimalField(
        label=_("Czas (godz.)"),
        min_value=Decimal("0.5"),
        max_value=Decimal("12"),
        decimal_places=1,
        initial=Decimal("2"),
        error_messages={"min_value": bounds.AT_LEAST_HALF_HOUR, "max_value": _("Superwizja trwa najwyżej 12 godzin.")},
    )
    participants = ModelMultipleChoiceField(
        label=_("Uczestnicy"), queryset=User.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    topics = forms.CharField(
        label=_("Tematy"), widget=TEXT, help_text=_("Bez danych osobowych rodzin – zapis widzą wszystkie instytucje.")
    )
    case = ModelChoiceField(
        label=_("Omawiana sprawa"),
        queryset=Case.objects.none(),
        required=False,
        help_text=_("Tylko sprawy Twojej instytucji; wnioski widzą wyłącznie osoby z dostępem do sprawy."),
    )
    case_notes = forms.CharField(label=_("Wnioski dotyczące sprawy"), widget=TEXT, required=False)

    def __init__(self, *args: Any, team: Any, cases: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        participants = _staff_of(team.members.filter(left_on__isnull=True).values("organisation_id"))
        self.fields["participants"].queryset = participants  # type: ignore[attr-defined]
        self.fields["participants"].label_from_instance = _name  # type: ignore[attr-defined]
        self.fields["case"].queryset = cases  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("case_notes") or "").strip() and not data.get("case"):
            self.add_error("case_notes", _("Wnioski dotyczące sprawy wymagają wskazania omawianej sprawy."))
        return data
