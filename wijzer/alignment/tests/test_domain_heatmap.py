"""The heat map (W5.3): readable row labels, and a heading per goal set when a framework spans several."""

from __future__ import annotations

import re

from wijzer.alignment.domain import coverage as cov
from wijzer.alignment.domain.heatmap import LABEL_CHARS, row_label, svg

PARTS = (
    cov.PartRow("p1", "H1", "chapter", "Deel 1 › H1", True),
    cov.PartRow("p2", "H2", "chapter", "Deel 1 › H2", True),
)
FO = (
    cov.GoalRow("a", "Doelzin 12A", "Wiskundige concepten", "kerndoelen-fo", "Rekenen en wiskunde"),
    cov.GoalRow("b", "Doelzin 12B", "Wiskundige concepten", "kerndoelen-fo", "Rekenen en wiskunde"),
    cov.GoalRow("c", "Doelzin 3A", "Lezen met begrip en plezier", "kerndoelen-fo", "Nederlands"),
)


def texts(picture: str) -> list[str]:
    return re.findall(r"<text [^>]*>([^<]*)</text>", picture)


def test_rows_are_grouped_by_set_with_readable_labels():
    result = cov.compute(PARTS, FO, [cov.LinkRow("p1", "a", "core", "confirmed")])
    picture = svg(result, "kerndoelen-fo", "Dekking")
    assert texts(picture)[2:] == [
        "Rekenen en wiskunde",
        "Doelzin 12A · Wiskundige concepten",
        "Doelzin 12B · Wiskundige concepten",
        "Nederlands",
        "Doelzin 3A · Lezen met begrip en plezier",
    ]
    assert picture.count("<rect") == 3 * 2  # headings add no cells
    assert 'font-weight="bold">Nederlands<' in picture


def test_one_set_needs_no_heading_and_long_labels_are_cut():
    result = cov.compute(PARTS, FO[:2], [])
    assert texts(svg(result, "kerndoelen-fo", "Dekking"))[2:] == [
        "Doelzin 12A · Wiskundige concepten",
        "Doelzin 12B · Wiskundige concepten",
    ]
    long = row_label("Doelzin 24A", "Privacy en veiligheid in de digitale wereld, met voorbeelden")
    assert len(long) <= LABEL_CHARS
    assert long == "Doelzin 24A · Privacy en veiligheid in…"
    assert row_label("K1", "") == "K1"
