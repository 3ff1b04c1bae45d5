"""A case (family, person or community): diagnosis, individual cooperation programme (IPW) and its basket."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from kooperacja.core import bounds
from kooperacja.core.bounds import LATITUDE_PL, LONGITUDE_PL
from kooperacja.core.models import TimeStampedModel
from kooperacja.core.workflow import StateField, WorkflowModel

from ..enums import ActionStatus, CaseKind, CaseOutcome, CaseStatus, ProgrammeStatus


class Case(TimeStampedModel, WorkflowModel):
    team = models.ForeignKey(
        "cooperation.Team", verbose_name=_("zespół"), on_delete=models.PROTECT, related_name="cases"
    )
    number = models.CharField(_("sygnatura"), max_length=40, unique=True)
    kind = models.CharField(_("rodzaj"), max_length=10, choices=CaseKind.choices, default=CaseKind.FAMILY)
    title = models.CharField(
        _("oznaczenie"),
        max_length=120,
        help_text=_("Oznaczenie bez danych osobowych, np. „Rodzina A.” – dane osób są w części „Osoby”."),
    )
    gmina = models.ForeignKey(
        "core.Territory",
        verbose_name=_("gmina zamieszkania"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "gmina"},
    )
    # Where the family lives, for the basket planner's travel distances: the locality and approximate coordinates
    # (the village centre is enough); without them the planner counts from the gmina's centre and says so.
    locality = models.CharField(_("miejscowość zamieszkania"), max_length=100, blank=True)
    latitude = models.DecimalField(
        _("szerokość geograficzna"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=LATITUDE_PL,
        help_text=_("W stopniach, np. 52,833900; wystarczy przybliżona (środek miejscowości)."),
    )
    longitude = models.DecimalField(
        _("długość geograficzna"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=LONGITUDE_PL,
        help_text=_("W stopniach, np. 23,746400."),
    )
    owner = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("instytucja prowadząca"),
        on_delete=models.PROTECT,
        related_name="owned_cooperation_cases",
    )
    case_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("pracownik prowadzący"), on_delete=models.PROTECT, related_name="+"
    )
    status = StateField(  # changes only through workflows.CASE_WF
        _("status"), max_length=10, choices=CaseStatus.choices, default=CaseStatus.OPEN
    )
    is_domestic_violence = models.BooleanField(
        _("procedura „Niebieskie Karty”"),
        default=False,
        help_text=_("Sprawę widzą wyłącznie imiennie wskazani członkowie zespołu."),
    )
    opened_on = models.DateField(_("data otwarcia"), validators=bounds.DATE)
    closed_on = models.DateField(_("data zamknięcia"), null=True, blank=True, validators=bounds.DATE)

    class Meta:
        verbose_name = _("sprawa")
        verbose_name_plural = _("sprawy")
        ordering: ClassVar = ["-opened_on", "-id"]
        indexes: ClassVar = [models.Index(fields=["owner", "status"])]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=(models.Q(status="closed") & models.Q(closed_on__isnull=False))
                | (~models.Q(status="closed") & models.Q(closed_on__isnull=True)),
                name="case_closed_has_date",
                violation_error_message=_(
                    "Zamknięta sprawa ma datę zamknięcia (pole „data zamknięcia”), a otwarta jej nie ma."
                ),
                violation_error_code="case_closed_has_date",
            ),
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(latitude__isnull=False, longitude__isnull=False),
                name="case_coordinates_pair",
                violation_error_message=_(
                    "Podaj obie współrzędne (pola „szerokość geograficzna” i „długość geograficzna”) albo żadnej."
                ),
                violation_error_code="case_coordinates_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class CaseNamedMember(models.Model):
    """A person named on the case; for Niebieska Karta cases only named people see anything of it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="named_members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("osoba"), on_delete=models.CASCADE, related_name="+"
    )
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("osoba wskazana do sprawy")
        verbose_name_plural = _("osoby wskazane do sprawy")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["case", "user"],
                name="case_named_member_unique",
                violation_error_message=_("Ta osoba (pole „osoba”) jest już wskazana do tej sprawy."),
                violation_error_code="case_named_member_unique",
            )
        ]

    def __str__(self) -> str:
        return str(self.user)


class CasePerson(models.Model):
    """A person in the case: a link to the ONE protected personal record (delivery.Person), never a copy."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="persons")
    person = models.ForeignKey(
        "delivery.Person", verbose_name=_("osoba"), on_delete=models.PROTECT, related_name="cooperation_cases"
    )
    relation = models.CharField(_("rola w rodzinie"), max_length=60, help_text=_("np. matka, syn, osoba samotna"))
    is_main = models.BooleanField(_("osoba wiodąca"), default=False)

    class Meta:
        verbose_name = _("osoba w sprawie")
        verbose_name_plural = _("osoby w sprawie")
        ordering: ClassVar = ["-is_main", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["case", "person"],
                name="case_person_unique",
                violation_error_message=_("Ta osoba (pole „osoba”) jest już w tej sprawie."),
                violation_error_code="case_person_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.case.number}: {self.person.code}"  # never the name


class Diagnosis(TimeStampedModel):
    """The diagnostic workshop: art. 7 reasons and the four workshop dimensions, plus the needs it found."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="diagnosis")
    workshop_on = models.DateField(_("data warsztatu diagnostycznego"), validators=bounds.DATE)
    reasons = models.JSONField(_("przesłanki pomocy (art. 7)"), default=list)
    needs = models.JSONField(_("rozpoznane potrzeby (rodzaje usług)"), default=list, blank=True)
    causes = models.TextField(_("przyczyny i źródła trudności"))
    strengths_weaknesses = models.TextField(_("mocne i słabe strony"))
    resources_deficits = models.TextField(_("zasoby i deficyty"))
    expectations_needs = models.TextField(_("oczekiwania i potrzeby"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("diagnoza")
        verbose_name_plural = _("diagnozy")

    def __str__(self) -> str:
        return f"{self.case.number}: diagnoza"


class Programme(TimeStampedModel, WorkflowModel):
    """The individual cooperation programme (IPW), agreed with the family and closed with a written summary."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="programme")
    status = StateField(  # changes only through workflows.PROGRAMME_WF
        _("status"), max_length=8, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT
    )
    starts_on = models.DateField(_("początek"), validators=bounds.DATE)
    ends_on = models.DateField(_("planowany koniec"), validators=bounds.DATE)
    agreed_on = models.DateField(_("data uzgodnienia z rodziną"), null=True, blank=True, validators=bounds.DATE)
    agreement_note = models.CharField(_("jak uzgodniono"), max_length=300, blank=True)
    summary = models.TextField(_("podsumowanie"), blank=True)
    outcome = models.CharField(_("rezultat"), max_length=16, choices=CaseOutcome.choices, blank=True)

    class Meta:
        verbose_name = _("indywidualny program współpracy")
        verbose_name_plural = _("indywidualne programy współpracy")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="programme_dates",
                violation_error_message=_(
                    "Planowany koniec (pole „planowany koniec”) nie może być wcześniejszy niż początek (pole "
                    "„początek”)."
                ),
                violation_error_code="programme_dates",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(agreed_on__isnull=False),
                name="programme_agreed_has_date",
                violation_error_message=_(
                    "Uzgodniony program ma datę uzgodnienia z rodziną (pole „data uzgodnienia z rodziną”)."
                ),
                violation_error_code="programme_agreed_has_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="closed") | (~models.Q(summary="") & ~models.Q(outcome="")),
                name="programme_closed_has_summary",
                violation_error_message=_(
                    "Zamknięty program ma podsumowanie (pole „podsumowanie”) i rezultat (pole „rezultat”)."
                ),
                violation_error_code="programme_closed_has_summary",
            ),
        ]

    def __str__(self) -> str:
        return f"IPW {self.case.number}"


class Goal(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="goals")
    text = models.CharField(_("cel"), max_length=300)
    order = models.PositiveSmallIntegerField(_("kolejność"), default=0, validators=bounds.COUNT_NOT_NEGATIVE)

    class Meta:
        verbose_name = _("cel programu")
        verbose_name_plural = _("cele programu")
        ordering: ClassVar = ["order", "id"]

    def __str__(self) -> str:
        return self.text


class Action(TimeStampedModel):
    """An action of the IPW = an item of the basket of services (a catalogue service or a member's own offer)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="actions")
    goal = models.ForeignKey(
        Goal, verbose_name=_("cel"), null=True, blank=True, on_delete=models.SET_NULL, related_name="actions"
    )
    title = models.CharField(_("działanie"), max_length=200)
    beneficiary = models.ForeignKey(
        CasePerson,
        verbose_name=_("dla kogo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="actions",
    )
    category = models.CharField(_("rodzaj potrzebnej usługi"), max_length=32, blank=True)
    responsible = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("odpowiada (instytucja członkowska)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    service = models.ForeignKey(
        "catalog.Service",
        verbose_name=_("usługa z katalogu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cooperation_actions",
    )
    own_offer = models.CharField(
        _("oferta własna instytucji"),
        max_length=300,
        blank=True,
        help_text=_("Gdy działanie nie jest usługą z katalogu."),
    )
    priority = models.PositiveSmallIntegerField(
        _("priorytet"),
        default=2,
        help_text=_("1 – niski, 3 – pilny"),
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )
    starts_on = models.DateField(_("od"), validators=bounds.DATE)
    ends_on = models.DateField(_("do"), validators=bounds.DATE)
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.PLANNED)

    class Meta:
        verbose_name = _("działanie (pozycja koszyka)")
        verbose_name_plural = _("działania (koszyk usług)")
        ordering: ClassVar = ["starts_on", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="action_dates",
                violation_error_message=_(
                    "Data końcowa (pole „do”) nie może być wcześniejsza niż data początkowa (pole „od”)."
                ),
                violation_error_code="action_dates",
            ),
            models.CheckConstraint(
                condition=models.Q(priority__gte=1, priority__lte=3),
                name="action_priority_1_3",
                violation_error_message=_("Priorytet (pole „priorytet”) to liczba od 1 do 3."),
                violation_error_code="action_priority_1_3",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Review(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("data przeglądu"), validators=bounds.DATE)
    notes = models.TextField(_("ustalenia przeglądu"))
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("przegląd programu")
        verbose_name_plural = _("przeglądy programu")
        ordering: ClassVar = ["-reviewed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.programme}: {self.reviewed_on:%d.%m.%Y}"
