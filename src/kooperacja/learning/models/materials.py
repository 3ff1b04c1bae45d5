"""The materials library: materials with their versions and who may see them; cohorts (named groups of learners)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kooperacja.core import bounds
from kooperacja.core.models import TimeStampedModel

from ..enums import Audience, GrantKind, Language, MaterialKind, Visibility
from ..storage import private_storage


def material_upload_to(instance: models.Model, filename: str) -> str:
    return f"materialy/{getattr(instance, 'material_id', 'nowy')}/{filename}"


class Cohort(TimeStampedModel):
    """A named group of learners (e.g. the PZK members of the Narewka team): for enrolment and visibility."""

    name = models.CharField(_("nazwa grupy"), max_length=160, unique=True)
    description = models.TextField(_("opis"), blank=True)
    team = models.ForeignKey(
        "cooperation.Team",
        verbose_name=_("utworzona z zespołu kooperacji"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="CohortMember", related_name="learning_cohorts", blank=True
    )

    class Meta:
        verbose_name = _("grupa szkoleniowa")
        verbose_name_plural = _("grupy szkoleniowe")
        ordering: ClassVar = ["name"]

    def __str__(self) -> str:
        return self.name


class CohortMember(models.Model):
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    added_at = models.DateTimeField(_("dodano"), auto_now_add=True)

    class Meta:
        verbose_name = _("osoba w grupie")
        verbose_name_plural = _("osoby w grupie")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["cohort", "user"],
                name="learning_cohort_member_unique",
                violation_error_code="learning_cohort_member_unique",
                violation_error_message=_("Ta osoba już jest w tej grupie (grupa, osoba)."),
            )
        ]


class AudienceFields(models.Model):
    """Who may see a record: its visibility, the grants (rows of a grant table) and the named cohort."""

    visibility = models.CharField(_("widoczność"), max_length=12, choices=Visibility.choices, default=Visibility.PUBLIC)
    cohort = models.ForeignKey(
        Cohort, verbose_name=_("grupa szkoleniowa"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        abstract = True


class Material(AudienceFields, TimeStampedModel):
    title = models.CharField(_("tytuł"), max_length=200)
    summary = models.TextField(_("streszczenie"), max_length=2000)
    kind = models.CharField(_("rodzaj"), max_length=10, choices=MaterialKind.choices)
    topics = models.CharField(
        _("tematy"), max_length=300, blank=True, help_text=_("Słowa kluczowe oddzielone przecinkami.")
    )
    audience = models.CharField(_("dla kogo"), max_length=16, choices=Audience.choices, default=Audience.ALL)
    language = models.CharField(_("język"), max_length=2, choices=Language.choices, default=Language.PL)
    licence = models.CharField(_("licencja"), max_length=120, default="CC BY 4.0")
    author = models.CharField(_("autor"), max_length=200)
    url = models.URLField(_("adres (odnośnik lub film)"), max_length=500, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("wydawca"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    current_version = models.PositiveIntegerField(_("wersja"), default=0, validators=bounds.COUNT_NOT_NEGATIVE)

    class Meta:
        verbose_name = _("materiał")
        verbose_name_plural = _("materiały")
        ordering: ClassVar = ["-created_at", "-id"]
        indexes: ClassVar = [models.Index(fields=["visibility", "-created_at"])]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~models.Q(visibility="cohort") | models.Q(cohort__isnull=False),
                name="learning_material_cohort_named",
                violation_error_code="learning_material_cohort_named",
                violation_error_message=_("Materiał dla grupy szkoleniowej wskazuje tę grupę (widoczność, grupa)."),
            ),
            models.CheckConstraint(
                condition=models.Q(kind__in=["document", "template"]) | ~models.Q(url=""),
                name="learning_material_link_has_url",
                violation_error_code="learning_material_link_has_url",
                violation_error_message=_("Odnośnik i film mają adres (rodzaj, adres)."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def topic_list(self) -> list[str]:
        return [t.strip() for t in self.topics.split(",") if t.strip()]

    @property
    def has_file(self) -> bool:
        return self.kind in (MaterialKind.DOCUMENT, MaterialKind.TEMPLATE)


class MaterialVersion(models.Model):
    """One uploaded file of a material; a new version keeps the old ones readable with their dates."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("numer wersji"), validators=bounds.COUNT_POSITIVE)
    file = models.FileField(_("plik"), upload_to=material_upload_to, storage=private_storage, max_length=300)
    filename = models.CharField(_("nazwa pliku"), max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveIntegerField(_("rozmiar (bajty)"), validators=bounds.COUNT_NOT_NEGATIVE)
    note = models.CharField(_("co się zmieniło"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("dodano"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("wersja materiału")
        verbose_name_plural = _("wersje materiału")
        ordering: ClassVar = ["material", "-number"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["material", "number"],
                name="learning_material_version_unique",
                violation_error_code="learning_material_version_unique",
                violation_error_message=_("Ta wersja materiału już istnieje (materiał, numer wersji)."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.material} v{self.number}"


class GrantFields(models.Model):
    kind = models.CharField(_("rodzaj uprawnienia"), max_length=12, choices=GrantKind.choices)
    value = models.CharField(_("rodzaj instytucji lub rola"), max_length=32, blank=True)
    team = models.ForeignKey(
        "cooperation.Team",
        verbose_name=_("zespół kooperacji"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        abstract = True


class MaterialGrant(GrantFields):
    """Who sees a material of visibility "groups": an organisation kind, a role, or the members of PZK teams
    (one team, or any team when `team` is empty)."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="grants")

    class Meta:
        verbose_name = _("uprawnienie do materiału")
        verbose_name_plural = _("uprawnienia do materiału")
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(kind="team", value="") | (~models.Q(kind="team") & ~models.Q(value="")),
                name="learning_material_grant_shape",
                violation_error_code="learning_material_grant_shape",
                violation_error_message=_(
                    "Uprawnienie wskazuje rodzaj instytucji, rolę albo zespół (rodzaj, wartość)."
                ),
            )
        ]
