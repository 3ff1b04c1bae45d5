"""`monitoring.*` permissions, all from the policies (one reach per user)."""

from __future__ import annotations

from kooperacja.core.policy import register_rules

from .policies import CALLS, FIGURES, PACKAGES

register_rules("monitoring", FIGURES, {"view_figures": "view", "refresh_figures": "refresh"})
register_rules("monitoring", PACKAGES, {"view_package_effects": "view"})
register_rules("monitoring", CALLS, {"view_legality": "view"})
