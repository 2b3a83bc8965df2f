from __future__ import annotations

from typing import Any, Literal

from ninja import Schema


class SuggestIn(Schema):
    text: str
    sector: Literal["po", "vo", "so", "vso"]
    framework: Literal["kerndoelen-2006", "kerndoelen-fo"]
    subject: str | None = None
    limit: int = 5


class SuggestionOut(Schema):
    goal_id: str
    code: str
    score: float
    evidence: dict[str, Any]


class LinkOut(Schema):
    id: str
    goal_id: str
    code: str
    framework: str
    strength: str
    provenance: str
    origin: str
    score: float | None
    evidence: dict[str, Any]
    declared_id: str
    reviewed_at: str | None
    reason: str


class PartOut(Schema):
    id: str
    parent: str | None
    level: str
    position: int
    title: str
    text: str
    sector: str
    stage: str
    is_demo: bool
    alignments: list[LinkOut]


class ReviewIn(Schema):
    alignments: list[str]
    decision: Literal["confirm", "reject"]
    reason: str = ""
    strength: Literal["core", "partial"] | None = None


class ReviewOut(Schema):
    reviewed: int
