"""The basket planner: optimal against exhaustive search, capacity and eligibility never violated, and nothing
changes in the cases until a person accepts the proposal."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kooperacja.cooperation.planner import PlannerInstance, check_plan, greedy, solve
from kooperacja.demo.synthetic import planner_instance


@st.composite
def small_instances(draw: Any) -> PlannerInstance:
    n = draw(st.integers(1, 6))
    m = draw(st.integers(1, 3))
    g = draw(st.integers(1, 3))
    coord = st.integers(0, 30)
    ages = st.integers(-1, 80)
    return PlannerInstance(
        gmina_xy=np.array([[draw(coord), draw(coord)] for _ in range(g)], dtype=float),
        need_category=np.array([draw(st.integers(0, 1)) for _ in range(n)]),
        need_gmina=np.array([draw(st.integers(0, g - 1)) for _ in range(n)]),
        need_weight=np.array([draw(st.integers(1, 3)) for _ in range(n)]),
        need_age=np.array([draw(ages) for _ in range(n)]),
        need_reasons=np.array([draw(st.integers(0, 7)) for _ in range(n)], dtype=np.int64),
        svc_category=np.array([draw(st.integers(0, 1)) for _ in range(m)]),
        svc_xy=np.array([[draw(coord), draw(coord)] for _ in range(m)], dtype=float),
        svc_capacity=np.array([draw(st.integers(0, 3)) for _ in range(m)]),
        svc_min_age=np.array([draw(st.sampled_from([-1, 6, 18])) for _ in range(m)]),
        svc_max_age=np.array([draw(st.sampled_from([-1, 17, 64])) for _ in range(m)]),
        svc_reasons=np.array([draw(st.sampled_from([0, 0, 1, 6])) for _ in range(m)], dtype=np.int64),
        svc_gminas=[draw(st.sampled_from([None, frozenset({0}), frozenset({1, 2})])) for _ in range(m)],
        max_distance_km=float(draw(st.sampled_from([10, 25, 50]))),
    )


def exhaustive(inst: PlannerInstance) -> tuple[int, int]:
    """Best (weight met, -distance) over every feasible assignment, by brute force."""
    options = [[None] + [j for j in range(inst.m) if inst.eligible(i, j)] for i in range(inst.n)]
    best = (0, 0)
    for choice in itertools.product(*options):
        load = np.zeros(inst.m, dtype=int)
        for j in choice:
            if j is not None:
                load[j] += 1
        if (load > inst.svc_capacity).any():
            continue
        weight = sum(int(inst.need_weight[i]) for i, j in enumerate(choice) if j is not None)
        dist = sum(inst.distance_units(int(inst.need_gmina[i]), j) for i, j in enumerate(choice) if j is not None)
        best = max(best, (weight, -dist))
    return best


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_instances())
def test_planner_is_optimal_against_exhaustive_search(inst: PlannerInstance) -> None:
    plan = solve(inst)
    check_plan(inst, plan)
    weight, neg_dist = exhaustive(inst)
    assert plan.weight_met == weight
    assert plan.distance_units == -neg_dist  # lexicographic: least travel among the best plans
    assert greedy(inst).weight_met <= plan.weight_met


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000), st.integers(50, 600), st.integers(5, 40), st.floats(0.2, 1.5))
def test_capacity_and_eligibility_never_violated(seed: int, needs: int, services: int, scarcity: float) -> None:
    inst = planner_instance(needs=needs, services=services, gminas=12, seed=seed, scarcity=scarcity)
    plan = solve(inst)
    check_plan(inst, plan)
    load = np.bincount([j for _, j, _ in plan.assignments], minlength=inst.m)
    assert (load <= inst.svc_capacity).all()
    baseline = greedy(inst)
    check_plan(inst, baseline)
    assert baseline.weight_met <= plan.weight_met


def test_planner_beats_greedy_on_a_contended_instance() -> None:
    # One place in the near service, two needs: greedy gives it to the urgent need that could also use the far one.
    inst = PlannerInstance(
        gmina_xy=np.array([[0.0, 0.0], [30.0, 0.0]]),
        need_category=np.array([0, 0]),
        need_gmina=np.array([0, 0]),
        need_weight=np.array([3, 3]),
        need_age=np.array([10, 40]),
        need_reasons=np.array([0, 0], dtype=np.int64),
        svc_category=np.array([0, 0]),
        svc_xy=np.array([[0.0, 0.0], [30.0, 0.0]]),
        svc_capacity=np.array([1, 1]),
        svc_min_age=np.array([-1, 0]),
        svc_max_age=np.array([-1, 17]),
        svc_reasons=np.array([0, 0], dtype=np.int64),
        svc_gminas=[None, None],
        max_distance_km=40.0,
    )
    assert greedy(inst).met == 1
    plan = solve(inst)
    assert plan.met == 2
    check_plan(inst, plan)


def test_synthetic_benchmark_sizes_are_feasible() -> None:
    inst = planner_instance(needs=1000, services=60)
    plan = solve(inst)
    check_plan(inst, plan)
    assert 0 < plan.met <= inst.svc_capacity.sum()


# --- the planner in the application: a proposal, nothing changes until accepted ---------------------------


def test_proposal_changes_nothing_until_accepted(demo: Any) -> None:
    from kooperacja.cooperation import services
    from kooperacja.cooperation.models import Action
    from tests.cooperation import helpers as h

    sw = demo.user("social_worker")
    open_before = set(Action.objects.filter(service__isnull=True).values_list("pk", flat=True))
    proposal = services.plan_propose(actor=sw, team=h.team(), max_distance_km=40)
    assert proposal.assignments, proposal.stats
    assert set(Action.objects.filter(service__isnull=True).values_list("pk", flat=True)) == open_before
    rejected = services.plan_decide(actor=sw, proposal=proposal, accept=False)
    assert rejected.status == "rejected"
    assert set(Action.objects.filter(service__isnull=True).values_list("pk", flat=True)) == open_before
    proposal = services.plan_propose(actor=sw, team=h.team(), max_distance_km=40)
    accepted = services.plan_decide(actor=sw, proposal=proposal, accept=True)
    assert accepted.stats["applied"] == len(proposal.assignments)
    for row in proposal.assignments:
        assert Action.objects.get(pk=row["action"]).service_id == row["service"]


def test_only_the_lead_institution_plans(demo: Any) -> None:
    from django.core.exceptions import PermissionDenied

    from kooperacja.cooperation import services
    from tests.cooperation import helpers as h

    with pytest.raises(PermissionDenied):
        services.plan_propose(actor=demo.user("partner"), team=h.team())


def test_parallel_blocks_give_the_same_plan() -> None:
    inst = planner_instance(needs=3000, services=120, gminas=30, seed=7)
    serial, parallel = solve(inst), solve(inst, workers=2)
    check_plan(inst, parallel)
    assert (serial.weight_met, serial.distance_units) == (parallel.weight_met, parallel.distance_units)
