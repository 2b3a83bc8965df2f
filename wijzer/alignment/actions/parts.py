"""Writes of method parts (volume → chapter → section)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from wijzer.alignment.constants import PartLevel
from wijzer.alignment.models import MethodPart

if TYPE_CHECKING:
    from wijzer.catalog.service import Method, Product


@dataclass(frozen=True)
class PartSpec:
    key: str
    level: PartLevel
    title: str
    text: str = ""
    position: int = 0
    sector: str = ""
    stage: str = ""


def do_upsert_part(
    method: Method,
    spec: PartSpec,
    *,
    parent: MethodPart | None = None,
    product: Product | None = None,
    is_demo: bool = False,
) -> MethodPart:
    """Create or update the part with this key in the method (idempotent)."""
    part, _created = MethodPart.objects.update_or_create(
        method=method,
        key=spec.key,
        defaults={
            "parent": parent,
            "product": product,
            "level": spec.level,
            "position": spec.position,
            "title": spec.title,
            "text": spec.text,
            "sector": spec.sector or (parent.sector if parent else ""),
            "stage": spec.stage or (parent.stage if parent else ""),
            "is_demo": is_demo,
            "withdrawn_at": None,  # delivered (again)
        },
    )
    return part


def is_unchanged(before: MethodPart, spec: PartSpec, parent: MethodPart | None) -> bool:
    """`do_upsert_part(spec, parent=parent)` would write nothing new over `before` (a delivered, non-demo part)."""
    return (
        before.parent_id == (parent.pk if parent else None)
        and before.level == spec.level
        and before.position == spec.position
        and before.title == spec.title
        and before.text == spec.text
        and before.sector == (spec.sector or (parent.sector if parent else ""))
        and before.stage == (spec.stage or (parent.stage if parent else ""))
        and not before.is_demo
        and before.withdrawn_at is None
    )
