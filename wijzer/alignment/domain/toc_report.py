"""What an accepted table-of-contents import changed: per part and in total, for the CLI, the API, the page and the
audit log. Pure: no Django."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .declared import GoalNote


@dataclass(frozen=True)
class PartOutcome:
    row: int
    key: str
    title: str
    status: str  # created | updated | unchanged
    declared: int  # declared links made now (a goal Wijzer had suggested and the supplier now declares counts too)
    suggested: int


@dataclass(frozen=True)
class TocImport:
    """What an accepted table of contents changed; `as_dict()` is the CLI/API report."""

    method_id: str
    method_name: str
    format: str
    parts: tuple[PartOutcome, ...]
    withdrawn: tuple[str, ...]  # keys no longer delivered, marked now (kept, with their links)
    declared_existing: int  # declared goals that were already linked (in any state)
    declarations_withdrawn: tuple[str, ...]  # "key: code" of unreviewed declared links the supplier dropped
    unknown_goals: tuple[GoalNote, ...]
    suggested: int
    suggestions_replaced: int  # unreviewed suggestions of a part whose text changed
    without_sector: tuple[str, ...]  # keys with text but no sector: no suggestions
    suggest: bool

    def count(self, status: str) -> int:
        return sum(1 for p in self.parts if p.status == status)

    @property
    def declared(self) -> int:
        return sum(p.declared for p in self.parts)

    @property
    def changed(self) -> bool:
        return bool(
            self.count("created") or self.count("updated") or self.withdrawn or self.declared
            or self.declarations_withdrawn or self.suggested or self.suggestions_replaced
        )  # fmt: skip

    def summary(self) -> dict[str, Any]:
        return {
            "created": self.count("created"),
            "updated": self.count("updated"),
            "unchanged": self.count("unchanged"),
            "withdrawn": len(self.withdrawn),
            "declared": self.declared,
            "declared_existing": self.declared_existing,
            "declarations_withdrawn": len(self.declarations_withdrawn),
            "unknown_goals": len(self.unknown_goals),
            "suggested": self.suggested,
            "suggestions_replaced": self.suggestions_replaced,
        }

    def as_dict(self) -> dict[str, Any]:
        unit = "rij" if self.format == "csv" else "onderdeel"
        return {
            "accepted": True,
            "method": {"id": self.method_id, "name": self.method_name},
            "format": self.format,
            "counts": self.summary(),
            "parts": [
                {"row": p.row, "key": p.key, "title": p.title, "status": p.status, "declared": p.declared,
                 "suggested": p.suggested}
                for p in self.parts
            ],
            "withdrawn": list(self.withdrawn),
            "declarations_withdrawn": list(self.declarations_withdrawn),
            "unknown_goals": [
                {"row": n.row, "key": n.key, "goal": n.goal, "reason": n.reason, "message": n.describe(unit)}
                for n in self.unknown_goals
            ],
            "suggest": self.suggest,
            "without_sector": list(self.without_sector),
            "errors": [],
        }  # fmt: skip
