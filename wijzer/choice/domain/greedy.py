"""The greedy heuristic for the mix (W8): a yardstick for the exact solver in tests and the benchmark.

Chvátal's rule for weighted set cover: take, again and again, the candidate with the lowest cost per newly covered
required goal (ties: more new goals, then the earlier candidate) among those that still fit the budget, until every
coverable goal is covered or nothing fits; then drop items whose goals the others cover (dearest first). Never
proven optimal, and never cheaper than the optimum at the same coverage.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from .mix_model import CoverModel, IntArray, build_cover_model, prune
from .mix_result import (
    BUDGET,
    MixCandidate,
    MixResult,
    MixStatus,
    check_input,
    make_mix,
    missing_goals,
    no_mix_result,
    nothing_to_solve,
)

EXPLANATION = (
    "Gulzige heuristiek: telkens de kandidaat met de laagste kosten per nieuw gedekt doel die nog in het budget past; "
    "niet bewezen optimaal."
)


def greedy_mix(
    candidates: Sequence[MixCandidate], required: Sequence[str], budget_cents: int | None, *, pupils: int | None = None
) -> MixResult:
    goals = check_input(candidates, required, budget_cents, pupils=pupils)
    reason = nothing_to_solve(candidates, goals, pupils)
    if reason is not None:
        return no_mix_result(candidates, goals, budget_cents, reason)
    model = build_cover_model(candidates, goals)
    if len(model.rows) == 0:
        return no_mix_result(candidates, goals, budget_cents, "no_coverable_goal")
    kept = greedy_columns(model, budget_cents)
    best = make_mix(candidates, model.columns[kept], goals, missing_goals(goals, model.rows.tolist()), BUDGET)
    return MixResult(
        MixStatus.HEURISTIC,
        best,
        goals,
        budget_cents,
        objective=float(best.total_cost_cents),
        explanation=(EXPLANATION,),
    )


def greedy_columns(model: CoverModel, budget_cents: int | None) -> IntArray:
    """The greedy mix as columns of `model`, pruned."""
    open_rows = np.ones(len(model.rows), dtype=np.float64)
    left = np.inf if budget_cents is None else float(budget_cents)
    taken = np.zeros(len(model.columns), dtype=np.bool_)
    chosen: list[int] = []
    transposed = model.matrix.T.tocsr()
    while open_rows.any():
        new = transposed @ open_rows
        eligible = np.flatnonzero((new > 0) & ~taken & (model.costs <= left))
        if len(eligible) == 0:
            break
        ratio = model.costs[eligible] / new[eligible]
        order = np.lexsort((eligible, -new[eligible], ratio))
        column = int(eligible[order[0]])
        chosen.append(column)
        taken[column] = True
        left -= model.costs[column]
        open_rows[model.goals_of(column)] = 0.0
    return prune(model, np.array(sorted(chosen), dtype=np.int64))
