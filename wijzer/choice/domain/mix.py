"""The optimal mix of methods, parts and open material (W8, issue 16 §3), solved exactly as an integer program.

Goal: every required goal covered by a chosen candidate at the least total cost for the pupils, within budget.
1. Goals no candidate covers are set apart first (reason `no_candidate`); the rest is still solved. Candidates
   covering no required goal are left out (they can only add cost; named in `ignored`).
2. min_cost without the budget row. When its proven optimum fits the budget it is the answer (the budget row would
   not bind). When it does not, full coverage is unaffordable (proven) and its cost says how much more budget it
   takes.
3. Then two solves (a lexicographic objective in two steps, no big-M weights): max_coverage, the most goals within
   budget, over the candidates that fit the budget on their own; then least_cost_at_coverage, the least cost that
   still covers that many goals. Goals left open get reason `budget`.
4. Alternatives: the next-best distinct mixes by no-good cuts, under the same requirement (full coverage within
   budget, or the same number of goals within budget); the cost never decreases; it stops early when there is no
   other mix. `distinct="paid"` (default) lays each cut on the mix's paid items (sum_{i in S, c_i > 0} x_i <=
   |S_paid| - 1; on all of S when S is all free): an alternative buys something else, instead of swapping one free
   open item for another that covers the same goal (at 2,000 candidates the first three 'alternatives' were such
   swaps, at the same cost). `distinct="items"` cuts on the whole set: not the same set, nor a superset of one.
5. A mix is pruned of items whose goals are all covered by other items (dearest first), so a free item HiGHS adds
   for nothing does not make a 'different' mix.

Every HiGHS call gets `time_limit` seconds (so the worst case is (3 + alternatives) x time_limit); a call that
ends at the limit gives status time_limit with HiGHS's gap. When HiGHS has no mix at all by then (its `solves`
entry says no_solution), the greedy mix is shown instead, with status time_limit and `greedy_fallback`.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import numpy as np

from .bruteforce import brute_force_mix
from .greedy import greedy_columns, greedy_mix
from .mix_model import (
    CoverModel,
    FloatArray,
    IntArray,
    MilpProblem,
    Solved,
    budget_row,
    build_cover_model,
    coverage_problem,
    covered_rows,
    min_cost_problem,
    no_good_cuts,
    prune,
    solve,
)
from .mix_result import (
    BUDGET,
    NO_CANDIDATE,
    OUT_OF_TIME,
    Mix,
    MixCandidate,
    MixInputError,
    MixItem,
    MixResult,
    MixStatus,
    MixTimings,
    SolveInfo,
    UncoveredGoal,
    check_input,
    euro,
    goals_phrase,
    make_mix,
    missing_goals,
    no_mix_result,
    nothing_to_solve,
    percent,
)

PAID = "paid"
ITEMS = "items"

__all__ = [
    "Mix",
    "MixCandidate",
    "MixInputError",
    "MixItem",
    "MixResult",
    "MixStatus",
    "SolveInfo",
    "UncoveredGoal",
    "brute_force_mix",
    "greedy_mix",
    "solve_mix",
]


@dataclass(frozen=True, slots=True)
class _Ask:
    """What the caller asked besides the candidates and goals."""

    budget_cents: int | None
    wanted: int  # alternatives
    time_limit: float
    distinct: str  # PAID or ITEMS
    pupils: int | None


@dataclass(slots=True)
class _Run:
    """What the best-mix search found, before it becomes a result."""

    model: CoverModel  # the model whose columns `chosen` refers to
    problem: MilpProblem | None  # the problem the alternatives are cut from
    chosen: IntArray
    status: MixStatus
    default_reason: str
    last: SolveInfo | None = None
    extra_budget: bool = False  # alternatives need the budget row (min_cost has none)
    full_coverage_cents: int | None = None
    solves: list[SolveInfo] = field(default_factory=list)


def solve_mix(
    candidates: Sequence[MixCandidate],
    required: Sequence[str],
    budget_cents: int | None,
    *,
    alternatives: int = 3,
    time_limit: float = 5.0,
    pupils: int | None = None,
    distinct: str = "paid",
) -> MixResult:
    """The cheapest mix covering the required goals within budget, with alternatives, status, gap and a Dutch
    explanation. `budget_cents` None = no budget; `pupils` 0 gives a no-mix result (and with pupils the
    explanation gives the missing budget per pupil); `distinct` "paid": an alternative differs in what is bought,
    "items": in any item. Raises MixInputError (Dutch) only for malformed input."""
    start = time.perf_counter()
    goals = check_input(
        candidates, required, budget_cents, alternatives=alternatives, time_limit=time_limit, pupils=pupils
    )
    if distinct not in (PAID, ITEMS):
        raise MixInputError(f"onbekende keuze voor 'distinct': {distinct}; kies {PAID} of {ITEMS}")
    ask = _Ask(budget_cents, alternatives, time_limit, distinct, pupils)
    reason = nothing_to_solve(candidates, goals, pupils)
    model = build_cover_model(candidates, goals) if reason is None else None
    if model is not None and len(model.rows) == 0:
        reason = "no_coverable_goal"
    if model is None or reason is not None:
        return no_mix_result(candidates, goals, budget_cents, reason or "no_candidates")
    missing = missing_goals(goals, model.rows.tolist())
    ignored = _ignored(candidates, model)
    problem = min_cost_problem(model)
    built = time.perf_counter()

    run = _best(model, problem, budget_cents, time_limit)
    solve_seconds = sum(info.seconds for info in run.solves)
    chosen = prune(run.model, run.chosen)
    best = make_mix(candidates, run.model.columns[chosen], goals, missing, run.default_reason)
    status, fallback = run.status, run.status is MixStatus.NO_SOLUTION
    if fallback:  # HiGHS had no mix when time ran out: show the greedy one rather than nothing
        best = make_mix(candidates, model.columns[greedy_columns(model, budget_cents)], goals, missing, BUDGET)
        status = MixStatus.TIME_LIMIT

    alternatives_start = time.perf_counter()
    others, alt_solves = _alternatives(candidates, goals, missing, run, chosen, ask)
    alternatives_seconds = time.perf_counter() - alternatives_start

    result = MixResult(
        status=status,
        best=best,
        required=goals,
        budget_cents=budget_cents,
        alternatives=others,
        objective=run.last.objective if run.last else None,
        gap=run.last.gap if run.last else None,
        ignored=ignored,
        full_coverage_cents=run.full_coverage_cents,
        solves=(*run.solves, *alt_solves),
        greedy_fallback=fallback,
    )
    explanation = _explain(result, len(missing), ask)
    end = time.perf_counter()
    timings = MixTimings(
        build_seconds=built - start,
        solve_seconds=solve_seconds,
        read_seconds=(end - built) - solve_seconds - alternatives_seconds,
        alternatives_seconds=alternatives_seconds,
    )
    return replace(result, explanation=explanation, timings=timings)


def _best(model: CoverModel, problem: MilpProblem, budget_cents: int | None, time_limit: float) -> _Run:
    first = solve(problem, "min_cost", time_limit)
    if first.chosen is not None:
        cost = int(model.costs[first.chosen].sum())
        if budget_cents is None or cost <= budget_cents:
            status = MixStatus.OPTIMAL if first.info.status == "optimal" else MixStatus.TIME_LIMIT
            return _Run(model, problem, first.chosen, status, NO_CANDIDATE, first.info, budget_cents is not None,
                        solves=[first.info])  # fmt: skip
    if budget_cents is None or first.info.status == "error":
        status = MixStatus.ERROR if first.info.status == "error" else MixStatus.NO_SOLUTION
        return _Run(model, None, np.zeros(0, dtype=np.int64), status, OUT_OF_TIME, first.info, solves=[first.info])
    run = _within_budget(model, budget_cents, time_limit, first)
    if first.info.status == "optimal" and first.info.objective is not None:
        run.full_coverage_cents = round(first.info.objective)
    return run


def _within_budget(model: CoverModel, budget_cents: int, time_limit: float, first: Solved) -> _Run:
    """Full coverage does not fit (or was not found in time): the most goals within budget, then the least cost."""
    affordable = model.restrict(model.costs <= budget_cents)
    solves = [first.info]
    proven = first.info.status == "optimal"
    nothing = np.zeros(0, dtype=np.int64)
    if len(affordable.rows) == 0:
        status = MixStatus.PARTIAL if proven else MixStatus.TIME_LIMIT
        return _Run(affordable, None, nothing, status, BUDGET, first.info, solves=solves)
    most = solve(coverage_problem(affordable, budget_cents), "max_coverage", time_limit)
    solves.append(most.info)
    if most.chosen is None:
        status = MixStatus.ERROR if most.info.status == "error" else MixStatus.NO_SOLUTION
        return _Run(affordable, None, nothing, status, OUT_OF_TIME, most.info, solves=solves)
    count = covered_rows(affordable, most.chosen)
    proven = proven and most.info.status == "optimal"
    if count == 0:
        status = MixStatus.PARTIAL if proven else MixStatus.TIME_LIMIT
        return _Run(affordable, None, nothing, status, BUDGET, most.info, solves=solves)
    problem = coverage_problem(affordable, budget_cents, at_least=count)
    least = solve(problem, "least_cost_at_coverage", time_limit)
    solves.append(least.info)
    chosen = most.chosen if least.chosen is None else least.chosen
    proven = proven and least.info.status == "optimal"
    status = MixStatus.PARTIAL if proven else MixStatus.TIME_LIMIT
    return _Run(affordable, problem, chosen, status, BUDGET, least.info, solves=solves)


def _alternatives(
    candidates: Sequence[MixCandidate],
    goals: tuple[str, ...],
    missing: dict[str, str],
    run: _Run,
    chosen: IntArray,
    ask: _Ask,
) -> tuple[tuple[Mix, ...], tuple[SolveInfo, ...]]:
    if (
        run.problem is None
        or ask.wanted == 0
        or len(chosen) == 0
        or run.status in (MixStatus.NO_SOLUTION, MixStatus.ERROR)
    ):
        return (), ()
    problem, costs = run.problem, run.model.costs
    base = [budget_row(problem, costs, ask.budget_cents)] if run.extra_budget and ask.budget_cents is not None else []
    cuts = [_cut_key(chosen, costs, ask.distinct)]
    mixes: list[Mix] = []
    solves: list[SolveInfo] = []
    for _ in range(ask.wanted):
        next_one = solve(problem, "alternative", ask.time_limit, [*base, no_good_cuts(problem, cuts)])
        solves.append(next_one.info)
        if next_one.chosen is None or len(next_one.chosen) == 0:
            break
        pruned = prune(run.model, next_one.chosen)
        cuts.append(_cut_key(pruned, costs, ask.distinct))
        mixes.append(make_mix(candidates, run.model.columns[pruned], goals, missing, run.default_reason))
    mixes.sort(key=lambda mix: (mix.total_cost_cents, -len(mix.covered), [item.id for item in mix.items]))
    return tuple(mixes), tuple(solves)


def _cut_key(chosen: IntArray, costs: FloatArray, distinct: str) -> IntArray:
    """The columns a no-good cut is laid on: the paid ones ("paid", unless the mix is all free) or all ("items")."""
    paid = chosen[costs[chosen] > 0]
    return paid if distinct == PAID and len(paid) else chosen


def _ignored(candidates: Sequence[MixCandidate], model: CoverModel) -> tuple[str, ...]:
    if len(model.columns) == len(candidates):
        return ()
    useful = np.zeros(len(candidates), dtype=np.bool_)
    useful[model.columns] = True
    return tuple(candidates[int(i)].id for i in np.flatnonzero(~useful))


def _explain(result: MixResult, no_candidate: int, ask: _Ask) -> tuple[str, ...]:
    lines = _summary(result, no_candidate, ask.pupils)
    if result.status in (MixStatus.OPTIMAL, MixStatus.PARTIAL):
        lines.append("Bewezen optimaal: er bestaat geen goedkopere mix die evenveel doelen dekt binnen het budget.")
    if result.greedy_fallback:
        lines.append("HiGHS had binnen de tijd nog geen mix; dit is de mix van de gulzige heuristiek.")
    if result.status is MixStatus.TIME_LIMIT:
        gap = f" (gap {percent(result.gap)})" if result.gap is not None else ""
        seconds = f"{ask.time_limit:g}".replace(".", ",")
        lines.append(
            f"De rekentijd van {seconds} s was op: de mix is niet bewezen optimaal{gap}. Geef meer tijd of "
            "beperk het aantal kandidaten."
        )
    if no_candidate:
        lines.append(
            f"{goals_phrase(no_candidate).capitalize()} dekt geen enkele kandidaat: zoek (open) materiaal voor deze "
            "doelen, laat voorgestelde koppelingen meetellen of haal ze uit de vereiste doelen."
        )
    if result.ignored:
        lines.append(f"{len(result.ignored)} kandidaten dekken geen vereist doel en doen niet mee.")
    found, wanted = len(result.alternatives), ask.wanted
    if wanted and result.best.items and found < wanted:
        kind = " met andere betaalde onderdelen" if ask.distinct == PAID else ""
        lines.append(
            f"Er is geen andere mix{kind} die evenveel doelen dekt binnen het budget."
            if found == 0
            else f"Er {'is maar 1 andere mix' if found == 1 else f'zijn maar {found} andere mixen'}{kind} die "
            f"evenveel doelen {'dekt' if found == 1 else 'dekken'} binnen het budget (gevraagd: {wanted})."
        )
    return tuple(lines)


def _summary(result: MixResult, no_candidate: int, pupils: int | None) -> list[str]:
    covered, cost, budget = len(result.covered), euro(result.total_cost_cents), result.budget_cents
    if result.status in (MixStatus.NO_SOLUTION, MixStatus.ERROR):
        return [f"Er is geen mix: {result.status_text}. Probeer het opnieuw met meer tijd of minder kandidaten."]
    dropped = sum(goal.reason == BUDGET for goal in result.uncovered)
    if not dropped and result.status is not MixStatus.PARTIAL:
        scope = " die een kandidaat dekt" if no_candidate else ""
        which = "goedkoopste" if result.status is MixStatus.OPTIMAL else "beste gevonden"
        return [f"De {which} mix dekt alle {goals_phrase(covered)}{scope}, voor {cost}."]
    lines = []
    full = result.full_coverage_cents
    if full is not None and budget is not None:
        more = euro(full - budget)
        if pupils:
            more += f" ({euro(-(-(full - budget) // pupils))} per leerling)"
        lines.append(
            f"De goedkoopste mix met volledige dekking kost {euro(full)}, meer dan het budget van {euro(budget)}: "
            f"verhoog het budget met {more} of schrap doelen."
        )
    if budget == 0:
        lines.append("Het budget is € 0: alleen gratis (open) materiaal past. Verhoog het budget per leerling.")
    left = f"{goals_phrase(dropped)} {'blijft' if dropped == 1 else 'blijven'} open (niet betaalbaar binnen het budget)"
    if covered == 0:
        lines.append(f"Binnen het budget past geen kandidaat die een vereist doel dekt: {left}.")
    else:
        lines.append(
            f"Binnen het budget dekt deze mix zoveel mogelijk doelen, {covered} van de {len(result.required)}, voor "
            f"{cost}; {left}."
        )
    return lines
