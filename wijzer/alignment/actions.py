"""Every write of the alignment app (style.md §2): parts, declared and suggested links, reviews."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from wijzer.accounts import service as accounts
from wijzer.curriculum import service as curriculum

from .constants import Decision, PartLevel, Provenance, Strength
from .domain.suggest import Suggestion
from .models import Alignment, MethodPart

if TYPE_CHECKING:
    from wijzer.catalog.models import Method, Product


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
        },
    )
    return part


@dataclass(frozen=True)
class DeclareResult:
    created: int
    existing: int
    unresolved: tuple[str, ...]  # declared ids that resolve to no current goal


@transaction.atomic
def do_declare_alignments(
    part: MethodPart, declared_ids: Iterable[str], *, strength: Strength = Strength.CORE
) -> DeclareResult:
    """Supplier-declared objectives (e.g. NL-LOM taxon ids): stale ids are resolved to the current goal(s)."""
    created = existing = 0
    unresolved: list[str] = []
    for raw in declared_ids:
        try:
            resolution = curriculum.resolve(uuid.UUID(raw))
        except ValueError:
            unresolved.append(raw)
            continue
        if not resolution.current:
            unresolved.append(raw)
        for current in resolution.current:
            goal = curriculum.get_goal(uuid.UUID(current))
            if goal is None:
                continue
            _link, made = Alignment.objects.get_or_create(
                part=part,
                goal_uuid=goal.uuid,
                defaults={
                    "goal_code": goal.code,
                    "framework": goal.framework,
                    "declared_id": raw,
                    "strength": strength,
                    "provenance": Provenance.DECLARED,
                    "origin": Provenance.DECLARED,
                    "evidence": {"declared_id": raw, "resolved_path": list(resolution.path)},
                },
            )
            created, existing = created + made, existing + (not made)
    return DeclareResult(created, existing, tuple(unresolved))


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
    action = (
        accounts.AuditAction.ALIGNMENT_CONFIRMED
        if decision == Decision.CONFIRM
        else accounts.AuditAction.ALIGNMENT_REJECTED
    )
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
