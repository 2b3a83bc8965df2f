"""Every write to the curriculum tables (style.md §2)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils.text import slugify

from .domain.records import CurriculumBundle, GoalRec
from .domain.text import fold
from .models import CurriculumLoad, Domain, Elaboration, Goal, GoalSet, Level, StaleId, Subject
from .query import curriculum_counts

M = TypeVar("M", bound=models.Model)


def _upsert(model: type[M], rows: Sequence[M], fields: Sequence[str]) -> dict[uuid.UUID, int]:
    """Insert or update by SLO uuid; returns uuid -> pk for every row."""
    model._default_manager.bulk_create(
        rows, batch_size=500, update_conflicts=True, unique_fields=["uuid"], update_fields=list(fields)
    )
    keys = [row.uuid for row in rows]  # type: ignore[attr-defined]  # every curriculum model has uuid
    found: dict[uuid.UUID, int] = {}
    for start in range(0, len(keys), 500):
        found.update(model._default_manager.filter(uuid__in=keys[start : start + 500]).values_list("uuid", "pk"))
    return found


def _replace_links(through: type[models.Model], owner: str, target: str, pairs: Iterable[tuple[int, int]]) -> None:
    unique = list(dict.fromkeys(pairs))
    owners = {a for a, _ in unique}
    through._default_manager.filter(**{f"{owner}__in": owners}).delete()
    through._default_manager.bulk_create([through(**{owner: a, target: b}) for a, b in unique], batch_size=1000)


def _search_text(goal: GoalRec) -> str:
    parts = [goal.code, goal.label, goal.text, *(e.text for e in goal.elaborations)]
    return fold(" ".join(parts))


def _u(value: str) -> uuid.UUID:
    return uuid.UUID(value)


@transaction.atomic
def do_load_curriculum(bundle: CurriculumBundle, source: str) -> dict[str, Any]:
    """Write a validated bundle in one transaction: upsert by SLO uuid, replace relation rows."""
    levels = _upsert(
        Level,
        [
            Level(uuid=_u(r.id), title=r.title, prefix=r.prefix, type=r.type, description=r.description)
            for r in bundle.levels
        ],
        ["title", "prefix", "type", "description"],
    )
    subjects = _upsert(
        Subject,
        [
            Subject(
                uuid=_u(r.id),
                title=r.title,
                slug=slugify(r.title),
                prefix=r.prefix,
                description=r.description,
                derived=r.derived,
                alias_ids=list(r.alias_ids),
            )
            for r in bundle.subjects
        ],
        ["title", "slug", "prefix", "description", "derived", "alias_ids"],
    )
    _replace_links(
        Subject.levels.through,
        "subject_id",
        "level_id",
        ((subjects[_u(r.id)], levels[_u(lv)]) for r in bundle.subjects for lv in r.level_ids),
    )
    sets = _upsert(
        GoalSet,
        [
            GoalSet(
                uuid=_u(r.id),
                framework=r.framework,
                title=r.title,
                settype=r.settype,
                status=r.status,
                description=r.description,
                sectors=list(r.sectors),
                position=r.position,
            )
            for r in bundle.sets
        ],
        ["framework", "title", "settype", "status", "description", "sectors", "position"],
    )
    _replace_links(
        GoalSet.subjects.through,
        "goalset_id",
        "subject_id",
        ((sets[_u(r.id)], subjects[_u(s)]) for r in bundle.sets for s in r.subject_ids),
    )
    domains = _upsert(
        Domain,
        [
            Domain(
                uuid=_u(r.id),
                framework=r.framework,
                title=r.title,
                prefix=r.prefix,
                description=r.description,
                position=r.position,
                goal_set_id=sets.get(_u(r.set_id)) if r.set_id else None,
            )
            for r in bundle.domains
        ],
        ["framework", "title", "prefix", "description", "position", "goal_set"],
    )
    goals = _write_goals(bundle, sets, domains)
    _replace_links(
        Goal.subjects.through,
        "goal_id",
        "subject_id",
        ((goals[_u(g.id)], subjects[_u(s)]) for g in bundle.goals for s in g.subject_ids),
    )
    _replace_links(
        Goal.levels.through,
        "goal_id",
        "level_id",
        ((goals[_u(g.id)], levels[_u(lv)]) for g in bundle.goals for lv in g.level_ids),
    )
    _write_elaborations(bundle, goals, {r.id: r.title for r in bundle.levels})
    _upsert(
        StaleId,
        [
            StaleId(uuid=_u(r.id), types=list(r.types), title=r.title, replaced_by=list(r.replaced_by))
            for r in bundle.stale
        ],
        ["types", "title", "replaced_by"],
    )
    counts = curriculum_counts()
    CurriculumLoad.objects.create(fingerprint=bundle.fingerprint, source=source, counts=counts)
    return counts


def _write_goals(
    bundle: CurriculumBundle, sets: dict[uuid.UUID, int], domains: dict[uuid.UUID, int]
) -> dict[uuid.UUID, int]:
    fields = [
        "framework",
        "kind",
        "code",
        "number",
        "label",
        "text",
        "status",
        "sectors_key",
        "goal_set",
        "domain",
        "search_text",
        "position",
    ]
    goals = _upsert(
        Goal,
        [
            Goal(
                uuid=_u(g.id),
                framework=g.framework,
                kind=g.kind,
                code=g.code,
                number=g.number,
                label=g.label,
                text=g.text,
                status=g.status,
                sectors_key="|" + "|".join(g.sectors) + "|",
                goal_set_id=sets.get(_u(g.set_id)) if g.set_id else None,
                domain_id=domains.get(_u(g.domain_id)) if g.domain_id else None,
                search_text=_search_text(g),
                position=g.position,
            )
            for g in bundle.goals
        ],
        fields,
    )
    with_parent = [g for g in bundle.goals if g.parent_id]
    parents = [Goal(pk=goals[_u(g.id)], parent_id=goals[_u(g.parent_id)]) for g in with_parent if g.parent_id]
    Goal.objects.bulk_update(parents, ["parent"], batch_size=500)
    return goals


def _write_elaborations(bundle: CurriculumBundle, goals: dict[uuid.UUID, int], level_titles: dict[str, str]) -> None:
    _upsert(
        Elaboration,
        [
            Elaboration(
                uuid=_u(e.id),
                goal_id=goals[_u(g.id)],
                kind=e.kind,
                prefix=e.prefix,
                text=e.text,
                level_titles=[level_titles[lv] for lv in e.level_ids],
                position=e.position,
            )
            for g in bundle.goals
            for e in g.elaborations
        ],
        ["goal", "kind", "prefix", "text", "level_titles", "position"],
    )
