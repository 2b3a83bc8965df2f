"""Assemble coverage and exports of a method from the database for the pure `domain` functions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings

from . import query
from .constants import FRAMEWORKS, PartLevel, Provenance
from .domain import coverage as cov
from .domain.export import ExportGoal, ExportPart
from .fetch import GoalInfo, goal_catalogue
from .models import Alignment, MethodPart

LEVEL_NAMES = {PartLevel.VOLUME: "Deel", PartLevel.CHAPTER: "Hoofdstuk", PartLevel.SECTION: "Paragraaf"}


@dataclass(frozen=True)
class MethodCoverage:
    coverage: cov.Coverage
    parts: list[MethodPart]
    links: list[Alignment]
    sector: str
    stage: str
    sectors: list[str]
    stages: list[str]


def part_paths(parts: Sequence[MethodPart]) -> dict[int, str]:
    by_pk = {p.pk: p for p in parts}
    paths: dict[int, str] = {}
    for part in parts:
        chain: list[str] = []
        node: MethodPart | None = part
        while node is not None:
            chain.append(node.title)
            node = by_pk.get(node.parent_id) if node.parent_id else None
        paths[part.pk] = " › ".join(reversed(chain))
    return paths


def _scope(links: Sequence[Alignment], sector: str, catalogue: dict[str, GoalInfo]) -> list[GoalInfo]:
    """The goals a method is measured against: every goal of the goal sets its links touch, in the sector."""
    sets = {
        (info.framework, info.goal_set) for link in links if (info := catalogue.get(str(link.goal_uuid))) is not None
    }
    goals = [
        info
        for info in catalogue.values()
        if (info.framework, info.goal_set) in sets and (not sector or sector in info.sectors)
    ]
    return sorted(goals, key=lambda g: (FRAMEWORKS.index(g.framework), g.position, g.code))


def method_coverage(method_id: int, *, sector: str = "", stage: str = "") -> MethodCoverage:
    all_parts = query.parts_of(method_id)
    sectors = sorted({p.sector for p in all_parts if p.sector})
    stages = sorted({p.stage for p in all_parts if p.stage})
    sector = sector if sector in sectors else (sectors[0] if sectors else "")
    parts = [p for p in all_parts if (not sector or p.sector == sector) and (not stage or p.stage == stage)]
    part_ids = {p.pk for p in parts}
    links = [link for link in query.links_of(method_id) if link.part_id in part_ids]
    catalogue = goal_catalogue()
    paths = part_paths(all_parts)
    parents = {p.parent_id for p in parts}
    rows = [cov.PartRow(str(p.uuid), p.title, p.level, paths[p.pk], p.pk not in parents) for p in parts]
    goals = [cov.GoalRow(g.goal_id, g.code, g.label, g.framework) for g in _scope(links, sector, catalogue)]
    link_rows = [
        cov.LinkRow(str(link.part.uuid), str(link.goal_uuid), link.strength, link.provenance) for link in links
    ]
    return MethodCoverage(cov.compute(rows, goals, link_rows), parts, links, sector, stage, sectors, stages)


def part_url(part: MethodPart) -> str:
    base = str(getattr(settings, "WIJZER_PUBLIC_URL", "") or "https://wijzer.example").rstrip("/")
    return f"{base}/kerndoeldekking/methode/{part.method.uuid}/#onderdeel-{part.uuid}"


def export_parts(method_id: int) -> list[ExportPart]:
    """Confirmed links only, per part, ready for NL-LOM or JSON."""
    parts = query.parts_of(method_id)
    paths = part_paths(parts)
    catalogue = goal_catalogue()
    confirmed: dict[int, list[Alignment]] = {}
    for link in query.links_of(method_id).filter(provenance=Provenance.CONFIRMED).order_by("goal_code", "pk"):
        confirmed.setdefault(link.part_id, []).append(link)
    result = []
    for part in parts:
        goals = tuple(
            ExportGoal(
                str(link.goal_uuid),
                link.goal_code,
                catalogue[str(link.goal_uuid)].label if str(link.goal_uuid) in catalogue else "",
                link.strength,
            )
            for link in confirmed.get(part.pk, [])
        )
        result.append(
            ExportPart(str(part.uuid), part.title, part.text, part.method.name, paths[part.pk], part_url(part), goals)
        )
    return result
