"""ESF+ participant data of an enrolment on an EU-funded service (Regulation (EU) 2021/1057, art. 17 and Annex I).

One row per enrolment, and only where the catalogue service is EU-funded (`Service.eu_funded`; the service
`esf_record_save` refuses the rest). Legal basis: art. 6(1)(c) and (e) RODO with art. 17 and Annex I of the ESF+
regulation; the disability answer is special-category data, processed under art. 9(2)(g) RODO (and may be
refused). Anonymisation keeps the coded answers (they feed the aggregated ESF+ report and identify nobody once the
person's identity is removed) and nothing free-text is stored here.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kooperacja.core import bounds
from kooperacja.core.models import TimeStampedModel

from ..enums import EsfDisability, EsfEducation, EsfEmployment


class EsfRecord(TimeStampedModel):
    enrolment = models.OneToOneField("delivery.Enrolment", on_delete=models.CASCADE, related_name="esf")
    # at entry (the day of admission to the service)
    employment = models.CharField(_("status na rynku pracy przy rozpoczęciu"), max_length=12, choices=EsfEmployment)
    education = models.CharField(_("wykształcenie (poziom ISCED)"), max_length=8, choices=EsfEducation)
    disability = models.CharField(_("osoba z niepełnosprawnościami"), max_length=8, choices=EsfDisability)
    # results at exit (within 4 weeks of leaving); None = not yet asked
    exit_recorded_on = models.DateField(
        _("data ustalenia sytuacji po zakończeniu"), null=True, blank=True, validators=bounds.DATE
    )
    exit_job_seeking = models.BooleanField(_("poszukuje pracy"), default=False)
    exit_in_education = models.BooleanField(_("kształci się lub szkoli"), default=False)
    exit_qualification = models.BooleanField(_("uzyskanie kwalifikacji"), default=False)
    exit_employed = models.BooleanField(_("pracuje (w tym na własny rachunek)"), default=False)
    # six months after leaving
    six_months_recorded_on = models.DateField(
        _("data ustalenia sytuacji po 6 miesiącach"), null=True, blank=True, validators=bounds.DATE
    )
    six_months_employed = models.BooleanField(_("pracuje 6 miesięcy po zakończeniu"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("dane uczestnika EFS+")
        verbose_name_plural = _("dane uczestników EFS+")
        default_permissions = ()
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(exit_recorded_on__isnull=False)
                | models.Q(
                    exit_job_seeking=False, exit_in_education=False, exit_qualification=False, exit_employed=False
                ),
                name="esf_exit_results_have_date",
                violation_error_code="esf_exit_results_have_date",
                violation_error_message=_("Podaj datę ustalenia sytuacji po zakończeniu udziału."),
            ),
            models.CheckConstraint(
                condition=models.Q(six_months_recorded_on__isnull=True) | models.Q(six_months_employed__isnull=False),
                name="esf_six_months_has_answer",
                violation_error_code="esf_six_months_has_answer",
                violation_error_message=_("Zaznacz, czy osoba pracuje 6 miesięcy po zakończeniu udziału."),
            ),
        ]

    def __str__(self) -> str:
        return f"EFS+ {self.enrolment_id}"
