"""A profile's ranking and mix: the candidates (`candidates.assemble`) through the pure ranking and mix of `domain/`.

The mix takes the candidates that pass every must-have and have a known price; the others are listed apart with
the reason (`MixOutcome.excluded`). Its JSON (`mix_json`) is the CLI's and the API's: `status`, `items`
(`product_id`, `title`, `cost_cents`), `total_cost_cents`, `covered`, `uncovered` (goal ids), and beside them the
explanation, the alternatives, solver facts and per goal which item covers it and why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .candidates import Assembly, Candidate, euro
from .domain.mix import MixCandidate, MixResult, solve_mix
from .domain.mix_result import Mix, MixStatus
from .domain.ranking import RankCandidate, Ranking, rank

TIME_LIMIT = 5.0
ALTERNATIVES = 3


@dataclass(frozen=True, slots=True)
class Excluded:
    candidate: Candidate
    reasons: tuple[str, ...]  # Dutch


@dataclass(frozen=True, slots=True)
class MixOutcome:
    assembly: Assembly
    result: MixResult
    excluded: tuple[Excluded, ...]  # not in the mix: a failed must-have or no price

    @property
    def budget_cents(self) -> int:
        return self.assembly.spec.budget_cents

    @property
    def per_pupil_cents(self) -> int | None:
        pupils = self.assembly.spec.pupils
        return round(self.result.total_cost_cents / pupils) if pupils else None


def rank_assembly(assembly: Assembly, weights: Mapping[str, float] | None = None) -> Ranking:
    """The explained ranking of every candidate (must-have failures apart); RankingError (Dutch) on bad weights."""
    chosen = weights if weights is not None else assembly.spec.weights
    return rank(
        [RankCandidate(c.id, c.title, c.values, c.must_haves) for c in assembly.candidates],
        chosen,
    )


def eligible(assembly: Assembly) -> tuple[list[MixCandidate], list[Excluded]]:
    """The mix's candidates (must-haves passed, price known) and the others with their reasons."""
    chosen: list[MixCandidate] = []
    apart: list[Excluded] = []
    for candidate in assembly.candidates:
        reasons = list(candidate.failed_reasons)
        if candidate.cost_cents is None:
            reasons.append(f"Geen prijs per leerling per jaar: {candidate.price_reason}")
        if reasons:
            apart.append(Excluded(candidate, tuple(reasons)))
        else:
            chosen.append(
                MixCandidate(candidate.id, candidate.title, candidate.cost_cents or 0, frozenset(candidate.covers))
            )
    return chosen, apart


def mix_assembly(assembly: Assembly, *, alternatives: int = ALTERNATIVES, time_limit: float = TIME_LIMIT) -> MixOutcome:
    """The optimal mix and up to `alternatives` others (see `domain.mix`)."""
    chosen, apart = eligible(assembly)
    result = solve_mix(
        chosen,
        list(assembly.goal_ids),
        assembly.spec.budget_cents,
        alternatives=alternatives,
        time_limit=time_limit,
        pupils=assembly.spec.pupils,
    )
    return MixOutcome(assembly, result, tuple(apart))


def goal_rows(assembly: Assembly, mix: Mix) -> list[dict[str, Any]]:
    """Per required goal: covered by which items of `mix` and why (provenance), or the reason it is not."""
    reasons = {goal.goal: goal.text for goal in mix.uncovered}
    rows = []
    for goal in assembly.goals:
        by = []
        for item in mix.items:
            if goal.id in item.goals:
                candidate = assembly.candidate(item.id)
                evidence = candidate.covers.get(goal.id, ()) if candidate is not None else ()
                by.append(
                    {
                        "product_id": item.id,
                        "title": item.title,
                        "evidence": [{"provenance": e.provenance, "text": e.text} for e in evidence],
                    }
                )
        rows.append(
            {
                "id": goal.id,
                "code": goal.code,
                "label": goal.label,
                "covered": bool(by),
                "covered_by": by,
                "reason": reasons.get(goal.id, ""),
            }
        )
    return rows


def mix_json(outcome: MixOutcome) -> dict[str, Any]:
    """The CLI/API answer (see the module text)."""
    assembly, result = outcome.assembly, outcome.result
    spec = assembly.spec
    data = result.to_dict()
    data.update(
        {
            "profile": spec.as_json(),
            "subject": {"id": assembly.subject_uuid, "title": assembly.subject_title},
            "required": list(assembly.goal_ids),
            "goals": goal_rows(assembly, result.best),
            "pupils": spec.pupils,
            "budget_per_pupil_cents": spec.budget_per_pupil_cents,
            "budget_cents": spec.budget_cents,
            "cost_per_pupil_cents": outcome.per_pupil_cents,
            "price_year": assembly.price_year,
            "candidates": len(assembly.candidates),
            "excluded": [
                {"product_id": e.candidate.id, "title": e.candidate.title, "reasons": list(e.reasons)}
                for e in outcome.excluded
            ],
            "is_demo": assembly.is_demo,
        }
    )
    return data


def summary_lines(outcome: MixOutcome) -> list[str]:
    """A readable Dutch summary (the CLI without --json)."""
    assembly, result = outcome.assembly, outcome.result
    spec = assembly.spec
    lines = [
        f"Mix voor {assembly.subject_title} ({spec.sector}), {spec.pupils} leerlingen, budget "
        f"{euro(spec.budget_per_pupil_cents)} per leerling per jaar ({euro(spec.budget_cents)} in totaal).",
        f"Status: {result.status_text}.",
    ]
    if result.status is not MixStatus.NO_MIX and result.items:
        lines.append("Gekozen:")
        for item in result.items:
            lines.append(f"  - {item.title}: {euro(item.cost_cents)}")
        per_pupil = outcome.per_pupil_cents
        lines.append(
            f"Totaal {euro(result.total_cost_cents)} per jaar"
            + (f", {euro(per_pupil)} per leerling" if per_pupil is not None else "")
            + "."
        )
    lines.append(f"Gedekt: {len(result.covered)} van de {len(result.required)} vereiste doelen.")
    for goal in result.uncovered:
        info = assembly.goal(goal.goal)
        lines.append(f"  niet gedekt: {info.code} {info.label}: {goal.text}")
    lines.extend(result.explanation)
    if outcome.excluded:
        lines.append(f"{len(outcome.excluded)} kandidaten doen niet mee aan de mix (harde eis of geen prijs).")
    return lines


def _contribution_json(c: Any) -> dict[str, Any]:
    return {
        "criterion": c.criterion,
        "label": c.label,
        "value": c.value,
        "weight": c.weight,
        "contribution": c.contribution,
        "evidence": c.evidence,
        "text": c.text,
    }


def ranking_json(assembly: Assembly, ranking: Ranking) -> dict[str, Any]:
    """The ranking for the API: every candidate's score with the contribution of each criterion."""
    return {
        "rule": ranking.rule,
        "weights": dict(ranking.weights),
        "ranked": [
            {
                "rank": r.rank,
                "product_id": r.id,
                "title": r.title,
                "score": r.score,
                "contributions": [_contribution_json(c) for c in r.contributions],
            }
            for r in ranking.ranked
        ],
        "failed": [
            {
                "product_id": f.id,
                "title": f.title,
                "reasons": list(f.reasons),
                "score": f.score,
                "contributions": [_contribution_json(c) for c in f.contributions],
            }
            for f in ranking.failed
        ],
        "required": list(assembly.goal_ids),
        "candidates": len(assembly.candidates),
        "price_year": assembly.price_year,
        "is_demo": assembly.is_demo,
    }
