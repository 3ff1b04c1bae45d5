"""Task teams of a case and supervision meetings of the team's workers (issue 17, Cooperation Model).

A task team (zespół zadaniowy) gathers the case's institutions around one family; for a Niebieska Karta case it is
the grupa diagnostyczno-pomocowa of art. 9a ustawy o przeciwdziałaniu przemocy domowej (since 2023). A supervision
meeting (superwizja) is held for the team's workers; its record names no family unless it is tied to a case, and
that part is shown only to who may see the case (need-to-know).
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kooperacja.core import bounds
from kooperacja.core.models import TimeStampedModel

from ..enums import TaskTeamKind, TaskTeamRole


class TaskTeam(TimeStampedModel):
    case = models.ForeignKey("cooperation.Case", on_delete=models.CASCADE, related_name="task_teams")
    kind = models.CharField(_("rodzaj"), max_length=12, choices=TaskTeamKind.choices, default=TaskTeamKind.TASK_TEAM)
    name = models.CharField(_("nazwa"), max_length=150)
    purpose = models.TextField(_("cel pracy zespołu"))
    formed_on = models.DateField(_("data powołania"), validators=bounds.DATE)
    closed_on = models.DateField(_("data zakończenia pracy"), null=True, blank=True, validators=bounds.DATE)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("zespół zadaniowy")
        verbose_name_plural = _("zespoły zadaniowe")
        ordering: ClassVar = ["-formed_on", "-id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True) | models.Q(closed_on__gte=models.F("formed_on")),
                name="task_team_dates",
                violation_error_message=_(
                    "Data zakończenia pracy (pole „data zakończenia pracy”) nie może być wcześniejsza niż data "
                    "powołania (pole „data powołania”)."
                ),
                violation_error_code="task_team_dates",
            )
        ]

    def __str__(self) -> str:
        return self.name


class TaskTeamMember(models.Model):
    """An institution of the team in the task team, with the person who acts for it and the role."""

    task_team = models.ForeignKey(TaskTeam, on_delete=models.CASCADE, related_name="members")
    member = models.ForeignKey(
        "cooperation.TeamMember", verbose_name=_("instytucja"), on_delete=models.PROTECT, related_name="task_teams"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("osoba"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    role = models.CharField(_("rola"), max_length=8, choices=TaskTeamRole.choices, default=TaskTeamRole.MEMBER)
    joined_on = models.DateField(_("od"), validators=bounds.DATE)

    class Meta:
        verbose_name = _("członek zespołu zadaniowego")
        verbose_name_plural = _("członkowie zespołu zadaniowego")
        ordering: ClassVar = ["role", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["task_team", "member"],
                name="task_team_member_unique",
                violation_error_message=_("Ta instytucja (pole „instytucja”) jest już w zespole zadaniowym."),
                violation_error_code="task_team_member_unique",
            )
        ]

    def __str__(self) -> str:
        return str(self.member)


class TaskTeamMeeting(TimeStampedModel):
    task_team = models.ForeignKey(TaskTeam, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("data spotkania"), validators=bounds.DATE)
    place = models.CharField(_("miejsce"), max_length=200)
    topics = models.TextField(
        _("tematy"), help_text=_("Bez danych osobowych – tematy widzą wszystkie instytucje zespołu zadaniowego.")
    )
    findings = models.TextField(
        _("ustalenia dotyczące rodziny"),
        blank=True,
        help_text=_("Widoczne tylko dla osób, które mają dostęp do sprawy."),
    )
    attendees = models.ManyToManyField(TaskTeamMember, verbose_name=_("obecni"), blank=True, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("spotkanie zespołu zadaniowego")
        verbose_name_plural = _("spotkania zespołu zadaniowego")
        ordering: ClassVar = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.task_team}: {self.held_on:%d.%m.%Y}"


class SupervisionMeeting(TimeStampedModel):
    """Superwizja of the team's workers: date, supervisor, topics, participants; a case only on a need-to-know basis."""

    team = models.ForeignKey("cooperation.Team", on_delete=models.CASCADE, related_name="supervisions")
    held_on = models.DateField(_("data superwizji"), validators=bounds.DATE)
    supervisor = models.CharField(
        _("superwizor"), max_length=150, help_text=_("Imię i nazwisko oraz uprawnienia superwizora.")
    )
    hours = models.DecimalField(
        _("czas (godz.)"),
        max_digits=3,
        decimal_places=1,
        default=Decimal("2"),
        validators=[*bounds.QUANTITY_POSITIVE, MaxValueValidator(Decimal("12"))],
    )
    topics = models.TextField(
        _("tematy"), help_text=_("Bez danych osobowych rodzin – zapis widzą wszystkie instytucje zespołu.")
    )
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("uczestnicy"), blank=True, related_name="+"
    )
    case = models.ForeignKey(
        "cooperation.Case",
        verbose_name=_("omawiana sprawa"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervisions",
    )
    case_notes = models.TextField(
        _("wnioski dotyczące sprawy"), blank=True, help_text=_("Widoczne tylko dla osób, które mają dostęp do sprawy.")
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("superwizja")
        verbose_name_plural = _("superwizje")
        ordering: ClassVar = ["-held_on", "-id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(case__isnull=False) | models.Q(case_notes=""),
                name="supervision_case_notes_need_case",
                violation_error_message=_(
                    "Wnioski dotyczące sprawy (pole „wnioski dotyczące sprawy”) wymagają wskazania omawianej sprawy "
                    "(pole „omawiana sprawa”)."
                ),
                violation_error_code="supervision_case_notes_need_case",
            )
        ]

    def __str__(self) -> str:
        return f"{self.team}: {self.held_on:%d.%m.%Y}"


class AgreementVersion(models.Model):
    """An earlier wording of a member's agreement (porozumienie), kept when the agreement is amended."""

    member = models.ForeignKey("cooperation.TeamMember", on_delete=models.CASCADE, related_name="agreement_versions")
    version = models.PositiveSmallIntegerField(_("wersja"), validators=bounds.COUNT_POSITIVE)
    number = models.CharField(_("numer porozumienia"), max_length=60, blank=True)
    signed_on = models.DateField(_("data podpisania"), validators=bounds.DATE)
    valid_until = models.DateField(_("obowiązuje do"), null=True, blank=True, validators=bounds.DATE)
    scope = models.TextField(_("zakres współpracy"))
    replaced_at = models.DateTimeField(_("zastąpiono"), auto_now_add=True)
    replaced_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    change_reason = models.CharField(_("powód zmiany"), max_length=300)

    class Meta:
        verbose_name = _("wcześniejsza wersja porozumienia")
        verbose_name_plural = _("wcześniejsze wersje porozumienia")
        ordering: ClassVar = ["-version"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["member", "version"],
                name="agreement_version_unique",
                violation_error_message=_("Ta wersja porozumienia (pole „wersja”) jest już zapisana."),
                violation_error_code="agreement_version_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.version}"
