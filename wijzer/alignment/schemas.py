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
    key: str
    parent: str | None
    level: str
    position: int
    title: str
    text: str
    sector: str
    stage: str
    is_demo: bool
    withdrawn_at: str | None  # no longer in the supplier's latest table of contents (kept, with its links)
    alignments: list[LinkOut]


class ReviewIn(Schema):
    alignments: list[str]
    decision: Literal["confirm", "reject"]
    reason: str = ""
    strength: Literal["core", "partial"] | None = None


class ReviewOut(Schema):
    reviewed: int


class TocCounts(Schema):
    created: int
    updated: int
    unchanged: int
    withdrawn: int
    declared: int
    declared_existing: int
    declarations_withdrawn: int
    unknown_goals: int
    suggested: int
    suggestions_replaced: int


class TocPartOut(Schema):
    row: int
    key: str
    title: str
    status: Literal["created", "updated", "unchanged"]
    declared: int
    suggested: int


class TocGoalNoteOut(Schema):
    row: int
    key: str
    goal: str
    reason: str
    message: str


class TocErrorOut(Schema):
    row: int  # 0: the file as a whole
    key: str
    message: str


class TocMethodOut(Schema):
    id: str
    name: str


class TocImportOut(Schema):
    accepted: bool
    method: TocMethodOut
    format: Literal["json", "csv"]
    counts: TocCounts
    parts: list[TocPartOut]
    withdrawn: list[str]
    declarations_withdrawn: list[str]
    unknown_goals: list[TocGoalNoteOut]
    suggest: bool
    without_sector: list[str]
    errors: list[TocErrorOut]


class TocRefusedOut(Schema):
    accepted: bool
    format: str
    detail: str
    errors: list[TocErrorOut]
    omitted: int


class DetailOut(Schema):
    detail: str
