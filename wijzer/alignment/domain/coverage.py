"""Coverage of goals by the parts of a method (W5 §4). Pure: plain rows in, figures out.

Only confirmed links count as coverage. Declared (supplier) and suggested (Wijzer) links are reported in their
own columns and never raise the percentages; nor do they widen the scope (`measure`): a goal outside the scope
that only unconfirmed links name is listed apart as "mogelijk ook" (`maybe_also`). A goal is *covered* when at
least one part covers it at core strength, *partial* when only partial links exist, else *not covered* (a gap).
Overload: parts linked to no goal (content that serves no kerndoel) and goals covered by `many` or more parts.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from . import scope as sc

COVERED, PARTIAL, NOT_COVERED = "covered", "partial", "not"
COUNTED = "confirmed"
PENDING = frozenset({"declared", "suggested"})
MANY = 3


@dataclass(frozen=True, slots=True)
class PartRow:
    part_id: str
    title: str
    level: str
    path: str  # "Deel 1 > Hoofdstuk 2"
    leaf: bool  # chapters/sections without children are what content is measured on


@dataclass(frozen=True, slots=True)
class GoalRow:
    goal_id: str
    code: str
    label: str
    framework: str
    goal_set: str = ""  # subject for headlines (`area_of`): "Rekenen en wiskunde", "Kerndoelen Nederlands"


@dataclass(frozen=True, slots=True)
class LinkRow:
    part_id: str
    goal_id: str
    strength: str  # core | partial
    provenance: str  # declared | suggested | confirmed | rejected


@dataclass(frozen=True, slots=True)
class GoalCoverage:
    goal: GoalRow
    status: str
    cells: tuple[str, ...]  # per part: covered | partial | "" (confirmed only)
    pending: tuple[str, ...]  # per part: declared | suggested | "" (not counted)
    confirmed_parts: int


@dataclass(frozen=True, slots=True)
class FrameworkCoverage:
    framework: str
    goals: tuple[GoalCoverage, ...]
    total: int
    covered: int
    partial: int
    gaps: tuple[GoalRow, ...]
    crowded: tuple[tuple[GoalRow, int], ...]  # goals covered by MANY or more parts
    pending_goals: int  # goals with only declared/suggested links

    @property
    def percent(self) -> float:
        """Share of goals with a confirmed link (core or partial), 0-100."""
        return round(100 * (self.covered + self.partial) / self.total, 1) if self.total else 0.0

    @property
    def percent_core(self) -> float:
        return round(100 * self.covered / self.total, 1) if self.total else 0.0

    @property
    def counted(self) -> int:
        """Goals with a confirmed link (core or partial): the x of "x van y"."""
        return self.covered + self.partial

    @property
    def subjects(self) -> tuple[str, ...]:
        """The subjects (goal sets) this framework's goals come from, in order of appearance."""
        return tuple(dict.fromkeys(subject_of_set(g.goal.goal_set) for g in self.goals if g.goal.goal_set))

    @property
    def headline(self) -> str:
        """ "3 van 11 kerndoelen voor rekenen en wiskunde (27,3 %)": the number a school reads first."""
        noun = NOUNS.get(self.framework, "doelen")
        names = list(self.subjects)
        joined = f"{', '.join(names[:-1])} en {names[-1]}" if len(names) > 1 else "".join(names)
        which = f" voor {joined}" if joined else ""
        return f"{self.counted} van {self.total} {noun}{which} ({dutch_number(self.percent)} %)"


@dataclass(frozen=True, slots=True)
class Coverage:
    parts: tuple[PartRow, ...]
    frameworks: tuple[FrameworkCoverage, ...]
    unlinked_parts: tuple[PartRow, ...] = field(default=())  # leaf parts with no confirmed link at all


NOUNS = {"kerndoelen-2006": "kerndoelen", "kerndoelen-fo": "doelzinnen"}
_PROPER = ("Nederlands", "Engels", "Fries", "Duits", "Frans")  # subject names that keep their capital


LEARNING_AREAS = ("Mens en natuur", "Mens en maatschappij", "Kunst en cultuur", "Oriëntatie op jezelf en de wereld")


def area_of(set_title: str, subjects: Iterable[str]) -> str:
    """What a goal's subject is called in a headline: its learning area when SLO tags one (the 2006 VO goals of
    mens en natuur sit in a goal set called "Biologie"), else the goal set's title."""
    tagged = set(subjects)
    return next((area for area in LEARNING_AREAS if area in tagged), set_title)


def subject_of_set(title: str) -> str:
    """A goal set's title as a subject in a sentence: "Kerndoelen rekenen en wiskunde" → "rekenen en wiskunde"."""
    name = title.strip()
    for prefix in ("Functionele kerndoelen ", "Kerndoelen "):
        if name.startswith(prefix):
            name = name[len(prefix) :]
            break
    return name if not name or name.startswith(_PROPER) else name[0].lower() + name[1:]


def dutch_number(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def _cell(links: Sequence[LinkRow]) -> str:
    counted = [link for link in links if link.provenance == COUNTED]
    if any(link.strength == "core" for link in counted):
        return COVERED
    return PARTIAL if counted else ""


def _pending(links: Sequence[LinkRow]) -> str:
    kinds = {link.provenance for link in links} & PENDING
    return "declared" if "declared" in kinds else ("suggested" if kinds else "")


def compute(
    parts: Sequence[PartRow], goals: Iterable[GoalRow], links: Iterable[LinkRow], *, many: int = MANY
) -> Coverage:
    """The goals x parts matrix per framework, gaps, overload and percentages."""
    by_pair: dict[tuple[str, str], list[LinkRow]] = {}
    for link in links:
        by_pair.setdefault((link.goal_id, link.part_id), []).append(link)
    frameworks: dict[str, list[GoalCoverage]] = {}
    linked_parts: set[str] = set()
    for goal in goals:
        cells = tuple(_cell(by_pair.get((goal.goal_id, p.part_id), [])) for p in parts)
        pending = tuple(_pending(by_pair.get((goal.goal_id, p.part_id), [])) for p in parts)
        linked_parts.update(p.part_id for p, c in zip(parts, cells, strict=True) if c)
        status = COVERED if COVERED in cells else (PARTIAL if PARTIAL in cells else NOT_COVERED)
        count = sum(1 for c in cells if c)
        frameworks.setdefault(goal.framework, []).append(GoalCoverage(goal, status, cells, pending, count))
    result = []
    for framework in sorted(frameworks):
        rows = frameworks[framework]
        result.append(
            FrameworkCoverage(
                framework=framework,
                goals=tuple(rows),
                total=len(rows),
                covered=sum(1 for r in rows if r.status == COVERED),
                partial=sum(1 for r in rows if r.status == PARTIAL),
                gaps=tuple(r.goal for r in rows if r.status == NOT_COVERED),
                crowded=tuple((r.goal, r.confirmed_parts) for r in rows if r.confirmed_parts >= many),
                pending_goals=sum(1 for r in rows if r.status == NOT_COVERED and any(r.pending)),
            )
        )
    unlinked = tuple(p for p in parts if p.leaf and p.part_id not in linked_parts)
    return Coverage(tuple(parts), tuple(result), unlinked)


@dataclass(frozen=True, slots=True)
class MaybeAlso:
    """A goal outside the scope that only unconfirmed links name: "mogelijk ook", never counted."""

    goal: GoalRow
    provenance: str  # declared (the supplier says so) wins over suggested (Wijzer guesses)
    part_ids: tuple[str, ...]


def maybe_also(
    links: Iterable[LinkRow], in_scope: Collection[str], goals: Mapping[str, GoalRow]
) -> tuple[MaybeAlso, ...]:
    """Goals outside the scope with a declared or suggested link, in the order of `goals`."""
    found: dict[str, tuple[set[str], dict[str, None]]] = {}
    for link in links:
        if link.provenance in PENDING and link.goal_id not in in_scope and link.goal_id in goals:
            kinds, parts = found.setdefault(link.goal_id, (set(), {}))
            kinds.add(link.provenance)
            parts[link.part_id] = None
    return tuple(
        MaybeAlso(goal, "declared" if "declared" in found[goal_id][0] else "suggested", tuple(found[goal_id][1]))
        for goal_id, goal in goals.items()
        if goal_id in found
    )


@dataclass(frozen=True, slots=True)
class Measured:
    scope: sc.Scope
    coverage: Coverage
    maybe: tuple[MaybeAlso, ...]


def measure(
    candidates: Sequence[sc.ScopeGoal],
    goals: Sequence[GoalRow],
    parts: Sequence[PartRow],
    links: Sequence[LinkRow],
    *,
    sector: str,
    subjects: Sequence[str] = (),
    many: int = MANY,
) -> Measured:
    """A method's coverage: the scope (declared subjects in the sector, and goal sets of *confirmed* links), the
    matrix over the goals in scope (`goals` gives their order) and the unconfirmed goals outside it.

    Without parts there is nothing to measure: no scope, rather than every goal shown as a gap."""
    scoping = sc.scoping_goal_ids((link.goal_id, link.provenance) for link in links)
    scope = sc.derive(candidates, sector=sector, linked=scoping, subjects=subjects) if parts else sc.Scope(frozenset())
    in_scope = [g for g in goals if g.goal_id in scope.goal_ids]
    by_id = {g.goal_id: g for g in goals}
    return Measured(scope, compute(parts, in_scope, links, many=many), maybe_also(links, scope.goal_ids, by_id))


@dataclass(frozen=True, slots=True)
class Comparison:
    framework: str
    only_a: tuple[GoalRow, ...]
    only_b: tuple[GoalRow, ...]
    both: tuple[GoalRow, ...]
    neither: tuple[GoalRow, ...]


def compare(a: Coverage, b: Coverage) -> list[Comparison]:
    """Per framework: which goals only method A covers, only B, both or neither (confirmed links only)."""
    result = []
    b_by_framework = {f.framework: f for f in b.frameworks}
    for fa in a.frameworks:
        fb = b_by_framework.get(fa.framework)
        covered_b = {g.goal.goal_id for g in fb.goals if g.status != NOT_COVERED} if fb else set()
        goals = {g.goal.goal_id: g.goal for g in fa.goals}
        if fb:
            goals.update({g.goal.goal_id: g.goal for g in fb.goals})
        covered_a = {g.goal.goal_id for g in fa.goals if g.status != NOT_COVERED}
        ordered = sorted(goals.values(), key=lambda g: g.code)
        result.append(
            Comparison(
                framework=fa.framework,
                only_a=tuple(g for g in ordered if g.goal_id in covered_a - covered_b),
                only_b=tuple(g for g in ordered if g.goal_id in covered_b - covered_a),
                both=tuple(g for g in ordered if g.goal_id in covered_a & covered_b),
                neither=tuple(g for g in ordered if g.goal_id not in covered_a | covered_b),
            )
        )
    return result


STATUS_LABELS = {COVERED: "gedekt", PARTIAL: "gedeeltelijk", NOT_COVERED: "niet gedekt", "": ""}


def csv_rows(coverage: Coverage) -> list[list[str]]:
    """The matrix as CSV rows: framework, code, goal, status, then one column per part (confirmed links only)."""
    header = ["kader", "code", "doel", "status", *(p.path for p in coverage.parts)]
    rows = [header]
    for framework in coverage.frameworks:
        for goal in framework.goals:
            cells = [STATUS_LABELS[c] for c in goal.cells]
            rows.append([framework.framework, goal.goal.code, goal.goal.label, STATUS_LABELS[goal.status], *cells])
    return rows
