"""Public surface of the curriculum app for other apps and for the thin views, API and commands.

Other apps import only from here (style.md §13): e.g. `alignment` asks `resolve_goal_ids(uuid)`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from . import actions, query
from .constants import ALIGNABLE_KINDS
from .domain.resolver import Resolution
from .domain.slo import CurriculumDataError, fingerprint, read_bundle, sector_of_level
from .models import CurriculumLoad, Goal, GoalSet, Level, Subject

__all__ = [
    "CurriculumDataError",
    "GoalSubjects",
    "LoadResult",
    "counts",
    "get_goal",
    "goal_refs",
    "goal_subjects",
    "goal_texts",
    "goals",
    "level_info",
    "level_sectors",
    "load_curriculum",
    "load_version",
    "resolve",
    "subject_by_id_or_name",
    "subject_labels",
    "subject_titles",
    "subjects_for_sector",
    "subjects_matching",
    "summary",
]

goals = query.goals
subjects_for_sector = query.subjects_for_sector
subjects_matching = query.subjects_matching
counts = query.curriculum_counts


@dataclass(frozen=True)
class LoadResult:
    loaded: bool  # False when the same files were already loaded
    counts: dict[str, Any]
    warnings: list[str]


def default_path() -> Path:
    return Path(settings.WIJZER_SLO_DIR)


def load_curriculum(path: Path | None = None, *, force: bool = False) -> LoadResult:
    """Validate every SLO file, then write all of it in one transaction (or nothing)."""
    root = path or default_path()
    if not force and not _changed(root):
        return LoadResult(loaded=False, counts=query.curriculum_counts(), warnings=[])
    bundle = read_bundle(root)
    written = actions.do_load_curriculum(bundle, source=str(root))
    return LoadResult(loaded=True, counts=written, warnings=bundle.warnings)


def _changed(root: Path) -> bool:
    latest = CurriculumLoad.objects.order_by("-loaded_at").values_list("fingerprint", flat=True).first()
    return latest is None or latest != fingerprint(root)


def load_version() -> str:
    """Which load of the curriculum is current; changes with every load that writes (one small query).
    Per-process caches of curriculum data compare it to rebuild after `wijzer curriculum load`."""
    row = CurriculumLoad.objects.order_by("-pk").values_list("pk", "fingerprint").first()
    return f"{row[0]}:{row[1]}" if row else ""


def get_goal(goal_uuid: uuid.UUID) -> Goal | None:
    return query.goal_detail(goal_uuid)


def resolve(goal_uuid: uuid.UUID) -> Resolution:
    return query.resolve_goal(goal_uuid)


def summary() -> dict[str, Any]:
    """Small figures for the home page."""
    data = query.curriculum_counts()
    frameworks = data["frameworks"]
    return {
        "loaded": bool(frameworks),
        "kerndoelen_2006": frameworks.get("kerndoelen-2006", {}).get("total", 0),
        "kerndoelen_fo": frameworks.get("kerndoelen-fo", {}).get("by_kind", {}).get("kernzin", 0),
        "doelzinnen_fo": frameworks.get("kerndoelen-fo", {}).get("total", 0),
        "subjects": data["subjects"],
    }


def level_sectors() -> dict[str, str]:
    """SLO level uuid -> sector (po/vo/so/vso) for every level that belongs to one."""
    result: dict[str, str] = {}
    for level_uuid, title in Level.objects.values_list("uuid", "title"):
        sector = sector_of_level(title)
        if sector:
            result[str(level_uuid)] = sector
    return result


def subject_titles() -> list[tuple[str, str]]:
    """(title, SLO uuid) of every subject, for mapping free-text subject names."""
    return [(title, str(u)) for title, u in Subject.objects.values_list("title", "uuid")]


def level_info() -> dict[str, tuple[str, str]]:
    """SLO level uuid -> (title, SLO type such as "Leerjaar" or "Opleiding"), for catalogue facets (W4)."""
    return {str(u): (title, kind) for u, title, kind in Level.objects.values_list("uuid", "title", "type")}


def subject_labels() -> dict[str, str]:
    """SLO subject uuid (and each alias id) -> title, for catalogue facets (W4)."""
    labels: dict[str, str] = {}
    for u, title, aliases in Subject.objects.values_list("uuid", "title", "alias_ids"):
        labels[str(u)] = title
        for alias in aliases or []:
            labels.setdefault(str(alias), title)
    return labels


def goal_texts(goal_ids: list[str]) -> dict[str, tuple[str, str]]:
    """Goal uuid -> (code, text) for the given ids that exist (catalogue search indexes aligned goal texts)."""
    wanted = []
    for raw in goal_ids:
        try:
            wanted.append(uuid.UUID(str(raw)))
        except ValueError:
            continue
    rows = Goal.objects.filter(uuid__in=wanted).values_list("uuid", "code", "text")
    return {str(u): (code, text) for u, code, text in rows}


FUNCTIONAL_SETTYPE = "functionele kerndoelenset"


@dataclass(frozen=True, slots=True)
class GoalSubjects:
    """An alignable goal with its goal set and the subjects it belongs to (its own and its goal set's)."""

    goal_id: str
    framework: str
    goal_set: str  # SLO uuid of the goal set ("" without one)
    functional: bool  # in a functional kerndoelenset (so/vso), the alternative to the regular set
    sectors: tuple[str, ...]
    subjects: tuple[str, ...]  # subject titles


def goal_subjects() -> list[GoalSubjects]:
    """Every alignable goal with its goal set, sectors and subject titles (kerndoeldekking derives scopes)."""
    tags: dict[int, set[str]] = {}
    for goal_pk, title in Goal.subjects.through.objects.filter(goal__kind__in=ALIGNABLE_KINDS).values_list(
        "goal_id", "subject__title"
    ):
        tags.setdefault(goal_pk, set()).add(title)
    owners: dict[int, set[str]] = {}
    for set_pk, title in GoalSet.subjects.through.objects.values_list("goalset_id", "subject__title"):
        owners.setdefault(set_pk, set()).add(title)
    rows = Goal.objects.filter(kind__in=ALIGNABLE_KINDS).order_by("framework", "position", "pk")
    return [
        GoalSubjects(
            goal_id=str(goal_uuid),
            framework=framework,
            goal_set=str(set_uuid) if set_uuid else "",
            functional=set_kind == FUNCTIONAL_SETTYPE,
            sectors=tuple(s for s in sectors_key.split("|") if s),
            subjects=tuple(sorted(tags.get(goal_pk, set()) | owners.get(set_pk, set()))),
        )
        for goal_pk, goal_uuid, framework, set_pk, set_uuid, set_kind, sectors_key in rows.values_list(
            "pk", "uuid", "framework", "goal_set_id", "goal_set__uuid", "goal_set__settype", "sectors_key"
        )
    ]


# --- the choice support (W8) -----------------------------------------------------------------------------------------


def subject_by_id_or_name(value: str) -> tuple[str, str] | None:
    """(SLO uuid, title) of the subject with this SLO uuid, slug or title (case-insensitive); None when unknown."""
    found = query.subjects_matching(value.strip()[:200]).order_by("title", "pk").values_list("uuid", "title").first()
    return (str(found[0]), found[1]) if found else None


def goal_refs(
    *, framework: str, sector: str = "", subject_uuid: str = "", goal_ids: list[str] | None = None
) -> list[tuple[str, str, str]]:
    """(SLO uuid, code, short title) of the alignable goals of a framework, sector and subject in SLO order (one
    query); with `goal_ids`, only those goals of the framework (any sector or subject), unknown ids left out."""
    if goal_ids is None:
        qs = query.goals(framework=framework, sector=sector or None, subject=subject_uuid or None)
    else:
        wanted = []
        for raw in goal_ids:
            try:
                wanted.append(uuid.UUID(str(raw)))
            except ValueError:
                continue
        qs = query.goals(framework=framework).filter(uuid__in=wanted)
    return [(str(u), code, label or code) for u, code, label in qs.values_list("uuid", "code", "label")]
