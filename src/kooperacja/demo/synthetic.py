"""Synthetic, deterministic data for benchmarks: planner instances of any size (no personal data at all).

A voivodeship-sized area (about 200 x 150 km) with `gminas` gmina seats, `services` services of 12 categories
with realistic eligibility (age bands, some restricted to residents of their gmina, some requiring art. 7
reasons) and scarce capacity, and `needs` basket items of families with priority 1-3.
"""

from __future__ import annotations

import numpy as np

from kooperacja.cooperation.planner import PlannerInstance

AGE_BANDS = [(-1, -1), (-1, -1), (0, 17), (6, 15), (13, 25), (18, 64), (60, -1), (18, -1)]
N_REASONS = 15
N_CATEGORIES = 12


def planner_instance(
    *,
    needs: int,
    services: int,
    gminas: int = 120,
    seed: int = 2026,
    max_distance_km: float = 40.0,
    scarcity: float = 0.8,
) -> PlannerInstance:
    """An instance where total capacity is about `scarcity` x the number of needs (so not everyone can be served)."""
    rng = np.random.default_rng(seed)
    gmina_xy = rng.uniform((0, 0), (200, 150), size=(gminas, 2))
    # Services sit in gmina seats (a few km around them); bigger towns get more services.
    popularity = rng.pareto(1.5, gminas) + 1
    popularity /= popularity.sum()
    svc_gmina = rng.choice(gminas, size=services, p=popularity)
    svc_xy = gmina_xy[svc_gmina] + rng.normal(0, 2.0, size=(services, 2))
    svc_category = rng.integers(0, N_CATEGORIES, services)
    bands = np.asarray(AGE_BANDS)[rng.integers(0, len(AGE_BANDS), services)]
    restricted = rng.random(services) < 0.3
    svc_gminas = [frozenset({int(g)}) if r else None for g, r in zip(svc_gmina, restricted, strict=True)]
    needs_reason = rng.random(services) < 0.3
    reason_bits = np.zeros(services, dtype=np.int64)
    for j in np.flatnonzero(needs_reason):
        for r in rng.choice(N_REASONS, size=int(rng.integers(1, 4)), replace=False):
            reason_bits[j] |= 1 << int(r)
    raw = rng.gamma(2.0, 1.0, services)
    capacity = np.maximum(1, np.rint(raw / raw.sum() * needs * scarcity)).astype(np.int64)
    # Needs come from families in gminas (more where more people live).
    need_gmina = rng.choice(gminas, size=needs, p=popularity)
    need_category = rng.integers(0, N_CATEGORIES, needs)
    need_age = rng.integers(0, 90, needs)
    need_age[rng.random(needs) < 0.02] = -1
    need_reasons = np.zeros(needs, dtype=np.int64)
    for k in range(2):
        pick = rng.integers(0, N_REASONS, needs)
        mask = rng.random(needs) < (0.9 if k == 0 else 0.4)
        need_reasons[mask] |= np.left_shift(1, pick[mask]).astype(np.int64)
    need_weight = rng.choice([1, 2, 3], size=needs, p=[0.5, 0.35, 0.15]).astype(np.int64)
    return PlannerInstance(
        gmina_xy=gmina_xy,
        need_category=need_category,
        need_gmina=need_gmina,
        need_weight=need_weight,
        need_age=need_age,
        need_reasons=need_reasons,
        svc_category=svc_category,
        svc_xy=svc_xy,
        svc_capacity=capacity,
        svc_min_age=bands[:, 0].astype(np.int64),
        svc_max_age=bands[:, 1].astype(np.int64),
        svc_reasons=reason_bits,
        svc_gminas=svc_gminas,
        max_distance_km=max_distance_km,
    )
