"""The goals x parts matrix as an accessible SVG heat map (W5 §4). Pure; colours as SVG attributes (CSP-safe).

Each cell has a ``<title>`` (tooltip and screen-reader text); the same data is always shown as a table beside
the picture, so nothing depends on colour alone (WCAG 1.4.1). Pending (declared/suggested) links are outlined,
not filled: they do not count as coverage.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from .coverage import COVERED, PARTIAL, Coverage

CELL, GAP, LABEL_W, HEAD_H = 18, 2, 260, 24
LABEL_CHARS = 40  # "Doelzin 12A · Wiskundige concepten" fits in LABEL_W at font size 11
FILL = {COVERED: "#1b5e20", PARTIAL: "#81c784", "": "#f1f3f4"}
PENDING_STROKE = "#8a4b00"
TEXT = {COVERED: "gedekt", PARTIAL: "gedeeltelijk", "": "niet gedekt"}


def row_label(code: str, label: str) -> str:
    """A readable row label: the code with the goal's short label, cut with an ellipsis to fit."""
    text = f"{code} · {label}" if label and label != code else code
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


def svg(coverage: Coverage, framework: str, title: str) -> str:
    """Rows: goals with code and label, under a heading per goal set when there is more than one (W5.3)."""
    chosen = next((f for f in coverage.frameworks if f.framework == framework), None)
    goals = chosen.goals if chosen else ()
    parts = coverage.parts
    grouped = len({g.goal.goal_set for g in goals}) > 1
    lines: list[tuple[str, int]] = []  # ("set", -1) headings and ("", goal index) rows, top to bottom
    for index, goal in enumerate(goals):
        if grouped and (index == 0 or goal.goal.goal_set != goals[index - 1].goal.goal_set):
            lines.append((goal.goal.goal_set or "Overige doelen", -1))
        lines.append(("", index))
    width = LABEL_W + len(parts) * (CELL + GAP) + 10
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
        if index < 0:
            out.append(f'<text x="0" y="{y + 13}" font-size="11" font-weight="bold">{escape(heading[:60])}</text>')
            continue
        goal = goals[index]
        label = escape(row_label(goal.goal.code, goal.goal.label))
        out.append(f'<text x="0" y="{y + 13}" font-size="11">{label}</text>')
        for column, (cell, pending) in enumerate(zip(goal.cells, goal.pending, strict=True)):
            x = LABEL_W + column * (CELL + GAP)
            stroke = f' stroke="{PENDING_STROKE}" stroke-width="2"' if pending and not cell else ""
            note = f"; {pending} (nog niet bevestigd)" if pending and not cell else ""
            tip = escape(f"{goal.goal.code} × {column + 1}. {parts[column].path}: {TEXT[cell]}{note}")
            out.append(
                f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" fill="{FILL[cell]}"{stroke}>'
                f"<title>{tip}</title></rect>"
            )
    out.append("</svg>")
    return "".join(out)
