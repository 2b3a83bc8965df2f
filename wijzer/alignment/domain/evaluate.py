"""Evaluation of a ranking against expected goals: recall@k and mean reciprocal rank (W5 §3). Pure."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

CUTOFFS = (1, 3, 5)


@dataclass(frozen=True, slots=True)
class Case:
    text: str
    sector: str
    framework: str
    expected: frozenset[str]  # goal ids or codes; a hit is any ranked goal whose id or code is listed
    subject: str | None = None


@dataclass(frozen=True, slots=True)
class Figures:
    cases: int
    recall: dict[int, float]
    mrr: float

    def as_dict(self) -> dict[str, float | int]:
        return {
            "cases": self.cases,
            **{f"recall@{k}": round(v, 4) for k, v in self.recall.items()},
            "mrr": round(self.mrr, 4),
        }


def first_hit(ranked: Sequence[tuple[str, str]], expected: frozenset[str]) -> int | None:
    """1-based rank of the first (goal id, code) pair that is expected, or None."""
    for position, (goal_id, code) in enumerate(ranked, start=1):
        if goal_id in expected or code in expected:
            return position
    return None


def figures(ranks: Iterable[int | None], cutoffs: Sequence[int] = CUTOFFS) -> Figures:
    """recall@k = share of cases with a hit in the top k; MRR = mean of 1/rank (0 without a hit)."""
    found = list(ranks)
    n = len(found) or 1
    recall = {k: sum(1 for r in found if r is not None and r <= k) / n for k in cutoffs}
    mrr = sum(1 / r for r in found if r is not None) / n
    return Figures(len(found), recall, mrr)
