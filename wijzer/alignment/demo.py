"""Load the demo parts and links (VOORBEELDGEGEVENS) idempotently; called by `wijzer setup` outside production."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

from wijzer.catalog import service as catalog
from wijzer.curriculum import service as curriculum

from . import actions, engine
from .constants import Decision, LinkState, PartLevel
from .demo_data import CONFIRMED_DEMO_METHODS, DEMO_PARTS
from .models import Alignment

if TYPE_CHECKING:
    from wijzer.catalog.service import Method

SUGGESTIONS_PER_FRAMEWORK = 2


@dataclass(frozen=True)
class DemoResult:
    methods: int
    parts: int
    declared: int
    suggested: int


def _declared_ids(codes: tuple[str, ...], sector: str) -> list[str]:
    ids = []
    for code in codes:
        try:
            ids.append(str(uuid.UUID(code)))
            continue
        except ValueError:
            pass
        goal = curriculum.goals(framework="kerndoelen-2006", sector=sector).filter(code=code).first()
        if goal is not None:
            ids.append(str(goal.uuid))
    return ids


def _demo_method(name: str) -> Method | None:
    candidates = [m for m in catalog.methods(demo=True) if m.name == f"{name} (voorbeeld)"]
    candidates.sort(key=lambda m: (-len(catalog.method_products(m)), m.pk))
    return candidates[0] if candidates else None


def load_demo_alignment() -> DemoResult:
    methods = parts = declared = suggested = 0
    for name, (sector, chapters) in DEMO_PARTS.items():
        method = _demo_method(name)
        if method is None:
            continue
        methods += 1
        volume = actions.do_upsert_part(
            method,
            actions.PartSpec("deel-1", PartLevel.VOLUME, "Deel 1", "Voorbeeldgegevens.", 0, sector, ""),
            is_demo=True,
        )
        for position, (title, text, codes) in enumerate(chapters, start=1):
            part = actions.do_upsert_part(
                method,
                actions.PartSpec(f"deel-1/h{position}", PartLevel.CHAPTER, f"{position}. {title}", text, position),
                parent=volume,
                is_demo=True,
            )
            parts += 1
            ids = _declared_ids(codes, sector)
            actions.do_drop_stale_demo_links(part, ids)  # e.g. a stale id that once pointed at the wrong goal
            declared += actions.do_declare_alignments(part, ids).created
            for framework in ("kerndoelen-2006", "kerndoelen-fo"):
                found = engine.suggest(
                    f"{title}. {text}", sector=sector, framework=framework, limit=SUGGESTIONS_PER_FRAMEWORK
                )
                suggested += actions.do_record_suggestions(part, found, framework)
        if name in CONFIRMED_DEMO_METHODS:
            pending = list(
                Alignment.objects.filter(part__method=method, provenance=LinkState.DECLARED).select_related("part")
            )
            if pending:
                actions.do_review_alignments(
                    pending,
                    Decision.CONFIRM,
                    user=None,
                    reason="Voorbeeldgegevens: bevestigd bij het laden van de voorbeeldmethodes.",
                    actor_label="voorbeeldgegevens",
                )
    return DemoResult(methods, parts, declared, suggested)
