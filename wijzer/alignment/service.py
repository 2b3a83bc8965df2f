"""Public surface of the alignment app (kerndoeldekking, W5) for other apps and the thin views/API/commands.

- `suggest(text, sector=…, framework=…)`: ranked goals with evidence (see `domain.suggest`).
- `product_coverage_context(product_uuid)`: what the catalogue product page shows (include
  `alignment/_product_coverage.html` with this context).
- `load_demo_alignment()`: demo parts and links for `wijzer setup` (not in production).
- `pending_review_count(panel)`: the number beside "Beoordelen" in the main menu (what that panel's queue shows).
- `goal_links(...)`, `inherits_method_links(...)`: the goals products cover, with the part and provenance (W8).
"""

from __future__ import annotations

import uuid
from typing import Any

from wijzer.accounts import service as accounts
from wijzer.catalog import service as catalog

from . import engine, reviewing
from .constants import FRAMEWORK_LABELS
from .coverage_report import method_coverage
from .demo import load_demo_alignment
from .domain.suggest import Suggestion
from .goals_query import GoalLink, goal_links, inherits_method_links

__all__ = [
    "GoalLink",
    "Suggestion",
    "goal_links",
    "inherits_method_links",
    "load_demo_alignment",
    "pending_review_count",
    "product_coverage_context",
    "suggest",
    "warm",
]

suggest = engine.suggest
warm = engine.warm


def pending_review_count(panel: accounts.Organisation | None) -> int:
    """The links a reviewer for `panel` (the active role's organisation) can act on: the pending links their review
    queue shows before they change a filter, those of the subject the panel is named after ("Beoordelingspanel
    Rekenen": rekenen en wiskunde), or every pending link when the name points at no subject (`reviewing`)."""
    return reviewing.waiting_for(panel.name if panel is not None else "")


def product_coverage_context(product_uuid: uuid.UUID | str) -> dict[str, Any]:
    """Coverage figures of the product's method: {"method", "frameworks": [...], "has_parts", "is_demo"}."""
    method = catalog.method_of_product(product_uuid)
    if method is None:
        return {"method": None, "frameworks": [], "has_parts": False, "is_demo": False}
    result = method_coverage(method.pk)
    frameworks = [
        {
            "framework": f.framework,
            "label": FRAMEWORK_LABELS.get(f.framework, f.framework),
            "percent": f.percent,
            "headline": f.headline,
            "covered": f.covered,
            "partial": f.partial,
            "total": f.total,
            "gaps": len(f.gaps),
            "pending": f.pending_goals,
        }
        for f in result.coverage.frameworks
    ]
    return {
        "method": method,
        "frameworks": frameworks,
        "has_parts": bool(result.parts),
        "is_demo": any(p.is_demo for p in result.parts),
        "sector": result.sector,
    }
