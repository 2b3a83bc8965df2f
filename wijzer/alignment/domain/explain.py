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
        parts.append(f"score = woordovereenkomst (woordscore {_number(lexical)})")
    return "; ".join(parts)


VERDICTS = (  # (lowest score relative to the best suggestion, key, label, reason)
    (0.75, "goed", "past goed", "dit doel past bijna even goed als het best passende of beter"),
    (0.45, "twijfel", "twijfel", "een deel van de tekst past bij dit doel; lees het doel na"),
    (0.0, "niet", "past niet", "dit doel past veel minder dan het best passende"),
)


def verdict(score: float, best: float) -> dict[str, str]:
    """The first thing a reader sees of a suggestion (W5.3): past goed / twijfel / past niet, from its score
    relative to the best suggestion for the same text (the scores themselves stay behind "Hoe berekend?")."""
    relative = score / best if best > 0 else 0.0
    for lowest, key, label, reason in VERDICTS:
        if relative >= lowest:
            return {"key": key, "label": label, "reason": reason}
    return {"key": "niet", "label": "past niet", "reason": VERDICTS[-1][3]}  # pragma: no cover - 0.0 catches all
