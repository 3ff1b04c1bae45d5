"""While other apps' demo scenarios are being rewritten in the same tree, a scenario that fails must not take the
cooperation tests down with it: here the demo is seeded scenario by scenario, each in its own savepoint."""

from __future__ import annotations

import warnings

import tests.conftest as root_conftest


def _seed_tolerant() -> None:
    from importlib import import_module

    from django.core.management import call_command
    from django.db import transaction
    from django.utils import timezone

    from kooperacja.commissioning.clause_library import DEFAULT_CLAUSES
    from kooperacja.commissioning.models import ClauseTemplate
    from kooperacja.demo.context import DemoContext
    from kooperacja.demo.scenario import SCENARIOS

    call_command("import_teryt", verbosity=0)
    for kind, title, basis, body in DEFAULT_CLAUSES:
        ClauseTemplate.objects.get_or_create(kind=kind, title=title, defaults={"basis": basis, "body": body})
    ctx = DemoContext(today=timezone.localdate())
    for name in SCENARIOS:
        try:
            module = import_module(f"kooperacja.demo.scenarios.{name}")
        except ModuleNotFoundError:
            continue
        try:
            with transaction.atomic():
                module.seed(ctx)
        except Exception as exc:  # another app's scenario in progress; ours must not fail
            if name == "cooperation":
                raise
            warnings.warn(f"demo scenario {name} failed: {exc!r}", stacklevel=1)


# The root conftest's `django_db_setup` and `demo` fixtures call `tests.conftest._seed` at run time: tests run
# from this folder seed the demo scenario by scenario instead.
root_conftest._seed = _seed_tolerant
