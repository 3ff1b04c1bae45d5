"""Per-person attendance of a consortium meeting: who came and which member organisation they represented.

The meeting's per-member list (`Meeting.present_members`) is derived from it by `meeting_record`, and the quorum of
the meeting (`consortia.voting.meeting_quorum`) is computed from the members represented."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .consortium import ConsortiumMember
from .governance import Meeting


class MeetingAttendance(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("osoba"), on_delete=models.PROTECT, related_name="+"
    )
    member = models.ForeignKey(
        ConsortiumMember,
        verbose_name=_("reprezentowany członek"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attendance",
    )

    class Meta:
        verbose_name = _("obecność na posiedzeniu")
        verbose_name_plural = _("lista obecności")
        ordering: ClassVar = ["meeting", "person__full_name", "pk"]
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["meeting", "person"],
                name="meeting_attendance_once_per_person",
                violation_error_message=_("Ta osoba (pole „osoba”) jest już na liście obecności tego posiedzenia."),
                violation_error_code="meeting_attendance_once_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.member.organisation if self.member_id else '–'})"
