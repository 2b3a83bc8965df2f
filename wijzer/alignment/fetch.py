"""Curriculum data → pure goal documents for the suggester (through `curriculum.service` only)."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from wijzer.curriculum import service as curriculum

from . import freshness
from .domain.coverage import area_of
from .domain.suggest import GoalDoc
from .domain.suggest.keywords import KeywordFileError, KeywordList, parse_keywords

logger = logging.getLogger(__name__)

_ELABORATION_LIMIT = 40  # uitwerkingen + illustraties per doelzin are at most a few dozen; guard anyway


# Curated keywords per goal: the 2006 kerndoelen and the new (FO) doelzinnen, one file each (TREFWOORDEN.md).
KEYWORD_FILES = ("kerndoelen-2006-trefwoorden.json", "kerndoelen-fo-trefwoorden.json")


def keywords_paths() -> tuple[Path, ...]:
    return tuple(Path(settings.DATA_DIR) / "alignment" / name for name in KEYWORD_FILES)


def goal_keywords(path: Path | None = None) -> KeywordList:
    """Curated keywords per goal uuid from `path`, or from every shipped file (none without a file).

    Entries left out are logged with the reason; a goal in two files keeps the list of the first.
    """
    targets = (path,) if path is not None else keywords_paths()
    known = {str(goal.uuid): goal.code for goal in curriculum.goals()}
    merged: dict[str, tuple[str, ...]] = {}
    problems: list[str] = []
    for target in targets:
        if not target.exists():
            continue
        try:
            data = json.loads(target.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise KeywordFileError(f"{target.name} is geen geldige JSON: {exc}") from exc
        result = parse_keywords(data, known)
        for problem in result.problems:
            logger.warning("%s: %s (overgeslagen)", target.name, problem)
        problems.extend(result.problems)
        for goal_id, words in result.keywords.items():
            merged.setdefault(goal_id, words)
    return KeywordList(merged, tuple(problems))


def goal_documents(keywords: dict[str, tuple[str, ...]] | None = None) -> list[GoalDoc]:
    """Every alignable goal (2006 kerndoel, FO doelzin) with its fields for the index."""
    curated = goal_keywords().keywords if keywords is None else keywords
    docs = []
    qs = curriculum.goals().prefetch_related("subjects", "elaborations")
    for goal in qs:
        subjects = tuple(value for s in goal.subjects.all() for value in (s.title, s.slug, str(s.uuid)))
        context = " ".join(
            part
            for part in (
                goal.goal_set.title if goal.goal_set else "",
                goal.domain.title if goal.domain else "",
                *(s.title for s in goal.subjects.all()),
            )
            if part
        )
        words = curated.get(str(goal.uuid), ())
        if goal.kind == "kerndoel":
            fields = {"label": goal.label, "text": goal.text, "context": context}
            if words:
                fields["keywords"] = ". ".join(words)
            subtexts: tuple[tuple[str, str], ...] = (("kerndoel", goal.text), *(("trefwoord", w) for w in words))
            embed = f"{goal.label}. {goal.text}"
            parts: tuple[str, ...] = ()
        else:
            name = goal.code.partition(" - ")[2].strip()
            elaborations = sorted(goal.elaborations.all(), key=lambda e: e.position)[:_ELABORATION_LIMIT]
            group = goal.parent.text if goal.parent else ""
            fields = {
                "label": name,
                "text": goal.text,
                "group": group,
                "detail": " ".join(e.text for e in elaborations),
                "context": context,
            }
            if words:
                fields["keywords"] = ". ".join(words)
            subtexts = (
                ("doelzin", goal.text),
                *((e.kind, e.text) for e in elaborations),
                ("kerndoel", group),
            )
            embed = f"{name}. {goal.text} {' '.join(e.text for e in elaborations[:6])}".strip()
            # the embedded parts are SLO texts only (their vectors are stored); keywords are a lexical field
            parts = tuple(text for _kind, text in subtexts if text) + ((goal.label,) if goal.label else ())
            subtexts = (*subtexts, *(("trefwoord", w) for w in words))
        docs.append(
            GoalDoc(
                goal_id=str(goal.uuid),
                code=goal.code,
                label=goal.label,
                framework=goal.framework,
                sectors=tuple(goal.sectors),
                subjects=subjects,
                fields=fields,
                subtexts=subtexts,
                embed_text=embed,
                embed_parts=parts,
                area=goal.goal_set.title if goal.goal_set else (subjects[0] if subjects else ""),
            )
        )
    return docs


@dataclass(frozen=True, slots=True)
class GoalInfo:
    goal_id: str
    code: str
    label: str
    text: str
    framework: str
    sectors: tuple[str, ...]
    goal_set: str
    position: int
    area: str = ""  # the subject a headline names (`coverage.area_of`)


def goal_catalogue() -> dict[str, GoalInfo]:
    """Every alignable goal by SLO uuid (cached per process, rebuilt after a curriculum load: `freshness`)."""
    freshness.ensure_fresh()
    return _goal_catalogue()


@lru_cache(maxsize=1)
def _goal_catalogue() -> dict[str, GoalInfo]:
    return {
        str(goal.uuid): GoalInfo(
            goal_id=str(goal.uuid),
            code=goal.code,
            label=goal.label or goal.text[:80],
            text=goal.text,
            framework=goal.framework,
            sectors=tuple(goal.sectors),
            goal_set=goal.goal_set.title if goal.goal_set else "",
            position=goal.position,
            area=area_of(goal.goal_set.title if goal.goal_set else "", (s.title for s in goal.subjects.all())),
        )
        for goal in curriculum.goals().prefetch_related("subjects")
    }


freshness.register(_goal_catalogue.cache_clear)
