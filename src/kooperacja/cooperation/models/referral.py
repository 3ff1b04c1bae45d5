"""Closed-loop referrals, consents to share parts of a case, and planner proposals awaiting approval."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kooperacja.core import bounds
from kooperacja.core.models import TimeStampedModel
from kooperacja.core.workflow import StateField, WorkflowModel

from ..enums import ConsentEnd, ProposalStatus, ReferralState


class Referral(TimeStampedModel, WorkflowModel):
    case = models.ForeignKey("cooperation.Case", on_delete=models.CASCADE, related_name="referrals")
    action = models.ForeignKey(
        "cooperation.Action",
        verbose_name=_("działanie z koszyka"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referrals",
    )
    from_organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("od"), on_delete=models.PROTECT, related_name="+"
    )
    to_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("do instytucji"),
        on_delete=models.PROTECT,
        related_name="incoming_referrals",
    )
    service = models.ForeignKey(
        "catalog.Service",
        verbose_name=_("usługa z katalogu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cooperation_referrals",
        help_text=_("Skierowanie do usługi trafia do jej realizatora."),
    )
    free_places_at_send = models.PositiveIntegerField(
        _("wolne miejsca w chwili skierowania"), null=True, blank=True, validators=bounds.COUNT_NOT_NEGATIVE
    )  # None: the service has no limit of places (or the referral names no service)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("osoba wysyłająca"), on_delete=models.PROTECT, related_name="+"
    )
    request = models.TextField(_("o co prosimy"))
    shared_parts = models.JSONField(_("udostępnione części sprawy"), default=list, blank=True)
    state = StateField(  # changes only through workflows.REFERRAL_WF
        _("stan"), max_length=14, choices=ReferralState.choices, default=ReferralState.SENT
    )
    due_on = models.DateField(_("termin odpowiedzi / realizacji"), validators=bounds.DATE)
    sent_at = models.DateTimeField(
        _("wysłano"), validators=bounds.DATE
    )  # = the time of the REFERRAL_SENT event, unless entered later
    entered_later = models.BooleanField(
        _("wpisane po wysłaniu"), default=False, help_text=_("Skierowanie wysłane wcześniej poza platformą (pismem).")
    )
    decided_at = models.DateTimeField(_("decyzja"), null=True, blank=True, validators=bounds.DATE)
    decline_reason = models.TextField(_("powód odmowy"), blank=True)
    started_at = models.DateTimeField(_("rozpoczęto"), null=True, blank=True, validators=bounds.DATE)
    finished_at = models.DateTimeField(_("zakończono"), null=True, blank=True, validators=bounds.DATE)
    outcome = models.TextField(_("rezultat"), blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("prowadzi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("skierowanie")
        verbose_name_plural = _("skierowania")
        ordering: ClassVar = ["-sent_at", "-id"]
        indexes: ClassVar = [
            models.Index(fields=["to_organisation", "state"]),
            models.Index(fields=["state", "due_on"]),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~models.Q(state="declined") | ~models.Q(decline_reason=""),
                name="referral_declined_has_reason",
                violation_error_message=_("Odmowa przyjęcia skierowania wymaga podania powodu (pole „powód odmowy”)."),
                violation_error_code="referral_declined_has_reason",
            ),
            models.CheckConstraint(
                condition=~models.Q(state__in=["completed", "not_completed"]) | ~models.Q(outcome=""),
                name="referral_finished_has_outcome",
                violation_error_message=_("Zakończone skierowanie ma opisany rezultat (pole „rezultat”)."),
                violation_error_code="referral_finished_has_outcome",
            ),
            models.CheckConstraint(
                condition=~models.Q(from_organisation=models.F("to_organisation")),
                name="referral_to_other_institution",
                violation_error_message=_(
                    "Skierowanie trafia do innej instytucji (pole „do instytucji”) niż ta, która kieruje."
                ),
                violation_error_code="referral_to_other_institution",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} → {self.to_organisation}"


class Consent(TimeStampedModel):
    """The family's consent for one institution to see parts of the case, for a purpose, until a date."""

    case = models.ForeignKey("cooperation.Case", on_delete=models.CASCADE, related_name="consents")
    organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("instytucja"), on_delete=models.PROTECT, related_name="+"
    )
    parts = models.JSONField(_("części sprawy"), default=list)
    purpose = models.CharField(_("cel udostępnienia"), max_length=300)
    given_by = models.CharField(_("osoba wyrażająca zgodę"), max_length=150)
    given_on = models.DateField(_("data zgody"), validators=bounds.DATE)
    valid_until = models.DateField(_("ważna do"), validators=bounds.DATE)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    withdrawn_at = models.DateTimeField(_("wycofano"), null=True, blank=True, validators=bounds.DATE)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawal_note = models.CharField(_("uwagi do wycofania"), max_length=300, blank=True)
    # Changing the scope makes a new version and ends this one as replaced (issue 17): the old one is kept.
    version = models.PositiveSmallIntegerField(_("wersja"), default=1, validators=bounds.COUNT_POSITIVE)
    previous = models.OneToOneField(
        "self",
        verbose_name=_("poprzednia wersja"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_version",
    )
    end_kind = models.CharField(_("powód zakończenia"), max_length=12, choices=ConsentEnd.choices, blank=True)

    class Meta:
        verbose_name = _("zgoda na udostępnienie")
        verbose_name_plural = _("zgody na udostępnienie")
        ordering: ClassVar = ["-given_on", "-id"]
        indexes: ClassVar = [models.Index(fields=["case", "organisation"])]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(valid_until__gte=models.F("given_on")),
                name="consent_dates",
                violation_error_message=_(
                    "Data ważności zgody (pole „ważna do”) nie może być wcześniejsza niż data zgody (pole „data "
                    "zgody”)."
                ),
                violation_error_code="consent_dates",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case.number}: {self.organisation}"


class PlanProposal(TimeStampedModel, WorkflowModel):
    """A basket planner result: a proposal only; nothing changes until a person accepts it."""

    team = models.ForeignKey("cooperation.Team", on_delete=models.CASCADE, related_name="plan_proposals")
    # A powiat-wide run: the powiat team's proposal is the parent; each gmina team gets its part as a child proposal,
    # decided by that gmina's planners (they own the cases); the powiat sees only the figures.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("plan powiatowy"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="parts",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = StateField(  # changes only through workflows.PROPOSAL_WF
        _("status"), max_length=10, choices=ProposalStatus.choices, default=ProposalStatus.PROPOSED
    )
    max_distance_km = models.PositiveIntegerField(
        _("maksymalna odległość (km)"), default=40, validators=[*bounds.COUNT_POSITIVE, MaxValueValidator(300)]
    )
    assignments = models.JSONField(_("przydziały"), default=list)
    stats = models.JSONField(_("podsumowanie"), default=dict)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True, validators=bounds.DATE)

    class Meta:
        verbose_name = _("propozycja planera koszyków")
        verbose_name_plural = _("propozycje planera koszyków")
        ordering: ClassVar = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.team}: {self.created_at:%d.%m.%Y %H:%M}"
