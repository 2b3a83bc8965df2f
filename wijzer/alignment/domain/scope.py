"""The goal scope of a method: which goals its coverage is measured against (W5 §4). Pure.

Two sources, combined:

- *confirmed links*: every goal (in the sector) of the goal sets that the method's confirmed links touch. Only
  a reviewer's confirmation widens the scope: a suggestion (Wijzer's guess) or a declared link (the supplier's
  claim) is not checked yet and sits apart as "mogelijk ook" (`coverage.maybe_also`); a rejected link says the goal
  is *not* taught. So adding or removing a suggestion never changes a percentage or a gap list;
- *declared*: the subjects the method's products declare in the catalogue (SLO titles or OBK labels). A name is
  folded, widened with `ALSO` (the supplier's name for an SLO subject, and the learning area of the new kerndoelen
  a school subject belongs to), and matched with the subjects of each goal (its own and its goal set's). Every
  goal (in the sector) of a goal set with a matching goal is in scope. Functional kerndoelensets (so/vso) are an
  alternative to the regular sets, so only a link brings them in. Without a sector the declared subjects give
  no scope: all sectors together would not be a method's scope.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from wijzer.core import text

_MN, _MM, _ART = "mens en natuur", "mens en maatschappij", "kunst en cultuur"
_ORIENTATION = "orientatie op jezelf en de wereld"
_MATHS, _DUTCH, _MOVE = "rekenen en wiskunde", "nederlands", "bewegen en sport"

ALSO: dict[str, tuple[str, ...]] = {
    # supplier (OBK) names of an SLO subject with kerndoelen
    "rekenen wiskunde": (_MATHS,),
    "rekenen": (_MATHS,),
    "wiskunde": (_MATHS,),
    "getallen": (_MATHS,),
    "verhoudingen": (_MATHS,),
    "meten en meetkunde": (_MATHS,),
    "verbanden": (_MATHS,),
    "nederlandse taal": (_DUTCH,),
    "taal": (_DUTCH,),
    "lezen": (_DUTCH,),
    "leesvaardigheid": (_DUTCH,),
    "schrijfvaardigheid": (_DUTCH,),
    "mondelinge taalvaardigheid": (_DUTCH,),
    "spelling": (_DUTCH,),
    "nederlands als tweede taal": (_DUTCH,),
    # school subjects and 2006 learning areas → learning areas of the new kerndoelen (and 2006 where tagged so)
    "wereldorientatie": (_ORIENTATION, _MN, _MM),
    _ORIENTATION: (_MN, _MM),
    "natuur en techniek": ("biologie", _MN),  # PO Kerndoel 40-46 are in the 2006 goal set "Biologie"
    "natuur": ("biologie", _MN),
    "biologie": (_MN,),
    "natuurkunde": (_MN,),
    "scheikunde": (_MN,),
    "techniek": (_MN,),
    "algemene natuurwetenschappen": (_MN,),
    "aardrijkskunde": (_MM, _MN),  # geografische verschijnselen (M&M) and systeem aarde (M&N)
    "geschiedenis": (_MM,),
    "economie": (_MM,),
    "maatschappijleer": (_MM,),
    "maatschappijkunde": (_MM,),
    "maatschappijwetenschappen": (_MM,),
    "kunstzinnige orientatie": (_ART,),
    "muziek": ("kunstzinnige orientatie", _ART),
    "tekenen": ("kunstzinnige orientatie", _ART),
    "handvaardigheid": ("kunstzinnige orientatie", _ART),
    "drama": ("kunstzinnige orientatie", _ART),
    "dans": ("kunstzinnige orientatie", _ART),
    "beeldende vorming": ("kunstzinnige orientatie", _ART),
    "beeldende vormgeving": ("kunstzinnige orientatie", _ART),
    "culturele en kunstzinnige vorming": (_ART,),
    "bewegingsonderwijs": (_MOVE,),
    "lichamelijke opvoeding": ("bewegingsonderwijs", _MOVE),
    "burgerschapsvorming": ("burgerschap",),
    "sociaal maatschappelijk burgerschap": ("burgerschap",),
    "politiek juridisch burgerschap": ("burgerschap",),
    "economisch burgerschap": ("burgerschap",),
    "computervaardigheden ict": ("digitale geletterdheid",),
    "ict route": ("digitale geletterdheid",),
    **dict.fromkeys(
        ("frans", "duits", "spaans", "italiaans", "russisch", "turks", "arabisch", "chinees"),
        ("moderne vreemde talen",),
    ),
}


def fold(name: str) -> str:
    """Lower case, no accents, words only: "Rekenen/wiskunde" → "rekenen wiskunde"."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", text.fold(name.casefold())).split())


def subject_names(name: str) -> frozenset[str]:
    """The folded subject names a declared subject stands for (itself and its `ALSO` entries)."""
    key = fold(name)
    return frozenset((key, *ALSO.get(key, ()))) if key else frozenset()


@dataclass(frozen=True, slots=True)
class ScopeGoal:
    goal_id: str
    framework: str
    goal_set: str  # any stable key of the goal set ("" without one)
    sectors: tuple[str, ...]
    subjects: frozenset[str] = frozenset()  # folded titles: the goal's own subjects and its goal set's
    functional: bool = False  # in a functional kerndoelenset (so/vso): in scope only through a link


@dataclass(frozen=True, slots=True)
class Scope:
    goal_ids: frozenset[str]
    linked: bool = False  # goal sets come from the method's confirmed links
    subjects: tuple[str, ...] = ()  # declared subject names that gave goals (as declared)
    unmatched: tuple[str, ...] = ()  # declared subject names without goals in the sector
    needs_sector: bool = False  # subjects are declared, but no sector is known

    @property
    def empty(self) -> bool:
        return not self.goal_ids


SCOPING = "confirmed"  # the only provenance whose goal sets join the scope


def scoping_goal_ids(links: Iterable[tuple[str, str]]) -> list[str]:
    """The goal ids of (goal id, provenance) links that shape the scope: confirmed links only."""
    return [goal_id for goal_id, provenance in links if provenance == SCOPING]


def _in_sector(goal: ScopeGoal, sector: str) -> bool:
    return not sector or sector in goal.sectors


def linked_goals(goals: Iterable[ScopeGoal], linked: Iterable[str], sector: str) -> frozenset[str]:
    """Every goal (in the sector, if one is given) of the goal sets that the linked goals belong to."""
    goals = list(goals)
    wanted = set(linked)
    sets = {(g.framework, g.goal_set) for g in goals if g.goal_id in wanted and g.goal_set}
    return frozenset(
        g.goal_id for g in goals if _in_sector(g, sector) and (g.goal_id in wanted or (g.framework, g.goal_set) in sets)
    )


def declared_goals(goals: Iterable[ScopeGoal], subject: str, sector: str) -> frozenset[str]:
    """Every goal in the sector of the (regular) goal sets that have a goal of this declared subject."""
    names = subject_names(subject)
    if not names or not sector:
        return frozenset()
    pool = [g for g in goals if not g.functional and sector in g.sectors]
    sets = {(g.framework, g.goal_set) for g in pool if g.subjects & names}
    return frozenset(g.goal_id for g in pool if (g.framework, g.goal_set) in sets)


def derive(
    goals: Sequence[ScopeGoal], *, sector: str, linked: Iterable[str] = (), subjects: Iterable[str] = ()
) -> Scope:
    """The scope from the (confirmed) linked goals and the declared subjects; the declared part needs a sector.

    Pass only confirmed links as `linked` (`scoping_goal_ids`)."""
    from_links = linked_goals(goals, linked, sector)
    declared = list(dict.fromkeys(s for s in subjects if fold(s)))
    found: set[str] = set()
    matched: list[str] = []
    unmatched: list[str] = []
    for subject in declared if sector else []:
        ids = declared_goals(goals, subject, sector)
        (matched if ids else unmatched).append(subject)
        found |= ids
    return Scope(
        goal_ids=from_links | found,
        linked=bool(from_links),
        subjects=tuple(matched),
        unmatched=tuple(unmatched),
        needs_sector=bool(declared) and not sector,
    )
