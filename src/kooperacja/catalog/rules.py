"""Permissions of the services catalogue: `view_service`, `change_service` and `check_compliance` wrap
ServicePolicy (policies.py), so the pages, the services and the selectors answer from one place."""

from __future__ import annotations

import rules

from kooperacja.accounts.rules import has_role, is_platform_admin

from . import policies
from .policies import SERVICE_ROLES

can_run_services = has_role(*SERVICE_ROLES)

policies.register()
rules.add_perm("catalog.add_service", can_run_services | is_platform_admin)
rules.add_perm("catalog.export_hsds", rules.always_allow)
rules.add_perm("catalog.add_standard", is_platform_admin)  # the platform's list of minimum standards
