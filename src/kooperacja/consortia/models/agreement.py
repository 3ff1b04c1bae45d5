"""The consortium agreement after founding: amendments proposed in a resolution and numbered versions of its terms.

`AgreementAmendment` holds the changes a draft resolution of kind "zmiana umowy" proposes; they are applied to the
consortium's terms only when that resolution is adopted (`services.governance._carry_out`), which records a new
`AgreementVersion` (version 1 = the terms as founded, recorded at the first amendment). The values are stored as
text (the form's representation), so a version is a readable snapshot whatever the field's type."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from kooperacja.core import bounds

from .consortium import Consortium
from .governance import Resolution


class AgreementAmendment(models.Model):
    resolution = models.OneToOneField(Resolution, on_delete=models.CASCADE, related_name="amendment")
    changes = models.JSONField(_("proponowane zmiany"), default=dict)

    class Meta:
        verbose_name = _("zmiana umowy konsorcjum")
        verbose_name_plural = _("zmiany umowy konsorcjum")

    def __str__(self) -> str:
        return str(self.resolution)


class AgreementVersion(models.Model):
    consortium = models.ForeignKey(Consortium, on_delete=models.CASCADE, related_name="agreement_versions")
    number = models.PositiveSmallIntegerField(_("wersja"), validators=bounds.COUNT_POSITIVE)
    terms = models.JSONField(_("postanowienia"), default=dict)
    changed = models.JSONField(_("zmienione postanowienia"), default=list, blank=True)
    resolution = models.ForeignKey(
        Resolution,
        verbose_name=_("uchwała zmieniająca"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="agreement_versions",
    )
    effective_on = models.DateField(_("obowiązuje od"), validators=bounds.DATE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("wersja umowy konsorcjum")
        verbose_name_plural = _("wersje umowy konsorcjum")
        ordering: ClassVar = ["consortium", "-number"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["consortium", "number"],
                name="agreement_version_unique_number",
                violation_error_message=_("Ta wersja umowy (pole „wersja”) już istnieje."),
                violation_error_code="agreement_version_unique_number",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.consortium} v{self.number}"
