"""Basket planner benchmark: solve time and met-need share for 1k, 10k and 100k needs vs a greedy baseline.

    KOOPERACJA_ENV=test .venv/bin/python benchmarks/planner.py [--sizes 1000,10000,100000] [--services 2000]

Synthetic instances come from `kooperacja.demo.synthetic.planner_instance` (deterministic seed). The planner is
optimal (HiGHS simplex on the exact class-aggregated transportation LP, lexicographic: priority-weighted met
needs, then travel distance); every plan is checked for capacity and eligibility. Times are wall-clock seconds
on this machine, single-threaded HiGHS.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
os.environ.setdefault("KOOPERACJA_ENV", "test")


def main() -> None:
    from kooperacja.cooperation.planner import check_plan, greedy, solve
    from kooperacja.demo.synthetic import planner_instance

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--services", type=int, default=2000, help="services for the largest size")
    parser.add_argument("--gminas", type=int, default=120)
    parser.add_argument("--max-distance", type=float, default=40.0)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--workers", type=int, default=1, help="processes for the independent category blocks")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"cpu: {os.cpu_count()} cores, load average: {load}, planner processes: {args.workers}")
    header = (
        f"{'needs':>8} {'services':>8} {'classes':>8} {'edges':>9} {'gen s':>6} {'solve s':>8} "
        f"{'met %':>6} {'w-met %':>7} {'greedy s':>8} {'greedy %':>8} {'gr w %':>7} {'gain':>6}"
    )
    print(header)
    print("-" * len(header))
    for n in sizes:
        m = args.services if n >= 100_000 else max(50, min(args.services, n // 50))
        t = time.perf_counter()
        inst = planner_instance(
            needs=n, services=m, gminas=args.gminas, seed=args.seed, max_distance_km=args.max_distance
        )
        gen = time.perf_counter() - t
        plan = solve(inst, workers=args.workers)
        check_plan(inst, plan)
        base = greedy(inst)
        check_plan(inst, base)
        print(
            f"{n:>8} {m:>8} {plan.classes:>8} {plan.variables:>9} {gen:>6.2f} {plan.seconds:>8.2f} "
            f"{100 * plan.met / n:>6.1f} {100 * plan.weight_met / plan.weight_total:>7.1f} {base.seconds:>8.2f} "
            f"{100 * base.met / n:>8.1f} {100 * base.weight_met / base.weight_total:>7.1f} "
            f"{plan.weight_met - base.weight_met:>+6d}"
        )
        print(f"{'':>8} timings: " + ", ".join(f"{k} {v:.2f}s" for k, v in plan.timings.items()))


if __name__ == "__main__":
    main()
