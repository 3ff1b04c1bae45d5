"""Bodies (general meeting, board, office), meetings with minutes, resolutions and votes."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kooperacja.core import bounds
from kooperacja.core.models import TimeStampedModel
from kooperacja.core.workflow import StateField, WorkflowModel

from ..enums import (
    MEMBERSHIP_KINDS,
    BodyKind,
    Majority,
    MeetingStatus,
    ResolutionKind,
    ResolutionStatus,
    SeatRole,
    VoteChoice,
)
from .consortium import Consortium, ConsortiumMember


class Body(TimeStampedModel):
    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="bodies")
    kind = models.CharField(_("rodzaj organu"), max_length=16, choices=BodyKind.choices)
    name = models.CharField(_("nazwa"), max_length=120)

    class Meta:
        verbose_name = _("organ konsorcjum")
        verbose_name_plural = _("organy konsorcjum")
        ordering: ClassVar = ["consortium", "kind"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["consortium", "kind"],
                name="consortium_body_unique_kind",
                violation_error_message=_("Konsorcjum ma już organ tego rodzaju (pole „rodzaj organu”)."),
                violation_error_code="consortium_body_unique_kind",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class BodySeat(TimeStampedModel):
    """A person sitting in a body; board seats represent a member organisation (its vote in board resolutions)."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="seats")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("osoba"), on_delete=models.PROTECT, related_name="consortium_seats"
    )
    member = models.ForeignKey(
        ConsortiumMember,
        verbose_name=_("reprezentowany członek"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="seats",
    )
    role = models.CharField(_("funkcja"), max_length=16, choices=SeatRole.choices, default=SeatRole.MEMBER)
    since = models.DateField(_("od"), validators=bounds.DATE)
    until = models.DateField(_("do"), null=True, blank=True, validators=bounds.DATE)

    class Meta:
        verbose_name = _("miejsce w organie")
        verbose_name_plural = _("skład organów")
        ordering: ClassVar = ["body", "role", "person__full_name"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["body", "person"],
                condition=models.Q(until__isnull=True),
                name="body_seat_one_open_per_person",
                violation_error_message=_("Ta osoba (pole „osoba”) zasiada już w tym organie."),
                violation_error_code="body_seat_one_open_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()}"


class Meeting(TimeStampedModel):
    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="meetings")
    body = models.ForeignKey(Body, verbose_name=_("organ"), on_delete=models.PROTECT, related_name="meetings")
    title = models.CharField(_("tytuł"), max_length=200)
    starts_at = models.DateTimeField(_("termin"), validators=bounds.DATE)
    place = models.CharField(_("miejsce"), max_length=200, blank=True)
    agenda = models.TextField(_("porządek obrad"))
    minutes = models.TextField(_("protokół"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED)
    present_members = models.ManyToManyField(
        ConsortiumMember, verbose_name=_("obecni członkowie"), blank=True, related_name="meetings_attended"
    )

    class Meta:
        verbose_name = _("posiedzenie")
        verbose_name_plural = _("posiedzenia")
        ordering: ClassVar = ["-starts_at", "-id"]

    def __str__(self) -> str:
        return self.title


class Resolution(WorkflowModel, TimeStampedModel):
    """A resolution put to an online vote; what it decides happens only when it is adopted."""

    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="resolutions")
    body = models.ForeignKey(Body, verbose_name=_("organ"), on_delete=models.PROTECT, related_name="resolutions")
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("posiedzenie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="resolutions",
    )
    number = models.CharField(_("numer"), max_length=30)
    title = models.CharField(_("tytuł"), max_length=250)
    text = models.TextField(_("treść uchwały"))
    kind = models.CharField(_("rodzaj"), max_length=20, choices=ResolutionKind.choices, default=ResolutionKind.GENERAL)
    target_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organizacja, której dotyczy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    target_plan = models.ForeignKey(
        "consortia.AllocationPlan",
        verbose_name=_("wersja podziału do zatwierdzenia"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="resolutions",
    )
    status = StateField(_("status"), max_length=10, choices=ResolutionStatus.choices, default="draft")
    # Voting rules frozen when the vote opens (the agreement may change later).
    quorum_percent = models.PositiveSmallIntegerField(_("kworum (%)"), null=True, blank=True, validators=bounds.PERCENT)
    majority = models.CharField(_("wymagana większość"), max_length=12, choices=Majority.choices, blank=True)
    eligible_count = models.PositiveSmallIntegerField(
        _("uprawnionych"), default=0, validators=bounds.COUNT_NOT_NEGATIVE
    )
    eligible_member_ids = models.JSONField(default=list, blank=True)
    voting_opened_at = models.DateTimeField(_("otwarcie głosowania"), null=True, blank=True, validators=bounds.DATE)
    voting_closes_on = models.DateField(_("głosowanie do"), null=True, blank=True, validators=bounds.DATE)
    votes_for = models.PositiveSmallIntegerField(_("za"), default=0, validators=bounds.COUNT_NOT_NEGATIVE)
    votes_against = models.PositiveSmallIntegerField(_("przeciw"), default=0, validators=bounds.COUNT_NOT_NEGATIVE)
    votes_abstain = models.PositiveSmallIntegerField(
        _("wstrzymujących się"), default=0, validators=bounds.COUNT_NOT_NEGATIVE
    )
    quorum_met = models.BooleanField(_("kworum osiągnięte"), null=True, blank=True)
    decided_at = models.DateTimeField(_("data rozstrzygnięcia"), null=True, blank=True, validators=bounds.DATE)
    effective_on = models.DateField(_("wchodzi w życie"), null=True, blank=True, validators=bounds.DATE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("uchwała")
        verbose_name_plural = _("uchwały")
        ordering: ClassVar = ["-created_at", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["consortium", "number"],
                name="resolution_unique_number",
                violation_error_message=_("Uchwała o tym numerze (pole „numer”) już istnieje w tym konsorcjum."),
                violation_error_code="resolution_unique_number",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind__in=sorted(MEMBERSHIP_KINDS)) | models.Q(target_organisation__isnull=False),
                name="resolution_membership_has_target",
                violation_error_message=_(
                    "Uchwała w sprawie członkostwa wskazuje organizację (pole „organizacja, której dotyczy”)."
                ),
                violation_error_code="resolution_membership_has_target",
            ),
            models.CheckConstraint(
                condition=~models.Q(kind="approve_split") | models.Q(target_plan__isnull=False),
                name="resolution_split_has_plan",
                violation_error_message=_(
                    "Uchwała zatwierdzająca podział wskazuje wersję podziału (pole „wersja podziału do zatwierdzenia”)."
                ),
                violation_error_code="resolution_split_has_plan",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} – {self.title}"

    @property
    def votes_cast(self) -> int:
        return self.votes_for + self.votes_against + self.votes_abstain


class Vote(models.Model):
    """One vote per member per resolution (database-enforced), cast by an authorised representative."""

    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="votes")
    member = models.ForeignKey(ConsortiumMember, on_delete=models.PROTECT, related_name="votes")
    choice = models.CharField(_("głos"), max_length=8, choices=VoteChoice.choices)
    cast_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    cast_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("głos")
        verbose_name_plural = _("głosy")
        ordering: ClassVar = ["cast_at", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["resolution", "member"],
                name="vote_one_per_member",
                violation_error_message=_("Ten członek oddał już głos w sprawie tej uchwały."),
                violation_error_code="vote_one_per_member",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member.organisation}: {self.get_choice_display()}"
