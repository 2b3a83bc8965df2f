"""The explained ranking of candidates for a profile (W8, issue 16 §2).

Rule, stated once and shown with every ranking: the weights are normalised to sum to 1; a candidate's score is the
sum over the criteria of weight x value, each value in 0..1; a criterion whose value is unknown for a candidate
contributes 0 and is named as unknown in that candidate's explanation (an unknown is never guessed). Candidates
failing a must-have, or whose must-have fact is unknown, are listed apart with the reasons and are not ranked.
Order: highest score first; equal scores by title, then id, so the same input always gives the same ranking.

Pure: plain values in, frozen dataclasses out; the values and their evidence texts are gathered by the caller.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass

CRITERIA: tuple[str, ...] = ("price", "quality", "coverage", "privacy", "openness")
CRITERION_LABELS: Mapping[str, str] = {
    "price": "Prijs",
    "quality": "Kwaliteit",
    "coverage": "Kerndoeldekking",
    "privacy": "Privacy",
    "openness": "Openheid",
}
UNKNOWN = "onbekend"
RULE = (
    "De gewichten worden herschaald tot ze samen 100 % zijn. De score is de som van gewicht × waarde per criterium "
    "(elke waarde tussen 0 en 1). Een onbekende waarde telt als 0 en staat als 'onbekend' in de uitleg. Kandidaten "
    "die niet aan een harde eis voldoen, of waarvan dat onbekend is, staan apart met de reden. Bij een gelijke score "
    "beslist de titel, daarna de id."
)
NO_WEIGHT = "geef minstens één criterium een gewicht"
SCORE_PLACES = 9  # scores are compared after rounding, so float noise never decides a tie


class RankingError(ValueError):
    """Input for a ranking that cannot be right; the message (Dutch) says what to fix."""


@dataclass(frozen=True, slots=True)
class CriterionValue:
    value: float | None  # 0..1; None = unknown
    evidence: str = ""  # Dutch: where the value comes from


@dataclass(frozen=True, slots=True)
class MustHaveCheck:
    code: str  # e.g. "eduv"
    passed: bool | None  # None = the fact is unknown, which fails the must-have
    reason: str  # Dutch, shown when it fails (e.g. "onbekend: Wijzer registreert … pas met W9")


@dataclass(frozen=True, slots=True)
class RankCandidate:
    id: str
    title: str
    values: Mapping[str, CriterionValue]  # a criterion left out is unknown
    must_haves: Sequence[MustHaveCheck] = ()


@dataclass(frozen=True, slots=True)
class Contribution:
    criterion: str
    label: str
    value: float | None  # None = onbekend
    weight: float  # normalised
    contribution: float  # weight x value; 0 when unknown
    evidence: str

    @property
    def known(self) -> bool:
        return self.value is not None

    @property
    def value_text(self) -> str:
        return UNKNOWN if self.value is None else _decimal(self.value)

    @property
    def text(self) -> str:
        """One Dutch line, e.g. 'Prijs: 0,80 x 30 % = 0,240 (evidence)' or 'Privacy: onbekend, telt als 0 (…)'."""
        if self.value is None:
            line = f"{self.label}: {UNKNOWN}, telt als 0 (gewicht {_percent(self.weight)})"
        else:
            line = f"{self.label}: {_decimal(self.value)} × {_percent(self.weight)} = {_decimal(self.contribution, 3)}"
        return f"{line} ({self.evidence})" if self.evidence else line


@dataclass(frozen=True, slots=True)
class RankedCandidate:
    rank: int  # 1 = best; every candidate its own place (ties broken by title, then id)
    id: str
    title: str
    score: float  # 0..1
    contributions: tuple[Contribution, ...]  # in CRITERIA order

    @property
    def unknown(self) -> tuple[str, ...]:
        return tuple(c.criterion for c in self.contributions if c.value is None and c.weight > 0)


@dataclass(frozen=True, slots=True)
class FailedCandidate:
    id: str
    title: str
    reasons: tuple[str, ...]  # Dutch, one per failed must-have
    failed: tuple[MustHaveCheck, ...]
    score: float  # what it would have scored, for reference
    contributions: tuple[Contribution, ...]


@dataclass(frozen=True, slots=True)
class Ranking:
    weights: Mapping[str, float]  # normalised, every criterion
    ranked: tuple[RankedCandidate, ...]
    failed: tuple[FailedCandidate, ...]  # by title, then id
    rule: str = RULE


def normalise_weights(weights: Mapping[str, float]) -> dict[str, float]:
    """Weights per criterion scaled to sum 1; a criterion left out weighs 0. Raises RankingError (Dutch)."""
    unknown = sorted(set(weights) - set(CRITERIA))
    if unknown:
        raise RankingError(f"onbekend criterium: {', '.join(unknown)}; kies uit {', '.join(CRITERIA)}")
    raw: dict[str, float] = {}
    for criterion in CRITERIA:
        weight = weights.get(criterion, 0)
        if isinstance(weight, bool) or not isinstance(weight, int | float) or not math.isfinite(weight) or weight < 0:
            raise RankingError(f"het gewicht van {CRITERION_LABELS[criterion]} moet een getal van 0 of meer zijn")
        raw[criterion] = float(weight)
    total = math.fsum(raw.values())
    if total == 0:
        raise RankingError(NO_WEIGHT)
    return {criterion: weight / total for criterion, weight in raw.items()}


def rank(candidates: Sequence[RankCandidate], weights: Mapping[str, float]) -> Ranking:
    """The ranking with every candidate's contributions; must-have failures apart. Raises RankingError (Dutch)."""
    normalised = normalise_weights(weights)
    _check_ids(candidates)
    passing: list[tuple[RankCandidate, float, tuple[Contribution, ...]]] = []
    failed: list[FailedCandidate] = []
    for candidate in candidates:
        contributions = _contributions(candidate, normalised)
        score = math.fsum(c.contribution for c in contributions)
        misses = tuple(check for check in candidate.must_haves if check.passed is not True)
        if misses:
            reasons = tuple(check.reason or f"voldoet niet aan '{check.code}'" for check in misses)
            failed.append(FailedCandidate(candidate.id, candidate.title, reasons, misses, score, contributions))
        else:
            passing.append((candidate, score, contributions))
    passing.sort(key=lambda row: (-round(row[1], SCORE_PLACES), row[0].title, row[0].id))
    ranked = tuple(
        RankedCandidate(place, candidate.id, candidate.title, score, contributions)
        for place, (candidate, score, contributions) in enumerate(passing, start=1)
    )
    failed.sort(key=lambda row: (row.title, row.id))
    return Ranking(normalised, ranked, tuple(failed))


def price_values(costs: Sequence[int | float | None]) -> list[float | None]:
    """Price criterion per candidate, same order: (max - cost) / (max - min) over the known costs, so the cheapest
    scores 1 and the dearest 0; all known costs equal -> 1 for each; an unknown cost stays unknown (None)."""
    known = [cost for cost in costs if cost is not None]
    if any(not math.isfinite(cost) or cost < 0 for cost in known):
        raise RankingError("een prijs moet een getal van 0 of meer zijn")
    if not known:
        return [None] * len(costs)
    low, high = min(known), max(known)
    if high == low:
        return [None if cost is None else 1.0 for cost in costs]
    return [None if cost is None else (high - cost) / (high - low) for cost in costs]


def coverage_value(covered: Collection[str], required: Collection[str]) -> float | None:
    """Share of the required goals that are covered (goals outside `required` do not count); None without goals."""
    needed = set(required)
    if not needed:
        return None
    return len(needed.intersection(covered)) / len(needed)


def _contributions(candidate: RankCandidate, weights: Mapping[str, float]) -> tuple[Contribution, ...]:
    extra = sorted(set(candidate.values) - set(CRITERIA))
    if extra:
        raise RankingError(f"{candidate.title}: onbekend criterium {', '.join(extra)}")
    rows = []
    for criterion in CRITERIA:
        given = candidate.values.get(criterion, CriterionValue(None))
        value = given.value
        if value is not None and (not math.isfinite(value) or not 0 <= value <= 1):
            label = CRITERION_LABELS[criterion]
            raise RankingError(f"{candidate.title}: de waarde voor {label} ligt niet tussen 0 en 1")
        weight = weights[criterion]
        contribution = 0.0 if value is None else weight * value
        rows.append(Contribution(criterion, CRITERION_LABELS[criterion], value, weight, contribution, given.evidence))
    return tuple(rows)


def _check_ids(candidates: Sequence[RankCandidate]) -> None:
    seen: set[str] = set()
    for candidate in candidates:
        if candidate.id in seen:
            raise RankingError(f"kandidaat {candidate.id} staat twee keer in de lijst")
        seen.add(candidate.id)


def _decimal(value: float, places: int = 2) -> str:
    return f"{value:.{places}f}".replace(".", ",")


def _percent(weight: float) -> str:
    text = f"{weight * 100:.1f}".replace(".", ",").removesuffix(",0")
    return f"{text} %"
