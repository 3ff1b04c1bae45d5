"""The Partner Cooperation Team (PZK): member institutions with their agreements, animators, meetings."""

from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kooperacja.core import bounds
from kooperacja.core.models import TimeStampedModel
from kooperacja.core.workflow import StateField, WorkflowModel

from ..enums import MeetingItemKind, MeetingStatus, MemberLevel, MembershipEnd, TeamFunction


class Team(TimeStampedModel):
    """One PZK per gmina (powiat-level institutions may join it as members), and at most one powiat team per powiat
    (PCPR, crisis centre, police, probation officers, the powiat's school and counselling centre) that works with the
    gmina teams of its powiat: it receives their referrals and plans shared powiat services across their cases."""

    name = models.CharField(_("nazwa zespołu"), max_length=200)
    level = models.CharField(_("poziom"), max_length=8, choices=MemberLevel.choices, default=MemberLevel.GMINA)
    gmina = models.OneToOneField(
        "core.Territory",
        verbose_name=_("gmina"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cooperation_team",
        limit_choices_to={"kind": "gmina"},
    )
    powiat = models.OneToOneField(
        "core.Territory",
        verbose_name=_("powiat"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cooperation_powiat_team",
        limit_choices_to={"kind": "powiat"},
    )
    lead_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("instytucja wiodąca (OPS)"),
        on_delete=models.PROTECT,
        related_name="led_cooperation_teams",
    )
    founded_on = models.DateField(_("data powołania"), validators=bounds.DATE)
    description = models.TextField(_("cel i zasady współpracy"), blank=True)

    class Meta:
        verbose_name = _("Partnerski Zespół Kooperacji")
        verbose_name_plural = _("Partnerskie Zespoły Kooperacji")
        ordering: ClassVar = ["name"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=(models.Q(level="gmina") & models.Q(gmina__isnull=False) & models.Q(powiat__isnull=True))
                | (models.Q(level="powiat") & models.Q(powiat__isnull=False) & models.Q(gmina__isnull=True)),
                name="team_level_territory",
                violation_error_message=_(
                    "Zespół gminny ma gminę (pole „gmina”), a zespół powiatowy – powiat (pole „powiat”); nigdy oba."
                ),
                violation_error_code="team_level_territory",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_powiat(self) -> bool:
        return self.level == MemberLevel.POWIAT

    @property
    def territory(self) -> Any:
        """The gmina of a gmina team, the powiat of a powiat team."""
        return self.powiat if self.is_powiat else self.gmina


class TeamMember(TimeStampedModel):
    """A member institution and the agreement (porozumienie) it signed."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("instytucja"),
        on_delete=models.PROTECT,
        related_name="cooperation_memberships",
    )
    level = models.CharField(_("poziom"), max_length=8, choices=MemberLevel.choices, default=MemberLevel.GMINA)
    agreement_number = models.CharField(_("numer porozumienia"), max_length=60, blank=True)
    agreement_signed_on = models.DateField(_("data podpisania porozumienia"), validators=bounds.DATE)
    agreement_scope = models.TextField(_("zakres współpracy z porozumienia"))
    left_on = models.DateField(_("data wystąpienia"), null=True, blank=True, validators=bounds.DATE)
    # Editing and ending (issue 17): the agreement's current version and term; how and why the membership ended.
    agreement_version = models.PositiveSmallIntegerField(
        _("wersja porozumienia"), default=1, validators=bounds.COUNT_POSITIVE
    )
    agreement_valid_until = models.DateField(
        _("porozumienie obowiązuje do"),
        null=True,
        blank=True,
        validators=bounds.DATE,
        help_text=_("Puste: na czas nieokreślony."),
    )
    end_kind = models.CharField(_("sposób zakończenia"), max_length=10, choices=MembershipEnd.choices, blank=True)
    left_reason = models.CharField(_("powód zakończenia"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("instytucja członkowska")
        verbose_name_plural = _("instytucje członkowskie")
        ordering: ClassVar = ["team", "level", "organisation__name"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["team", "organisation"],
                name="team_member_unique_organisation",
                violation_error_message=_("Ta instytucja (pole „instytucja”) jest już członkiem zespołu."),
                violation_error_code="team_member_unique_organisation",
            ),
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True) | models.Q(left_on__gte=models.F("agreement_signed_on")),
                name="team_member_left_after_signing",
                violation_error_message=_(
                    "Data wystąpienia (pole „data wystąpienia”) nie może być wcześniejsza niż data podpisania "
                    "porozumienia (pole „data podpisania porozumienia”)."
                ),
                violation_error_code="team_member_left_after_signing",
            ),
            models.CheckConstraint(
                condition=models.Q(left_on__isnull=True) | (~models.Q(end_kind="") & ~models.Q(left_reason="")),
                name="team_member_left_has_reason",
                violation_error_message=_(
                    "Zakończenie członkostwa ma sposób (pole „sposób zakończenia”) i powód (pole „powód zakończenia”)."
                ),
                violation_error_code="team_member_left_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation)

    @property
    def is_active(self) -> bool:
        return self.left_on is None


class TeamPerson(models.Model):
    """A person acting for the team: an animator (gmina / powiat) or a member institution's representative."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="people")
    member = models.ForeignKey(
        TeamMember, verbose_name=_("instytucja"), on_delete=models.CASCADE, related_name="people"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("osoba"), on_delete=models.CASCADE, related_name="+"
    )
    function = models.CharField(_("funkcja"), max_length=20, choices=TeamFunction.choices)

    class Meta:
        verbose_name = _("osoba w zespole")
        verbose_name_plural = _("osoby w zespole")
        ordering: ClassVar = ["function", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["team", "user", "function"],
                name="team_person_unique_function",
                violation_error_message=_("Ta osoba (pole „osoba”) pełni już tę funkcję (pole „funkcja”) w zespole."),
                violation_error_code="team_person_unique_function",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_function_display()})"


class Meeting(TimeStampedModel, WorkflowModel):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="meetings")
    title = models.CharField(_("temat"), max_length=200)
    starts_at = models.DateTimeField(_("termin"), validators=bounds.DATE)
    place = models.CharField(_("miejsce"), max_length=200)
    agenda = models.TextField(_("porządek spotkania"))
    minutes = models.TextField(_("protokół"), blank=True)
    status = StateField(  # changes only through workflows.MEETING_WF
        _("status"), max_length=8, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    attendees = models.ManyToManyField(TeamMember, verbose_name=_("obecne instytucje"), blank=True, related_name="+")
    minutes_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("protokolant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("spotkanie zespołu")
        verbose_name_plural = _("spotkania zespołu")
        ordering: ClassVar = ["-starts_at"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~models.Q(status="held") | ~models.Q(minutes=""),
                name="held_meeting_has_minutes",
                violation_error_message=_("Odbyte spotkanie ma protokół (pole „protokół”)."),
                violation_error_code="held_meeting_has_minutes",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%d.%m.%Y})"


class MeetingItem(TimeStampedModel):
    """A decision of a meeting, or a task with an owner institution and a deadline (followed up later)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("rodzaj"), max_length=8, choices=MeetingItemKind.choices)
    text = models.TextField(_("treść"))
    owner = models.ForeignKey(
        TeamMember,
        verbose_name=_("odpowiada"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
    )
    deadline = models.DateField(_("termin"), null=True, blank=True, validators=bounds.DATE)
    done_on = models.DateField(_("wykonano"), null=True, blank=True, validators=bounds.DATE)
    follow_up = models.TextField(_("informacja o wykonaniu"), blank=True)

    class Meta:
        verbose_name = _("ustalenie lub zadanie")
        verbose_name_plural = _("ustalenia i zadania")
        ordering: ClassVar = ["meeting", "kind", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~models.Q(kind="task") | (models.Q(owner__isnull=False) & models.Q(deadline__isnull=False)),
                name="task_has_owner_and_deadline",
                violation_error_message=_(
                    "Zadanie ma osobę odpowiedzialną (pole „odpowiada”) i termin (pole „termin”)."
                ),
                violation_error_code="task_has_owner_and_deadline",
            )
        ]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def is_open_task(self) -> bool:
        return self.kind == MeetingItemKind.TASK and self.done_on is None
