"""A method's coverage report (method page, API, CSV, the catalogue's product page) and the export of its confirmed
links, assembled from the database for the pure `domain.coverage`, `domain.scope` and `domain.export`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings

from wijzer.catalog import service as catalog
from wijzer.curriculum import service as curriculum

from . import query
from .constants import FRAMEWORKS, LinkState, PartLevel
from .domain import coverage as cov
from .domain import scope as sc
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
    scope: sc.Scope  # where the goals in `coverage` come from
    maybe: tuple[cov.MaybeAlso, ...] = ()  # goals outside the scope named only by unconfirmed links

    @property
    def scope_text(self) -> str:
        return scope_text(self.scope, self.sector)


def scope_text(scope: sc.Scope, sector: str) -> str:
    """Where the goal scope of a coverage comes from, or what to do when there is none (Dutch, for page and API)."""
    unmatched = ", ".join(scope.unmatched)
    if scope.empty:
        what = "de sector" if scope.needs_sector else "het vak"
        text = (
            "Geen doelbereik bekend: bevestig eerst een koppeling van een hoofdstuk aan een kerndoel, "
            f"of geef {what} van de methode op in de catalogus."
        )
        if unmatched:
            which = "de opgegeven vakken" if len(scope.unmatched) > 1 else "het opgegeven vak"
            text += f" Bij {which} {unmatched} vinden we geen kerndoelen voor {sector.upper()}."
        return text
    sources = []
    if scope.linked:
        sources.append("alle doelen van de doelensets die de bevestigde koppelingen raken")
    if scope.subjects:
        which = "de vakken" if len(scope.subjects) > 1 else "het vak"
        sources.append(f"de kerndoelen bij {which} uit de catalogus ({', '.join(scope.subjects)})")
    head = f"Doelbereik ({sector.upper()})" if sector else "Doelbereik"
    text = f"{head}: {', en '.join(sources)}."
    if unmatched:
        text += f" Geen kerndoelen gevonden bij: {unmatched}."
    return text


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


def _candidates(sector: str, subjects: Sequence[str], catalogue: dict[str, GoalInfo]) -> list[sc.ScopeGoal]:
    """The goals a scope can draw from, with their goal sets (and, for declared subjects, their subjects)."""
    if subjects and sector:
        return [
            sc.ScopeGoal(
                g.goal_id, g.framework, g.goal_set, g.sectors, frozenset(map(sc.fold, g.subjects)), g.functional
            )
            for g in curriculum.goal_subjects()
        ]
    # confirmed links only: the cached catalogue has goal sets and sectors, no subjects needed
    return [sc.ScopeGoal(g.goal_id, g.framework, g.goal_set, g.sectors) for g in catalogue.values()]


def _goal_rows(catalogue: dict[str, GoalInfo]) -> list[cov.GoalRow]:
    ordered = sorted(catalogue.values(), key=lambda g: (FRAMEWORKS.index(g.framework), g.position, g.code))
    return [cov.GoalRow(g.goal_id, g.code, g.label, g.framework, g.area) for g in ordered]


def method_coverage(method_id: int, *, sector: str = "", stage: str = "") -> MethodCoverage:
    """The coverage of a method: measured against its declared subjects (in the sector) and the goal sets of its
    confirmed links; unconfirmed links never change the scope, the percentages or the gaps (`coverage.measure`)."""
    all_parts = query.parts_of(method_id)
    declared = catalog.method_curriculum(method_id)
    sectors = sorted({p.sector for p in all_parts if p.sector}) or list(declared.sectors)
    stages = sorted({p.stage for p in all_parts if p.stage})
    sector = sector if sector in sectors else (sectors[0] if sectors else "")
    # A part without a sector belongs to every sector of the method (e.g. when only the catalogue names one).
    parts = [
        p for p in all_parts if (not sector or not p.sector or p.sector == sector) and (not stage or p.stage == stage)
    ]
    part_ids = {p.pk for p in parts}
    links = [link for link in query.links_of(method_id) if link.part_id in part_ids]
    catalogue = goal_catalogue()
    paths = part_paths(all_parts)
    parents = {p.parent_id for p in parts}
    rows = [cov.PartRow(str(p.uuid), p.title, p.level, paths[p.pk], p.pk not in parents) for p in parts]
    uuids = {p.pk: str(p.uuid) for p in parts}
    link_rows = [
        cov.LinkRow(uuids[link.part_id], str(link.goal_uuid), link.strength, link.provenance) for link in links
    ]
    measured = cov.measure(
        _candidates(sector, declared.subjects, catalogue) if parts else [],
        _goal_rows(catalogue),
        rows,
        link_rows,
        sector=sector,
        subjects=declared.subjects,
    )
    return MethodCoverage(
        measured.coverage, parts, links, sector, stage, sectors, stages, measured.scope, measured.maybe
    )


def part_url(part: MethodPart) -> str:
    base = str(getattr(settings, "WIJZER_PUBLIC_URL", "") or "https://wijzer.example").rstrip("/")
    return f"{base}/kerndoeldekking/methode/{part.method.uuid}/#onderdeel-{part.uuid}"


def export_parts(method_id: int) -> list[ExportPart]:
    """Confirmed links only, per part, ready for NL-LOM or JSON."""
    parts = query.parts_of(method_id)
    paths = part_paths(parts)
    catalogue = goal_catalogue()
    confirmed: dict[int, list[Alignment]] = {}
    for link in query.links_of(method_id).filter(provenance=LinkState.CONFIRMED).order_by("goal_code", "pk"):
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
