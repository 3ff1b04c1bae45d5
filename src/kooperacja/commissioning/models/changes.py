"""Changes after the award: the offeror's updated budget and schedule when the grant is lower than requested
(aktualizacja oferty), and change requests during the contract (wniosek o zmianę umowy), with the values before
and after each change kept for the contract's history."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kooperacja.core import bounds
from kooperacja.core.models import TimeStampedModel
from kooperacja.core.workflow import StateField, WorkflowModel

from ..enums import ChangeRequestState, OfferUpdateState
from .offers import CostRowColumns, cost_row_constraints

MONEY = {"max_digits": 12, "decimal_places": 2}


class OfferUpdate(TimeStampedModel, WorkflowModel):
    """The updated budget and schedule the offeror submits when the grant awarded is lower than requested; once the
    office accepts it, the offer's (and so the contract's) budget rows and dates come from it."""

    offer = models.ForeignKey("commissioning.Offer", on_delete=models.CASCADE, related_name="updates")
    number = models.PositiveSmallIntegerField(_("numer wersji"))
    state = StateField(  # changes only through workflows
        _("stan"), max_length=16, choices=OfferUpdateState.choices, default=OfferUpdateState.SUBMITTED, db_index=False
    )
    awarded_amount = models.DecimalField(
        _("przyznana kwota dotacji (zł)"), validators=bounds.MONEY_NOT_NEGATIVE, **MONEY
    )
    start_date = models.DateField(_("data rozpoczęcia"), validators=bounds.DATE)
    end_date = models.DateField(_("data zakończenia"), validators=bounds.DATE)
    schedule_note = models.TextField(_("opis zmian w harmonogramie i zakresie zadania"), blank=True)
    total_cost = models.DecimalField(_("koszt całkowity (zł)"), validators=bounds.MONEY_NOT_NEGATIVE, **MONEY)
    grant_total = models.DecimalField(_("dotacja razem (zł)"), validators=bounds.MONEY_NOT_NEGATIVE, **MONEY)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decyzja urzędu"), null=True, blank=True)
    return_reason = models.TextField(_("powód zwrotu"), blank=True)

    class Meta:
        verbose_name = _("aktualizacja oferty")
        verbose_name_plural = _("aktualizacje oferty")
        ordering: ClassVar = ["offer", "number"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["offer", "number"],
                name="offer_update_unique_number",
                violation_error_message=_("Aktualizacja o tym numerze (pole „numer wersji”) już istnieje."),
                violation_error_code="offer_update_unique_number",
            ),
            models.UniqueConstraint(
                fields=["offer"],
                condition=models.Q(state="submitted"),
                name="offer_update_single_pending",
                violation_error_message=_("Oferta ma już aktualizację czekającą na decyzję urzędu (pole „stan”)."),
                violation_error_code="offer_update_single_pending",
            ),
            models.CheckConstraint(
                condition=models.Q(start_date__lte=models.F("end_date")),
                name="offer_update_dates_ordered",
                violation_error_message=_(
                    "Data zakończenia (pole „data zakończenia”) nie może być wcześniejsza niż data rozpoczęcia "
                    "(pole „data rozpoczęcia”)."
                ),
                violation_error_code="offer_update_dates_ordered",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="returned") | ~models.Q(return_reason=""),
                name="offer_update_return_has_reason",
                violation_error_message=_("Zwrot aktualizacji wymaga podania powodu (pole „powód zwrotu”)."),
                violation_error_code="offer_update_return_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Aktualizacja nr {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("commissioning:offer_update", kwargs={"pk": self.offer_id})


class OfferUpdateRow(CostRowColumns):
    """A cost row of the updated budget (the same columns as section V of the offer)."""

    update = models.ForeignKey(OfferUpdate, on_delete=models.CASCADE, related_name="rows")
    partner = models.ForeignKey(
        "commissioning.OfferPartner",
        verbose_name=_("oferent ponoszący koszt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("pozycja zaktualizowanego kosztorysu")
        verbose_name_plural = _("pozycje zaktualizowanego kosztorysu")
        ordering: ClassVar = ["update", "order", "id"]
        constraints: ClassVar = cost_row_constraints("offer_update_row_sources_sum", "offer_update_row_non_negative")


class OfferUpdateAction(models.Model):
    """The updated dates of one action of the offer's schedule (section III.4)."""

    update = models.ForeignKey(OfferUpdate, on_delete=models.CASCADE, related_name="actions")
    action = models.ForeignKey("commissioning.OfferAction", on_delete=models.CASCADE, related_name="+")
    start_date = models.DateField(_("od"), validators=bounds.DATE)
    end_date = models.DateField(_("do"), validators=bounds.DATE)

    class Meta:
        verbose_name = _("termin działania w aktualizacji")
        verbose_name_plural = _("terminy działań w aktualizacji")
        ordering: ClassVar = ["update", "action__order", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(start_date__lte=models.F("end_date")),
                name="offer_update_action_dates_ordered",
                violation_error_message=_(
                    "Koniec działania (pole „do”) nie może być wcześniejszy niż jego początek (pole „od”)."
                ),
                violation_error_code="offer_update_action_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return str(self.action)


class ChangeRequest(TimeStampedModel, WorkflowModel):
    """A request of the contractor to change the contract: budget shifts between cost rows, the schedule (dates of
    actions, the end date) and the people (the contact person, the staff). The office approves or rejects it; an
    approved request beyond what the contract allows without a change becomes an annex."""

    contract = models.ForeignKey("commissioning.Contract", on_delete=models.CASCADE, related_name="change_requests")
    number = models.PositiveSmallIntegerField(_("numer wniosku"))
    state = StateField(  # changes only through workflows
        _("stan"),
        max_length=16,
        choices=ChangeRequestState.choices,
        default=ChangeRequestState.SUBMITTED,
        db_index=False,
    )
    justification = models.TextField(_("uzasadnienie zmiany"))
    previous_end_date = models.DateField(_("koniec realizacji przed zmianą"), null=True, blank=True)
    new_end_date = models.DateField(_("nowy koniec realizacji"), null=True, blank=True, validators=bounds.DATE)
    previous_contact = models.CharField(_("osoba do kontaktu przed zmianą"), max_length=300, blank=True)
    new_contact_person = models.CharField(_("nowa osoba do kontaktu"), max_length=150, blank=True)
    new_contact_email = models.EmailField(_("e-mail nowej osoby do kontaktu"), blank=True)
    new_contact_phone = models.CharField(_("telefon nowej osoby do kontaktu"), max_length=30, blank=True)
    staff_change = models.TextField(_("zmiana osób realizujących zadanie"), blank=True)
    needs_annex = models.BooleanField(_("wymaga aneksu"), default=False)
    annex = models.OneToOneField(
        "commissioning.Annex", null=True, blank=True, on_delete=models.SET_NULL, related_name="change_request"
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decyzja urzędu"), null=True, blank=True)
    rejection_reason = models.TextField(_("powód odrzucenia"), blank=True)

    class Meta:
        verbose_name = _("wniosek o zmianę umowy")
        verbose_name_plural = _("wnioski o zmianę umowy")
        ordering: ClassVar = ["contract", "number"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["contract", "number"],
                name="change_request_unique_number",
                violation_error_message=_("Wniosek o tym numerze (pole „numer wniosku”) już istnieje w tej umowie."),
                violation_error_code="change_request_unique_number",
            ),
            models.UniqueConstraint(
                fields=["contract"],
                condition=models.Q(state="submitted"),
                name="change_request_single_pending",
                violation_error_message=_(
                    "Umowa ma już wniosek o zmianę czekający na decyzję urzędu (pole „stan”): poczekaj na nią."
                ),
                violation_error_code="change_request_single_pending",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="rejected") | ~models.Q(rejection_reason=""),
                name="change_request_rejection_has_reason",
                violation_error_message=_("Odrzucenie wniosku wymaga podania powodu (pole „powód odrzucenia”)."),
                violation_error_code="change_request_rejection_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"Wniosek o zmianę nr {self.number}"

    def get_absolute_url(self) -> str:
        return reverse("commissioning:change_request_detail", kwargs={"pk": self.pk})


class ChangeBudgetLine(models.Model):
    """A cost row's grant before and after the requested shift."""

    request = models.ForeignKey(ChangeRequest, on_delete=models.CASCADE, related_name="budget_lines")
    budget_row = models.ForeignKey("commissioning.BudgetRow", on_delete=models.PROTECT, related_name="+")
    previous_grant = models.DecimalField(_("dotacja przed zmianą (zł)"), **MONEY)
    new_grant = models.DecimalField(_("dotacja po zmianie (zł)"), validators=bounds.MONEY_NOT_NEGATIVE, **MONEY)

    class Meta:
        verbose_name = _("przesunięcie w kosztorysie")
        verbose_name_plural = _("przesunięcia w kosztorysie")
        ordering: ClassVar = ["request", "budget_row__order"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["request", "budget_row"],
                name="change_budget_line_unique",
                violation_error_message=_("Ta pozycja kosztorysu (pole „pozycja”) jest już we wniosku."),
                violation_error_code="change_budget_line_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(new_grant__gte=0),
                name="change_budget_line_non_negative",
                violation_error_message=_("Dotacja po zmianie (pole „dotacja po zmianie”) nie może być ujemna."),
                violation_error_code="change_budget_line_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.budget_row}: {self.previous_grant} → {self.new_grant}"

    @property
    def difference(self) -> Decimal:
        return self.new_grant - self.previous_grant


class ChangeScheduleLine(models.Model):
    """An action's dates before and after the requested change."""

    request = models.ForeignKey(ChangeRequest, on_delete=models.CASCADE, related_name="schedule_lines")
    action = models.ForeignKey("commissioning.OfferAction", on_delete=models.CASCADE, related_name="+")
    previous_start = models.DateField(_("od (przed zmianą)"), null=True, blank=True)
    previous_end = models.DateField(_("do (przed zmianą)"), null=True, blank=True)
    new_start = models.DateField(_("od (po zmianie)"), validators=bounds.DATE)
    new_end = models.DateField(_("do (po zmianie)"), validators=bounds.DATE)

    class Meta:
        verbose_name = _("zmiana terminu działania")
        verbose_name_plural = _("zmiany terminów działań")
        ordering: ClassVar = ["request", "action__order"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(new_start__lte=models.F("new_end")),
                name="change_schedule_line_dates_ordered",
                violation_error_message=_(
                    "Koniec działania (pole „do (po zmianie)”) nie może być wcześniejszy niż jego początek "
                    "(pole „od (po zmianie)”)."
                ),
                violation_error_code="change_schedule_line_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return str(self.action)
