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

from ..enums import CallMode, CallState, CancelReason, PublicationChannel, TaskForm

MONEY = {"max_digits": 12, "decimal_places": 2}


class Call(TimeStampedModel, WorkflowModel):
    """An announcement: OPP open competition, small grant, own-initiative request or a Pzp procedure."""

    number = models.CharField(_("znak sprawy"), max_length=60, blank=True)
    title = models.CharField(_("tytuł"), max_length=250)
    mode = models.CharField(_("tryb"), max_length=24, choices=CallMode.choices, default=CallMode.OPP_OPEN)
    task_form = models.CharField(
        _("forma zlecenia"), max_length=10, choices=TaskForm.choices, default=TaskForm.SUPPORT, blank=True
    )
    state = StateField(  # changes only through workflows
        _("stan"), max_length=24, choices=CallState.choices, default=CallState.DRAFT, db_index=False
    )
    authority = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organ ogłaszający"),
        on_delete=models.PROTECT,
        related_name="calls",
    )
    package = models.ForeignKey(
        "commissioning.ServicePackage",
        verbose_name=_("pakiet usług"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="calls",
    )
    lots = models.ManyToManyField(
        "commissioning.Lot", verbose_name=_("części pakietu"), blank=True, related_name="calls"
    )
    proposed_by = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organizacja wnioskująca (art. 12 / art. 19a)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposed_calls",
    )
    # art. 13 ust. 2 OPP: contents of the announcement
    task_type = models.TextField(_("rodzaj zadania"), blank=True)
    funds_total = models.DecimalField(
        _("wysokość środków publicznych (zł)"), null=True, blank=True, validators=bounds.MONEY_POSITIVE, **MONEY
    )
    award_rules = models.TextField(_("zasady przyznawania dotacji"), blank=True)
    delivery_start = models.DateField(_("początek realizacji"), null=True, blank=True, validators=bounds.DATE)
    delivery_end = models.DateField(_("koniec realizacji"), null=True, blank=True, validators=bounds.DATE)
    delivery_conditions = models.TextField(_("warunki realizacji zadania"), blank=True)
    offer_deadline = models.DateTimeField(_("termin składania ofert"), null=True, blank=True, validators=bounds.DATE)
    selection_procedure = models.TextField(_("tryb i kryteria wyboru ofert"), blank=True)
    selection_date = models.DateField(_("termin dokonania wyboru ofert"), null=True, blank=True, validators=bounds.DATE)
    previous_tasks = models.TextField(
        _("zadania tego samego rodzaju w roku bieżącym i poprzednim (koszty, dotacje)"), blank=True
    )
    # per-call limits the offer form enforces (Witkac/eNGO practice)
    min_grant = models.DecimalField(
        _("minimalna kwota dotacji (zł)"), null=True, blank=True, validators=bounds.MONEY_NOT_NEGATIVE, **MONEY
    )
    max_grant = models.DecimalField(
        _("maksymalna kwota dotacji (zł)"), null=True, blank=True, validators=bounds.MONEY_POSITIVE, **MONEY
    )
    min_own_share = models.DecimalField(
        _("wymagany wkład własny ogółem (% kosztów)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=bounds.PERCENT,
    )
    min_financial_share = models.DecimalField(
        _("wymagany wkład finansowy (% kosztów)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=bounds.PERCENT,
    )
    min_personal_share = models.DecimalField(
        _("wymagany wkład osobowy (% kosztów)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=bounds.PERCENT,
    )
    min_in_kind_share = models.DecimalField(
        _("wymagany wkład rzeczowy (% kosztów)"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=bounds.PERCENT,
    )
    allow_joint_offers = models.BooleanField(_("dopuszcza oferty wspólne (art. 14 ust. 2 OPP)"), default=True)
    # Pzp
    cpv_codes = models.JSONField(_("kody CPV"), default=list, blank=True)
    estimated_value = models.DecimalField(
        _("wartość szacunkowa netto (zł)"), null=True, blank=True, validators=bounds.MONEY_NOT_NEGATIVE, **MONEY
    )
    # lifecycle
    published_at = models.DateTimeField(_("opublikowano"), null=True, blank=True)
    closed_at = models.DateTimeField(_("zamknięto nabór"), null=True, blank=True)
    decided_at = models.DateTimeField(_("rozstrzygnięto"), null=True, blank=True)
    results_published_at = models.DateTimeField(_("opublikowano wyniki"), null=True, blank=True)
    commission_opinion = models.TextField(_("opinia komisji konkursowej"), blank=True)
    commission_opinion_at = models.DateTimeField(_("data opinii komisji"), null=True, blank=True)
    cancel_reason = models.CharField(
        _("przyczyna unieważnienia"), max_length=20, choices=CancelReason.choices, blank=True
    )
    cancel_note = models.TextField(_("uzasadnienie unieważnienia"), blank=True)
    cancelled_at = models.DateTimeField(_("unieważniono"), null=True, blank=True)
    assessment_due = models.DateField(_("termin rozpatrzenia (art. 12 ust. 2 OPP)"), null=True, blank=True)
    assessment_note = models.TextField(_("ocena celowości realizacji zadania"), blank=True)
    cloned_from = models.ForeignKey(
        "self", verbose_name=_("skopiowano z"), null=True, blank=True, on_delete=models.SET_NULL, related_name="clones"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords(bases=[WorkflowModel])  # the historical copy keeps the guarded StateField

    class Meta:
        verbose_name = _("ogłoszenie")
        verbose_name_plural = _("ogłoszenia")
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["state", "offer_deadline"]),
            models.Index(fields=["authority", "state"]),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(min_grant__isnull=True)
                | models.Q(max_grant__isnull=True)
                | models.Q(min_grant__lte=models.F("max_grant")),
                name="call_min_grant_le_max",
                violation_error_message=_(
                    "Minimalna kwota dotacji (pole „minimalna kwota dotacji”) nie może być większa niż maksymalna "
                    "kwota dotacji (pole „maksymalna kwota dotacji”)."
                ),
                violation_error_code="call_min_grant_le_max",
            ),
            models.CheckConstraint(
                condition=models.Q(delivery_start__isnull=True)
                | models.Q(delivery_end__isnull=True)
                | models.Q(delivery_start__lte=models.F("delivery_end")),
                name="call_delivery_window_ordered",
                violation_error_message=_(
                    "Koniec realizacji (pole „koniec realizacji”) nie może być wcześniejszy niż początek realizacji "
                    "(pole „początek realizacji”)."
                ),
                violation_error_code="call_delivery_window_ordered",
            ),
            models.CheckConstraint(
                condition=~models.Q(state="cancelled") | ~models.Q(cancel_reason=""),
                name="call_cancelled_has_reason",
                violation_error_message=_(
                    "Unieważnione ogłoszenie musi mieć podaną przyczynę unieważnienia (pole „przyczyna unieważnienia”)."
                ),
                violation_error_code="call_cancelled_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("commissioning:call_detail", kwargs={"pk": self.pk})


class CallPublication(models.Model):
    """Where and when the announcement was published (art. 13 ust. 3 OPP: BIP, notice board, website)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="publications")
    channel = models.CharField(_("miejsce publikacji"), max_length=16, choices=PublicationChannel.choices)
    published_on = models.DateField(_("data publikacji"), validators=bounds.DATE)
    reference = models.CharField(_("adres lub opis"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("publikacja ogłoszenia")
        verbose_name_plural = _("publikacje ogłoszenia")
        ordering: ClassVar = ["call", "channel"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["call", "channel"],
                name="publication_unique_channel",
                violation_error_message=_(
                    "Publikacja tego ogłoszenia w tym miejscu (pole „miejsce publikacji”) jest już zapisana."
                ),
                violation_error_code="publication_unique_channel",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.published_on:%d.%m.%Y}"


class Criterion(models.Model):
    """An evaluation criterion with its scale (art. 15 ust. 1 OPP; art. 242 Pzp with weight)."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    order = models.PositiveSmallIntegerField(_("kolejność"), default=1)
    name = models.CharField(_("kryterium"), max_length=250)
    basis = models.CharField(_("podstawa prawna"), max_length=80, blank=True)
    max_points = models.DecimalField(
        _("maksymalna liczba punktów"), max_digits=6, decimal_places=2, validators=bounds.QUANTITY_POSITIVE
    )
    weight = models.DecimalField(
        _("waga (%)"), max_digits=5, decimal_places=2, default=Decimal("0"), validators=bounds.PERCENT
    )
    support_only = models.BooleanField(_("tylko przy wspieraniu"), default=False)

    class Meta:
        verbose_name = _("kryterium oceny")
        verbose_name_plural = _("kryteria oceny")
        ordering: ClassVar = ["call", "order", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(max_points__gt=0),
                name="criterion_positive_scale",
                violation_error_message=_(
                    "Maksymalna liczba punktów (pole „maksymalna liczba punktów”) musi być większa od zera."
                ),
                violation_error_code="criterion_positive_scale",
            ),
        ]

    def __str__(self) -> str:
        return self.name
