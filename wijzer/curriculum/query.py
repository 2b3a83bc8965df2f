"""Read-side queries of the curriculum (no writes)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from .constants import ALIGNABLE_KINDS
from .domain.resolver import Resolution, resolve
from .domain.text import fold
from .models import Domain, Elaboration, Goal, GoalSet, Level, StaleId, Subject


def curriculum_counts() -> dict[str, Any]:
    """Counts per framework, kind and sector, as `wijzer curriculum stats` prints them."""
    counts: dict[str, Any] = {
        "levels": Level.objects.count(),
        "subjects": Subject.objects.count(),
        "goal_sets": GoalSet.objects.count(),
        "domains": Domain.objects.count(),
        "elaborations": Elaboration.objects.count(),
        "stale_ids": StaleId.objects.count(),
        "frameworks": {},
    }
    for framework, kind, sectors_key in Goal.objects.values_list("framework", "kind", "sectors_key"):
        entry = counts["frameworks"].setdefault(framework, {"total": 0, "by_kind": {}, "by_sector": {}})
        entry["by_kind"][kind] = entry["by_kind"].get(kind, 0) + 1
        if kind in ("kerndoel", "doelzin"):
            entry["total"] += 1
            for sector in filter(None, sectors_key.split("|")):
                entry["by_sector"][sector] = entry["by_sector"].get(sector, 0) + 1
    return counts


def goals(
    *,
    framework: str | None = None,
    sector: str | None = None,
    subject: str | None = None,
    q: str | None = None,
    kind: str | None = None,
) -> QuerySet[Goal]:
    """Goals filtered as the browser and the API offer it; by default the alignable units."""
    qs = Goal.objects.select_related("goal_set", "parent", "domain")
    qs = qs.filter(kind=kind) if kind else qs.filter(kind__in=ALIGNABLE_KINDS)
    if framework:
        qs = qs.filter(framework=framework)
    if sector:
        qs = qs.filter(sectors_key__contains=f"|{sector}|")
    if subject:
        qs = qs.filter(subjects__in=subjects_matching(subject)).distinct()
    if q:
        for word in fold(q).split()[:20]:
            qs = qs.filter(search_text__contains=word)
    return qs.order_by("framework", "position")


def subjects_matching(value: str) -> QuerySet[Subject]:
    """A subject by SLO uuid, slug or title (case-insensitive)."""
    try:
        return Subject.objects.filter(uuid=uuid.UUID(value))
    except ValueError:
        return Subject.objects.filter(Q(slug=value.lower()) | Q(title__iexact=value))


def subjects_for_sector(sector: str) -> list[dict[str, Any]]:
    """Subjects that have goals in a sector, with counts per framework."""
    rows: dict[int, dict[str, Any]] = {}
    through = Goal.subjects.through.objects.filter(
        goal__kind__in=ALIGNABLE_KINDS, goal__sectors_key__contains=f"|{sector}|"
    ).values_list("subject_id", "goal__framework")
    for subject_id, framework in through:
        entry = rows.setdefault(subject_id, {"kerndoelen-2006": 0, "kerndoelen-fo": 0})
        entry[framework] += 1
    subjects = Subject.objects.filter(pk__in=rows).order_by("title")
    return [{"subject": s, "counts": rows[s.pk]} for s in subjects]


def goal_detail(goal_uuid: uuid.UUID) -> Goal | None:
    return (
        Goal.objects.select_related("goal_set", "domain", "parent")
        .prefetch_related(
            "subjects",
            "levels",
            Prefetch("elaborations", queryset=Elaboration.objects.order_by("position")),
            Prefetch("children", queryset=Goal.objects.order_by("position")),
        )
        .filter(uuid=goal_uuid)
        .first()
    )


def resolve_goal(goal_uuid: uuid.UUID) -> Resolution:
    """Resolve a possibly stale id to current goal ids through the StaleId rows."""

    def is_current(value: str) -> bool:
        return Goal.objects.filter(uuid=value).exists()

    def successors(value: str) -> list[str] | None:
        row = StaleId.objects.filter(uuid=value).values_list("replaced_by", flat=True).first()
        return None if row is None else list(row)

    return resolve(str(goal_uuid), is_current, successors)
