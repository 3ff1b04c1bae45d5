"""Helpers the learning services share: upload checks, grant rows, the organiser check."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kooperacja.accounts.enums import Role
from kooperacja.consortia.documents import check_upload
from kooperacja.core.actors import Actor, is_system
from kooperacja.core.uploads import check_size
from kooperacja.organisations.enums import LegalForm

from ..audience import profile
from ..enums import GrantKind, Visibility

DOCUMENT_TYPES = (".pdf", ".docx", ".odt", ".doc", ".xlsx", ".ods")
PHOTO_TYPES = (".png", ".jpg", ".jpeg")


def check_file(upload: Any, *, field: str, extensions: tuple[str, ...] = DOCUMENT_TYPES) -> str:
    """Size (core.uploads) and type by extension and content signature; returns the content type."""
    try:
        check_size(upload)
        return check_upload(upload, extensions=extensions)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None


def check_organiser(actor: Actor, organisation: Any) -> None:
    """A trainer publishes in the name of an organisation where they hold the trainer role."""
    if is_system(actor):
        return
    p = profile(actor)
    if not p.admin and organisation.pk not in p.trainer_org_ids:
        raise ValidationError(
            {"organisation": _("Możesz publikować tylko w imieniu instytucji, w której jesteś trenerem.")}
        )


Grant = tuple[str, str, Any]  # (kind, value, team or None)


def clean_grants(visibility: str, cohort: Any, grants: Iterable[Grant]) -> list[Grant]:
    grants = list(grants)
    if visibility == Visibility.COHORT and cohort is None:
        raise ValidationError({"cohort": _("Wskaż grupę szkoleniową, dla której jest ta pozycja.")})
    if visibility != Visibility.GROUPS:
        return []
    if not grants:
        raise ValidationError({"grants": _("Wskaż co najmniej jeden rodzaj instytucji, rolę albo zespół kooperacji.")})
    allowed: dict[str, set[str]] = {GrantKind.LEGAL_FORM: set(LegalForm.values), GrantKind.ROLE: set(Role.values)}
    for kind, value, _team in grants:
        if kind == GrantKind.TEAM:
            continue
        if kind not in allowed or value not in allowed[kind]:
            raise ValidationError({"grants": _("Nieznany rodzaj instytucji lub rola.")})
    return grants


def current_grants(owner: Any) -> list[Grant]:
    """The grant rows an owner has now (a partial update that names no grants keeps them)."""
    return [(g.kind, g.value, g.team) for g in owner.grants.all()]


def save_grants(model: Any, owner_field: str, owner: Any, grants: list[Grant]) -> None:
    model.objects.filter(**{owner_field: owner}).delete()
    model.objects.bulk_create(
        [
            model(**{owner_field: owner}, kind=kind, value="" if kind == GrantKind.TEAM else value, team=team)
            for kind, value, team in grants
        ]
    )
