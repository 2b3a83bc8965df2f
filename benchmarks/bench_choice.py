"""W8 optimal mix: the proven optimum for 2,000 candidates x 150 goals, a scaling table to 20,000 candidates, beside
the raw HiGHS solve of the same prebuilt model (the floor) and the greedy heuristic, in the same run; and a check
that on small instances the optimum equals brute force. No database: pure `wijzer.choice.domain`.

Targets (issue 16): proven optimum at 2,000 x 150 <= 1 s; model building and reading <= 0.2 x the raw solve.
Instances (synthetic, seeded): 150 goals in 15 domains of 10 (like kerndoelen in domains); a paid candidate covers
3-30 goals from 1-3 domains at 0.7-1.3 x (its goals x a lognormal price per goal, median 60 cents per pupil) for
120 pupils; 5 % are free open items covering 1-3 goals, drawn from the 30 % of goals that have open material.
The floor is `scipy.optimize.milp` called directly on the prebuilt arrays of the same min-cost model with the same
options; `solve_mix` (no alternatives) is timed end to end from the candidate objects, interleaved with the floor.
"build+read" is solve_mix's own account of the time outside HiGHS. Sizes: WIJZER_BENCH_CHOICE_SIZES (default
"500,2000,5000,10000,20000"); WIJZER_BENCH_CHOICE_SEEDS instances at 2,000 (default 5).
"""

from __future__ import annotations

import os
import random
import statistics
import time
from collections.abc import Callable

from scipy.optimize import milp

from wijzer.choice.domain.mix import MixCandidate, MixResult, brute_force_mix, greedy_mix, solve_mix
from wijzer.choice.domain.mix_model import OPTIONS, build_cover_model, min_cost_problem

GOALS = 150
DOMAINS = 15
PUPILS = 120
TARGET_S = 1.0
TARGET_RATIO = 0.2
TIME_LIMIT = 120.0


def instance(n: int, seed: int, goals: int = GOALS, domains: int = DOMAINS) -> tuple[list[MixCandidate], list[str]]:
    rng = random.Random(seed)
    names = [f"doel-{j:03d}" for j in range(goals)]
    size = goals // domains
    blocks = [names[d * size : (d + 1) * size] for d in range(domains)]
    with_open = rng.sample(names, int(goals * 0.3))
    candidates = []
    for i in range(n):
        if rng.random() < 0.05:
            covered = frozenset(rng.sample(with_open, min(len(with_open), rng.randint(1, 3))))
            cost = 0
        else:
            pool = [goal for d in rng.sample(range(domains), min(domains, rng.randint(1, 3))) for goal in blocks[d]]
            covered = frozenset(rng.sample(pool, min(len(pool), rng.randint(3, 30))))
            cost = int(len(covered) * rng.lognormvariate(0, 0.5) * 60 * PUPILS * rng.uniform(0.7, 1.3))
        candidates.append(MixCandidate(f"kandidaat-{i:05d}", f"Synthetisch {i:05d}", cost, covered))
    return candidates, names


def _timed(fn: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds of this process (HiGHS runs in one thread here, so CPU time is what load leaves alone)."""
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def measure(n: int, seed: int, repeat: int) -> dict[str, float | str | int]:
    """solve_mix end to end and the raw milp on the prebuilt model, interleaved; greedy once."""
    candidates, goals = instance(n, seed)
    problem = min_cost_problem(build_cover_model(candidates, goals))
    options = {**OPTIONS, "time_limit": TIME_LIMIT}
    results: list[MixResult] = []

    def raw() -> object:
        return milp(problem.c, integrality=problem.integrality, bounds=problem.bounds,
                    constraints=list(problem.constraints), options=options)  # fmt: skip

    def exact() -> None:
        results.append(solve_mix(candidates, goals, None, alternatives=0, time_limit=TIME_LIMIT))

    mixes, floors = [], []
    for _ in range(repeat):
        mixes.append(_timed(exact))
        floors.append(_timed(raw))
    result = results[-1]
    outside = statistics.median(r.timings.build_seconds + r.timings.read_seconds for r in results)
    greedy_s, _ = _timed(lambda: greedy_mix(candidates, goals, None))
    greedy = greedy_mix(candidates, goals, None)
    wall, floor = statistics.median(m[0] for m in mixes), statistics.median(f[0] for f in floors)
    cpu, floor_cpu = statistics.median(m[1] for m in mixes), statistics.median(f[1] for f in floors)
    return {
        "n": n,
        "nnz": int(problem.constraints[0].A.nnz),
        "status": result.status.value,
        "gap": result.gap if result.gap is not None else float("nan"),
        "items": len(result.items),
        "wall": wall,
        "floor": floor,
        "cpu": cpu,
        "floor_cpu": floor_cpu,
        "outside": outside,
        "ratio_outside": outside / floor,
        "ratio_cpu": max(cpu - floor_cpu, 0.0) / floor_cpu,
        "greedy_pct": 100 * (greedy.total_cost_cents - result.total_cost_cents) / max(result.total_cost_cents, 1),
        "greedy_s": greedy_s,
    }


def brute_force_check(count: int = 40) -> tuple[int, int]:
    """Small random instances (10-14 candidates, 12 goals, with and without a tight budget): optimum == brute force."""
    equal = 0
    for seed in range(count):
        rng = random.Random(seed)
        candidates, goals = instance(rng.randint(10, 14), seed, goals=12, domains=4)
        budget = None if seed % 2 else int(sum(c.cost_cents for c in candidates) * rng.uniform(0.05, 0.4))
        exact, brute = solve_mix(candidates, goals, budget, alternatives=0), brute_force_mix(candidates, goals, budget)
        same = (len(exact.covered), exact.total_cost_cents) == (len(brute.covered), brute.total_cost_cents)
        equal += same and exact.status == brute.status
    return equal, count


def _line(r: dict[str, float | str | int]) -> str:
    return (
        f"  {r['n']:>6,} {r['nnz']:>8,} {r['status']:>8} {r['gap']:>5.3f} {r['items']:>5} {r['wall']:>7.3f} "
        f"{r['floor']:>7.3f} {r['cpu']:>7.3f} {r['floor_cpu']:>7.3f} {1000 * float(r['outside']):>7.1f} "
        f"{r['ratio_outside']:>7.3f} {r['ratio_cpu']:>7.3f} {r['greedy_pct']:>7.1f} {1000 * float(r['greedy_s']):>7.1f}"
    )


HEADER = (
    "  cands      nnz   status   gap items  mix(s) flr(s)  mix-cpu flr-cpu b+r(ms) b+r/flr cpu+/fl greedy% grdy(ms)"
)


def run() -> None:
    sizes = [int(x) for x in os.environ.get("WIJZER_BENCH_CHOICE_SIZES", "500,2000,5000,10000,20000").split(",")]
    seeds = int(os.environ.get("WIJZER_BENCH_CHOICE_SEEDS", "5"))
    print(f"{GOALS} goals; mix = solve_mix end to end (no alternatives), flr = raw milp on the prebuilt model (the "
          "floor), wall and process CPU seconds, medians; b+r = build+read, solve_mix's own time outside HiGHS; "
          f"cpu+/fl = (mix - floor) / floor in CPU time; load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    warm_up, goals = instance(300, 0)
    solve_mix(warm_up, goals, None)  # imports and first-call costs out of the figures
    print(f"2,000 x {GOALS}, {seeds} instances (5 runs each):")
    print(HEADER)
    target = [measure(2000, seed, 5) for seed in range(1, seeds + 1)]
    for r in target:
        print(_line(r))
    worst = max(float(r["wall"]) for r in target)
    worst_cpu = max(float(r["cpu"]) for r in target)
    ratio = max(float(r["ratio_outside"]) for r in target)
    proven = all(r["status"] == "optimal" for r in target)
    verdict = "ok" if worst <= TARGET_S and proven else "OVER TARGET"
    print(f"  -> proven optimum: {'all' if proven else 'NOT all'}; slowest {worst:.3f} s "
          f"(CPU {worst_cpu:.3f} s; target <= {TARGET_S} s: {verdict}); "
          f"build+read / raw solve at most {ratio:.3f} (target <= {TARGET_RATIO}: "
          f"{'ok' if ratio <= TARGET_RATIO else 'OVER TARGET'})")  # fmt: skip
    print("scaling (one instance per size; 3 runs up to 5,000, 1 beyond):")
    print(HEADER)
    for n in sizes:
        print(_line(measure(n, 100 + n, 3 if n <= 5000 else 1)))
    candidates, goals = instance(2000, 1)
    full = solve_mix(candidates, goals, None, alternatives=3, time_limit=TIME_LIMIT)
    tight = solve_mix(candidates, goals, int(full.total_cost_cents * 0.8), alternatives=0, time_limit=TIME_LIMIT)
    print(f"2,000 x {GOALS} with 3 alternatives: {full.timings.alternatives_seconds:.3f} s for "
          f"{len(full.alternatives)} alternatives, costs +" + ", +".join(
              f"{100 * (m.total_cost_cents - full.total_cost_cents) / full.total_cost_cents:.2f} %"
              for m in full.alternatives))  # fmt: skip
    print(f"2,000 x {GOALS} with 80 % of the needed budget: {tight.status.value}, {len(tight.covered)} of "
          f"{len(goals)} goals, {sum(s.seconds for s in tight.solves):.3f} s in {len(tight.solves)} solves "
          f"({', '.join(s.phase for s in tight.solves)})")  # fmt: skip
    equal, count = brute_force_check()
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    print(f"small instances (10-14 candidates, 12 goals, half with a tight budget): optimum == brute force in "
          f"{equal} of {count} ({'ok' if equal == count else 'MISMATCH'})")  # fmt: skip
