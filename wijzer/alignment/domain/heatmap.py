"""The goals x parts matrix as an accessible SVG heat map (W5 §4). Pure; colours as SVG attributes (CSP-safe).

Each cell has a ``<title>`` (tooltip and screen-reader text); the same data is always shown as a table beside
the picture, so nothing depends on colour alone (WCAG 1.4.1). Pending (declared/suggested) links are outlined,
not filled: they do not count as coverage. Picture and table show the same groups (`groups`, W5.3): the new
kerndoelen by the exact goal set SLO publishes them in, each under its name and its count.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from .coverage import COVERED, NOT_COVERED, NOUNS, PARTIAL, Coverage, FrameworkCoverage, GoalCoverage

CELL, GAP, LABEL_W, HEAD_H = 18, 2, 260, 24
LABEL_CHARS = 40  # "Doelzin 12A · Wiskundige concepten" fits in LABEL_W at font size 11
HEADING_CHAR_W = 7  # a bold character at font size 11, in pixels (a little more than a regular one)
HEADING_CHARS = 64  # the picture widens for a heading up to this length; a longer one has its title cut
FILL = {COVERED: "#1b5e20", PARTIAL: "#81c784", "": "#f1f3f4"}
PENDING_STROKE = "#8a4b00"
TEXT = {COVERED: "gedekt", PARTIAL: "gedeeltelijk", "": "niet gedekt"}
PENDING_TEXT = {"declared": "opgegeven", "suggested": "voorgesteld"}
EXACT_SET_FRAMEWORKS = frozenset({"kerndoelen-fo"})  # grouped by their own goal set (fo_set), not by area
WITHOUT_SET = "Overige doelen"


@dataclass(frozen=True, slots=True)
class GoalGroup:
    """One group of rows: a goal set's readable name and its goals, in the curriculum's order."""

    title: str  # "Kerndoelen rekenen en wiskunde", "Functionele kerndoelen rekenen en wiskunde"
    goals: tuple[GoalCoverage, ...]
    noun: str  # "doelzinnen" or "kerndoelen"

    @property
    def total(self) -> int:
        return len(self.goals)

    @property
    def counted(self) -> int:
        """Goals with a confirmed link (core or partial), as the framework's headline counts them."""
        return sum(1 for g in self.goals if g.status != NOT_COVERED)

    @property
    def heading(self) -> str:
        """ "Kerndoelen rekenen en wiskunde: 3 van 15 doelzinnen", the same words in the picture and the table."""
        return self.title + self._count()

    def heading_within(self, chars: int) -> str:
        """The heading in at most `chars` characters where that is possible: the title is cut, never the count."""
        count = self._count()
        return cut(self.title, max(chars - len(count), 12)) + count

    def _count(self) -> str:
        return f": {self.counted} van {self.total} {self.noun}"


def groups(framework: FrameworkCoverage, set_titles: Mapping[str, str] | None = None) -> tuple[GoalGroup, ...]:
    """A framework's goals in groups, each group once, in the order of its first goal (the coverage lists goals in
    the curriculum's order), goals within a group in their own order.

    New kerndoelen (`EXACT_SET_FRAMEWORKS`): by the exact goal set, named by `set_titles` (goal id -> the title of
    its set as SLO publishes it), so "Kerndoelen rekenen en wiskunde" and "Functionele kerndoelen rekenen en
    wiskunde" stay apart and "Kerndoelen mens en natuur" is not renamed to its learning area (a goal without a
    title there falls back to the next rule). 2006 kerndoelen: by the subject their headline names
    (`GoalRow.goal_set`), because SLO's 2006 sets carry names such as "Biologie" for all VO goals of mens en natuur.
    A goal with neither is under `WITHOUT_SET`."""
    exact = framework.framework in EXACT_SET_FRAMEWORKS
    titles = set_titles or {}
    by_title: dict[str, list[GoalCoverage]] = {}
    for goal in framework.goals:
        title = (titles.get(goal.goal.goal_id) if exact else "") or goal.goal.goal_set
        by_title.setdefault(title or WITHOUT_SET, []).append(goal)
    noun = NOUNS.get(framework.framework, "doelen")
    return tuple(GoalGroup(title, tuple(goals), noun) for title, goals in by_title.items())


def row_label(code: str, label: str) -> str:
    """A readable row label: the code with the goal's short label, cut with an ellipsis to fit."""
    text = f"{code} · {label}" if label and label != code else code
    return cut(text, LABEL_CHARS)


def cut(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


def svg(coverage: Coverage, framework: str, title: str, grouped: Sequence[GoalGroup] | None = None) -> str:
    """Rows: goals with code and label, under a heading per group (`groups`; pass the table's groups so both show
    the same): the group's name and count in bold, in a row without cells. The picture is wide enough for a
    heading of `HEADING_CHARS`; a longer heading keeps its count and loses the end of its title."""
    chosen = next((f for f in coverage.frameworks if f.framework == framework), None)
    parts = coverage.parts
    if grouped is None:
        grouped = groups(chosen) if chosen else ()
    goals: list[GoalCoverage] = []
    lines: list[tuple[GoalGroup | None, int]] = []  # (group, -1) headings and (None, goal index) rows, top to bottom
    for group in grouped:
        lines.append((group, -1))
        for goal in group.goals:
            lines.append((None, len(goals)))
            goals.append(goal)
    longest = min(max((len(g.heading) for g in grouped), default=0), HEADING_CHARS)
    width = max(LABEL_W + len(parts) * (CELL + GAP) + 10, longest * HEADING_CHAR_W + 10)
    heading_chars = (width - 10) // HEADING_CHAR_W
    height = HEAD_H + len(lines) * (CELL + GAP) + 10
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="heatmap" role="img" aria-labelledby="hm-{framework}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
        f'<title id="hm-{framework}">{escape(title)}</title>',
    ]
    for column in range(len(parts)):
        x = LABEL_W + column * (CELL + GAP) + CELL // 2
        out.append(f'<text x="{x}" y="16" font-size="10" text-anchor="middle">{column + 1}</text>')
    for row, (heading, index) in enumerate(lines):
        y = HEAD_H + row * (CELL + GAP)
        if heading is not None:
            text = escape(heading.heading_within(heading_chars))
            out.append(f'<text x="0" y="{y + 13}" font-size="11" font-weight="bold">{text}</text>')
            continue
        goal = goals[index]
        label = escape(row_label(goal.goal.code, goal.goal.label))
        out.append(f'<text x="0" y="{y + 13}" font-size="11">{label}</text>')
        for column, (cell, pending) in enumerate(zip(goal.cells, goal.pending, strict=True)):
            x = LABEL_W + column * (CELL + GAP)
            stroke = f' stroke="{PENDING_STROKE}" stroke-width="2"' if pending and not cell else ""
            note = f"; {PENDING_TEXT.get(pending, pending)} (nog niet bevestigd)" if pending and not cell else ""
            tip = escape(f"{goal.goal.code} × {column + 1}. {parts[column].path}: {TEXT[cell]}{note}")
            out.append(
                f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" fill="{FILL[cell]}"{stroke}>'
                f"<title>{tip}</title></rect>"
            )
    out.append("</svg>")
    return "".join(out)
