"""Basket planner for scarce capacity: assign needs to services, optimally.

The problem. Needs (one basket item of one family each: a service category, a priority weight, the family's
gmina, the person's age and art. 7 reasons) compete for services with a limited number of free places.
A need may go to a service of its category that it is eligible for (age range, gmina restriction, required
reasons) and that lies within `max_distance_km` of the family's gmina. Maximise the met needs weighted by
priority; among the optimal plans take one with the least total travel distance (lexicographic objective).

The method. This is a bipartite b-matching (a transportation problem): the constraint matrix is the
incidence matrix of a bipartite graph, hence totally unimodular, so a basic optimal solution of the LP
relaxation is integral. HiGHS's simplex returns such a solution. Categories are independent blocks.
To keep the LP small we aggregate needs
into *classes* of interchangeable needs: the same category, gmina, weight and exactly the same set of
eligible services (computed, not guessed). The aggregated LP (class supply = number of needs in the class)
is still a transportation problem, and any integral flow splits back onto individual needs, so the plan is
optimal for the original problem. Distances are integers in units of 0.1 km. The lexicographic order is
exact: stage 1 maximises the weighted met needs, stage 2 minimises distance over stage 1's optimal face.

Nothing here touches the database: `cooperation.basket` builds an instance from the cases and the catalogue,
`services.plan_propose` stores the proposal and a person accepts or rejects it.
"""

from __future__ import annotations

import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import numpy as np

DIST_UNIT_KM = 0.1


@dataclass
class PlannerInstance:
    """Arrays describing needs, services and the needs' origins ("gminas": in the application one origin per case
    address with coordinates, or per gmina whose centre stands in for addresses without them) with planar km
    coordinates, or an explicit origin × service distance matrix (`dist_km`)."""

    gmina_xy: np.ndarray  # (G, 2) float km
    need_category: np.ndarray  # (n,) int
    need_gmina: np.ndarray  # (n,) int index into gmina_xy
    need_weight: np.ndarray  # (n,) int >= 1 (priority weight)
    need_age: np.ndarray  # (n,) int, -1 = unknown
    need_reasons: np.ndarray  # (n,) int64 bit mask of art. 7 reasons
    svc_category: np.ndarray  # (m,) int
    svc_xy: np.ndarray  # (m, 2) float km
    svc_capacity: np.ndarray  # (m,) int >= 0 (free places)
    svc_min_age: np.ndarray  # (m,) int, -1 = no lower limit
    svc_max_age: np.ndarray  # (m,) int, -1 = no upper limit
    svc_reasons: np.ndarray  # (m,) int64 bit mask; 0 = no reason required, else one of them needed
    svc_gminas: list[frozenset[int] | None]  # (m,) gminas whose residents may use it; None = anyone
    max_distance_km: float = 40.0
    # (G, m) travel distances in km from each origin to each service, when known better than the planar
    # coordinates (the application: haversine between a case's address and a service location); None = planar.
    dist_km: np.ndarray | None = None

    @property
    def n(self) -> int:
        return len(self.need_category)

    @property
    def m(self) -> int:
        return len(self.svc_category)

    def distance_units(self, gmina: int, service: int) -> int:
        if self.dist_km is not None:
            return round(float(self.dist_km[gmina, service]) / DIST_UNIT_KM)
        d = float(np.hypot(*(self.gmina_xy[gmina] - self.svc_xy[service])))
        return round(d / DIST_UNIT_KM)

    def eligible(self, i: int, j: int) -> bool:
        """Reference (scalar) eligibility of need i for service j. The solver computes the same in bulk."""
        if self.need_category[i] != self.svc_category[j]:
            return False
        age, lo, hi = int(self.need_age[i]), int(self.svc_min_age[j]), int(self.svc_max_age[j])
        if (lo >= 0 or hi >= 0) and age < 0:
            return False
        if (lo >= 0 and age < lo) or (hi >= 0 and age > hi):
            return False
        required = int(self.svc_reasons[j])
        if required and not (int(self.need_reasons[i]) & required):
            return False
        allowed = self.svc_gminas[j]
        if allowed is not None and int(self.need_gmina[i]) not in allowed:
            return False
        return self.distance_units(int(self.need_gmina[i]), j) <= round(self.max_distance_km / DIST_UNIT_KM)


@dataclass
class Plan:
    assignments: list[tuple[int, int, float]]  # (need index, service index, distance km)
    met: int
    weight_met: int
    weight_total: int
    distance_units: int
    status: str
    seconds: float
    classes: int = 0
    variables: int = 0
    timings: dict[str, float] = field(default_factory=dict)


def _distance_matrix(inst: PlannerInstance) -> np.ndarray:
    if inst.dist_km is not None:
        return np.rint(np.asarray(inst.dist_km, dtype=float) / DIST_UNIT_KM).astype(np.int64)
    diff = inst.gmina_xy[:, None, :] - inst.svc_xy[None, :, :]
    return np.rint(np.hypot(diff[..., 0], diff[..., 1]) / DIST_UNIT_KM).astype(np.int64)


@dataclass
class _Classes:
    count: list[int] = field(default_factory=list)
    weight: list[int] = field(default_factory=list)
    members: list[np.ndarray] = field(default_factory=list)
    edge_class: list[np.ndarray] = field(default_factory=list)
    edge_service: list[np.ndarray] = field(default_factory=list)
    edge_dist: list[np.ndarray] = field(default_factory=list)


def _build_classes(inst: PlannerInstance) -> _Classes:
    """Group needs by (category, gmina) and split each group into classes with identical eligible sets."""
    dist = _distance_matrix(inst)
    limit = round(inst.max_distance_km / DIST_UNIT_KM)
    out = _Classes()
    svc_by_cat: dict[int, np.ndarray] = defaultdict(lambda: np.empty(0, dtype=np.int64))
    for cat in np.unique(inst.svc_category):
        svc_by_cat[int(cat)] = np.flatnonzero(inst.svc_category == cat)
    order = np.lexsort((inst.need_gmina, inst.need_category))
    cat_s, gm_s = inst.need_category[order], inst.need_gmina[order]
    bounds = np.flatnonzero((np.diff(cat_s) != 0) | (np.diff(gm_s) != 0)) + 1
    starts = np.concatenate(([0], bounds))
    ends = np.concatenate((bounds, [len(order)]))
    for s, e in zip(starts, ends, strict=True):
        if s == e:
            continue
        cat, g = int(cat_s[s]), int(gm_s[s])
        cand = svc_by_cat[cat]
        if len(cand) == 0:
            continue
        d = dist[g, cand]
        keep = d <= limit
        if inst.svc_gminas:
            keep &= np.fromiter(
                ((inst.svc_gminas[j] is None or g in inst.svc_gminas[j]) for j in cand), dtype=bool, count=len(cand)
            )
        cand, d = cand[keep], d[keep]
        if len(cand) == 0:
            continue
        idx = order[s:e]
        age = inst.need_age[idx][:, None]
        lo, hi = inst.svc_min_age[cand][None, :], inst.svc_max_age[cand][None, :]
        limited = (lo >= 0) | (hi >= 0)
        ok = ~(limited & (age < 0))
        ok &= (lo < 0) | (age >= lo)
        ok &= (hi < 0) | (age <= hi)
        req = inst.svc_reasons[cand][None, :]
        ok &= (req == 0) | ((inst.need_reasons[idx][:, None] & req) != 0)
        if not ok.any():
            continue
        # One signature per need: its weight and the bit row of eligible candidates.
        packed = np.packbits(ok, axis=1)
        sig = np.concatenate([inst.need_weight[idx].astype(np.int64)[:, None].view(np.uint8), packed], axis=1)
        sig = np.ascontiguousarray(sig)
        view = sig.view(np.dtype((np.void, sig.shape[1]))).ravel()
        _, first, inverse = np.unique(view, return_index=True, return_inverse=True)
        inverse = inverse.ravel()
        members_sorted = np.argsort(inverse, kind="stable")
        counts = np.bincount(inverse, minlength=len(first))
        splits = np.cumsum(counts)[:-1]
        for k, members in enumerate(np.split(idx[members_sorted], splits)):
            row = ok[first[k]]
            if not row.any():
                continue
            cls = len(out.count)
            out.count.append(int(counts[k]))
            out.weight.append(int(inst.need_weight[idx[first[k]]]))
            out.members.append(members)
            sel = np.flatnonzero(row)
            out.edge_class.append(np.full(len(sel), cls, dtype=np.int64))
            out.edge_service.append(cand[sel])
            out.edge_dist.append(d[sel])
    return out


def _quiet_highs(highspy: Any) -> Any:
    """A Highs instance without the copyright banner HiGHS writes to stdout (file descriptor 1) on creation."""
    import os
    import sys

    sys.stdout.flush()
    saved = os.dup(1)
    try:
        with open(os.devnull, "w") as devnull:
            os.dup2(devnull.fileno(), 1)
            return highspy.Highs()
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def _highs_lp(
    *,
    cost: np.ndarray,
    col_lower: np.ndarray,
    col_upper: np.ndarray,
    row_lower: np.ndarray,
    row_upper: np.ndarray,
    col_row_a: np.ndarray,
    col_row_b: np.ndarray,
    strategy: int,
) -> Any:
    """A transportation LP: column k has a 1 in rows col_row_a[k] and col_row_b[k]. Returns the solved Highs."""
    import highspy

    n_var = len(cost)
    lp = highspy.HighsLp()
    lp.num_col_ = n_var
    lp.num_row_ = len(row_lower)
    lp.col_cost_ = cost
    lp.col_lower_ = col_lower
    lp.col_upper_ = col_upper
    lp.row_lower_ = row_lower
    lp.row_upper_ = row_upper
    index = np.empty(2 * n_var, dtype=np.int32)
    index[0::2] = col_row_a
    index[1::2] = col_row_b
    lp.a_matrix_.format_ = highspy.MatrixFormat.kColwise
    lp.a_matrix_.start_ = np.arange(0, 2 * n_var + 1, 2, dtype=np.int32)
    lp.a_matrix_.index_ = index
    lp.a_matrix_.value_ = np.ones(2 * n_var)
    h = _quiet_highs(highspy)
    h.setOptionValue("output_flag", False)
    h.setOptionValue("solver", "simplex")
    h.setOptionValue("simplex_strategy", strategy)
    h.setOptionValue("threads", 1)
    h.passModel(lp)
    h.run()
    status = h.modelStatusToString(h.getModelStatus())
    if status != "Optimal":
        raise RuntimeError(f"HiGHS: {status}")
    return h


def _solve_block(
    ec: np.ndarray, es: np.ndarray, ed: np.ndarray, weight: np.ndarray, supply: np.ndarray, capacity: np.ndarray
) -> np.ndarray:
    """Flows on the edges of one independent block (one service category), lexicographically optimal.

    Stage 1 maximises the weighted met needs. Stage 2 minimises the distance over the optimal face of stage 1,
    described exactly by complementary slackness with stage 1's dual solution: columns with a positive reduced
    cost stay at 0, columns with a negative one at their upper bound, rows with a non-zero dual stay tight.
    Both stages are transportation LPs (totally unimodular), so the basic solutions are integral.
    """
    classes, cidx = np.unique(ec, return_inverse=True)
    services, sidx = np.unique(es, return_inverse=True)
    n_c = len(classes)
    rows_up = np.concatenate([supply[classes], capacity[services]]).astype(np.float64)
    col_up = np.minimum(supply[ec], capacity[es]).astype(np.float64)
    row_a, row_b = cidx.astype(np.int32), (n_c + sidx).astype(np.int32)
    h = _highs_lp(
        cost=-weight[ec].astype(np.float64),
        col_lower=np.zeros(len(ec)),
        col_upper=col_up,
        row_lower=np.zeros(len(rows_up)),
        row_upper=rows_up,
        col_row_a=row_a,
        col_row_b=row_b,
        strategy=1,
    )
    sol = h.getSolution()
    reduced = np.asarray(sol.col_dual)
    row_dual = np.asarray(sol.row_dual)
    activity = np.rint(np.asarray(sol.row_value))
    keep = reduced < 1e-7
    col_lo = np.where(reduced < -1e-7, col_up, 0.0)
    tight = np.abs(row_dual) > 1e-7
    if not keep.any():
        return np.zeros(len(ec), dtype=np.int64)
    h2 = _highs_lp(
        cost=ed[keep].astype(np.float64),
        col_lower=col_lo[keep],
        col_upper=col_up[keep],
        row_lower=np.where(tight, activity, 0.0),
        row_upper=np.where(tight, activity, rows_up),
        col_row_a=row_a[keep],
        col_row_b=row_b[keep],
        strategy=1,
    )
    raw = np.zeros(len(ec))
    raw[keep] = np.asarray(h2.getSolution().col_value)
    flow = np.rint(raw).astype(np.int64)
    if np.abs(raw - flow).max(initial=0) > 1e-6:  # total unimodularity says it cannot happen: check, not trust
        raise RuntimeError("LP solution is not integral")
    return flow


def _solve_block_args(args: tuple[np.ndarray, ...]) -> np.ndarray:
    return _solve_block(*args)


def solve(inst: PlannerInstance, *, workers: int = 1) -> Plan:
    """The optimal plan: exact aggregation into classes, then per category two HiGHS simplex stages.

    `workers` > 1 solves the independent category blocks in that many processes (for batch runs and the
    benchmark; the web application plans in-process).
    """
    t0 = time.perf_counter()
    total_weight = int(inst.need_weight.sum())
    classes = _build_classes(inst)
    t1 = time.perf_counter()
    if not classes.count:
        return Plan([], 0, 0, total_weight, 0, "Optimal", time.perf_counter() - t0, timings={"classes": t1 - t0})
    ec = np.concatenate(classes.edge_class)
    es = np.concatenate(classes.edge_service)
    ed = np.concatenate(classes.edge_dist)
    weight = np.asarray(classes.weight, dtype=np.int64)
    supply = np.asarray(classes.count, dtype=np.int64)
    capacity = inst.svc_capacity.astype(np.int64)
    flow = np.zeros(len(ec), dtype=np.int64)
    # Services have one category and classes one category: the categories are independent blocks.
    edge_cat = inst.svc_category[es]
    blocks = [np.flatnonzero(edge_cat == cat) for cat in np.unique(edge_cat)]
    jobs = [(ec[b], es[b], ed[b], weight, supply, capacity) for b in blocks]
    if workers > 1 and len(jobs) > 1:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # Largest blocks first, so the workers finish together.
        order = sorted(range(len(jobs)), key=lambda k: -len(blocks[k]))
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork")) as pool:
            results = dict(zip(order, pool.map(_solve_block_args, [jobs[k] for k in order]), strict=True))
        for k, block in enumerate(blocks):
            flow[block] = results[k]
    else:
        for block, job in zip(blocks, jobs, strict=True):
            flow[block] = _solve_block(*job)
    t2 = time.perf_counter()
    assignments: list[tuple[int, int, float]] = []
    taken = np.zeros(len(supply), dtype=np.int64)
    used = np.flatnonzero(flow > 0)
    for v in used[np.argsort(ed[used], kind="stable")]:
        c, f = ec[v], int(flow[v])
        members = classes.members[c][taken[c] : taken[c] + f]
        taken[c] += f
        assignments.extend((int(i), int(es[v]), float(ed[v]) * DIST_UNIT_KM) for i in members)
    t3 = time.perf_counter()
    return Plan(
        assignments=assignments,
        met=len(assignments),
        weight_met=int(sum(int(inst.need_weight[i]) for i, _, _ in assignments)),
        weight_total=total_weight,
        distance_units=int((flow * ed).sum()),
        status="Optimal",
        seconds=t3 - t0,
        classes=len(supply),
        variables=len(ec),
        timings={"classes": t1 - t0, "highs": t2 - t1, "split": t3 - t2},
    )


def greedy(inst: PlannerInstance) -> Plan:
    """Baseline: needs by priority (highest first), each to the nearest eligible service with a free place."""
    t0 = time.perf_counter()
    dist = _distance_matrix(inst)
    limit = round(inst.max_distance_km / DIST_UNIT_KM)
    left = inst.svc_capacity.astype(np.int64).copy()
    candidates: dict[tuple[int, int], np.ndarray] = {}
    by_cat = {int(c): np.flatnonzero(inst.svc_category == c) for c in np.unique(inst.svc_category)}
    order = np.argsort(-inst.need_weight, kind="stable")
    assignments: list[tuple[int, int, float]] = []
    units = 0
    for i in order.tolist():
        cat, g = int(inst.need_category[i]), int(inst.need_gmina[i])
        key = (cat, g)
        cand = candidates.get(key)
        if cand is None:
            pool = by_cat.get(cat, np.empty(0, dtype=np.int64))
            pool = pool[dist[g, pool] <= limit]
            cand = pool[np.argsort(dist[g, pool], kind="stable")]
            candidates[key] = cand
        age, reasons = int(inst.need_age[i]), int(inst.need_reasons[i])
        for j in cand.tolist():
            if left[j] <= 0:
                continue
            lo, hi, req = int(inst.svc_min_age[j]), int(inst.svc_max_age[j]), int(inst.svc_reasons[j])
            if (lo >= 0 or hi >= 0) and age < 0:
                continue
            if (lo >= 0 and age < lo) or (hi >= 0 and age > hi) or (req and not reasons & req):
                continue
            allowed = inst.svc_gminas[j]
            if allowed is not None and g not in allowed:
                continue
            left[j] -= 1
            units += int(dist[g, j])
            assignments.append((i, j, float(dist[g, j]) * DIST_UNIT_KM))
            break
    return Plan(
        assignments=assignments,
        met=len(assignments),
        weight_met=int(sum(int(inst.need_weight[i]) for i, _, _ in assignments)),
        weight_total=int(inst.need_weight.sum()),
        distance_units=units,
        status="greedy",
        seconds=time.perf_counter() - t0,
    )


def check_plan(inst: PlannerInstance, plan: Plan) -> None:
    """Raise AssertionError unless the plan respects eligibility, distance and capacity, each need at most once."""
    seen: set[int] = set()
    load = np.zeros(inst.m, dtype=np.int64)
    for i, j, _d in plan.assignments:
        assert i not in seen, f"need {i} assigned twice"
        seen.add(i)
        assert inst.eligible(i, j), f"need {i} not eligible for service {j}"
        load[j] += 1
    assert (load <= inst.svc_capacity).all(), "capacity exceeded"
