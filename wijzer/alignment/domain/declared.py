"""The goals a supplier declares for one part of a table of contents → the current goals to link. Pure: no Django.

A declared goal is an SLO id (maybe stale: it goes through the stale-id resolver the caller passes in) or a code
("PO Kerndoel 26", "Doelzin 10B"), looked up among the alignable goals of the part's sector. What cannot be linked
gets a `GoalNote` with the Dutch reason, for the row report.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

_LEADING_ZEROS = re.compile(r"(?<!\d)0+(?=\d)")


class Resolved(Protocol):
    """What the stale-id resolver answers (`curriculum.service.resolve`)."""

    @property
    def current(self) -> tuple[str, ...]: ...  # current goal ids, empty when the chain ends nowhere

    @property
    def path(self) -> tuple[str, ...]: ...  # the stale ids passed on the way


class AlignableGoal(Protocol):
    """A goal a part may be linked to (2006 kerndoel or doelzin), as `alignment.fetch.GoalInfo` holds it."""

    @property
    def goal_id(self) -> str: ...

    @property
    def code(self) -> str: ...

    @property
    def sectors(self) -> tuple[str, ...]: ...

    @property
    def goal_set(self) -> str: ...


Resolver = Callable[[uuid.UUID], Resolved]
CodeIndex = Mapping[tuple[str, str], list[str]]  # (sector or "", normalised code) → goal ids


@dataclass(frozen=True)
class GoalNote:
    """A declared goal that could not be linked, with the Dutch reason."""

    row: int
    key: str
    goal: str
    reason: str

    def describe(self, unit: str) -> str:
        return f"{unit.capitalize()} {self.row} ({self.key[:40]}): doel '{self.goal}' niet gekoppeld: {self.reason}"


@dataclass
class DeclaredGoals:
    """The declarations of one part, ready for `actions.links.do_declare_alignments`."""

    ids: list[str] = field(default_factory=list)  # SLO ids as delivered, or the id a code stands for
    delivered_as: dict[str, str] = field(default_factory=dict)  # id → the code as written
    goals: set[str] = field(default_factory=set)  # the current goal ids these declarations link
    notes: list[GoalNote] = field(default_factory=list)


def normalise_code(code: str) -> str:
    """Case, spaces and leading zeros do not count: "po kerndoel 1" is "PO Kerndoel 01"."""
    return _LEADING_ZEROS.sub("", " ".join(code.casefold().split()))


def code_index(catalogue: Mapping[str, AlignableGoal]) -> dict[tuple[str, str], list[str]]:
    """(sector or "", normalised code) → goal ids; a code with a name ("Doelzin 1A - …") also by its short code."""
    index: dict[tuple[str, str], list[str]] = {}
    for goal in catalogue.values():
        names = {normalise_code(goal.code), normalise_code(goal.code.partition(" - ")[0])}
        for sector in ("", *goal.sectors):
            for name in names:
                index.setdefault((sector, name), []).append(goal.goal_id)
    return index


def declared_goals(
    row: int, key: str, goals: Sequence[str], sector: str, *, catalogue: Mapping[str, AlignableGoal],
    codes: CodeIndex, resolve: Resolver,
) -> DeclaredGoals:  # fmt: skip
    """Resolve the goals declared for the part `key` (row `row`, in `sector`) against the alignable `catalogue`."""
    found = DeclaredGoals()
    for goal in goals:
        try:
            goal_uuid = uuid.UUID(goal)
        except ValueError:
            _by_code(found, row, key, goal, sector, catalogue, codes)
            continue
        resolution = resolve(goal_uuid)
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


def _by_code(
    found: DeclaredGoals, row: int, key: str, goal: str, sector: str, catalogue: Mapping[str, AlignableGoal],
    codes: CodeIndex,
) -> None:  # fmt: skip
    matches = codes.get((sector, normalise_code(goal)), [])
    if len(matches) == 1:
        found.ids.append(matches[0])
        found.delivered_as[matches[0]] = goal
        found.goals.add(matches[0])
    else:
        found.notes.append(GoalNote(row, key, goal, _code_problem(goal, sector, matches, catalogue, codes)))


def _code_problem(
    goal: str, sector: str, matches: Sequence[str], catalogue: Mapping[str, AlignableGoal], codes: CodeIndex
) -> str:
    where = f" in het {sector}" if sector else ""
    if matches:
        sets = sorted({catalogue[m].goal_set for m in matches if catalogue[m].goal_set})
        return f"de code is niet eenduidig{where} ({len(matches)} doelen: {', '.join(sets[:4])}); geef het SLO-id op."
    elsewhere = codes.get(("", normalise_code(goal)), [])
    if sector and elsewhere:
        sectors = sorted({s for m in elsewhere for s in catalogue[m].sectors})
        return f"deze code hoort bij {', '.join(sectors)}, niet bij {sector}."
    return f"onbekende code{where}; gebruik een code als 'PO Kerndoel 26' of het SLO-id."
