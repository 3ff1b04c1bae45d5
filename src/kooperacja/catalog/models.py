"""The services catalogue, shaped on the Open Referral HSDS: services, locations, eligibility, capacity, standards.

Free places: `Service.places_taken` is a denormalised counter of active enrolments. It is written ONLY by the
delivery app's enrolment services, which lock the service row (`select_for_update`), recount the active
enrolments from their own table and store the figure through `catalog.services.service_places_taken_set`.
The catalogue (a lower layer than delivery) can therefore filter and sort by free places without importing
delivery, and a database check constraint guarantees that the counter never exceeds the capacity.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kooperacja.core import bounds
from kooperacja.core.bounds import LATITUDE_PL, LONGITUDE_PL
from kooperacja.core.models import TimeStampedModel
from kooperacja.core.workflow import StateField, WorkflowModel

from .enums import CapacityUnit, ServiceCategory, ServiceStatus


class Location(TimeStampedModel):
    """A physical place where services are delivered (HSDS location + physical_address + accessibility)."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organizacja prowadząca"),
        on_delete=models.CASCADE,
        related_name="service_locations",
    )
    name = models.CharField(_("nazwa miejsca"), max_length=200)
    street = models.CharField(_("ulica i numer"), max_length=150)
    postal_code = models.CharField(_("kod pocztowy"), max_length=6)
    city = models.CharField(_("miejscowość"), max_length=100)
    territory = models.ForeignKey(
        "core.Territory",
        verbose_name=_("gmina"),
        on_delete=models.PROTECT,
        related_name="service_locations",
        limit_choices_to={"kind__in": ["gmina"]},
    )
    accessibility = models.JSONField(_("dostępność"), default=list, blank=True)
    accessibility_notes = models.CharField(_("uwagi o dostępności"), max_length=300, blank=True)
    transport = models.CharField(_("dojazd"), max_length=300, blank=True)
    # WGS 84 degrees; the basket planner measures travel from them (without them: from the gmina's centre).
    latitude = models.DecimalField(
        _("szerokość geograficzna"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=LATITUDE_PL,
        help_text=_("W stopniach, np. 52,743600 (Hajnówka)."),
    )
    longitude = models.DecimalField(
        _("długość geograficzna"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=LONGITUDE_PL,
        help_text=_("W stopniach, np. 23,581100 (Hajnówka)."),
    )

    class Meta:
        verbose_name = _("miejsce realizacji")
        verbose_name_plural = _("miejsca realizacji")
        ordering: ClassVar = ["city", "name"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True, longitude__isnull=True)
                | models.Q(latitude__isnull=False, longitude__isnull=False),
                name="location_coordinates_pair",
                violation_error_message=_(
                    "Podaj obie współrzędne (pola „szerokość geograficzna” i „długość geograficzna”) albo żadnej."
                ),
                violation_error_code="location_coordinates_pair",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}, {self.street}, {self.city}"

    @property
    def accessibility_labels(self) -> list[str]:
        from .enums import AccessibilityFeature

        labels = dict(AccessibilityFeature.choices)
        return [str(labels.get(a, a)) for a in self.accessibility]


class ServiceStandard(TimeStampedModel):
    """Minimum requirements a service of one type must meet (e.g. day-room opening hours and staff ratio)."""

    category = models.CharField(_("rodzaj usługi"), max_length=32, choices=ServiceCategory.choices)
    name = models.CharField(_("nazwa standardu"), max_length=200)
    legal_basis = models.CharField(_("podstawa"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("standard usługi")
        verbose_name_plural = _("standardy usług")
        ordering: ClassVar = ["category", "name"]

    def __str__(self) -> str:
        return self.name


class StandardRequirement(models.Model):
    standard = models.ForeignKey(ServiceStandard, on_delete=models.CASCADE, related_name="requirements")
    code = models.SlugField(_("kod"), max_length=40)
    text = models.CharField(_("wymaganie"), max_length=400)
    order = models.PositiveSmallIntegerField(_("kolejność"), default=0)

    class Meta:
        verbose_name = _("wymaganie standardu")
        verbose_name_plural = _("wymagania standardu")
        ordering: ClassVar = ["standard", "order", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["standard", "code"],
                name="standard_requirement_unique_code",
                violation_error_message=_("Wymaganie o tym kodzie (pole „kod”) już istnieje w tym standardzie."),
                violation_error_code="standard_requirement_unique_code",
            )
        ]

    def __str__(self) -> str:
        return self.text


class Service(WorkflowModel, TimeStampedModel):
    provider = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("realizator"),
        on_delete=models.PROTECT,
        related_name="services",
    )
    name = models.CharField(_("nazwa usługi"), max_length=200)
    summary = models.CharField(_("w skrócie"), max_length=300, blank=True)
    description = models.TextField(_("opis"))
    category = models.CharField(_("rodzaj"), max_length=32, choices=ServiceCategory.choices, db_index=True)
    target_groups = models.JSONField(_("dla kogo"), default=list, blank=True)
    # eligibility
    eligibility = models.TextField(_("kto może skorzystać"), blank=True)
    min_age = models.PositiveSmallIntegerField(_("wiek od"), null=True, blank=True, validators=bounds.AGE)
    max_age = models.PositiveSmallIntegerField(_("wiek do"), null=True, blank=True, validators=bounds.AGE)
    eligible_gminas = models.ManyToManyField(
        "core.Territory",
        verbose_name=_("tylko dla mieszkańców gmin"),
        blank=True,
        related_name="+",
        help_text=_("Puste = bez ograniczenia terytorialnego."),
    )
    required_reasons = models.JSONField(
        _("wymagane przesłanki pomocy (art. 7)"),
        default=list,
        blank=True,
        help_text=_("Puste = usługa dostępna bez względu na przesłankę."),
    )
    # cost, schedule, capacity
    is_free = models.BooleanField(_("bezpłatna"), default=True)
    fee = models.DecimalField(
        _("odpłatność (zł)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=bounds.MONEY_NOT_NEGATIVE,
    )
    cost_notes = models.CharField(_("zasady odpłatności"), max_length=300, blank=True)
    schedule = models.TextField(_("harmonogram / godziny otwarcia"), blank=True)
    capacity_places = models.PositiveIntegerField(
        _("liczba miejsc"), null=True, blank=True, help_text=_("Puste = bez limitu miejsc.")
    )
    capacity_hours = models.DecimalField(
        _("liczba godzin usług"),
        max_digits=8,
        decimal_places=1,
        null=True,
        blank=True,
        validators=bounds.HOURS_NOT_NEGATIVE,
    )
    capacity_hours_unit = models.CharField(
        _("godziny w okresie"), max_length=8, choices=CapacityUnit.choices, default=CapacityUnit.WEEK
    )
    places_taken = models.PositiveIntegerField(
        _("zajęte miejsca"), default=0, editable=False, help_text=_("Liczone przez moduł realizacji usług.")
    )
    # contact, funding, standard
    contact_name = models.CharField(_("osoba kontaktowa"), max_length=120, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    contact_phone = models.CharField(_("telefon"), max_length=30, blank=True)
    application_process = models.TextField(_("jak się zgłosić"), blank=True)
    funding = models.CharField(_("finansowanie (umowa lub program)"), max_length=300, blank=True)
    # ESF+ (Regulation (EU) 2021/1057): only the participants of an EU-funded service may have the extra ESF+
    # attributes recorded (delivery.EsfRecord); the project number identifies the operation in SL2021/CST2021.
    eu_funded = models.BooleanField(
        _("współfinansowana z Unii Europejskiej (EFS+)"),
        default=False,
        help_text=_(
            "Zaznacz, gdy usługa jest realizowana w projekcie Europejskiego Funduszu Społecznego Plus: "
            "tylko wtedy można zapisywać dane uczestników wymagane do wskaźników EFS+."
        ),
    )
    eu_project_number = models.CharField(
        _("numer projektu EFS+"),
        max_length=40,
        blank=True,
        help_text=_("Numer umowy o dofinansowanie projektu, np. FEPD.07.01-IZ.00-0012/24."),
    )
    standard = models.ForeignKey(
        ServiceStandard,
        verbose_name=_("standard usługi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="services",
    )
    locations = models.ManyToManyField(
        Location, verbose_name=_("miejsca realizacji"), blank=True, related_name="services"
    )
    status = StateField(  # changes only through workflows.SERVICE
        _("status"), max_length=12, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE, db_index=True
    )
    starts_on = models.DateField(_("od"), null=True, blank=True, validators=bounds.DATE)
    ends_on = models.DateField(_("do"), null=True, blank=True, validators=bounds.DATE)

    class Meta:
        verbose_name = _("usługa")
        verbose_name_plural = _("usługi")
        ordering: ClassVar = ["name", "id"]
        indexes: ClassVar = [models.Index(fields=["status", "category"])]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(capacity_places__isnull=True)
                | models.Q(places_taken__lte=models.F("capacity_places")),
                name="service_not_overbooked",
                violation_error_message=_(
                    "Liczba zajętych miejsc (pole „zajęte miejsca”) nie może przekraczać liczby miejsc (pole „liczba "
                    "miejsc”)."
                ),
                violation_error_code="service_not_overbooked",
            ),
            models.CheckConstraint(
                condition=models.Q(min_age__isnull=True)
                | models.Q(max_age__isnull=True)
                | models.Q(min_age__lte=models.F("max_age")),
                name="service_age_range",
                violation_error_message=_("Wiek od (pole „wiek od”) nie może być wyższy niż wiek do (pole „wiek do”)."),
                violation_error_code="service_age_range",
            ),
            models.CheckConstraint(
                condition=models.Q(is_free=True) | models.Q(fee__isnull=False) | ~models.Q(cost_notes=""),
                name="service_paid_has_fee",
                violation_error_message=_(
                    "Usługa odpłatna wymaga podania odpłatności (pole „odpłatność”) albo zasad odpłatności (pole "
                    "„zasady odpłatności”)."
                ),
                violation_error_code="service_paid_has_fee",
            ),
            models.CheckConstraint(
                condition=models.Q(eu_funded=False) | ~models.Q(eu_project_number=""),
                name="service_eu_funded_has_project",
                violation_error_code="service_eu_funded_has_project",
                violation_error_message=_("Podaj numer projektu EFS+, z którego finansowana jest usługa."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def free_places(self) -> int | None:
        """Places left (None = no limit). Annotated querysets (`free`) give the same figure."""
        if self.capacity_places is None:
            return None
        return max(self.capacity_places - self.places_taken, 0)

    @property
    def target_group_labels(self) -> list[str]:
        from .enums import TargetGroup

        labels = dict(TargetGroup.choices)
        return [str(labels.get(g, g)) for g in self.target_groups]

    @property
    def required_reason_labels(self) -> list[str]:
        from .enums import AssistanceReason

        labels = dict(AssistanceReason.choices)
        return [str(labels.get(r, r)) for r in self.required_reasons]

    @property
    def fee_display(self) -> Decimal | None:
        return None if self.is_free else self.fee


class ComplianceCheck(TimeStampedModel):
    """Whether a service meets one requirement of its standard, as last checked (the compliance checklist)."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="compliance_checks")
    requirement = models.ForeignKey(StandardRequirement, on_delete=models.CASCADE, related_name="checks")
    is_met = models.BooleanField(_("spełnione"), default=False)
    note = models.CharField(_("uwagi"), max_length=300, blank=True)
    checked_on = models.DateField(_("data sprawdzenia"))
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("sprawdzenie zgodności ze standardem")
        verbose_name_plural = _("lista kontrolna standardu")
        ordering: ClassVar = ["requirement__order", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["service", "requirement"],
                name="compliance_unique_requirement",
                violation_error_message=_("Zgodność tej usługi z tym wymaganiem (pole „wymaganie”) jest już oceniona."),
                violation_error_code="compliance_unique_requirement",
            )
        ]

    def __str__(self) -> str:
        return f"{self.service} – {self.requirement.code}: {'tak' if self.is_met else 'nie'}"
