"""Qualification of contractors in a Pzp procedure before the evaluation (art. 108, 109, 112 Pzp; art. 94 and
art. 361 Pzp for reserved contracts): what the notice requires, and the checklist per offer with its result."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kooperacja.core.models import TimeStampedModel

from ..enums import QualificationResult


class QualificationSetup(TimeStampedModel):
    """What the notice says about qualification: the conditions of participation (art. 112 ust. 2 Pzp, described by
    the officer) and the optional exclusion grounds it names (art. 109 ust. 1 Pzp); art. 108 always applies."""

    call = models.OneToOneField("commissioning.Call", on_delete=models.CASCADE, related_name="qualification_setup")
    conditions = models.JSONField(_("warunki udziału w postępowaniu (art. 112 Pzp)"), default=dict, blank=True)
    optional_grounds = models.JSONField(_("fakultatywne podstawy wykluczenia (art. 109 Pzp)"), default=list, blank=True)

    class Meta:
        verbose_name = _("warunki kwalifikacji wykonawców")
        verbose_name_plural = _("warunki kwalifikacji wykonawców")

    def __str__(self) -> str:
        return str(self.call)


class OfferQualification(TimeStampedModel):
    """The qualification of one offer's contractor: each item of the checklist confirmed or not, the registry
    checks as they were at the decision (art. 94, art. 361 ust. 2 pkt 4), the result and the reason."""

    offer = models.OneToOneField("commissioning.Offer", on_delete=models.CASCADE, related_name="qualification")
    answers = models.JSONField(_("odpowiedzi listy kontrolnej"), default=dict)
    checks = models.JSONField(_("sprawdzenia w rejestrze"), default=list, blank=True)
    result = models.CharField(_("wynik kwalifikacji"), max_length=10, choices=QualificationResult.choices)
    reason = models.TextField(_("uzasadnienie"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("kwalifikacja wykonawcy")
        verbose_name_plural = _("kwalifikacje wykonawców")
        ordering: ClassVar = ["offer"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~models.Q(result="excluded") | ~models.Q(reason=""),
                name="qualification_excluded_has_reason",
                violation_error_message=_(
                    "Wykluczenie wykonawcy lub odrzucenie oferty wymaga uzasadnienia (pole „uzasadnienie”)."
                ),
                violation_error_code="qualification_excluded_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.offer} – {self.get_result_display()}"
