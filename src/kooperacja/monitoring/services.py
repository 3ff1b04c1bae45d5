"""Every write of the monitoring app: only its own aggregates (it never writes to the apps it reads)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kooperacja.core.actors import Actor, is_system, require

from . import events
from .compute import changed_gminas, compute, gminas_of
from .models import GminaYearFigures, RefreshRun
from .policies import reach_of
from .workflows import REFRESH


def _scopes_for(actor: Actor, voivodeship_code: str) -> list[str]:
    """The voivodeships the actor may refresh ("" = all, for the system and administrators)."""
    if is_system(actor) or reach_of(actor).everything:
        return [voivodeship_code]
    allowed = sorted(reach_of(actor).voivodeships)
    if voivodeship_code:
        if voivodeship_code[:2] not in allowed:
            raise PermissionDenied(_("Możesz przeliczać tylko zestawienia własnego województwa."))
        return [voivodeship_code]
    return allowed


def figures_refresh(*, actor: Actor, voivodeship_code: str = "", gmina_code: str = "") -> RefreshRun:
    """Recompute the figures of the voivodeship (all when empty) from the records; synthetic demo rows stay.

    `gmina_code` (a 7-digit TERC code) recomputes ONE gmina only (incremental: the same grouped queries,
    filtered to the gmina's records), e.g. after its officer asks or when its records changed; the nightly
    task recomputes everything (docs/monitoring.md, benchmarks/monitoring_refresh.py for the times)."""
    require(actor, "monitoring.refresh_figures")
    if gmina_code and not (len(gmina_code) == 7 and gmina_code.isdigit()):
        raise ValidationError(_("Kod gminy (pole: gmina) to siedem cyfr kodu TERC, np. 2005011."))
    scopes = _scopes_for(actor, gmina_code or voivodeship_code)
    user = None if is_system(actor) else actor
    run = RefreshRun.objects.create(voivodeship_code=(gmina_code or voivodeship_code or "")[:2], requested_by=user)
    now = timezone.now()
    try:
        with transaction.atomic():
            total = 0
            for code in scopes:
                total += _recompute(code, now)
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


def figures_refresh_changed(*, actor: Actor, voivodeship_code: str = "") -> RefreshRun | None:
    """Incremental refresh: recompute only the gminas whose records changed since the last finished refresh
    (the frequent scheduled task; the nightly one recomputes everything). None when nothing changed."""
    require(actor, "monitoring.refresh_figures")
    last = RefreshRun.objects.filter(state="done").order_by("-started_at").first()
    if last is None:
        return figures_refresh(actor=actor, voivodeship_code=voivodeship_code)
    codes = sorted(changed_gminas(last.started_at, voivodeship_code))
    if not codes:
        return None
    if not is_system(actor) and not reach_of(actor).everything:
        codes = [c for c in codes if c[:2] in reach_of(actor).voivodeships]
    user = None if is_system(actor) else actor
    run = RefreshRun.objects.create(voivodeship_code=voivodeship_code, requested_by=user)
    now = timezone.now()
    with transaction.atomic():
        run.rows = sum(_recompute(code, now) for code in codes)
        run.finished_at = timezone.now()
        REFRESH.apply(run, "finish", actor=actor)
        run.save()
        events.figures_refreshed(actor=actor, run=run)
    return run


def _recompute(code: str, now: Any) -> int:
    """Replace the computed (not synthetic) rows of the territories whose TERC code starts with `code`."""
    computed = compute(code, until=timezone.localdate())
    gminas = gminas_of(code)
    mine = GminaYearFigures.objects.filter(territory__code__startswith=code)
    synthetic = set(mine.filter(synthetic=True).values_list("territory_id", "year"))
    mine.filter(synthetic=False).delete()
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
    return len(new)


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
