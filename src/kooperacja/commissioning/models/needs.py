"""The needs behind a package: a diagnosis of local needs (for a social services centre, the diagnosis of the needs
and potential of the community that the programme of social services rests on, ustawa z 19 lipca 2019 r. o
realizowaniu usług społecznych przez centrum usług społecznych; for an OPS, the diagnosis in the strategy for
solving social problems, art. 16b ustawy o pomocy społecznej) with the needs it found by target group, their scale
and source; each lot of a package answers named needs (`Need.lots`), and the package page shows which needs are
covered and which are not."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from kooperacja.catalog.enums import TargetGroup
from kooperacja.core import bounds
from kooperacja.core.models import TimeStampedModel

from ..enums import DiagnosisBasis, NeedSource
from .packages import Lot
from .programme import validate_link

MAX_PEOPLE = 1_000_000  # more than the population of any gmina but Warsaw's districts together: a typo


class PeopleAtMost(MaxValueValidator):
    message = _("Podaj liczbę do 1 000 000.")


class NeedsDiagnosis(TimeStampedModel):
    """A diagnosis of local needs of the authority's community: title, basis, date, author and source document,
    the years it covers and the community's potential (resources) it found."""

    authority = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("jednostka samorządu terytorialnego"),
        on_delete=models.PROTECT,
        related_name="needs_diagnoses",
    )
    title = models.CharField(_("tytuł diagnozy"), max_length=250)
    basis = models.CharField(_("rodzaj diagnozy"), max_length=16, choices=DiagnosisBasis.choices)
    prepared_on = models.DateField(_("data sporządzenia"), validators=bounds.DATE)
    author = models.CharField(_("autor (kto sporządził)"), max_length=200)
    source_document = models.CharField(
        _("dokument źródłowy"),
        max_length=250,
        blank=True,
        help_text=_("Np. uchwała rady, raport z badania, załącznik do programu usług społecznych."),
    )
    document_url = models.CharField(
        _("adres dokumentu"),
        max_length=300,
        blank=True,
        validators=[validate_link],
        help_text=_("Np. publikacja w BIP (https://…)."),
    )
    year_from = models.PositiveSmallIntegerField(_("okres: od roku"), validators=bounds.YEAR)
    year_to = models.PositiveSmallIntegerField(_("okres: do roku"), validators=bounds.YEAR)
    potential = models.TextField(
        _("zasoby i potencjał wspólnoty"),
        blank=True,
        help_text=_("Podmioty, miejsca, kadry i inicjatywy, na których można oprzeć usługi."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("diagnoza potrzeb")
        verbose_name_plural = _("diagnozy potrzeb")
        ordering: ClassVar = ["-year_from", "title", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(year_from__gte=2000, year_to__lte=2100, year_from__lte=models.F("year_to")),
                name="diagnosis_years_ordered",
                violation_error_code="diagnosis_years_ordered",
                violation_error_message=_(
                    "Rok „do” (pole „okres: do roku”) nie może poprzedzać roku „od” (lata 2000–2100)."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Need(TimeStampedModel):
    """A need the diagnosis found: for whom, what, how many people, and where the finding comes from (a survey, the
    OPS data, a consultation...). A finished consultation of the participation app may be cited by its page."""

    diagnosis = models.ForeignKey(NeedsDiagnosis, on_delete=models.CASCADE, related_name="needs")
    number = models.PositiveSmallIntegerField(_("numer"))
    target_group = models.CharField(_("grupa docelowa"), max_length=16, choices=TargetGroup.choices)
    description = models.TextField(_("opis potrzeby"))
    people = models.PositiveIntegerField(
        _("skala (liczba osób)"),
        validators=[*bounds.COUNT_POSITIVE, PeopleAtMost(MAX_PEOPLE)],
        help_text=_("Ile osób ma tę potrzebę; dla organizacji – ile podmiotów."),
    )
    source = models.CharField(_("źródło"), max_length=16, choices=NeedSource.choices)
    source_detail = models.CharField(
        _("źródło – szczegóły"),
        max_length=250,
        blank=True,
        help_text=_("Np. ankieta wśród seniorów, 212 odpowiedzi, wrzesień 2025."),
    )
    consultation_url = models.CharField(
        _("konsultacje, z których pochodzi potrzeba"),
        max_length=300,
        blank=True,
        validators=[validate_link],
        help_text=_("Odnośnik do zakończonych konsultacji (np. /konsultacje/3/) lub ich raportu w BIP."),
    )
    lots = models.ManyToManyField(
        Lot,
        verbose_name=_("części pakietu, które odpowiadają na potrzebę"),
        blank=True,
        related_name="needs",
    )

    class Meta:
        verbose_name = _("potrzeba")
        verbose_name_plural = _("potrzeby")
        ordering: ClassVar = ["diagnosis", "number"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["diagnosis", "number"],
                name="need_unique_number",
                violation_error_message=_("Potrzeba o tym numerze (pole „numer”) już jest w tej diagnozie."),
                violation_error_code="need_unique_number",
            ),
            models.CheckConstraint(
                condition=models.Q(people__gte=1, people__lte=MAX_PEOPLE),
                name="need_people_range",
                violation_error_message=_("Skala potrzeby (pole „skala”) to od 1 do 1 000 000."),
                violation_error_code="need_people_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.get_target_group_display()}"

    @property
    def scale_text(self) -> str:
        """ "212 osób", "1 osoba"; for organisations "14 podmiotów" (Polish plurals)."""
        n = self.people or 0
        if self.target_group == TargetGroup.ORGANISATIONS:
            return ngettext("%(n)s podmiot", "%(n)s podmiotów", n) % {"n": n}
        return ngettext("%(n)s osoba", "%(n)s osób", n) % {"n": n}
