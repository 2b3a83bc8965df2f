"""The heat map (W5.3): readable row labels, and the new kerndoelen grouped by their exact goal set, each group
under its name and count, the same groups as the table beside it."""

from __future__ import annotations

import re

from wijzer.alignment.domain import coverage as cov
from wijzer.alignment.domain.heatmap import LABEL_CHARS, WITHOUT_SET, GoalGroup, groups, row_label, svg

PARTS = (
    cov.PartRow("p1", "H1", "chapter", "Deel 1 › H1", True),
    cov.PartRow("p2", "H2", "chapter", "Deel 1 › H2", True),
)
# goal_set is the area a headline names; the exact set comes from SET_TITLES (as the view passes it)
FO = (
    cov.GoalRow("a", "Doelzin 10A", "Wiskundige concepten", "kerndoelen-fo", "Kerndoelen rekenen en wiskunde"),
    cov.GoalRow("f", "Doelzin 9A", "Wiskundige concepten", "kerndoelen-fo", "Kerndoelen rekenen en wiskunde"),
    cov.GoalRow("b", "Doelzin 10B", "Wiskundige concepten", "kerndoelen-fo", "Kerndoelen rekenen en wiskunde"),
    cov.GoalRow("n1", "Doelzin 2A", "Lichaam en gezondheid", "kerndoelen-fo", "Mens en natuur"),
    cov.GoalRow("m1", "Doelzin 5A", "Ruimte en tijd", "kerndoelen-fo", "Mens en natuur"),
)
SET_TITLES = {
    "a": "Kerndoelen rekenen en wiskunde",
    "f": "Functionele kerndoelen rekenen en wiskunde",
    "b": "Kerndoelen rekenen en wiskunde",
    "n1": "Kerndoelen mens en natuur",
    "m1": "Kerndoelen mens en maatschappij",
}


def texts(picture: str) -> list[str]:
    return re.findall(r"<text [^>]*>([^<]*)</text>", picture)


def framework(result: cov.Coverage, name: str) -> cov.FrameworkCoverage:
    return next(f for f in result.frameworks if f.framework == name)


def test_new_kerndoelen_are_grouped_by_their_exact_set_in_order_of_first_goal():
    result = cov.compute(PARTS, FO, [cov.LinkRow("p1", "b", "core", "confirmed")])
    found = groups(framework(result, "kerndoelen-fo"), SET_TITLES)
    # the regular and the functional rekenen set stay apart (one area), and so do mens en natuur and mens en
    # maatschappij (which share the area "Mens en natuur" here): the set's own name, not the area
    assert [(g.title, [r.goal.code for r in g.goals]) for g in found] == [
        ("Kerndoelen rekenen en wiskunde", ["Doelzin 10A", "Doelzin 10B"]),
        ("Functionele kerndoelen rekenen en wiskunde", ["Doelzin 9A"]),
        ("Kerndoelen mens en natuur", ["Doelzin 2A"]),
        ("Kerndoelen mens en maatschappij", ["Doelzin 5A"]),
    ]
    assert [g.heading for g in found] == [
        "Kerndoelen rekenen en wiskunde: 1 van 2 doelzinnen",
        "Functionele kerndoelen rekenen en wiskunde: 0 van 1 doelzinnen",
        "Kerndoelen mens en natuur: 0 van 1 doelzinnen",
        "Kerndoelen mens en maatschappij: 0 van 1 doelzinnen",
    ]
    assert sum(g.total for g in found) == framework(result, "kerndoelen-fo").total


def test_the_picture_shows_the_groups_it_is_given_each_goal_once_under_its_heading():
    result = cov.compute(PARTS, FO, [cov.LinkRow("p1", "b", "core", "confirmed")])
    found = groups(framework(result, "kerndoelen-fo"), SET_TITLES)
    picture = svg(result, "kerndoelen-fo", "Dekking", found)
    assert texts(picture)[2:] == [
        "Kerndoelen rekenen en wiskunde: 1 van 2 doelzinnen",
        "Doelzin 10A · Wiskundige concepten",
        "Doelzin 10B · Wiskundige concepten",
        "Functionele kerndoelen rekenen en wiskunde: 0 van 1 doelzinnen",
        "Doelzin 9A · Wiskundige concepten",
        "Kerndoelen mens en natuur: 0 van 1 doelzinnen",
        "Doelzin 2A · Lichaam en gezondheid",
        "Kerndoelen mens en maatschappij: 0 van 1 doelzinnen",
        "Doelzin 5A · Ruimte en tijd",
    ]
    assert picture.count("<rect") == 5 * 2  # headings add no cells
    assert picture.count('font-weight="bold"') == 4
    # the covered cell is in the row of Doelzin 10B (the third line under the column numbers)
    (covered,) = re.findall(r'<rect x="(\d+)" y="(\d+)"[^>]*fill="#1b5e20"', picture)
    assert covered == ("260", str(24 + 2 * 20))


def test_a_goal_without_a_set_is_under_other_goals_and_2006_keeps_its_subject():
    goals = (
        cov.GoalRow("x", "Doelzin 1A", "Overkoepelend", "kerndoelen-fo", ""),
        cov.GoalRow("k23", "PO Kerndoel 23", "Wiskundetaal", "kerndoelen-2006", "Rekenen en wiskunde"),
        cov.GoalRow("k40", "PO Kerndoel 40", "Planten en dieren", "kerndoelen-2006", "Mens en natuur"),
        cov.GoalRow("k24", "PO Kerndoel 24", "Oplossingen", "kerndoelen-2006", "Rekenen en wiskunde"),
    )
    result = cov.compute(PARTS, goals, [])
    assert [(g.title, g.total) for g in groups(framework(result, "kerndoelen-fo"), {"x": ""})] == [(WITHOUT_SET, 1)]
    old = groups(framework(result, "kerndoelen-2006"), {"k23": "Rekenen/wiskunde", "k40": "Biologie"})
    assert [(g.title, [r.goal.code for r in g.goals]) for g in old] == [
        ("Rekenen en wiskunde", ["PO Kerndoel 23", "PO Kerndoel 24"]),
        ("Mens en natuur", ["PO Kerndoel 40"]),
    ]
    assert old[0].heading == "Rekenen en wiskunde: 0 van 2 kerndoelen"


def test_one_set_has_its_heading_too_and_long_labels_are_cut():
    result = cov.compute(PARTS, FO[:1], [cov.LinkRow("p2", "a", "partial", "confirmed")])
    assert texts(svg(result, "kerndoelen-fo", "Dekking"))[2:] == [
        "Kerndoelen rekenen en wiskunde: 1 van 1 doelzinnen",  # without titles: the name the coverage has
        "Doelzin 10A · Wiskundige concepten",
    ]
    long = row_label("Doelzin 24A", "Privacy en veiligheid in de digitale wereld, met voorbeelden")
    assert len(long) <= LABEL_CHARS
    assert long == "Doelzin 24A · Privacy en veiligheid in…"
    assert row_label("K1", "") == "K1"
    heading = GoalGroup("Functionele kerndoelen digitale geletterdheid en nog veel meer", (), "doelzinnen")
    picture = svg(result, "kerndoelen-fo", "Dekking", [heading])
    # the picture widens to 64 characters (458 px); the title is cut, the count stays
    assert texts(picture)[2] == "Functionele kerndoelen digitale geletterdhe…: 0 van 0 doelzinnen"
    assert len(texts(picture)[2]) == 64
    assert 'width="458"' in picture
    assert "<rect" not in picture


def test_a_pending_cell_says_in_dutch_what_waits():
    result = cov.compute(PARTS, FO[:1], [cov.LinkRow("p1", "a", "core", "declared")])
    picture = svg(result, "kerndoelen-fo", "Dekking")
    assert "Doelzin 10A × 1. Deel 1 › H1: niet gedekt; opgegeven (nog niet bevestigd)" in picture
    assert "declared" not in picture
