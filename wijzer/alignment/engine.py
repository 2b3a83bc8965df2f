"""The suggester for this process: the goal index (built once, cached) and, when available, goal vectors.

`suggest()` is what the CLI, API and review pages call. Warm-up (`warm()`) builds the index and loads the
vectors and the embedding model, so the first request does not pay for it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from . import embeddings, freshness
from .domain.suggest import GoalIndex, Suggestion, build_index, fusion_for, rank
from .fetch import goal_documents

MODES = ("auto", "lexical", "fusion")


@dataclass(frozen=True)
class Engine:
    index: GoalIndex
    vectors: Mapping[str, Sequence[float]]
    parts: Mapping[str, Any] = field(default_factory=dict)  # goal id -> matrix of its part vectors (FO)

    def suggest(
        self,
        text: str,
        *,
        sector: str,
        framework: str,
        subject: str | None = None,
        limit: int = 5,
        mode: str = "auto",
    ) -> list[Suggestion]:
        query_vector = None
        if mode != "lexical" and self.vectors:
            query_vector = embeddings.embed_query(text, content_only=fusion_for(framework).content_words)
        return rank(
            self.index,
            text,
            sector=sector,
            framework=framework,
            subject=subject,
            limit=limit,
            query_vector=query_vector,
            goal_vectors=self.vectors if query_vector is not None else None,
            part_vectors=self.parts if query_vector is not None else None,
        )


@lru_cache(maxsize=1)
def _build() -> Engine:
    docs = goal_documents()
    return Engine(build_index(docs), embeddings.load_goal_vectors(docs), embeddings.load_part_vectors(docs))


freshness.register(_build.cache_clear)


def engine() -> Engine:
    """The index of the curriculum as loaded now: rebuilt after `wijzer curriculum load` (`freshness`)."""
    freshness.ensure_fresh()
    return _build()


def reset() -> None:
    """Forget the cached index and goal catalogue (after a curriculum reload, and between tests)."""
    freshness.clear()


def warm() -> Engine:
    current = engine()
    if current.vectors:
        embeddings.embed_query("opwarmen")
    return current


def suggest(
    text: str,
    *,
    sector: str,
    framework: str,
    subject: str | None = None,
    limit: int = 5,
    mode: str = "auto",
) -> list[Suggestion]:
    return engine().suggest(text, sector=sector, framework=framework, subject=subject, limit=limit, mode=mode)
