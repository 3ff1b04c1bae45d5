"""Certificates of completion: a snapshot of what was completed, a unique code, expiry and revocation."""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kooperacja.core import bounds
from kooperacja.core.workflow import StateField, WorkflowModel

from ..enums import CertificateState


class Certificate(WorkflowModel):
    code = models.CharField(_("kod zaświadczenia"), max_length=20, unique=True)
    enrolment = models.ForeignKey(
        "learning.Enrolment", on_delete=models.PROTECT, related_name="certificates", verbose_name=_("zapis")
    )
    holder_name = models.CharField(_("imię i nazwisko"), max_length=150)
    course_title = models.CharField(_("szkolenie"), max_length=200)
    programme = models.CharField(_("program"), max_length=120)
    hours = models.DecimalField(
        _("liczba godzin"), max_digits=5, decimal_places=1, default=Decimal("0"), validators=bounds.HOURS_NOT_NEGATIVE
    )
    first_date = models.DateField(_("od"), null=True, blank=True, validators=bounds.EVENT_DATE)
    last_date = models.DateField(_("do"), null=True, blank=True, validators=bounds.EVENT_DATE)
    trainer_names = models.CharField(_("trenerzy"), max_length=300)
    issuer_name = models.CharField(_("wystawca"), max_length=250)
    issued_at = models.DateTimeField(_("wydano"), default=timezone.now, validators=bounds.DATE)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    expires_on = models.DateField(_("ważne do"), null=True, blank=True, validators=bounds.EVENT_DATE)
    state = StateField(_("stan"), choices=CertificateState.choices, default=CertificateState.VALID)
    revoked_reason = models.CharField(_("powód unieważnienia"), max_length=500, blank=True)
    revoked_at = models.DateTimeField(_("unieważniono"), null=True, blank=True, validators=bounds.DATE)
    replaces = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaced_by",
        verbose_name=_("zastępuje"),
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False, validators=bounds.DATE)

    class Meta:
        verbose_name = _("zaświadczenie")
        verbose_name_plural = _("zaświadczenia")
        ordering: ClassVar = ["-issued_at", "-id"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=~models.Q(state="revoked") | ~models.Q(revoked_reason=""),
                name="learning_certificate_revoked_has_reason",
                violation_error_code="learning_certificate_revoked_has_reason",
                violation_error_message=_("Unieważnione zaświadczenie ma podany powód (stan, powód unieważnienia)."),
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def status_on(self, day: object = None) -> str:
        """valid / expired / revoked / renewed, as the public check shows it."""
        if self.state != CertificateState.VALID:
            return str(self.state)
        today = day or timezone.localdate()
        if self.expires_on is not None and self.expires_on < today:  # type: ignore[operator]
            return "expired"
        return "valid"
