"""Helpers shared by the service modules."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from kooperacja.core.actors import Actor, is_system
from kooperacja.organisations.models import Organisation

from ..models import (
    Team,
    TeamMember,
)

if TYPE_CHECKING:
    from kooperacja.accounts.models import User


def _person(actor: Actor) -> User | None:
    """The user to store as "who did it" (None for the platform's own actions: the event records the system)."""
    return None if is_system(actor) else actor  # type: ignore[return-value]


def _active_member(team: Team, organisation: Organisation) -> TeamMember:
    member = team.members.filter(organisation=organisation, left_on__isnull=True).first()
    if member is None:
        raise ValidationError(_("Instytucja nie jest członkiem zespołu."))
    return member
