"""Read-side queries of the alignment app."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from .constants import LinkState
from .models import Alignment, MethodPart


def parts_of(method_id: int) -> list[MethodPart]:
    """The parts of a method in tree order (volume, its chapters, their sections …)."""
    parts = list(MethodPart.objects.filter(method_id=method_id).order_by("position", "pk"))
    children: dict[int | None, list[MethodPart]] = {}
    for part in parts:
        children.setdefault(part.parent_id, []).append(part)
    ordered: list[MethodPart] = []

    def visit(parent: int | None) -> None:
        for child in children.get(parent, []):
            ordered.append(child)
            visit(child.pk)

    visit(None)
    return ordered


def links_of(method_id: int) -> QuerySet[Alignment]:
    return Alignment.objects.filter(part__method_id=method_id).select_related("part", "reviewer")


def review_queue(limit: int | None = 50) -> list[Alignment]:
    """Pending links (suggested and declared), by method and part, best-scoring first (None: all of them)."""
    qs = (
        Alignment.objects.filter(provenance__in=[LinkState.SUGGESTED, LinkState.DECLARED])
        .select_related("part", "part__method")
        .order_by("part__method__name", "part__position", "-score", "goal_code", "pk")
    )
    return list(qs if limit is None else qs[:limit])


def alignments_by_uuid(uuids: list[uuid.UUID]) -> list[Alignment]:
    return list(Alignment.objects.filter(uuid__in=uuids).select_related("part").order_by("pk"))


def methods_with_parts() -> list[int]:
    return list(MethodPart.objects.values_list("method_id", flat=True).distinct().order_by("method_id"))
