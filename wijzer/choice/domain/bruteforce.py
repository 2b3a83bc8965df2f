"""Brute force for the mix (W8): every subset of at most BRUTE_FORCE_LIMIT useful candidates, for tests and the
benchmark's check that the integer program finds the true optimum.

The best subset within budget: most required goals covered, then least cost, then fewest items, then the first in
enumeration order. `full_coverage_cents` is the least cost of covering every coverable goal, budget or not.
"""

from __future__ import annotations

from collections.abc import Sequence

from .mix_model import build_cover_model
from .mix_result import (
    BRUTE_FORCE_LIMIT,
    BUDGET,
    MixCandidate,
    MixInputError,
    MixResult,
    MixStatus,
    check_input,
    make_mix,
    missing_goals,
    no_mix_result,
    nothing_to_solve,
)


def brute_force_mix(
    candidates: Sequence[MixCandidate], required: Sequence[str], budget_cents: int | None, *, pupils: int | None = None
) -> MixResult:
    goals = check_input(candidates, required, budget_cents, pupils=pupils)
    reason = nothing_to_solve(candidates, goals, pupils)
    if reason is not None:
        return no_mix_result(candidates, goals, budget_cents, reason)
    model = build_cover_model(candidates, goals)
    if len(model.rows) == 0:
        return no_mix_result(candidates, goals, budget_cents, "no_coverable_goal")
    n = len(model.columns)
    if n > BRUTE_FORCE_LIMIT:
        raise MixInputError(f"brute force kan hoogstens {BRUTE_FORCE_LIMIT} kandidaten aan, niet {n}")
    masks = [sum(1 << int(row) for row in model.goals_of(column)) for column in range(n)]
    costs = [int(cost) for cost in model.costs]
    covers, totals = [0], [0]
    for mask, cost in zip(masks, costs, strict=True):  # subset s (bit i = column i) sits at position s
        covers += [cover | mask for cover in covers]
        totals += [total + cost for total in totals]
    everything = (1 << len(model.rows)) - 1
    limit = budget_cents if budget_cents is not None else sum(costs)
    best = min(
        (s for s in range(len(covers)) if totals[s] <= limit),
        key=lambda s: (-covers[s].bit_count(), totals[s], s.bit_count(), s),
    )
    full = min(totals[s] for s in range(len(covers)) if covers[s] == everything)
    chosen = [model.columns[i] for i in range(n) if best >> i & 1]
    mix = make_mix(candidates, chosen, goals, missing_goals(goals, model.rows.tolist()), BUDGET)
    complete = covers[best] == everything
    return MixResult(
        MixStatus.OPTIMAL if complete else MixStatus.PARTIAL,
        mix,
        goals,
        budget_cents,
        objective=float(totals[best]),
        full_coverage_cents=None if complete else full,
        explanation=("Brute force: elke combinatie van kandidaten nagegaan.",),
    )
