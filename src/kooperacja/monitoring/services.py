"""Every write of the monitoring app: only its own aggregates (it never writes to the apps it reads)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core.actors import Actor, is_system, require

from . import events
from .compute import compute, gminas_of
from .models import GminaYearFigures, RefreshRun
from .policies import reach_of
from .workflows import REFRESH


def _scopes_for(actor: Actor, voivodeship_code: str) -> list[str]:
    """The voivodeships the actor may refresh ("" = all, for the system and administrators)."""
    if is_system(actor) or reach_of(actor).everything:
        return [voivodeship_code]
    allowed = sorted(reach_of(actor).voivodeships)
    if voivodeship_code:
        if voivodeship_code not in allowed:
            raise PermissionDenied(_("Możesz przeliczać tylko zestawienia własnego województwa."))
        return [voivodeship_code]
    return allowed


def figures_refresh(*, actor: Actor, voivodeship_code: str = "") -> RefreshRun:
    """Recompute the figures of the voivodeship (all when empty) from the records; synthetic demo rows stay."""
    require(actor, "monitoring.refresh_figures")
    scopes = _scopes_for(actor, voivodeship_code)
    user = None if is_system(actor) else actor
    run = RefreshRun.objects.create(voivodeship_code=voivodeship_code or "", requested_by=user)
    now = timezone.now()
    try:
        with transaction.atomic():
            total = 0
            for code in scopes:
                computed = compute(code, until=timezone.localdate())
                gminas = gminas_of(code)
                synthetic = set(
                    GminaYearFigures.objects.filter(voivodeship_code__startswith=code, synthetic=True).values_list(
                        "territory_id", "year"
                    )
                )
                GminaYearFigures.objects.filter(voivodeship_code__startswith=code, synthetic=False).delete()
                new = []
                for (tid, year), row in computed.items():
                    territory = gminas.get(tid)
                    if territory is None or (tid, year) in synthetic:
                        continue
                    new.append(
                        GminaYearFigures(
                            territory=territory,
                            voivodeship_code=territory.code[:2],
                            powiat_code=territory.code[:4],
                            gmina_type=territory.gmina_type,
                            year=year,
                            refreshed_at=now,
                            **row.values(),
                        )
                    )
                GminaYearFigures.objects.bulk_create(new, batch_size=500)
                total += len(new)
            run.rows = total
            run.finished_at = timezone.now()
            REFRESH.apply(run, "finish", actor=actor)
            run.save()
            events.figures_refreshed(actor=actor, run=run)
    except Exception as exc:
        run.error = str(exc)[:2000]
        run.finished_at = timezone.now()
        REFRESH.apply(run, "fail", actor=actor, reason=run.error or "błąd")
        run.save()
        events.refresh_failed(actor=actor, run=run)
        raise
    return run


def figures_load_synthetic(*, actor: Actor, rows: Iterable[dict[str, Any]]) -> int:
    """Store generated, clearly marked synthetic figures (the demo and the benchmarks only: SYSTEM)."""
    require(actor, "monitoring.refresh_figures")
    if not is_system(actor):
        raise PermissionDenied(_("Dane syntetyczne wczytuje tylko system (demo, testy wydajności)."))
    now = timezone.now()
    objs = []
    for data in rows:
        territory = data.pop("territory")
        objs.append(
            GminaYearFigures(
                territory=territory,
                voivodeship_code=territory.code[:2],
                powiat_code=territory.code[:4],
                gmina_type=territory.gmina_type,
                synthetic=True,
                refreshed_at=now,
                **data,
            )
        )
    with transaction.atomic():
        GminaYearFigures.objects.filter(
            synthetic=True, territory__in=[o.territory for o in objs], year__in={o.year for o in objs}
        ).delete()
        GminaYearFigures.objects.bulk_create(objs, batch_size=500)
    return len(objs)
