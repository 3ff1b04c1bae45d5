"""Who may see and change which service of the catalogue: one policy, answered as `can` and as `scope`.

- view: an active service of a verified provider is public; a member of the provider (any role) also sees its
  drafts, suspended and ended services; the platform administrator sees everything.
- change (edit, status, compliance checklist): a person working for the provider in a service role of a verified
  organisation, or the platform administrator.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from kooperacja.accounts import roles
from kooperacja.accounts.enums import Role
from kooperacja.core.policy import EVERYTHING, Policy, register_rules

from .enums import ServiceStatus
from .models import Service

SERVICE_ROLES = (Role.PES_STAFF, Role.SOCIAL_WORKER, Role.MUNICIPAL_OFFICER, Role.CONSORTIUM_COORDINATOR)


def _providers_run_by(user: Any) -> set[int]:
    return roles.organisation_ids(user, *SERVICE_ROLES, verified_only=True)


class ServicePolicy(Policy[Service]):
    model = Service
    actions = ("view", "change")

    def scope(self, user: Any, action: str) -> Q:
        self._check_action(action)
        if roles.is_platform_admin(user):
            return EVERYTHING
        if action == "view":
            public = Q(status=ServiceStatus.ACTIVE, provider__is_verified=True)
            own = roles.organisation_ids(user)
            return public | Q(provider_id__in=own) if own else public
        return Q(provider_id__in=_providers_run_by(user))

    def can(self, user: Any, action: str, obj: Service) -> bool:
        """Without a query (works for an unsaved service too: `Service(provider=org)` asks about a new one)."""
        self._check_action(action)
        if obj is None:
            return False
        if roles.is_platform_admin(user):
            return True
        if action == "view":
            if obj.status == ServiceStatus.ACTIVE and obj.provider.is_verified:
                return True
            return obj.provider_id in roles.organisation_ids(user)
        return obj.provider_id in _providers_run_by(user)

    def can_without_object(self, user: Any, action: str) -> bool:
        if action == "view":
            return True
        return roles.is_platform_admin(user) or bool(_providers_run_by(user))


services = ServicePolicy()
ALL_POLICIES = (services,)


def register() -> None:
    register_rules(
        "catalog",
        services,
        {"view_service": "view", "change_service": "change", "check_compliance": "change"},
    )
