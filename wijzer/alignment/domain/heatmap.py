"""The goals x parts matrix as an accessible SVG heat map (W5 §4). Pure; colours as SVG attributes (CSP-safe).

Each cell has a ``<title>`` (tooltip and screen-reader text); the same data is always shown as a table beside
the picture, so nothing depends on colour alone (WCAG 1.4.1). Pending (declared/suggested) links are outlined,
not filled: they do not count as coverage.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from .coverage import COVERED, PARTIAL, Coverage

CELL, GAP, LABEL_W, HEAD_H = 18, 2, 150, 24
FILL = {COVERED: "#1b5e20", PARTIAL: "#81c784", "": "#f1f3f4"}
PENDING_STROKE = "#8a4b00"
TEXT = {COVERED: "gedekt", PARTIAL: "gedeeltelijk", "": "niet gedekt"}


def svg(coverage: Coverage, framework: str, title: str) -> str:
    chosen = next((f for f in coverage.frameworks if f.framework == framework), None)
    goals = chosen.goals if chosen else ()
    parts = coverage.parts
    width = LABEL_W + len(parts) * (CELL + GAP) + 10
    height = HEAD_H + len(goals) * (CELL + GAP) + 10
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="heatmap" role="img" aria-labelledby="hm-{framework}" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}">',
        f'<title id="hm-{framework}">{escape(title)}</title>',
    ]
    for column in range(len(parts)):
        x = LABEL_W + column * (CELL + GAP) + CELL // 2
        out.append(f'<text x="{x}" y="16" font-size="10" text-anchor="middle">{column + 1}</text>')
    for row, goal in enumerate(goals):
        y = HEAD_H + row * (CELL + GAP)
        label = escape(goal.goal.code[:24])
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
