from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from kooperacja.core import bounds
from kooperacja.core.models import TimeStampedModel
from kooperacja.core.workflow import StateField, WorkflowModel

from ..enums import CostCategory, OfferState, PartnerRole

MONEY = {"max_digits": 12, "decimal_places": 2}
ZERO = Decimal("0.00")
HALF_GROSZ = models.Value(Decimal("0.005"))


class Offer(TimeStampedModel, WorkflowModel):
    """An offer on the form of Annex 1 to the regulation of 24.10.2018 (Dz.U. 2018 poz. 2057).

    Content (sections III to VII) is SEALED for everyone outside the offerors until the call's deadline:
    read it only through `selectors.offer_content_for(user, offer)`.
    """

    call = models.ForeignKey(
        "commissioning.Call", verbose_name=_("ogłoszenie"), on_delete=models.PROTECT, related_name="offers"
    )
    number = models.CharField(_("numer oferty"), max_length=40, blank=True)
    lead_organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("oferent (lider)"), on_delete=models.PROTECT, related_name="offers"
    )
    state = StateField(  # changes only through workflows
        _("stan"), max_length=24, choices=OfferState.choices, default=OfferState.DRAFT, db_index=False
    )
    is_joint = models.BooleanField(_("oferta wspólna (art. 14 ust. 2 OPP)"), default=False)
    # section III
    title = models.CharField(_("tytuł zadania publicznego"), max_length=250)
    start_date = models.DateField(_("data rozpoczęcia"), null=True, blank=True, validators=bounds.DATE)
    end_date = models.DateField(_("data zakończenia"), null=True, blank=True, validators=bounds.DATE)
    summary = models.TextField(_("syntetyczny opis zadania (miejsce, grupa docelowa)"), blank=True)
    place = models.CharField(_("miejsce realizacji"), max_length=250, blank=True)
    target_group = models.TextField(_("grupa odbiorców"), blank=True)
    expected_results = models.TextField(_("zakładane rezultaty"), blank=True)
    # section II
    contact_person = models.CharField(_("osoba do kontaktu"), max_length=150, blank=True)
    contact_email = models.EmailField(_("e-mail osoby do kontaktu"), blank=True)
    contact_phone = models.CharField(_("telefon osoby do kontaktu"), max_length=30, blank=True)
    # section IV
    experience = models.TextField(_("doświadczenie oferenta"), blank=True)
    resources = models.TextField(_("zasoby kadrowe, rzeczowe i finansowe"), blank=True)
    # section VI/VII
    other_info = models.TextField(_("inne informacje"), blank=True)
    declarations_accepted = models.BooleanField(_("oświadczenia (sekcja VII) złożone"), default=False)
    # section V totals, recomputed by services from budget rows
    requested_amount = models.DecimalField(
        _("wnioskowana kwota dotacji (zł)"), default=ZERO, validators=bounds.MONEY_NOT_NEGATIVE, **MONEY
    )
    total_cost = models.DecimalField(
        _("koszt całkowity (zł)"), default=ZERO, validators=bounds.MONEY_NOT_NEGATIVE, **MONEY
    )
    other_funds = models.DecimalField(
        _("inne środki publiczne/prywatne (zł)"), default=ZERO, validators=bounds.MONEY_NOT_NEGATIVE, **MONEY
    )
    own_financial = models.DecimalField(
        _("wkład własny finansowy (zł)"), default=ZERO, validators=bounds.MONEY_NOT_NEGATIVE, **MONEY
    )
    personal_contribution = models.DecimalField(
        _("wkład osobowy (zł)"), default=ZERO, validators=bounds.MONEY_NOT_NEGATIVE, **MONEY
    )
    in_kind_contribution = models.DecimalField(
        _("wkład rzeczowy (zł)"), default=ZERO, validators=bounds.MONEY_NOT_NEGATIVE, **MONEY
    )
    # lifecycle
    submitted_at = models.DateTimeField(_("złożono"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("wycofano"), null=True, blank=True)
    formal_rejection_reason = models.TextField(_("powód odrzucenia formalnego"), blank=True)
    average_score = models.DecimalField(_("średnia ocen"), null=True, blank=True, max_digits=7, decimal_places=2)
    awarded_amount = models.DecimalField(
        _("przyznana kwota dotacji (zł)"), null=True, blank=True, validators=bounds.MONEY_NOT_NEGATIVE, **MONEY
    )
    decision_note = models.TextField(_("uzasadnienie rozstrzygnięcia"), blank=True)
    update_due = models.DateField(_("termin aktualizacji oferty"), null=True, blank=True)
    comment_from = models.DateField(_("uwagi od (art. 19a ust. 3 OPP)"), null=True, blank=True)
    comment_until = models.DateField(_("uwagi do (art. 19a ust. 3 OPP)"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords(bases=[WorkflowModel])  # the historical copy keeps the guarded StateField

    class Meta:
        verbose_name = _("oferta")
        verbose_name_plural = _("oferty")
        ordering: ClassVar = ["call", "number", "id"]
        indexes: ClassVar = [models.Index(fields=["call", "state"])]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(requested_amount__gte=0),
                name="offer_requested_non_negative",
                violation_error_message=_(
                    "Wnioskowana kwota dotacji (pole „wnioskowana kwota dotacji”) nie może być ujemna."
                ),
                violation_error_code="offer_requested_non_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(awarded_amount__isnull=True) | models.Q(awarded_amount__gte=0),
                name="offer_awarded_non_negative",
                violation_error_message=_(
                    "Przyznana kwota dotacji (pole „przyznana kwota dotacji”) nie może być ujemna."
                ),
                violation_error_code="offer_awarded_non_negative",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="formally_rejected") | ~models.Q(formal_rejection_reason=""),
                name="offer_rejection_has_reason",
                violation_error_message=_(
                    "Odrzucenie formalne wymaga podania powodu (pole „powód odrzucenia formalnego”)."
                ),
                violation_error_code="offer_rejection_has_reason",
            ),
            # within half a grosz: SQLite compares decimals as floating point, PostgreSQL exactly
            models.CheckConstraint(
                condition=models.Q(
                    total_cost__gte=models.F("requested_amount")
                    + models.F("other_funds")
                    + models.F("own_financial")
                    + models.F("personal_contribution")
                    + models.F("in_kind_contribution")
                    - HALF_GROSZ,
                    total_cost__lte=models.F("requested_amount")
                    + models.F("other_funds")
                    + models.F("own_financial")
                    + models.F("personal_contribution")
                    + models.F("in_kind_contribution")
                    + HALF_GROSZ,
                ),
                name="offer_totals_consistent",
                violation_error_message=_(
                    "Koszt całkowity (pole „koszt całkowity”) musi być równy sumie dotacji, innych środków oraz "
                    "wkładu własnego finansowego, osobowego i rzeczowego."
                ),
                violation_error_code="offer_totals_consistent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number or '—'} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("commissioning:offer_detail", kwargs={"pk": self.pk})


class OfferPartner(models.Model):
    """An offeror of a joint offer (section II): the lead represents the others (art. 14 ust. 2 OPP)."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organizacja"),
        on_delete=models.PROTECT,
        related_name="offer_partnerships",
    )
    role = models.CharField(_("rola"), max_length=8, choices=PartnerRole.choices, default=PartnerRole.PARTNER)
    actions = models.TextField(_("działania realizowane przez oferenta"), blank=True)
    cost_share = models.DecimalField(
        _("udział w kosztach (zł)"), default=ZERO, validators=bounds.MONEY_NOT_NEGATIVE, **MONEY
    )

    class Meta:
        verbose_name = _("oferent (oferta wspólna)")
        verbose_name_plural = _("oferenci (oferta wspólna)")
        ordering: ClassVar = ["offer", "-role", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["offer", "organisation"],
                name="offer_partner_unique",
                violation_error_message=_("Ta organizacja (pole „organizacja”) jest już oferentem tej oferty."),
                violation_error_code="offer_partner_unique",
            ),
            models.UniqueConstraint(
                fields=["offer"],
                condition=models.Q(role="lead"),
                name="offer_single_lead",
                violation_error_message=_("Oferta wspólna ma tylko jednego lidera (pole „rola”)."),
                violation_error_code="offer_single_lead",
            ),
            models.CheckConstraint(
                condition=models.Q(cost_share__gte=0),
                name="offer_partner_share_non_negative",
                violation_error_message=_("Udział w kosztach (pole „udział w kosztach”) nie może być ujemny."),
                violation_error_code="offer_partner_share_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class OfferLot(models.Model):
    """Which parts of the package the offer covers, with the grant requested and awarded for each."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="offer_lots")
    lot = models.ForeignKey("commissioning.Lot", on_delete=models.PROTECT, related_name="offer_lots")
    requested_amount = models.DecimalField(
        _("wnioskowana dotacja (zł)"), default=ZERO, validators=bounds.MONEY_NOT_NEGATIVE, **MONEY
    )
    awarded_amount = models.DecimalField(
        _("przyznana dotacja (zł)"), null=True, blank=True, validators=bounds.MONEY_NOT_NEGATIVE, **MONEY
    )

    class Meta:
        verbose_name = _("część objęta ofertą")
        verbose_name_plural = _("części objęte ofertą")
        ordering: ClassVar = ["offer", "lot__number"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["offer", "lot"],
                name="offer_lot_unique",
                violation_error_message=_("Ta część (pole „część”) jest już objęta tą ofertą."),
                violation_error_code="offer_lot_unique",
            )
        ]

    def __str__(self) -> str:
        return str(self.lot)


class OfferAction(models.Model):
    """Section III.4: plan and schedule of actions; in a joint offer each names the responsible offeror."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="actions")
    order = models.PositiveSmallIntegerField(_("lp."), default=1)
    name = models.CharField(_("nazwa działania"), max_length=250)
    description = models.TextField(_("opis działania"), blank=True)
    lot = models.ForeignKey("commissioning.Lot", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    responsible = models.ForeignKey(
        OfferPartner,
        verbose_name=_("oferent realizujący"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    start_date = models.DateField(_("od"), null=True, blank=True, validators=bounds.DATE)
    end_date = models.DateField(_("do"), null=True, blank=True, validators=bounds.DATE)

    class Meta:
        verbose_name = _("działanie")
        verbose_name_plural = _("działania")
        ordering: ClassVar = ["offer", "order", "id"]

    def __str__(self) -> str:
        return self.name


class OfferIndicator(models.Model):
    """Section III.6: result indicators (name, planned level, how monitored)."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="indicators")
    lot = models.ForeignKey("commissioning.Lot", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(_("nazwa rezultatu"), max_length=250)
    planned_level = models.DecimalField(
        _("planowany poziom"), max_digits=12, decimal_places=2, validators=bounds.MONEY_NOT_NEGATIVE
    )
    unit = models.CharField(_("jednostka"), max_length=40, blank=True)
    monitoring = models.CharField(_("sposób monitorowania"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("rezultat")
        verbose_name_plural = _("rezultaty")
        ordering: ClassVar = ["offer", "id"]

    def __str__(self) -> str:
        return self.name


class CostRowColumns(models.Model):
    """The columns of a cost row of section V of the offer (kalkulacja przewidywanych kosztów), shared by the offer's
    budget and the updated budget after a lower grant (`changes.OfferUpdateRow`); each keeps its own constraint names
    through `cost_row_constraints`."""

    order = models.PositiveSmallIntegerField(_("lp."), default=1)
    category = models.CharField(_("kategoria"), max_length=8, choices=CostCategory.choices, default=CostCategory.TASK)
    name = models.CharField(_("rodzaj kosztu"), max_length=250)
    lot = models.ForeignKey("commissioning.Lot", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    quantity = models.DecimalField(
        _("liczba jednostek"), max_digits=10, decimal_places=2, validators=bounds.QUANTITY_POSITIVE
    )
    unit = models.CharField(_("rodzaj miary"), max_length=30)
    unit_cost = models.DecimalField(_("koszt jednostkowy (zł)"), validators=bounds.MONEY_NOT_NEGATIVE, **MONEY)
    total = models.DecimalField(_("koszt razem (zł)"), validators=bounds.MONEY_NOT_NEGATIVE, **MONEY)
    from_grant = models.DecimalField(_("z dotacji (zł)"), default=ZERO, validators=bounds.MONEY_NOT_NEGATIVE, **MONEY)
    from_other = models.DecimalField(
        _("z innych środków (zł)"), default=ZERO, validators=bounds.MONEY_NOT_NEGATIVE, **MONEY
    )
    own_financial = models.DecimalField(
        _("wkład własny finansowy (zł)"), default=ZERO, validators=bounds.MONEY_NOT_NEGATIVE, **MONEY
    )
    personal = models.DecimalField(_("wkład osobowy (zł)"), default=ZERO, validators=bounds.MONEY_NOT_NEGATIVE, **MONEY)
    in_kind = models.DecimalField(_("wkład rzeczowy (zł)"), default=ZERO, validators=bounds.MONEY_NOT_NEGATIVE, **MONEY)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


def cost_row_constraints(sum_name: str, non_negative_name: str) -> list[models.BaseConstraint]:
    """The two checks of a cost row (the sources add up to the total within half a grosz; nothing negative), under
    the names each table already has in the database."""
    sources = (
        models.F("from_grant")
        + models.F("from_other")
        + models.F("own_financial")
        + models.F("personal")
        + models.F("in_kind")
    )
    return [
        models.CheckConstraint(
            condition=models.Q(total__gte=sources - HALF_GROSZ, total__lte=sources + HALF_GROSZ),
            name=sum_name,
            violation_error_message=_(
                "Koszt razem (pole „koszt razem”) musi być równy sumie źródeł: z dotacji, z innych środków, "
                "wkładu własnego finansowego, osobowego i rzeczowego."
            ),
            violation_error_code=sum_name,
        ),
        models.CheckConstraint(
            condition=models.Q(quantity__gt=0, unit_cost__gte=0, from_grant__gte=0, from_other__gte=0)
            & models.Q(own_financial__gte=0, personal__gte=0, in_kind__gte=0),
            name=non_negative_name,
            violation_error_message=_(
                "Liczba jednostek (pole „liczba jednostek”) musi być większa od zera, a koszt jednostkowy i "
                "kwoty źródeł nie mogą być ujemne."
            ),
            violation_error_code=non_negative_name,
        ),
    ]


class BudgetRow(CostRowColumns):
    """Section V: a cost row with its split into sources (and, in a joint offer, the offeror bearing it)."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="budget_rows")
    partner = models.ForeignKey(
        OfferPartner,
        verbose_name=_("oferent ponoszący koszt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="budget_rows",
    )

    class Meta:
        verbose_name = _("pozycja kosztorysu")
        verbose_name_plural = _("pozycje kosztorysu")
        ordering: ClassVar = ["offer", "order", "id"]
        constraints: ClassVar = cost_row_constraints("budget_row_sources_sum_to_total", "budget_row_non_negative")


def attachment_path(instance: OfferAttachment, filename: str) -> str:
    return f"commissioning/offers/{instance.offer_id}/{filename}"


class OfferAttachment(TimeStampedModel):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("plik"), upload_to=attachment_path)
    original_name = models.CharField(_("nazwa pliku"), max_length=200)
    description = models.CharField(_("opis"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("rozmiar (B)"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("załącznik")
        verbose_name_plural = _("załączniki")
        ordering: ClassVar = ["offer", "id"]

    def __str__(self) -> str:
        return self.original_name


class CorrectionRequest(TimeStampedModel):
    """Formal review: a request to correct formal defects by a deadline; the answer closes it."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="correction_requests")
    message = models.TextField(_("zakres uzupełnienia"))
    due_date = models.DateField(_("termin uzupełnienia"), validators=bounds.DATE)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    answer = models.TextField(_("odpowiedź oferenta"), blank=True)
    answered_at = models.DateTimeField(_("uzupełniono"), null=True, blank=True)

    class Meta:
        verbose_name = _("wezwanie do uzupełnienia")
        verbose_name_plural = _("wezwania do uzupełnienia")
        ordering: ClassVar = ["offer", "-created_at"]

    def __str__(self) -> str:
        return f"{self.offer} – {self.due_date:%d.%m.%Y}"


class PublicComment(TimeStampedModel):
    """A comment on a small-grant offer during its 7-day publication (art. 19a ust. 3-5 OPP)."""

    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="public_comments")
    author_name = models.CharField(_("autor"), max_length=150)
    body = models.TextField(_("treść uwagi"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("uwaga do oferty")
        verbose_name_plural = _("uwagi do oferty")
        ordering: ClassVar = ["offer", "created_at"]

    def __str__(self) -> str:
        return f"{self.author_name}: {self.body[:40]}"
