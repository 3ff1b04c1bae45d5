"""Who acts: a signed-in user or the platform itself (`SYSTEM`), and the one permission check every service makes.

Every service takes `actor: Actor` and calls `require(actor, perm, obj)` before it changes anything. Tasks,
imports run in the background, management commands and the demo scenario act as `SYSTEM`: they are allowed every
permission, and the audit timeline records them as the system, never as an anonymous nobody. `None` is not an
actor: a service that receives it fails loudly instead of silently skipping its check.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final, TypeAlias

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

if TYPE_CHECKING:
    from kooperacja.accounts.models import User


class SystemActor:
    """The platform acting on its own behalf (scheduled tasks, commands, background imports, the demo)."""

    is_authenticated: Final = False
    is_anonymous: Final = False
    is_active: Final = True
    is_staff: Final = False
    is_superuser: Final = False
    pk: Final = None
    label = gettext_lazy("System Kooperacja (zadanie automatyczne)")

    _instance: SystemActor | None = None

    def __new__(cls) -> SystemActor:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        return True

    def is_verified(self) -> bool:
        return True

    def __str__(self) -> str:
        return str(self.label)

    def __repr__(self) -> str:
        return "SYSTEM"

    def __reduce__(self) -> str:
        return "SYSTEM"


SYSTEM: Final = SystemActor()

Actor: TypeAlias = "User | SystemActor"


def is_system(actor: object) -> bool:
    return isinstance(actor, SystemActor)


def person_of(actor: Actor) -> User | None:
    """The person behind an action, for a record's "by" field: None when the platform itself (`SYSTEM`) acts."""
    if actor is None:
        raise TypeError("person_of() needs an actor: a user, or SYSTEM for the platform's own actions")
    return None if isinstance(actor, SystemActor) else actor


def require(actor: Actor, perm: str, obj: Any = None, *, hide: bool = False) -> None:
    """Raise unless `actor` holds the `rules` permission `perm` on `obj`.

    `hide=True` answers 404 instead of 403: for a record the actor may not know exists. The system actor passes
    every check; `None` is a programming error, not an anonymous caller.
    """
    if actor is None:
        raise TypeError("require() needs an actor: a user, or SYSTEM for the platform's own actions")
    if isinstance(actor, SystemActor):
        return
    if not actor.has_perm(perm, obj):
        if hide:
            raise Http404
        raise PermissionDenied(_("Brak uprawnień do tej czynności."))
