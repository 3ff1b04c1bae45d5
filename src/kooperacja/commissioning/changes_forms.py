"""Forms of the changes after the award: the updated offer (dates, schedule of actions; its budget rows use the
offer form's `BudgetFormSet`) and the change request (a new grant per cost row, new dates per action, the end date,
the people). Parsing only: the sums, limits and dates are judged by `services.changes`."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from kooperacja.core import bounds

from .forms import DATE, MONEY_KW
from .models import BudgetRow, OfferAction
from .services.changes import ScheduleLine, ShiftLine

MAX_GRANT = Decimal("9999999999.99")


def _action_label(action: OfferAction) -> str:
    return str(action.name)


class _ScheduleFields:
    """Two date fields (from, to) per action of the offer, named by the action's id."""

    fields: dict[str, Any]
    cleaned_data: dict[str, Any]

    def _add_schedule(self, actions: Iterable[OfferAction]) -> None:
        self.actions = list(actions)
        for a in self.actions:
            self.fields[f"start_{a.pk}"] = forms.DateField(
                label=_("„%(a)s” – od") % {"a": _action_label(a)},
                validators=bounds.DATE,
                widget=DATE,
                initial=a.start_date,
                required=False,
            )
            self.fields[f"end_{a.pk}"] = forms.DateField(
                label=_("„%(a)s” – do") % {"a": _action_label(a)},
                validators=bounds.DATE,
                widget=DATE,
                initial=a.end_date,
                required=False,
            )

    def schedule(self) -> list[ScheduleLine]:
        out = []
        for a in self.actions:
            start, end = self.cleaned_data.get(f"start_{a.pk}"), self.cleaned_data.get(f"end_{a.pk}")
            if start and end:
                out.append(ScheduleLine(action_id=a.pk, start_date=start, end_date=end))
        return out

    def schedule_fields(self) -> list[tuple[OfferAction, Any, Any]]:
        """(action, its "from" field, its "to" field) for the template's table."""
        return [(a, self[f"start_{a.pk}"], self[f"end_{a.pk}"]) for a in self.actions]  # type: ignore[index]


class OfferUpdateForm(_ScheduleFields, forms.Form):
    start_date = forms.DateField(label=_("Data rozpoczęcia zadania"), validators=bounds.DATE, widget=DATE)
    end_date = forms.DateField(label=_("Data zakończenia zadania"), validators=bounds.DATE, widget=DATE)
    note = forms.CharField(
        label=_("Opis zmian w harmonogramie i zakresie zadania"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, actions: Iterable[OfferAction] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._add_schedule(actions)


class UpdateDecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Powód zwrotu (przy zwrocie do poprawy)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ChangeRequestForm(_ScheduleFields, forms.Form):
    justification = forms.CharField(
        label=_("Uzasadnienie zmiany"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )
    new_end_date = forms.DateField(
        label=_("Nowy koniec realizacji (puste: bez zmiany)"), validators=bounds.DATE, widget=DATE, required=False
    )
    new_contact_person = forms.CharField(
        label=_("Nowa osoba do kontaktu (puste: bez zmiany)"), required=False, max_length=150
    )
    new_contact_email = forms.EmailField(label=_("E-mail nowej osoby do kontaktu"), required=False)
    new_contact_phone = forms.CharField(label=_("Telefon nowej osoby do kontaktu"), required=False, max_length=30)
    staff_change = forms.CharField(
        label=_("Zmiana osób realizujących zadanie (kto odchodzi, kto przychodzi, kwalifikacje)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self, *args: Any, rows: Iterable[BudgetRow] = (), actions: Iterable[OfferAction] = (), **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.rows = list(rows)
        for r in self.rows:
            self.fields[f"grant_{r.pk}"] = forms.DecimalField(
                label=_("„%(r)s” – dotacja po zmianie (zł)") % {"r": r.name},
                initial=r.from_grant,
                max_value=MAX_GRANT,
                **{**MONEY_KW, "required": True},
            )
        self._add_schedule(actions)

    def shifts(self) -> list[ShiftLine]:
        return [
            ShiftLine(budget_row_id=r.pk, new_grant=self.cleaned_data[f"grant_{r.pk}"])
            for r in self.rows
            if self.cleaned_data.get(f"grant_{r.pk}") is not None
        ]

    def grant_fields(self) -> list[tuple[BudgetRow, Any]]:
        return [(r, self[f"grant_{r.pk}"]) for r in self.rows]

    def contact(self) -> tuple[str, str, str] | None:
        person = self.cleaned_data.get("new_contact_person", "")
        if not person:
            return None
        return person, self.cleaned_data.get("new_contact_email", ""), self.cleaned_data.get("new_contact_phone", "")


class ChangeDecisionForm(forms.Form):
    signed_on = forms.DateField(
        label=_("Data zawarcia aneksu (gdy zmiana go wymaga)"), validators=bounds.DATE, widget=DATE, required=False
    )
    reason = forms.CharField(
        label=_("Powód odrzucenia (przy odrzuceniu)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
