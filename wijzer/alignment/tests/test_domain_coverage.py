"""Coverage: only confirmed links count; totals follow the links; gaps, overload, comparison, CSV, heat map."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from wijzer.alignment.domain import coverage as cov
from wijzer.alignment.domain.heatmap import svg

PARTS = (
    cov.PartRow("p1", "H1", "chapter", "Deel 1 › H1", True),
    cov.PartRow("p2", "H2", "chapter", "Deel 1 › H2", True),
    cov.PartRow("p3", "H3", "chapter", "Deel 1 › H3", True),
)
GOALS = (
    cov.GoalRow("g1", "K1", "Een", "kerndoelen-2006"),
    cov.GoalRow("g2", "K2", "Twee", "kerndoelen-2006"),
    cov.GoalRow("g3", "K3", "Drie", "kerndoelen-2006"),
    cov.GoalRow("f1", "D1A", "Doelzin", "kerndoelen-fo"),
)


def test_only_confirmed_links_count():
    # given
    links = [
        cov.LinkRow("p1", "g1", "core", "confirmed"),
        cov.LinkRow("p2", "g2", "partial", "confirmed"),
        cov.LinkRow("p2", "g3", "core", "declared"),
        cov.LinkRow("p3", "g3", "core", "suggested"),
        cov.LinkRow("p3", "f1", "core", "rejected"),
    ]
    # when
    result = cov.compute(PARTS, GOALS, links)
    # then
    k2006, fo = result.frameworks
    assert (k2006.framework, k2006.total, k2006.covered, k2006.partial) == ("kerndoelen-2006", 3, 1, 1)
    assert [g.code for g in k2006.gaps] == ["K3"]
    assert k2006.pending_goals == 1
    assert k2006.percent == 66.7
    assert k2006.percent_core == 33.3
    assert k2006.goals[2].pending == ("", "declared", "suggested")
    assert (fo.covered, fo.partial, fo.percent) == (0, 0, 0.0)
    assert [p.part_id for p in result.unlinked_parts] == ["p3"]


def test_goals_covered_many_times_are_reported():
    links = [cov.LinkRow(p.part_id, "g1", "core", "confirmed") for p in PARTS]
    result = cov.compute(PARTS, GOALS[:1], links)
    assert [(g.code, n) for g, n in result.frameworks[0].crowded] == [("K1", 3)]


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["p1", "p2", "p3"]),
            st.sampled_from(["g1", "g2", "g3", "f1"]),
            st.sampled_from(["core", "partial"]),
            st.sampled_from(["declared", "suggested", "confirmed", "rejected"]),
        ),
        max_size=20,
    )
)
def test_totals_are_consistent_with_the_links(rows):
    links = [cov.LinkRow(*row) for row in rows]
    result = cov.compute(PARTS, GOALS, links)
    confirmed = {(link.goal_id) for link in links if link.provenance == "confirmed"}
    core = {link.goal_id for link in links if link.provenance == "confirmed" and link.strength == "core"}
    for framework in result.frameworks:
        ids = {g.goal.goal_id for g in framework.goals}
        assert framework.covered == len(ids & core)
        assert framework.partial == len((ids & confirmed) - core)
        assert framework.covered + framework.partial + len(framework.gaps) == framework.total
        assert 0 <= framework.percent <= 100


def test_compare_two_methods():
    a = cov.compute(PARTS, GOALS[:3], [cov.LinkRow("p1", "g1", "core", "confirmed")])
    b = cov.compute(
        PARTS,
        GOALS[:3],
        [cov.LinkRow("p1", "g2", "core", "confirmed"), cov.LinkRow("p2", "g1", "partial", "confirmed")],
    )
    (result,) = cov.compare(a, b)
    assert [g.code for g in result.only_b] == ["K2"]
    assert [g.code for g in result.both] == ["K1"]
    assert [g.code for g in result.neither] == ["K3"]
    assert result.only_a == ()


def test_csv_and_svg_show_the_same_matrix():
    result = cov.compute(PARTS, GOALS[:2], [cov.LinkRow("p2", "g1", "core", "confirmed")])
    rows = cov.csv_rows(result)
    assert rows[0] == ["kader", "code", "doel", "status", "Deel 1 › H1", "Deel 1 › H2", "Deel 1 › H3"]
    assert rows[1] == ["kerndoelen-2006", "K1", "Een", "gedekt", "", "gedekt", ""]
    assert rows[2] == ["kerndoelen-2006", "K2", "Twee", "niet gedekt", "", "", ""]
    picture = svg(result, "kerndoelen-2006", "Dekking")
    assert picture.count("<rect") == 6
    assert picture.count('fill="#1b5e20"') == 1
    assert "style=" not in picture
