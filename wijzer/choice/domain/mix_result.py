"""What a mix computation takes and gives (W8, issue 16 §3): candidates, the mix, the result, the Dutch texts.

Shared by the exact solver (`mix.solve_mix`), the greedy heuristic (`greedy`) and brute force (`bruteforce`), so the
three answer in one shape and the tests compare like with like. Amounts are whole cents for the profile's pupils per
year (the caller multiplies the price per pupil by the pupils); goals are ids (kerndoel UUIDs or any string).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

NO_CANDIDATE = "no_candidate"
BUDGET = "budget"
OUT_OF_TIME = "time_limit"
UNCOVERED_TEXTS: Mapping[str, str] = {
    NO_CANDIDATE: "geen kandidaat dekt dit doel",
    BUDGET: "niet betaalbaar binnen het budget",
    OUT_OF_TIME: "niet gedekt: de rekentijd was op",
}
NO_MIX_TEXTS: Mapping[str, str] = {
    "zero_pupils": "Het profiel heeft 0 leerlingen, dus er valt niets te kiezen of te betalen: vul het aantal "
    "leerlingen in.",
    "no_goals": "Er zijn geen vereiste doelen: kies een vak en kader met kerndoelen, of kies de doelen die gedekt "
    "moeten worden.",
    "no_candidates": "Er is geen kandidaat met een bekende prijs voor dit profiel: verruim sector, niveaus of vak, "
    "laat een harde eis los of neem gratis open materiaal mee.",
    "no_coverable_goal": "Geen enkele kandidaat dekt een van de vereiste doelen: laat voorgestelde koppelingen "
    "meetellen, verruim niveaus of vak, of kies andere doelen.",
}
BRUTE_FORCE_LIMIT = 20  # candidates that cover a required goal; 2**20 subsets


class MixStatus(StrEnum):
    OPTIMAL = "optimal"  # proven: every coverable required goal covered at the least cost within the budget
    PARTIAL = "partial"  # proven: full coverage is unaffordable; the most goals within budget, then the least cost
    TIME_LIMIT = "time_limit"  # a mix, not proven optimal (see gap)
    NO_SOLUTION = "no_solution"  # the time limit came before any mix (solve_mix then shows the greedy mix)
    NO_MIX = "no_mix"  # nothing to compute: no candidates, zero pupils, no goals, no candidate covers a goal
    HEURISTIC = "heuristic"  # the greedy heuristic: never proven optimal
    ERROR = "error"  # the solver reported an error


STATUS_TEXTS: Mapping[MixStatus, str] = {
    MixStatus.OPTIMAL: "optimaal",
    MixStatus.PARTIAL: "onhaalbaar binnen het budget; optimaal voor zoveel mogelijk doelen tegen de laagste kosten",
    MixStatus.TIME_LIMIT: "tijdslimiet bereikt: beste gevonden mix, niet bewezen optimaal",
    MixStatus.NO_SOLUTION: "tijdslimiet bereikt zonder mix",
    MixStatus.NO_MIX: "geen mix mogelijk",
    MixStatus.HEURISTIC: "heuristiek (gulzig): niet bewezen optimaal",
    MixStatus.ERROR: "de rekenkern meldt een fout",
}


class MixInputError(ValueError):
    """Malformed input for a mix (negative amounts, a candidate twice, …); the message (Dutch) says what to fix."""


@dataclass(frozen=True, slots=True)
class MixCandidate:
    id: str  # product UUID
    title: str
    cost_cents: int  # for the profile's pupils per year, incl. VAT; 0 = free (open material)
    goals: frozenset[str]  # goals it covers (only the required ones count)


@dataclass(frozen=True, slots=True)
class MixItem:
    id: str
    title: str
    cost_cents: int
    goals: tuple[str, ...]  # the required goals it covers, in the order of the required goals


@dataclass(frozen=True, slots=True)
class UncoveredGoal:
    goal: str
    reason: str  # NO_CANDIDATE, BUDGET or OUT_OF_TIME

    @property
    def text(self) -> str:
        return UNCOVERED_TEXTS[self.reason]


@dataclass(frozen=True, slots=True)
class Mix:
    items: tuple[MixItem, ...]  # by title, then id
    total_cost_cents: int
    covered: tuple[str, ...]  # in the order of the required goals
    uncovered: tuple[UncoveredGoal, ...]  # in the order of the required goals

    @property
    def uncovered_ids(self) -> tuple[str, ...]:
        return tuple(goal.goal for goal in self.uncovered)

    def to_dict(self) -> dict[str, Any]:
        return {
            "items": [
                {"product_id": i.id, "title": i.title, "cost_cents": i.cost_cents, "goals": list(i.goals)}
                for i in self.items
            ],
            "total_cost_cents": self.total_cost_cents,
            "covered": list(self.covered),
            "uncovered": list(self.uncovered_ids),
            "uncovered_reasons": {goal.goal: goal.reason for goal in self.uncovered},
        }


@dataclass(frozen=True, slots=True)
class SolveInfo:
    """One call of HiGHS: which problem, how it ended, and how long it took."""

    phase: str  # min_cost | max_coverage | least_cost_at_coverage | alternative
    status: str  # optimal | time_limit | no_solution | infeasible | error
    objective: float | None
    gap: float | None  # HiGHS's relative MIP gap
    dual_bound: float | None
    seconds: float
    message: str


@dataclass(frozen=True, slots=True)
class MixTimings:
    build_seconds: float = 0.0  # checks, the sparse model, the problems
    solve_seconds: float = 0.0  # inside HiGHS for the best mix
    read_seconds: float = 0.0  # reading the solution, pruning, the result and its texts
    alternatives_seconds: float = 0.0  # everything for the alternatives (their solves included)


@dataclass(frozen=True, slots=True)
class MixResult:
    status: MixStatus
    best: Mix
    required: tuple[str, ...]  # deduplicated, in the given order
    budget_cents: int | None
    alternatives: tuple[Mix, ...] = ()  # next-best distinct mixes, cost not decreasing
    objective: float | None = None  # of the last solve of the best mix (cost in cents, or goals covered)
    gap: float | None = None
    explanation: tuple[str, ...] = ()  # Dutch, one sentence each: why, and what to relax
    reason: str | None = None  # for NO_MIX: no_candidates | zero_pupils | no_goals | no_coverable_goal
    ignored: tuple[str, ...] = ()  # candidates left out before solving because they cover no required goal
    full_coverage_cents: int | None = None  # least cost of full coverage when it is over budget (proven)
    solves: tuple[SolveInfo, ...] = ()
    timings: MixTimings = field(default_factory=MixTimings)
    greedy_fallback: bool = False  # HiGHS had no mix at the time limit; the mix shown is the greedy one

    @property
    def items(self) -> tuple[MixItem, ...]:
        return self.best.items

    @property
    def total_cost_cents(self) -> int:
        return self.best.total_cost_cents

    @property
    def covered(self) -> tuple[str, ...]:
        return self.best.covered

    @property
    def uncovered(self) -> tuple[UncoveredGoal, ...]:
        return self.best.uncovered

    @property
    def complete(self) -> bool:
        return not self.best.uncovered

    @property
    def solve_seconds(self) -> float:
        return self.timings.solve_seconds

    @property
    def status_text(self) -> str:
        text = STATUS_TEXTS[self.status]
        if self.status is MixStatus.TIME_LIMIT and self.gap is not None:
            text += f" (gap {percent(self.gap)})"
        return text

    def to_dict(self) -> dict[str, Any]:
        """The CLI/API shape: status, items, total_cost_cents, covered, uncovered, plus the rest."""
        return {
            "status": self.status.value,
            "status_text": self.status_text,
            **self.best.to_dict(),
            "complete": self.complete,
            "budget_cents": self.budget_cents,
            "full_coverage_cents": self.full_coverage_cents,
            "objective": self.objective,
            "gap": self.gap,
            "solve_seconds": round(self.timings.solve_seconds, 4),
            "alternatives": [mix.to_dict() for mix in self.alternatives],
            "explanation": list(self.explanation),
            "reason": self.reason,
            "ignored": list(self.ignored),
            "greedy_fallback": self.greedy_fallback,
        }


def check_input(
    candidates: Sequence[MixCandidate],
    required: Sequence[str],
    budget_cents: int | None,
    *,
    alternatives: int = 0,
    time_limit: float = 1.0,
    pupils: int | None = None,
) -> tuple[str, ...]:
    """The required goals without repeats (first occurrence kept); raises MixInputError (Dutch) on malformed input."""
    if budget_cents is not None and (not _whole(budget_cents) or budget_cents < 0):
        raise MixInputError("het budget moet een heel aantal centen van 0 of meer zijn")
    if pupils is not None and (not _whole(pupils) or pupils < 0):
        raise MixInputError("het aantal leerlingen moet een heel getal van 0 of meer zijn")
    if not _whole(alternatives) or alternatives < 0:
        raise MixInputError("het aantal alternatieven moet een heel getal van 0 of meer zijn")
    if not isinstance(time_limit, int | float) or not time_limit > 0:
        raise MixInputError("de tijdslimiet moet meer dan 0 seconden zijn")
    costs = [candidate.cost_cents for candidate in candidates]
    if not set(map(type, costs)) <= {int} or (costs and min(costs) < 0):  # one pass in C; the culprit on failure
        wrong = next(c for c in candidates if not _whole(c.cost_cents) or c.cost_cents < 0)
        raise MixInputError(f"{wrong.title}: de kosten moeten een heel aantal centen van 0 of meer zijn")
    if len({candidate.id for candidate in candidates}) != len(candidates):
        raise MixInputError("een kandidaat staat twee keer in de lijst")
    return tuple(dict.fromkeys(required))


def nothing_to_solve(candidates: Sequence[MixCandidate], goals: Sequence[str], pupils: int | None) -> str | None:
    """Why there is nothing to compute (a NO_MIX_TEXTS key), or None."""
    if pupils == 0:
        return "zero_pupils"
    if not goals:
        return "no_goals"
    if not candidates:
        return "no_candidates"
    return None


def no_mix_result(
    candidates: Sequence[MixCandidate], goals: tuple[str, ...], budget_cents: int | None, reason: str
) -> MixResult:
    """An empty mix with every goal uncovered and the Dutch explanation of `reason` (what to relax)."""
    best = Mix((), 0, (), tuple(UncoveredGoal(goal, NO_CANDIDATE) for goal in goals))
    ignored = tuple(c.id for c in candidates) if reason == "no_coverable_goal" else ()
    return MixResult(MixStatus.NO_MIX, best, goals, budget_cents, explanation=(NO_MIX_TEXTS[reason],),
                     reason=reason, ignored=ignored)  # fmt: skip


def missing_goals(goals: Sequence[str], coverable_rows: Iterable[int]) -> dict[str, str]:
    """The goals (by position) no candidate covers, each with reason NO_CANDIDATE."""
    coverable = set(coverable_rows)
    return {goal: NO_CANDIDATE for row, goal in enumerate(goals) if row not in coverable}


def make_mix(
    candidates: Sequence[MixCandidate],
    chosen: Iterable[int],
    required: Sequence[str],
    missing_reason: Mapping[str, str],
    default_reason: str,
) -> Mix:
    """The mix of the chosen candidates (indices); an uncovered goal gets its reason from `missing_reason`, else
    `default_reason`."""
    wanted = {goal: place for place, goal in enumerate(required)}
    items = []
    covered: set[str] = set()
    for index in chosen:
        candidate = candidates[index]
        goals = sorted((goal for goal in candidate.goals if goal in wanted), key=wanted.__getitem__)
        covered.update(goals)
        items.append(MixItem(candidate.id, candidate.title, candidate.cost_cents, tuple(goals)))
    items.sort(key=lambda item: (item.title, item.id))
    return Mix(
        items=tuple(items),
        total_cost_cents=sum(item.cost_cents for item in items),
        covered=tuple(goal for goal in required if goal in covered),
        uncovered=tuple(
            UncoveredGoal(goal, missing_reason.get(goal, default_reason)) for goal in required if goal not in covered
        ),
    )


def euro(cents: int | float) -> str:
    """Dutch notation: € 1.234,56."""
    text = f"{cents / 100:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"€ {text}"


def percent(share: float) -> str:
    """0.0123 -> '1,23 %'."""
    return f"{share * 100:.2f}".replace(".", ",") + " %"


def goals_phrase(count: int) -> str:
    return "1 doel" if count == 1 else f"{count} doelen"


def _whole(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
