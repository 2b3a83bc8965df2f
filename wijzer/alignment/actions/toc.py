"""Import a delivered table of contents (inhoudsopgave), checked by `domain.toc.parse_toc`, into a method.

`do_import_toc` runs in steps:

1. `_plan_suggestions`, BEFORE the write transaction (W5.4 §1): the suggester takes ~0.05 s per part, and a
   delivery of 5,000 parts must not hold the database's write lock for minutes;
2. in one transaction, per part in tree order (parents first): `_write_part` (upserted by key, not written when
   nothing changed), `_declare` (the declared goals through `domain.declared`; what cannot be linked is reported
   per row, an unreviewed declaration the supplier dropped goes) and `_suggest` (the planned suggestions);
3. `_withdraw_missing`: parts no longer delivered are kept, with all their links, and marked (`withdrawn_at`);
4. `_audit`: one audit event (`alignment.imported`) with the counts, in the same transaction.

Confirmed, rejected and suggested links are never removed by a delivery, except the unreviewed suggestions of a
part whose text changed (they are replaced).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from wijzer.accounts import service as accounts
from wijzer.alignment import engine
from wijzer.alignment.constants import FRAMEWORKS, AlignmentAuditAction, LinkState, PartLevel
from wijzer.alignment.domain.declared import CodeIndex, GoalNote, code_index, declared_goals
from wijzer.alignment.domain.suggest import Suggestion
from wijzer.alignment.domain.toc import TableOfContents, TocPart
from wijzer.alignment.domain.toc_report import PartOutcome, TocImport
from wijzer.alignment.fetch import GoalInfo, goal_catalogue
from wijzer.alignment.models import Alignment, MethodPart
from wijzer.catalog import service as catalog
from wijzer.curriculum import service as curriculum

from .links import do_declare_alignments, do_record_suggestions
from .parts import PartSpec, do_upsert_part, is_unchanged

if TYPE_CHECKING:
    from collections.abc import Mapping

    from wijzer.catalog.service import Method

SUGGESTIONS_PER_FRAMEWORK = 3

Planned = dict[str, dict[str, list[Suggestion]]]  # part key -> framework -> suggestions


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
    """Suggest first (outside the transaction), then write parts, links and the audit event in one transaction.

    With `suggest`, a chapter or section with text and without a confirmed link gets the top 3 suggestions per
    framework (again when its text changed, replacing the unreviewed ones).
    """
    fallback = _fallback_sector(method)
    planned = _plan_suggestions(method, toc, fallback_sector=fallback, mode=suggest_mode) if suggest else {}
    catalogue = goal_catalogue()
    context = _Context(method, planned, suggest, suggest_mode, catalogue, code_index(catalogue), fallback)
    with transaction.atomic():
        report = _write_toc(context, toc)
        actor = user if user is not None and getattr(user, "is_authenticated", False) else None
        _audit(method, report, actor=actor, organisation=organisation, actor_label=actor_label, ip=ip)
    return report


# --- step 1: suggestions, before the transaction ---------------------------------------------------------------------


def _fallback_sector(method: Method) -> str:
    """The sector of a part that names none and has no parent that does: the method's, if it declares exactly one."""
    declared = catalog.method_curriculum(method.pk).sectors
    return declared[0] if len(declared) == 1 else ""


def _suggestions(title: str, text: str, *, sector: str, framework: str, mode: str) -> list[Suggestion]:
    return engine.suggest(
        f"{title}. {text}", sector=sector, framework=framework, limit=SUGGESTIONS_PER_FRAMEWORK, mode=mode
    )


def _plan_suggestions(method: Method, toc: TableOfContents, *, fallback_sector: str, mode: str) -> Planned:
    """The suggestions the import will record. Which parts get them is decided from the parts as stored now; the
    transaction checks again (a part that changed meanwhile is suggested for inside it, rarely)."""
    existing = {p.key: (p.title, p.text) for p in MethodPart.objects.filter(method=method)}
    links = Alignment.objects.filter(part__method=method)
    with_links = set(links.exclude(provenance=LinkState.DECLARED).values_list("part__key", flat=True))
    confirmed = set(links.filter(provenance=LinkState.CONFIRMED).values_list("part__key", flat=True))
    inherited: dict[str, str] = {}  # a part without a sector has its parent's (parents come first in a toc)
    planned: Planned = {}
    for item in toc.parts:
        inherited[item.key] = item.sector or (inherited.get(item.parent, "") if item.parent else "")
        sector = inherited[item.key] or fallback_sector
        if not item.text or item.level == PartLevel.VOLUME or item.key in confirmed or not sector:
            continue
        before = existing.get(item.key)
        if before is None or before != (item.title, item.text) or item.key not in with_links:
            planned[item.key] = {
                framework: _suggestions(item.title, item.text, sector=sector, framework=framework, mode=mode)
                for framework in FRAMEWORKS
            }
    return planned


# --- step 2: parts and links, in the transaction --------------------------------------------------------------------


@dataclass(frozen=True)
class _Context:
    method: Method
    planned: Planned
    suggest: bool
    mode: str
    catalogue: Mapping[str, GoalInfo]
    codes: CodeIndex
    fallback_sector: str


@dataclass
class _Tally:
    outcomes: list[PartOutcome] = field(default_factory=list)
    notes: list[GoalNote] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)  # "key: code" of unreviewed declarations no longer delivered
    without_sector: list[str] = field(default_factory=list)
    declared_existing: int = 0
    replaced: int = 0


def _write_toc(context: _Context, toc: TableOfContents) -> TocImport:
    method = context.method
    existing = {p.key: p for p in MethodPart.objects.filter(method=method).select_related("product")}
    stored: dict[str, MethodPart] = {}
    tally = _Tally()
    for item in toc.parts:
        before = existing.get(item.key)
        part, status = _write_part(method, item, stored[item.parent] if item.parent else None, before)
        stored[item.key] = part
        declared = _declare(context, item, part, tally)
        suggested = _suggest(context, item, part, before, tally)
        tally.outcomes.append(PartOutcome(item.row, item.key, item.title, status, declared, suggested))
    return TocImport(
        method_id=str(method.uuid),
        method_name=method.name,
        format=toc.format,
        parts=tuple(tally.outcomes),
        withdrawn=tuple(_withdraw_missing(method, toc, existing)),
        declared_existing=tally.declared_existing,
        declarations_withdrawn=tuple(tally.dropped),
        unknown_goals=tuple(tally.notes),
        suggested=sum(outcome.suggested for outcome in tally.outcomes),
        suggestions_replaced=tally.replaced,
        without_sector=tuple(tally.without_sector),
        suggest=context.suggest,
    )


def _write_part(
    method: Method, item: TocPart, parent: MethodPart | None, before: MethodPart | None
) -> tuple[MethodPart, str]:
    """The part as delivered, and whether it was created, updated or unchanged (then not written)."""
    spec = PartSpec(item.key, PartLevel(item.level), item.title, item.text, item.position, item.sector, item.stage)
    if before is not None and is_unchanged(before, spec, parent):
        return before, "unchanged"
    part = do_upsert_part(method, spec, parent=parent, product=before.product if before else None)
    return part, "created" if before is None else "updated"


def _declare(context: _Context, item: TocPart, part: MethodPart, tally: _Tally) -> int:
    """Link the goals declared for the part (codes are looked up in its sector) and remove an unreviewed declared
    link the supplier no longer declares. Returns the declared links made now (including upgraded suggestions)."""
    declared = declared_goals(
        item.row, item.key, item.goals, part.sector, catalogue=context.catalogue, codes=context.codes,
        resolve=curriculum.resolve,
    )  # fmt: skip
    tally.notes.extend(declared.notes)
    result = do_declare_alignments(part, declared.ids, delivered_as=declared.delivered_as, allowed=context.catalogue)
    tally.declared_existing += result.existing - result.upgraded
    gone = list(part.links.filter(provenance=LinkState.DECLARED).exclude(goal_uuid__in=declared.goals))
    tally.dropped.extend(f"{item.key}: {link.goal_code}" for link in gone)
    Alignment.objects.filter(pk__in=[link.pk for link in gone]).delete()
    return result.created + result.upgraded


def _suggest(context: _Context, item: TocPart, part: MethodPart, before: MethodPart | None, tally: _Tally) -> int:
    """Record the planned suggestions for a chapter or section with text and without a confirmed link: when it is
    new, its text changed (its unreviewed suggestions are replaced) or it has only declared links. A volume's blurb
    repeats its chapters: reviewers judge chapters. Returns the suggestions recorded."""
    if not (context.suggest and part.text and part.level != PartLevel.VOLUME):
        return 0
    if part.links.filter(provenance=LinkState.CONFIRMED).exists():
        return 0
    sector = part.sector or context.fallback_sector
    if not sector:
        tally.without_sector.append(item.key)
        return 0
    text_changed = before is not None and (before.title, before.text) != (part.title, part.text)
    if not (before is None or text_changed or not part.links.exclude(provenance=LinkState.DECLARED).exists()):
        return 0
    if text_changed:
        tally.replaced += part.links.filter(provenance=LinkState.SUGGESTED).delete()[0]
    made = 0
    for framework in FRAMEWORKS:
        found = context.planned.get(item.key, {}).get(framework)
        if found is None:  # the part changed since the plan: suggest here (rare)
            found = _suggestions(part.title, part.text, sector=sector, framework=framework, mode=context.mode)
        made += do_record_suggestions(part, found, framework)
    return made


# --- steps 3 and 4 ---------------------------------------------------------------------------------------------------


def _withdraw_missing(method: Method, toc: TableOfContents, existing: Mapping[str, MethodPart]) -> list[str]:
    """Mark the parts this delivery no longer has (kept, with their links); returns their keys, sorted."""
    delivered = {item.key for item in toc.parts}
    withdrawn = sorted(key for key, p in existing.items() if key not in delivered and p.withdrawn_at is None)
    MethodPart.objects.filter(method=method, key__in=withdrawn).update(withdrawn_at=timezone.now())
    return withdrawn


def _audit(
    method: Method, report: TocImport, *, actor: Any, organisation: accounts.Organisation | None, actor_label: str,
    ip: str,
) -> None:  # fmt: skip
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
            "format": report.format,
            **report.summary(),
            "withdrawn_keys": list(report.withdrawn[:50]),
            "declarations_withdrawn_links": list(report.declarations_withdrawn[:50]),
        },
    )
