"""Aggregate problems of a run into the validation report a publisher needs to fix a feed (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from wijzer.ingest.formats.records import Problem

MAX_EXAMPLES = 5


def add_problems(summary: dict[str, Any], record_id: str, problems: Iterable[Problem]) -> None:
    """Count each problem code once per record and keep up to five example record ids."""
    seen: set[str] = set()
    for problem in problems:
        if problem.code in seen:
            continue
        seen.add(problem.code)
        entry = summary.setdefault(
            problem.code,
            {
                "severity": str(problem.severity),
                "field": problem.field,
                "message": problem.message_nl,
                "count": 0,
                "examples": [],
            },
        )
        entry["count"] += 1
        if len(entry["examples"]) < MAX_EXAMPLES:
            entry["examples"].append(record_id)


def top_problems(summary: dict[str, Any], limit: int = 20) -> list[dict[str, Any]]:
    """Errors before warnings, then by count, then by code (deterministic)."""
    rows = [{"code": code, **entry} for code, entry in summary.items()]
    rows.sort(key=lambda r: (r["severity"] != "error", -r["count"], r["code"]))
    return rows[:limit]
