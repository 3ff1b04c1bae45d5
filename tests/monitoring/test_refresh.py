"""Recomputation of the precomputed figures: one gmina on demand, only the changed gminas (the frequent
scheduled task), the whole voivodeship (nightly); bad codes refused with a Polish message."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from kooperacja.core.actors import SYSTEM
from kooperacja.monitoring import services
from kooperacja.monitoring.models import GminaYearFigures, RefreshRun

pytestmark = pytest.mark.django_db
HAJNOWKA, NAREWKA = "2005011", "2005092"


def _stamps(code: str) -> set[Any]:
    return set(
        GminaYearFigures.objects.filter(territory__code=code, synthetic=False).values_list("refreshed_at", flat=True)
    )


def test_one_gmina_is_recomputed_alone(demo: Any) -> None:
    services.figures_refresh(actor=SYSTEM, voivodeship_code="20")
    narewka_before, hajnowka_before = _stamps(NAREWKA), _stamps(HAJNOWKA)
    synthetic = GminaYearFigures.objects.filter(synthetic=True).count()
    run = services.figures_refresh(actor=SYSTEM, gmina_code=HAJNOWKA)
    assert run.state == "done" and run.rows == GminaYearFigures.objects.filter(territory__code=HAJNOWKA).count()
    assert _stamps(NAREWKA) == narewka_before and _stamps(HAJNOWKA) != hajnowka_before
    assert GminaYearFigures.objects.filter(synthetic=True).count() == synthetic
    with pytest.raises(ValidationError, match="siedem cyfr"):
        services.figures_refresh(actor=SYSTEM, gmina_code="20'; --")


def test_only_changed_gminas_are_recomputed(demo: Any) -> None:
    from kooperacja.cooperation.models import Case

    services.figures_refresh(actor=SYSTEM, voivodeship_code="20")
    assert services.figures_refresh_changed(actor=SYSTEM) is None  # nothing changed since
    narewka_before, hajnowka_before = _stamps(NAREWKA), _stamps(HAJNOWKA)
    assert Case.objects.filter(gmina__code=NAREWKA).update(updated_at=timezone.now()) > 0
    run = services.figures_refresh_changed(actor=SYSTEM)
    assert run is not None and run.rows == GminaYearFigures.objects.filter(territory__code=NAREWKA).count()
    assert _stamps(NAREWKA) != narewka_before and _stamps(HAJNOWKA) == hajnowka_before


def test_analyst_refreshes_own_voivodeship_only_officer_never(demo: Any) -> None:
    run = services.figures_refresh(actor=demo.user("analyst"), gmina_code=NAREWKA)
    assert run.state == "done" and run.requested_by == demo.user("analyst")
    with pytest.raises(PermissionDenied):
        services.figures_refresh(actor=demo.user("analyst"), gmina_code="1465011")
    with pytest.raises(PermissionDenied):
        services.figures_refresh(actor=demo.user("officer"), gmina_code=HAJNOWKA)


def test_command_gmina_and_changed(demo: Any) -> None:
    out = StringIO()
    call_command("monitoring_refresh", "--gmina", HAJNOWKA, stdout=out)
    assert "Przeliczono" in out.getvalue()
    err = StringIO()
    call_command("monitoring_refresh", "--gmina", "abc", stderr=err)
    assert "siedem cyfr" in err.getvalue()
    out = StringIO()
    call_command("monitoring_refresh", "--changed", stdout=out)
    assert "gminy ze zmianami" in out.getvalue()
    assert RefreshRun.objects.filter(state="done").exists()
