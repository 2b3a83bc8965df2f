"""One Dutch line that says why a stored suggestion scored what it did, from its evidence. Pure.

Used where a suggested link is listed (method page, review queue); the suggestion page shows the full table.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

MAX_WORDS = 4


def shares(evidence: Mapping[str, Any]) -> list[tuple[Mapping[str, Any], float]]:
    """Each matched term with its share (0-1) of the lexical (BM25F) score; the suggestion page draws these."""
    lexical = float(evidence.get("lexical") or 0.0)
    return [
        (term, float(term["contribution"]) / lexical if lexical > 0 else 0.0)
        for term in evidence.get("matched_terms") or []
    ]


def _number(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def explain(evidence: Mapping[str, Any] | None) -> str:
    """E.g. "woorden: breuken (41 %), procenten (30 %); score = 0,50 (times) woorden (0,83) + 0,50 (times) ...".

    Empty for evidence without a suggestion in it (a declared link keeps only the id it was declared with).
    """
    if not evidence or "lexical" not in evidence:
        return ""
    lexical = float(evidence.get("lexical") or 0.0)
    terms = shares(evidence)
    parts = []
    if terms and lexical > 0:
        shown = terms[:MAX_WORDS]
        words = ", ".join(f"{term['term']} ({round(100 * share)} %)" for term, share in shown)
        more = f" en {len(terms) - len(shown)} andere" if len(terms) > len(shown) else ""
        parts.append(f"woorden: {words}{more}")
    else:
        parts.append("geen gedeelde woorden")
    weights = evidence.get("weights")
    if weights:
        semantic = evidence.get("semantic")
        parts.append(
            f"score = {_number(float(weights['lexical']))} × woorden ({_number(float(evidence['lexical_scaled']))})"
            f" + {_number(float(weights['semantic']))} × betekenis "
            f"({_number(float(semantic)) if semantic is not None else 'geen vector'})"
        )
    else:
        parts.append(f"score = woordovereenkomst (BM25F {_number(lexical)})")
    return "; ".join(parts)
