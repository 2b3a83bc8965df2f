"""The integer programs of the mix and the one seam to the solver (`scipy.optimize.milp`, HiGHS).

The coverage matrix is built once, vectorised: every candidate's goals are mapped to row numbers in one pass
(`dict.get` over the chained goal sets), the (row, column) pairs sorted so the model does not depend on the order in
which a set yields its goals, and the CSC arrays written directly. Rows are the required goals some candidate covers,
columns the candidates that cover at least one required goal (the others can never lower the cost: left out,
provably safe; named in the result).

Problems (x_i = 1 when candidate i is in the mix, y_g = 1 when goal g counts as covered):
- min_cost: minimise sum c_i x_i subject to sum_{i covers g} x_i >= 1 for every row;
- max_coverage: maximise sum y_g subject to sum_{i covers g} x_i - y_g >= 0 and sum c_i x_i <= budget;
- least_cost_at_coverage: as max_coverage with sum y_g >= k and the cost minimised;
- a budget row (sum c_i x_i <= budget) and no-good cuts (sum_{i in S} x_i <= |S| - 1: not S, nor any superset)
  are extra constraints.
HiGHS runs with mip_rel_gap = 0: costs are whole cents, so "optimal" means no cheaper mix exists (HiGHS rounds
the dual bound of an integral objective), not "within 0.01 %" (its default gap).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import chain, repeat

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csc_array, csr_array

from .mix_result import MixCandidate, SolveInfo

OPTIONS: dict[str, object] = {"disp": False, "presolve": True, "mip_rel_gap": 0.0}
_STATUS = {0: "optimal", 1: "time_limit", 2: "infeasible", 3: "error", 4: "error"}

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class CoverModel:
    rows: IntArray  # the required goal (its index in `required`) of each row, increasing
    columns: IntArray  # the candidate (its index in the input) of each column, increasing
    costs: FloatArray  # cents, per column
    matrix: csc_array  # rows x columns; 1.0 where the column's candidate covers the row's goal
    n_required: int
    n_candidates: int

    def goals_of(self, column: int) -> IntArray:
        """Row numbers covered by a column."""
        start, end = self.matrix.indptr[column], self.matrix.indptr[column + 1]
        return np.asarray(self.matrix.indices[start:end], dtype=np.int64)

    def restrict(self, keep: NDArray[np.bool_]) -> CoverModel:
        """The model with only the kept columns, and only the rows they still cover."""
        sub = self.matrix[:, np.flatnonzero(keep)]
        if not isinstance(sub, csc_array):  # pragma: no cover  # scipy returns the same format
            sub = csc_array(sub)
        used = np.zeros(len(self.rows), dtype=np.bool_)
        used[sub.indices] = True
        position = np.cumsum(used) - 1
        matrix = csc_array(
            (sub.data, position[sub.indices], sub.indptr), shape=(int(used.sum()), int(np.count_nonzero(keep)))
        )
        return CoverModel(
            self.rows[used], self.columns[keep], self.costs[keep], matrix, self.n_required, self.n_candidates
        )


@dataclass(frozen=True, slots=True)
class MilpProblem:
    c: FloatArray
    integrality: NDArray[np.int8]
    bounds: Bounds
    constraints: tuple[LinearConstraint, ...]
    n_x: int  # the first n_x variables are the columns' x


@dataclass(frozen=True, slots=True)
class Solved:
    info: SolveInfo
    chosen: IntArray | None  # columns with x = 1; None without a solution


def build_cover_model(candidates: Sequence[MixCandidate], required: Sequence[str]) -> CoverModel:
    index = {goal: row for row, goal in enumerate(required)}
    n = len(candidates)
    goal_sets = [candidate.goals for candidate in candidates]
    counts = np.fromiter(map(len, goal_sets), dtype=np.int64, count=n)
    total = int(counts.sum())
    flat = np.fromiter(map(index.get, chain.from_iterable(goal_sets), repeat(-1)), dtype=np.int64, count=total)
    owner = np.repeat(np.arange(n, dtype=np.int64), counts)
    keep = flat >= 0
    flat, owner = flat[keep], owner[keep]
    row_used = np.zeros(len(required), dtype=np.bool_)
    row_used[flat] = True
    col_used = np.zeros(n, dtype=np.bool_)
    col_used[owner] = True
    rows, columns = np.flatnonzero(row_used), np.flatnonzero(col_used)
    height = max(len(rows), 1)
    # one sort of column * height + row: columns in order, each column's rows increasing (sets have no order)
    key = np.sort((np.cumsum(col_used) - 1)[owner] * height + (np.cumsum(row_used) - 1)[flat])
    indptr = np.zeros(len(columns) + 1, dtype=np.int64)
    np.cumsum(np.bincount(key // height, minlength=len(columns)), out=indptr[1:])
    matrix = csc_array((np.ones(len(key)), key % height, indptr), shape=(len(rows), len(columns)))
    costs = np.array([candidate.cost_cents for candidate in candidates], dtype=np.float64)[columns]
    return CoverModel(rows, columns, costs, matrix, len(required), n)


def min_cost_problem(model: CoverModel) -> MilpProblem:
    n, m = len(model.columns), len(model.rows)
    cover = LinearConstraint(model.matrix, np.ones(m), np.full(m, np.inf))
    return MilpProblem(model.costs, np.ones(n, dtype=np.int8), Bounds(0, 1), (cover,), n)


def coverage_problem(model: CoverModel, budget_cents: int, at_least: int | None = None) -> MilpProblem:
    """max_coverage (at_least None) or least_cost_at_coverage (covering at least `at_least` rows)."""
    n, m = len(model.columns), len(model.rows)
    a = model.matrix
    extra_rows = 2 if at_least is not None else 1
    # x columns: the coverage entries plus the budget entry (row m) of each paid column
    paid = model.costs > 0
    x_indptr = a.indptr + np.concatenate(([0], np.cumsum(paid)))
    budget_at = x_indptr[1:][paid] - 1
    x_indices = np.empty(a.nnz + int(paid.sum()), dtype=np.int64)
    x_data = np.empty(len(x_indices))
    slot = np.ones(len(x_indices), dtype=np.bool_)
    slot[budget_at] = False
    x_indices[slot], x_data[slot] = a.indices, 1.0
    x_indices[budget_at], x_data[budget_at] = m, model.costs[paid]
    # y columns: -1 in its own row, and 1 in the "at least" row m + 1
    per_y = 2 if at_least is not None else 1
    y_indices = (
        np.arange(m, dtype=np.int64) if at_least is None else np.column_stack((np.arange(m), np.full(m, m + 1))).ravel()
    )
    y_data = np.full(m, -1.0) if at_least is None else np.tile([-1.0, 1.0], m)
    indptr = np.concatenate((x_indptr, x_indptr[-1] + per_y * np.arange(1, m + 1)))
    matrix = csc_array(
        (np.concatenate((x_data, y_data)), np.concatenate((x_indices, y_indices)), indptr),
        shape=(m + extra_rows, n + m),
    )
    lower = np.concatenate((np.zeros(m), [-np.inf], [] if at_least is None else [at_least]))
    upper = np.concatenate((np.full(m, np.inf), [budget_cents], [] if at_least is None else [np.inf]))
    if at_least is None:
        c = np.concatenate((np.zeros(n), np.full(m, -1.0)))
    else:
        c = np.concatenate((model.costs, np.zeros(m)))
    return MilpProblem(c, np.ones(n + m, dtype=np.int8), Bounds(0, 1), (LinearConstraint(matrix, lower, upper),), n)


def budget_row(problem: MilpProblem, costs: FloatArray, budget_cents: int) -> LinearConstraint:
    row = np.zeros((1, len(problem.c)))
    row[0, : len(costs)] = costs
    return LinearConstraint(csr_array(row), -np.inf, budget_cents)


def no_good_cuts(problem: MilpProblem, mixes: Sequence[IntArray]) -> LinearConstraint:
    """sum_{i in S} x_i <= |S| - 1 for every S in `mixes` (columns): excludes S and every superset of S."""
    sizes = np.array([len(mix) for mix in mixes], dtype=np.int64)
    indptr = np.concatenate(([0], np.cumsum(sizes)))
    indices = np.concatenate(mixes) if mixes else np.zeros(0, dtype=np.int64)
    matrix = csr_array((np.ones(len(indices)), indices, indptr), shape=(len(mixes), len(problem.c)))
    return LinearConstraint(matrix, -np.inf, sizes - 1.0)


def solve(problem: MilpProblem, phase: str, time_limit: float, extra: Sequence[LinearConstraint] = ()) -> Solved:
    start = time.perf_counter()
    res = milp(
        problem.c,
        integrality=problem.integrality,
        bounds=problem.bounds,
        constraints=[*problem.constraints, *extra],
        options={**OPTIONS, "time_limit": float(time_limit)},
    )
    seconds = time.perf_counter() - start
    status = _STATUS.get(int(res.status), "error")
    x = getattr(res, "x", None)
    if status == "time_limit" and x is None:
        status = "no_solution"
    chosen = None if x is None else np.flatnonzero(np.asarray(x)[: problem.n_x] > 0.5)
    info = SolveInfo(
        phase=phase,
        status=status,
        objective=_number(getattr(res, "fun", None)) if x is not None else None,
        gap=_number(getattr(res, "mip_gap", None)),
        dual_bound=_number(getattr(res, "mip_dual_bound", None)),
        seconds=seconds,
        message=str(getattr(res, "message", "")),
    )
    return Solved(info, chosen)


def prune(model: CoverModel, chosen: IntArray) -> IntArray:
    """Drop columns whose rows are all covered twice or more, dearest first: the same goals, never more cost.

    Matters after a time limit and for free items that HiGHS may add at no cost; a proven optimum of positive
    costs has nothing to drop.
    """
    if len(chosen) < 2:
        return chosen
    counts = np.zeros(len(model.rows), dtype=np.int64)
    goals = {int(column): model.goals_of(int(column)) for column in chosen}
    for rows in goals.values():
        counts[rows] += 1
    kept = set(goals)
    for column in sorted(goals, key=lambda col: (-model.costs[col], -col)):
        rows = goals[column]
        if len(rows) == 0 or bool((counts[rows] >= 2).all()):
            counts[rows] -= 1
            kept.discard(column)
    return np.array(sorted(kept), dtype=np.int64)


def covered_rows(model: CoverModel, chosen: IntArray) -> int:
    """How many rows the chosen columns cover."""
    if len(chosen) == 0:
        return 0
    hit = np.zeros(len(model.rows), dtype=np.bool_)
    for column in chosen:
        hit[model.goals_of(int(column))] = True
    return int(hit.sum())


def _number(value: object) -> float | None:
    if not isinstance(value, int | float | np.number):
        return None
    number = float(value)
    return number if np.isfinite(number) else None
