"""Schemas of the choice API (W8): the profile (in), the mix and the ranking (out), profiles (out), refusals."""

from __future__ import annotations

from typing import Any

from ninja import Schema


class DetailOut(Schema):
    detail: str


class RefusedOut(Schema):
    detail: str  # one Dutch sentence: what to fix
    fields: dict[str, str]  # profile key -> Dutch message


class ProfileIn(Schema):
    """A profile: the keys of the form and the CLI file. Only sector, subject, pupils and budget_per_pupil are
    required; required_goals empty = every goal of subject and sector; weights 0-100 per criterion."""

    name: str | None = None
    sector: str  # po, vo, so, vso
    levels: list[str] = []  # SLO level UUIDs
    subject: str  # SLO UUID or name
    pupils: int
    budget_per_pupil: str | float  # euro per pupil per school year: 45, 45.5 or "45,50"
    framework: str = "kerndoelen-2006"  # or kerndoelen-fo
    required_goals: list[str] = []
    vision: list[str] = []
    weights: dict[str, float] = {}  # price, quality, coverage, privacy, openness
    must_haves: list[str] = []  # eduv, accessible, privacy_approved, no_high_risk_ai, sold_separately
    count_suggested: bool = False


class MixItemOut(Schema):
    product_id: str  # the product's UUID
    title: str
    cost_cents: int  # for the profile's pupils per school year, incl. VAT
    goals: list[str]


class AlternativeOut(Schema):
    items: list[MixItemOut]
    total_cost_cents: int
    covered: list[str]
    uncovered: list[str]
    uncovered_reasons: dict[str, str]


class EvidenceOut(Schema):
    provenance: str  # confirmed, declared, suggested or product (the product's own declaration)
    text: str


class CoveredByOut(Schema):
    product_id: str
    title: str
    evidence: list[EvidenceOut]


class GoalRowOut(Schema):
    id: str
    code: str
    label: str
    covered: bool
    covered_by: list[CoveredByOut]
    reason: str  # why it is not covered ("" when covered)


class ExcludedOut(Schema):
    product_id: str
    title: str
    reasons: list[str]


class ChoiceRefOut(Schema):
    id: str
    title: str


class MixOut(Schema):
    status: str  # optimal, partial, time_limit, no_solution, no_mix, error
    status_text: str
    items: list[MixItemOut]
    total_cost_cents: int
    covered: list[str]  # goal ids
    uncovered: list[str]  # goal ids
    uncovered_reasons: dict[str, str]  # goal id -> no_candidate, budget or time_limit
    complete: bool
    budget_cents: int | None
    full_coverage_cents: int | None
    objective: float | None
    gap: float | None
    solve_seconds: float
    alternatives: list[AlternativeOut]
    explanation: list[str]  # Dutch: why, and what to relax
    reason: str | None  # for no_mix: no_candidates, zero_pupils, no_goals, no_coverable_goal
    ignored: list[str]
    profile: dict[str, Any]
    subject: ChoiceRefOut
    required: list[str]
    goals: list[GoalRowOut]
    pupils: int
    budget_per_pupil_cents: int
    cost_per_pupil_cents: int | None
    price_year: int | None
    candidates: int
    excluded: list[ExcludedOut]
    is_demo: bool


class ContributionOut(Schema):
    criterion: str
    label: str
    value: float | None  # 0..1; null = onbekend (counts as 0)
    weight: float  # normalised: the weights sum to 1
    contribution: float
    evidence: str
    text: str


class RankedOut(Schema):
    rank: int
    product_id: str
    title: str
    score: float
    contributions: list[ContributionOut]


class FailedOut(Schema):
    product_id: str
    title: str
    reasons: list[str]
    score: float
    contributions: list[ContributionOut]


class RankingOut(Schema):
    rule: str
    weights: dict[str, float]
    ranked: list[RankedOut]
    failed: list[FailedOut]
    required: list[str]
    candidates: int
    price_year: int | None
    is_demo: bool


class ProfileOut(Schema):
    uuid: str
    organisation: ChoiceRefOut  # uuid and name: {"id", "title"}
    profile: dict[str, Any]  # the keys of ProfileIn
    subject_title: str
    created_by: str
    updated_at: str
    is_demo: bool


class ProfileListOut(Schema):
    count: int
    items: list[ProfileOut]
