"""Every write of the alignment app (style.md §2): parts, declared and suggested links, reviews."""

from __future__ import annotations

import re
import uuid
from collections.abc import Container, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from wijzer.accounts import service as accounts
from wijzer.catalog import service as catalog
from wijzer.curriculum import service as curriculum

from . import engine
from .constants import FRAMEWORKS, AlignmentAuditAction, Decision, PartLevel, Provenance, Strength
from .domain.suggest import Suggestion
from .domain.toc import TableOfContents
from .fetch import GoalInfo, goal_catalogue
from .models import Alignment, MethodPart

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
                    "provenance": Provenance.DECLARED,
                    "origin": Provenance.DECLARED,
                    "evidence": evidence,
                },
            )
            if not made and link.provenance == Provenance.SUGGESTED:
                link.evidence = {**evidence, "suggestion": {"score": link.score, **link.evidence}}
                link.provenance = link.origin = Provenance.DECLARED
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
    stale = part.links.filter(origin=Provenance.DECLARED).exclude(goal_uuid__in=keep)
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
                "provenance": Provenance.SUGGESTED,
                "origin": Provenance.SUGGESTED,
                "score": suggestion.score,
                "evidence": suggestion.evidence(),
            },
        )
        made += created
    return made


REASON_REQUIRED = "Geef een reden op bij afwijzen: waarom past dit hoofdstuk niet bij dit doel?"


class ReasonRequired(ValueError):
    """A rejection without a reason."""


@transaction.atomic
def do_review_alignments(
    alignments: Sequence[Alignment],
    decision: Decision,
    *,
    reviewer: accounts.Organisation | None = None,
    user: Any,
    reason: str = "",
    strength: Strength | None = None,
    ip: str = "",
    actor_label: str = "",
) -> int:
    """Confirm or reject links; every decision goes to the audit log in the same transaction.

    A rejection needs a reason (the supplier and the next reviewer must be able to see why); without one this
    raises `ReasonRequired` and nothing changes.
    """
    if decision == Decision.REJECT and not reason.strip():
        raise ReasonRequired(REASON_REQUIRED)
    actor = user if user is not None and user.is_authenticated else None
    now = timezone.now()
    provenance = Provenance.CONFIRMED if decision == Decision.CONFIRM else Provenance.REJECTED
    action = AlignmentAuditAction.CONFIRMED if decision == Decision.CONFIRM else AlignmentAuditAction.REJECTED
    for link in alignments:
        previous = link.provenance
        link.provenance = provenance
        link.reviewer = actor
        link.reviewed_at = now
        link.reason = reason[:2000]
        if strength is not None:
            link.strength = strength
        link.save(update_fields=["provenance", "reviewer", "reviewed_at", "reason", "strength"])
        accounts.record_audit_event(
            action,
            actor=actor,
            actor_label=actor_label,
            organisation=reviewer,
            object_type="alignment",
            object_id=str(link.uuid),
            ip=ip,
            details={
                "part": str(link.part.uuid),
                "goal": str(link.goal_uuid),
                "code": link.goal_code,
                "previous": previous,
                "strength": link.strength,
                "reason": reason[:500],
            },
        )
    return len(alignments)


# --- a delivered table of contents (inhoudsopgave) ---------------------------------------------------------------

SUGGESTIONS_PER_FRAMEWORK = 3
_LEADING_ZEROS = re.compile(r"(?<!\d)0+(?=\d)")


@dataclass(frozen=True)
class GoalNote:
    """A declared goal that could not be linked, with the Dutch reason."""

    row: int
    key: str
    goal: str
    reason: str

    def describe(self, unit: str) -> str:
        return f"{unit.capitalize()} {self.row} ({self.key[:40]}): doel '{self.goal}' niet gekoppeld: {self.reason}"


@dataclass(frozen=True)
class PartOutcome:
    row: int
    key: str
    title: str
    status: str  # created | updated | unchanged
    declared: int  # declared links made now (a goal Wijzer had suggested and the supplier now declares counts too)
    suggested: int


@dataclass(frozen=True)
class TocImport:
    """What an accepted table of contents changed; `as_dict()` is the CLI/API report."""

    method_id: str
    method_name: str
    format: str
    parts: tuple[PartOutcome, ...]
    withdrawn: tuple[str, ...]  # keys no longer delivered, marked now (kept, with their links)
    declared_existing: int  # declared goals that were already linked (in any state)
    declarations_withdrawn: tuple[str, ...]  # "key: code" of unreviewed declared links the supplier dropped
    unknown_goals: tuple[GoalNote, ...]
    suggested: int
    suggestions_replaced: int  # unreviewed suggestions of a part whose text changed
    without_sector: tuple[str, ...]  # keys with text but no sector: no suggestions
    suggest: bool

    def count(self, status: str) -> int:
        return sum(1 for p in self.parts if p.status == status)

    @property
    def declared(self) -> int:
        return sum(p.declared for p in self.parts)

    @property
    def changed(self) -> bool:
        return bool(
            self.count("created") or self.count("updated") or self.withdrawn or self.declared
            or self.declarations_withdrawn or self.suggested or self.suggestions_replaced
        )  # fmt: skip

    def summary(self) -> dict[str, Any]:
        return {
            "created": self.count("created"),
            "updated": self.count("updated"),
            "unchanged": self.count("unchanged"),
            "withdrawn": len(self.withdrawn),
            "declared": self.declared,
            "declared_existing": self.declared_existing,
            "declarations_withdrawn": len(self.declarations_withdrawn),
            "unknown_goals": len(self.unknown_goals),
            "suggested": self.suggested,
            "suggestions_replaced": self.suggestions_replaced,
        }

    def as_dict(self) -> dict[str, Any]:
        unit = "rij" if self.format == "csv" else "onderdeel"
        return {
            "accepted": True,
            "method": {"id": self.method_id, "name": self.method_name},
            "format": self.format,
            "counts": self.summary(),
            "parts": [
                {"row": p.row, "key": p.key, "title": p.title, "status": p.status, "declared": p.declared,
                 "suggested": p.suggested}
                for p in self.parts
            ],
            "withdrawn": list(self.withdrawn),
            "declarations_withdrawn": list(self.declarations_withdrawn),
            "unknown_goals": [
                {"row": n.row, "key": n.key, "goal": n.goal, "reason": n.reason, "message": n.describe(unit)}
                for n in self.unknown_goals
            ],
            "suggest": self.suggest,
            "without_sector": list(self.without_sector),
            "errors": [],
        }  # fmt: skip


def normalise_code(code: str) -> str:
    """Case, spaces and leading zeros do not count: "po kerndoel 1" is "PO Kerndoel 01"."""
    return _LEADING_ZEROS.sub("", " ".join(code.casefold().split()))


def _code_index(catalogue: Mapping[str, GoalInfo]) -> dict[tuple[str, str], list[str]]:
    """(sector or "", normalised code) → goal ids; a code with a name ("Doelzin 1A - …") also by its short code."""
    index: dict[tuple[str, str], list[str]] = {}
    for goal in catalogue.values():
        names = {normalise_code(goal.code), normalise_code(goal.code.partition(" - ")[0])}
        for sector in ("", *goal.sectors):
            for name in names:
                index.setdefault((sector, name), []).append(goal.goal_id)
    return index


@dataclass
class _Declared:
    ids: list[str]  # for do_declare_alignments: SLO ids as delivered, or the id a code stands for
    delivered_as: dict[str, str]  # id → the code as written
    goals: set[str]  # the current goal ids these declarations link
    notes: list[GoalNote]


def _declared_goals(
    row: int, key: str, goals: Sequence[str], sector: str, catalogue: Mapping[str, GoalInfo],
    codes: Mapping[tuple[str, str], list[str]],
) -> _Declared:  # fmt: skip
    found = _Declared([], {}, set(), [])
    for goal in goals:
        try:
            resolution = curriculum.resolve(uuid.UUID(goal))
        except ValueError:
            matches = codes.get((sector, normalise_code(goal)), [])
            if len(matches) == 1:
                found.ids.append(matches[0])
                found.delivered_as[matches[0]] = goal
                found.goals.add(matches[0])
            else:
                found.notes.append(GoalNote(row, key, goal, _code_problem(goal, sector, matches, catalogue, codes)))
            continue
        linkable = [current for current in resolution.current if current in catalogue]
        if linkable:
            found.ids.append(goal)
            found.goals.update(linkable)
        elif resolution.current:
            reason = "dit is geen kerndoel (2006) of doelzin; koppel aan een kerndoel of aan de doelzinnen eronder."
            found.notes.append(GoalNote(row, key, goal, reason))
        else:
            reason = "vervallen SLO-id zonder opvolger." if resolution.path else "onbekend SLO-id."
            found.notes.append(GoalNote(row, key, goal, reason))
    return found


def _code_problem(
    goal: str, sector: str, matches: Sequence[str], catalogue: Mapping[str, GoalInfo],
    codes: Mapping[tuple[str, str], list[str]],
) -> str:  # fmt: skip
    where = f" in het {sector}" if sector else ""
    if matches:
        sets = sorted({catalogue[m].goal_set for m in matches if catalogue[m].goal_set})
        return f"de code is niet eenduidig{where} ({len(matches)} doelen: {', '.join(sets[:4])}); geef het SLO-id op."
    elsewhere = codes.get(("", normalise_code(goal)), [])
    if sector and elsewhere:
        sectors = sorted({s for m in elsewhere for s in catalogue[m].sectors})
        return f"deze code hoort bij {', '.join(sectors)}, niet bij {sector}."
    return f"onbekende code{where}; gebruik een code als 'PO Kerndoel 26' of het SLO-id."


def _same(before: MethodPart, spec: PartSpec, parent: MethodPart | None) -> bool:
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


Planned = dict[str, dict[str, list[Suggestion]]]  # part key -> framework -> suggestions


def _planned_suggestions(method: Method, toc: TableOfContents, *, suggest: bool, mode: str) -> Planned:
    """The suggestions the import will record, computed BEFORE its write transaction (W5.4 §1): the suggester
    takes ~0.05 s per part, and a delivery of 5,000 parts must not hold the database's write lock for minutes.
    Which parts get them is decided from the parts as stored now; the transaction checks again (a part that
    changed meanwhile is suggested for inside it, rarely)."""
    if not suggest:
        return {}
    existing = {p.key: p for p in MethodPart.objects.filter(method=method)}
    with_links = set(
        Alignment.objects.filter(part__method=method)
        .exclude(provenance=Provenance.DECLARED)
        .values_list("part__key", flat=True)
    )
    confirmed = set(
        Alignment.objects.filter(part__method=method, provenance=Provenance.CONFIRMED).values_list(
            "part__key", flat=True
        )
    )
    declared_sectors = catalog.method_curriculum(method.pk).sectors
    fallback = declared_sectors[0] if len(declared_sectors) == 1 else ""
    inherited: dict[str, str] = {}  # a part without a sector has its parent's (parents come first in a toc)
    planned: Planned = {}
    for item in toc.parts:
        inherited[item.key] = item.sector or (inherited.get(item.parent, "") if item.parent else "")
        sector = inherited[item.key] or fallback
        if not item.text or item.level == PartLevel.VOLUME or item.key in confirmed or not sector:
            continue
        before = existing.get(item.key)
        changed = before is not None and (before.text, before.title) != (item.text, item.title)
        if before is None or changed or item.key not in with_links:
            planned[item.key] = {
                framework: engine.suggest(
                    f"{item.title}. {item.text}",
                    sector=sector,
                    framework=framework,
                    limit=SUGGESTIONS_PER_FRAMEWORK,
                    mode=mode,
                )
                for framework in FRAMEWORKS
            }
    return planned


def do_import_toc(
    method: Method,
    toc: TableOfContents,
    *,
    suggest: bool = True,
    suggest_mode: str = "auto",
    user: Any = None,
    organisation: accounts.Organisation | None = None,
    actor_label: str = "",
    ip: str = "",
) -> TocImport:
    """Check nothing more, suggest first (outside the transaction), then write everything in one transaction."""
    planned = _planned_suggestions(method, toc, suggest=suggest, mode=suggest_mode)
    with transaction.atomic():
        return _write_toc(
            method, toc, planned, suggest=suggest, suggest_mode=suggest_mode, user=user, organisation=organisation,
            actor_label=actor_label, ip=ip,
        )  # fmt: skip


def _write_toc(
    method: Method,
    toc: TableOfContents,
    planned: Planned,
    *,
    suggest: bool,
    suggest_mode: str,
    user: Any,
    organisation: accounts.Organisation | None,
    actor_label: str,
    ip: str,
) -> TocImport:
    """Write a checked table of contents (`domain.toc.parse_toc`) for `method`, in one transaction.

    Parts are upserted by key (a part whose fields did not change is not written); declared goals go through
    `do_declare_alignments` (stale ids resolve; codes are looked up in the part's sector; what cannot be linked
    is reported per row). An unreviewed declared link the supplier no longer declares is removed; confirmed,
    rejected and suggested links stay. Parts missing from the delivery are kept, with all their links, and marked
    as no longer delivered (`withdrawn_at`). With `suggest`, a chapter or section with text and without a
    confirmed link gets the top 3 suggestions per framework (again when its text changed, replacing the
    unreviewed ones).
    """
    catalogue = goal_catalogue()
    codes = _code_index(catalogue)
    existing = {p.key: p for p in MethodPart.objects.filter(method=method).select_related("product")}
    declared_sectors = catalog.method_curriculum(method.pk).sectors
    fallback_sector = declared_sectors[0] if len(declared_sectors) == 1 else ""
    stored: dict[str, MethodPart] = {}
    outcomes: list[PartOutcome] = []
    notes: list[GoalNote] = []
    dropped: list[str] = []
    without_sector: list[str] = []
    declared_existing = suggested_total = replaced_total = 0
    for item in toc.parts:
        parent = stored[item.parent] if item.parent else None
        before = existing.get(item.key)
        spec = PartSpec(item.key, PartLevel(item.level), item.title, item.text, item.position, item.sector, item.stage)
        if before is not None and _same(before, spec, parent):
            part, status = before, "unchanged"
        else:
            part = do_upsert_part(method, spec, parent=parent, product=before.product if before else None)
            status = "created" if before is None else "updated"
        stored[item.key] = part
        declared = _declared_goals(item.row, item.key, item.goals, part.sector, catalogue, codes)
        notes.extend(declared.notes)
        result = do_declare_alignments(part, declared.ids, delivered_as=declared.delivered_as, allowed=catalogue)
        declared_existing += result.existing - result.upgraded
        gone = list(part.links.filter(provenance=Provenance.DECLARED).exclude(goal_uuid__in=declared.goals))
        dropped.extend(f"{item.key}: {link.goal_code}" for link in gone)
        Alignment.objects.filter(pk__in=[link.pk for link in gone]).delete()
        made = 0
        if (
            suggest
            and part.text
            and part.level != PartLevel.VOLUME  # a volume's blurb repeats its chapters: reviewers judge chapters
            and not part.links.filter(provenance=Provenance.CONFIRMED).exists()
        ):
            sector = part.sector or fallback_sector
            text_changed = before is not None and (before.text, before.title) != (part.text, part.title)
            if not sector:
                without_sector.append(item.key)
            elif before is None or text_changed or not part.links.exclude(provenance=Provenance.DECLARED).exists():
                if text_changed:
                    replaced_total += part.links.filter(provenance=Provenance.SUGGESTED).delete()[0]
                for framework in FRAMEWORKS:
                    found = planned.get(item.key, {}).get(framework)
                    if found is None:  # the part changed since the plan: suggest here (rare)
                        found = engine.suggest(
                            f"{part.title}. {part.text}", sector=sector, framework=framework,
                            limit=SUGGESTIONS_PER_FRAMEWORK, mode=suggest_mode,
                        )  # fmt: skip
                    made += do_record_suggestions(part, found, framework)
        suggested_total += made
        outcomes.append(PartOutcome(item.row, item.key, item.title, status, result.created + result.upgraded, made))
    delivered = {item.key for item in toc.parts}
    withdrawn = sorted(key for key, p in existing.items() if key not in delivered and p.withdrawn_at is None)
    MethodPart.objects.filter(method=method, key__in=withdrawn).update(withdrawn_at=timezone.now())
    report = TocImport(
        method_id=str(method.uuid),
        method_name=method.name,
        format=toc.format,
        parts=tuple(outcomes),
        withdrawn=tuple(withdrawn),
        declared_existing=declared_existing,
        declarations_withdrawn=tuple(dropped),
        unknown_goals=tuple(notes),
        suggested=suggested_total,
        suggestions_replaced=replaced_total,
        without_sector=tuple(without_sector),
        suggest=suggest,
    )
    actor = user if user is not None and getattr(user, "is_authenticated", False) else None
    accounts.record_audit_event(
        AlignmentAuditAction.IMPORTED,
        actor=actor,
        actor_label=actor_label,
        organisation=organisation,
        object_type="method",
        object_id=str(method.uuid),
        ip=ip,
        details={
            "method": method.name[:200],
            "format": toc.format,
            **report.summary(),
            "withdrawn_keys": list(withdrawn[:50]),
            "declarations_withdrawn_links": list(dropped[:50]),
        },
    )
    return report
