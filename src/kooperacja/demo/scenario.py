"""Runs the demo scenarios in layer order. Each app's part lives in `kooperacja/demo/scenarios/<name>.py`."""

from __future__ import annotations

from importlib import import_module

from django.db import transaction
from django.utils import timezone

from .context import DemoContext

# Layer order (DESIGN.md): an app's scenario may use what the earlier ones created.
SCENARIOS = [
    "foundation",
    "catalog",
    "commissioning",
    # Pzp: a reserved contract (art. 94) with its qualification of contractors; a draft competition with edited
    # criteria and an OPP social clause (issue 17)
    "procurement",
    "consortia",
    "consortia_governance",  # Konsorcjum OdNowa over time: a vote closed by the clock (issue 17)
    "consortia_reporting",  # OdNowa: member documents per cost row fed into the contract report; a joint offer
    "delivery",
    "cooperation",
    "cooperation_changes",  # Narewka's PZK over time: memberships, agreements, consents, task teams (issue 17)
    "participation",
    # the programme of cooperation (art. 5a OPP): links the commissioning calls, consulted in participation
    "programme",
    # the needs behind the package: its diagnosis, a need cited from the finished consultation (issue 17)
    "needs",
    "learning",
    "monitoring",
    # A second gmina (Białowieża) with its own office, GOPS, PZK, call and consortium: last, so that the first
    # authority's figures stay as they were; it only adds records the others must not see.
    "second_authority",
    # the powiat level: Hajnówka's powiat team working with Narewka's and Białowieża's teams; the planner's
    # coordinates and the powiat-wide plan (issue 17)
    "powiat",
]


def run_all(today: object | None = None) -> DemoContext:
    ctx = DemoContext(today=today or timezone.localdate())  # type: ignore[arg-type]
    with transaction.atomic():
        for name in SCENARIOS:
            try:
                module = import_module(f"kooperacja.demo.scenarios.{name}")
            except ModuleNotFoundError as exc:
                if exc.name == f"kooperacja.demo.scenarios.{name}":
                    continue
                raise
            module.seed(ctx)
    return ctx
