from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kooperacja.core import bounds
from kooperacja.core.models import TimeStampedModel

from ..enums import CommissionRole


class CommissionMember(TimeStampedModel):
    """A member of the call's commission (art. 15 ust. 2a-2d OPP), appointed by the authority."""

    call = models.ForeignKey("commissioning.Call", on_delete=models.CASCADE, related_name="commission")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("osoba"), on_delete=models.PROTECT, related_name="commission_seats"
    )
    role = models.CharField(
        _("rola w komisji"), max_length=16, choices=CommissionRole.choices, default=CommissionRole.AUTHORITY
    )
    nominated_by = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organizacja wskazująca"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_chair = models.BooleanField(_("przewodniczący"), default=False)
    appointed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("członek komisji")
        verbose_name_plural = _("członkowie komisji")
        ordering: ClassVar = ["call", "-is_chair", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["call", "user"],
                name="commission_member_unique",
                violation_error_message=_("Ta osoba (pole „osoba”) jest już w składzie komisji tego ogłoszenia."),
                violation_error_code="commission_member_unique",
            )
        ]

    def __str__(self) -> str:
        return str(self.user)


class ConflictDeclaration(models.Model):
    """Conflict-of-interest declaration listing the call's offerors, signed before opening any offer."""

    member = models.OneToOneField(CommissionMember, on_delete=models.CASCADE, related_name="declaration")
    signed_at = models.DateTimeField(_("podpisano"))
    offerors = models.JSONField(_("oferenci wymienieni w oświadczeniu"), default=list)
    statement = models.TextField(_("treść oświadczenia"))

    class Meta:
        verbose_name = _("oświadczenie o bezstronności")
        verbose_name_plural = _("oświadczenia o bezstronności")

    def __str__(self) -> str:
        return f"{self.member} {self.signed_at:%d.%m.%Y}"


class Score(TimeStampedModel):
    offer = models.ForeignKey("commissioning.Offer", on_delete=models.CASCADE, related_name="scores")
    member = models.ForeignKey(CommissionMember, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey("commissioning.Criterion", on_delete=models.PROTECT, related_name="scores")
    points = models.DecimalField(_("punkty"), max_digits=6, decimal_places=2, validators=bounds.MONEY_NOT_NEGATIVE)
    justification = models.TextField(_("uzasadnienie"))

    class Meta:
        verbose_name = _("ocena")
        verbose_name_plural = _("oceny")
        ordering: ClassVar = ["offer", "member", "criterion__order"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["offer", "member", "criterion"],
                name="score_unique",
                violation_error_message=_(
                    "Ten członek komisji już ocenił tę ofertę w tym kryterium (pole „kryterium”)."
                ),
                violation_error_code="score_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(points__gte=0),
                name="score_non_negative",
                violation_error_message=_("Liczba punktów (pole „punkty”) nie może być ujemna."),
                violation_error_code="score_non_negative",
            ),
            models.CheckConstraint(
                condition=~models.Q(justification=""),
                name="score_has_justification",
                violation_error_message=_("Podaj uzasadnienie oceny (pole „uzasadnienie”)."),
                violation_error_code="score_has_justification",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.points}"


class ReasonsRequest(TimeStampedModel):
    """Anyone may ask for the reasons for choosing or rejecting an offer (art. 15 ust. 2j OPP)."""

    call = models.ForeignKey("commissioning.Call", on_delete=models.CASCADE, related_name="reasons_requests")
    offer = models.ForeignKey("commissioning.Offer", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    requester_name = models.CharField(_("imię i nazwisko lub nazwa"), max_length=150)
    requester_email = models.EmailField(_("e-mail do odpowiedzi"))
    question = models.TextField(_("treść wniosku"))
    answer = models.TextField(_("odpowiedź"), blank=True)
    answered_at = models.DateTimeField(_("udzielono odpowiedzi"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("wniosek o uzasadnienie")
        verbose_name_plural = _("wnioski o uzasadnienie")
        ordering: ClassVar = ["call", "-created_at"]

    def __str__(self) -> str:
        return f"{self.requester_name} ({self.created_at:%d.%m.%Y})"
