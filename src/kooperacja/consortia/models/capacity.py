"""The consortium's register of its members' capacity for new calls: which member can deliver what (a sector of
social services, described), where (a gmina), for how many people and from when. The office reads it to assemble a
joint offer; each member keeps its own rows current."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kooperacja.commissioning.enums import LotSector
from kooperacja.core import bounds
from kooperacja.core.models import TimeStampedModel

from .consortium import ConsortiumMember


class MemberCapacity(TimeStampedModel):
    member = models.ForeignKey(
        ConsortiumMember, verbose_name=_("członek"), on_delete=models.CASCADE, related_name="capacities"
    )
    sector = models.CharField(_("obszar usług"), max_length=32, choices=LotSector.choices)
    service = models.CharField(_("co może realizować"), max_length=300)
    territory = models.ForeignKey("core.Territory", verbose_name=_("gmina"), on_delete=models.PROTECT, related_name="+")
    people = models.PositiveIntegerField(_("dla ilu osób"), validators=bounds.COUNT_POSITIVE)
    available_from = models.DateField(_("dostępne od"), null=True, blank=True, validators=bounds.DATE)
    notes = models.CharField(_("uwagi (kadra, lokal, ograniczenia)"), max_length=500, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("potencjał członka")
        verbose_name_plural = _("rejestr potencjału członków")
        ordering: ClassVar = ["sector", "member__organisation__name", "pk"]
        constraints: ClassVar = [
            models.CheckConstraint(
                condition=models.Q(people__gte=1, people__lte=100_000),
                name="member_capacity_people_range",
                violation_error_message=_("Liczba osób (pole „dla ilu osób”) musi być od 1 do 100 000."),
                violation_error_code="member_capacity_people_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member.organisation}: {self.get_sector_display()} ({self.people})"
