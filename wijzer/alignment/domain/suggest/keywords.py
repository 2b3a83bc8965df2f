"""Curated keywords per goal (``data/alignment/kerndoelen-2006-trefwoorden.json``): read and check. Pure.

The 2006 kerndoelen are short statutory sentences without uitwerkingen, so the everyday words of a chapter
("staartdeling", "moskee", "skelet") rarely occur in them. A reviewed list of typical topics per goal is added
to the goal's document as a low-weight field; it is evidence like any other field (shown as "trefwoord").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

MAX_KEYWORDS = 80
MAX_KEYWORD_LENGTH = 60


class KeywordFileError(ValueError):
    """The keyword file (or one entry) is malformed; the message says what to fix (Dutch)."""


@dataclass(frozen=True, slots=True)
class KeywordList:
    keywords: dict[str, tuple[str, ...]]  # goal uuid → keywords
    problems: tuple[str, ...] = ()  # one Dutch sentence per goal entry that was left out, saying why


def parse_keywords(data: object, known_goals: Mapping[str, str] | None = None) -> KeywordList:
    """``{"goals": {uuid: {"code", "trefwoorden": [...]}}}`` → keywords per uuid, and what was left out.

    With ``known_goals`` (uuid → code) every uuid must exist and carry the same code, so a list never lands on
    the wrong goal after a curriculum update. A bad entry is left out (the suggester still works for every other
    goal) and named in ``problems``; a file without ``goals`` raises `KeywordFileError`. Duplicates within a goal
    are dropped (first wins).
    """
    goals = data.get("goals") if isinstance(data, dict) else None
    if not isinstance(goals, dict):
        raise KeywordFileError("Het trefwoordenbestand mist het onderdeel 'goals' (een object per doel-uuid).")
    result: dict[str, tuple[str, ...]] = {}
    problems: list[str] = []
    for goal_id, entry in sorted(goals.items()):
        try:
            result[goal_id] = _goal_keywords(goal_id, entry, known_goals)
        except KeywordFileError as exc:
            problems.append(str(exc))
    return KeywordList(result, tuple(problems))


def _goal_keywords(goal_id: str, entry: object, known_goals: Mapping[str, str] | None) -> tuple[str, ...]:
    where = f"doel {goal_id}"
    if not isinstance(entry, dict) or not isinstance(entry.get("trefwoorden"), list):
        raise KeywordFileError(f"{where}: 'trefwoorden' moet een lijst van woorden zijn.")
    code = entry.get("code")
    if known_goals is not None:
        if goal_id not in known_goals:
            raise KeywordFileError(f"{where} ({code}): onbekend doel in het curriculum.")
        if code is not None and _squash(known_goals[goal_id]) != _squash(str(code)):
            raise KeywordFileError(f"{where}: code {code!r} hoort niet bij dit doel ({known_goals[goal_id]!r}).")
    words: list[str] = []
    seen: set[str] = set()
    for raw in entry["trefwoorden"]:
        if not isinstance(raw, str) or not raw.strip() or len(raw) > MAX_KEYWORD_LENGTH:
            raise KeywordFileError(f"{where} ({code}): ongeldig trefwoord {raw!r} (tekst, 1-60 tekens).")
        word = " ".join(raw.split())
        if word.lower() not in seen:
            seen.add(word.lower())
            words.append(word)
    if len(words) > MAX_KEYWORDS:
        raise KeywordFileError(f"{where} ({code}): meer dan {MAX_KEYWORDS} trefwoorden.")
    return tuple(words)


def _squash(code: str) -> str:
    """Codes compared without surrounding or doubled spaces (SLO spells one code with a trailing space)."""
    return " ".join(code.split())
