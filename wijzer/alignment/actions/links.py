"""Writes of links between parts and goals: declared by a supplier, suggested by Wijzer, stale demo links removed."""

from __future__ import annotations

import uuid
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.db import transaction

from wijzer.alignment.constants import LinkState, Strength
from wijzer.alignment.domain.suggest import Suggestion
from wijzer.alignment.models import Alignment, MethodPart
from wijzer.curriculum import service as curriculum


@dataclass(frozen=True)
class DeclareResult:
    created: int
    existing: int
    unresolved: tuple[str, ...]  # declared ids that resolve to no current (allowed) goal
    upgraded: int = 0  # suggested links the supplier now declares


@transaction.atomic
def do_declare_alignments(
    part: MethodPart,
    declared_ids: Iterable[str],
    *,
    strength: Strength = Strength.CORE,
    delivered_as: Mapping[str, str] | None = None,
    allowed: Container[str] | None = None,
) -> DeclareResult:
    """Supplier-declared objectives (e.g. NL-LOM taxon ids): stale ids are resolved to the current goal(s).

    `delivered_as` maps an id to what the supplier wrote (a code), kept as the declared id; with `allowed`, only
    those current goal ids are linked. A goal Wijzer had suggested becomes declared (the suggestion stays in the
    evidence); a confirmed or rejected link is never touched.
    """
    created = existing = upgraded = 0
    unresolved: list[str] = []
    for raw in declared_ids:
        try:
            resolution = curriculum.resolve(uuid.UUID(raw))
        except ValueError:
            unresolved.append(raw)
            continue
        as_delivered = (delivered_as or {}).get(raw, raw)[:100]
        evidence = {"declared_id": as_delivered, "resolved_path": list(resolution.path)}
        linked = False
        for current in resolution.current:
            goal = curriculum.get_goal(uuid.UUID(current)) if allowed is None or current in allowed else None
            if goal is None:
                continue
            linked = True
            link, made = Alignment.objects.get_or_create(
                part=part,
                goal_uuid=goal.uuid,
                defaults={
                    "goal_code": goal.code,
                    "framework": goal.framework,
                    "declared_id": as_delivered,
                    "strength": strength,
                    "provenance": LinkState.DECLARED,
                    "origin": LinkState.DECLARED,
                    "evidence": evidence,
                },
            )
            if not made and link.provenance == LinkState.SUGGESTED:
                link.evidence = {**evidence, "suggestion": {"score": link.score, **link.evidence}}
                link.provenance = link.origin = LinkState.DECLARED
                link.declared_id = as_delivered
                link.save(update_fields=["evidence", "provenance", "origin", "declared_id"])
                upgraded += 1
            created, existing = created + made, existing + (not made)
        if not linked:
            unresolved.append(raw)
    return DeclareResult(created, existing, tuple(unresolved), upgraded)


@transaction.atomic
def do_drop_stale_demo_links(part: MethodPart, declared_ids: Iterable[str]) -> int:
    """Demo data only: remove the declared (and demo-confirmed) links of a demo part whose goal the demo data no
    longer declares, so a corrected demo file also corrects a database loaded before. Returns how many went."""
    if not part.is_demo:
        raise ValueError("Alleen koppelingen van voorbeeldonderdelen worden zo opgeruimd.")
    keep: set[uuid.UUID] = set()
    for raw in declared_ids:
        try:
            keep.update(uuid.UUID(current) for current in curriculum.resolve(uuid.UUID(raw)).current)
        except ValueError:
            continue
    stale = part.links.filter(origin=LinkState.DECLARED).exclude(goal_uuid__in=keep)
    count, _ = stale.delete()
    return count


@transaction.atomic
def do_record_suggestions(part: MethodPart, suggestions: Sequence[Suggestion], framework: str) -> int:
    """Store suggestions as `suggested` links; a goal already linked to the part keeps its link."""
    made = 0
    for suggestion in suggestions:
        _link, created = Alignment.objects.get_or_create(
            part=part,
            goal_uuid=uuid.UUID(suggestion.goal_id),
            defaults={
                "goal_code": suggestion.code,
                "framework": framework,
                "strength": Strength.CORE,
                "provenance": LinkState.SUGGESTED,
                "origin": LinkState.SUGGESTED,
                "score": suggestion.score,
                "evidence": suggestion.evidence(),
            },
        )
        made += created
    return made
