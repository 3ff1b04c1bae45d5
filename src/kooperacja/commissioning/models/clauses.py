from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kooperacja.core.models import TimeStampedModel

from ..enums import ClauseKind


class ClauseTemplate(TimeStampedModel):
    """Clause text with {placeholders}; a platform administrator edits the library in the Django admin."""

    kind = models.CharField(_("rodzaj klauzuli"), max_length=8, choices=ClauseKind.choices)
    title = models.CharField(_("tytuł"), max_length=200)
    basis = models.CharField(_("podstawa prawna"), max_length=120)
    body = models.TextField(
        _("treść"), help_text=_("Pola w nawiasach klamrowych, np. {groups}, {percent}, {people}, {months}.")
    )
    is_active = models.BooleanField(_("aktywny"), default=True)

    class Meta:
        verbose_name = _("wzór klauzuli społecznej")
        verbose_name_plural = _("wzory klauzul społecznych")
        ordering: ClassVar = ["kind", "title"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.title}"


class CallClause(TimeStampedModel):
    """A clause used in a call's tender documents, with its parameters and the generated text."""

    call = models.ForeignKey("commissioning.Call", on_delete=models.CASCADE, related_name="clauses")
    template = models.ForeignKey(ClauseTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="uses")
    kind = models.CharField(_("rodzaj klauzuli"), max_length=8, choices=ClauseKind.choices)
    parameters = models.JSONField(_("parametry"), default=dict)
    text = models.TextField(_("treść do SWZ"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("klauzula w postępowaniu")
        verbose_name_plural = _("klauzule w postępowaniu")
        ordering: ClassVar = ["call", "kind", "id"]

    def __str__(self) -> str:
        return self.get_kind_display()
