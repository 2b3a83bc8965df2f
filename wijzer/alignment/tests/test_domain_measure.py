"""A method's coverage (scope + matrix): only declared subjects and confirmed links decide what is measured;
suggestions and declared links sit apart as "mogelijk ook" and never move a percentage or a gap (pure)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from wijzer.alignment.domain import coverage as cov
from wijzer.alignment.domain import scope as sc

K06, FO = "kerndoelen-2006", "kerndoelen-fo"
MATHS = frozenset({"rekenen en wiskunde"})
DUTCH = frozenset({"nederlands"})
WORLD = frozenset({"orientatie op jezelf en de wereld", "biologie"})
CANDIDATES = (
    sc.ScopeGoal("r1", K06, "rw06", ("po",), MATHS),
    sc.ScopeGoal("r2", K06, "rw06", ("po",), MATHS),
    sc.ScopeGoal("r3", K06, "rw06", ("vo",), MATHS),
    sc.ScopeGoal("n1", K06, "nl06", ("po",), DUTCH),
    sc.ScopeGoal("n2", K06, "nl06", ("po", "vo"), DUTCH),
    sc.ScopeGoal("o1", K06, "ow06", ("po",), WORLD),
    sc.ScopeGoal("f1", FO, "rwfo", ("po", "vo"), MATHS),
    sc.ScopeGoal("f2", FO, "nlfo", ("po",), DUTCH),
)
AREAS = {
    "rw06": "Rekenen en wiskunde",
    "nl06": "Nederlands",
    "ow06": "Oriëntatie op jezelf en de wereld",
    "rwfo": "Kerndoelen rekenen en wiskunde",
    "nlfo": "Kerndoelen Nederlands",
}
ROWS = tuple(
    cov.GoalRow(g.goal_id, g.goal_id.upper(), f"Doel {g.goal_id}", g.framework, AREAS[g.goal_set]) for g in CANDIDATES
)
PARTS = tuple(cov.PartRow(f"p{n}", f"H{n}", "chapter", f"Deel 1 › H{n}", True) for n in (1, 2, 3))
IDS = [g.goal_id for g in CANDIDATES]

link = st.builds(
    cov.LinkRow,
    part_id=st.sampled_from([p.part_id for p in PARTS]),
    goal_id=st.sampled_from(IDS),
    strength=st.sampled_from(["core", "partial"]),
    provenance=st.sampled_from(["declared", "suggested", "confirmed", "rejected"]),
)
suggestion = st.builds(
    cov.LinkRow,
    part_id=st.sampled_from([p.part_id for p in PARTS]),
    goal_id=st.sampled_from(IDS),
    strength=st.sampled_from(["core", "partial"]),
    provenance=st.just("suggested"),
)


def _measure(links: list[cov.LinkRow], sector: str, subjects: list[str]) -> cov.Measured:
    return cov.measure(CANDIDATES, ROWS, PARTS, links, sector=sector, subjects=subjects)


def _numbers(measured: cov.Measured) -> list[tuple[str, float, int, int, tuple[str, ...]]]:
    return [
        (f.framework, f.percent, f.counted, f.total, tuple(g.goal_id for g in f.gaps))
        for f in measured.coverage.frameworks
    ]


@given(
    links=st.lists(link, max_size=8),
    extra=suggestion,
    sector=st.sampled_from(["po", "vo", ""]),
    subjects=st.lists(st.sampled_from(["Rekenen/wiskunde", "Nederlands", "Latijn"]), max_size=2),
)
def test_adding_or_removing_a_suggestion_never_changes_a_percentage_or_a_gap(links, extra, sector, subjects):
    before = _measure(links, sector, subjects)
    after = _measure([*links, extra], sector, subjects)
    assert _numbers(after) == _numbers(before)
    assert after.scope.goal_ids == before.scope.goal_ids
    # a suggestion outside the scope is listed apart, never as a gap
    if extra.goal_id not in before.scope.goal_ids:
        assert extra.goal_id in {m.goal.goal_id for m in after.maybe}
    for index, existing in enumerate(links):
        if existing.provenance == "suggested":
            removed = _measure(links[:index] + links[index + 1 :], sector, subjects)
            assert _numbers(removed) == _numbers(before)


def test_a_maths_method_with_stray_suggestions_is_measured_against_its_maths_goals_only():
    # given a PO maths method: one confirmed link, and a chapter with suggestions to Dutch and world goals
    links = [
        cov.LinkRow("p1", "r1", "core", "confirmed"),
        cov.LinkRow("p3", "n1", "core", "suggested"),
        cov.LinkRow("p3", "o1", "core", "suggested"),
        cov.LinkRow("p2", "o1", "core", "declared"),
    ]
    # when
    measured = _measure(links, "po", ["Rekenen/wiskunde"])
    # then 1 of the 2 PO maths goals (2006), 0 of 1 (FO); the others are "mogelijk ook", not gaps
    k06, fo = measured.coverage.frameworks
    assert (k06.counted, k06.total, [g.goal_id for g in k06.gaps]) == (1, 2, ["r2"])
    assert k06.headline == "1 van 2 kerndoelen voor rekenen en wiskunde (50,0 %)"
    assert (fo.total, fo.headline) == (1, "0 van 1 doelzinnen voor rekenen en wiskunde (0,0 %)")
    assert [(m.goal.goal_id, m.provenance, m.part_ids) for m in measured.maybe] == [
        ("n1", "suggested", ("p3",)),
        ("o1", "declared", ("p3", "p2")),
    ]


def test_only_a_confirmed_link_brings_its_goal_set_into_the_scope():
    declared = _measure([cov.LinkRow("p1", "n1", "core", "declared")], "po", ["Rekenen/wiskunde"])
    confirmed = _measure([cov.LinkRow("p1", "n1", "core", "confirmed")], "po", ["Rekenen/wiskunde"])
    rejected = _measure([cov.LinkRow("p1", "n1", "core", "rejected")], "po", [])
    assert declared.scope.goal_ids == {"r1", "r2", "f1"}
    assert confirmed.scope.goal_ids == {"r1", "r2", "f1", "n1", "n2"}
    k06 = confirmed.coverage.frameworks[0]
    assert k06.headline == "1 van 4 kerndoelen voor rekenen en wiskunde en Nederlands (25,0 %)"
    assert (rejected.scope.empty, rejected.maybe) == (True, ())


def test_without_parts_nothing_is_measured():
    measured = cov.measure(CANDIDATES, ROWS, (), [], sector="po", subjects=["Rekenen/wiskunde"])
    assert (measured.scope.empty, measured.coverage.frameworks) == (True, ())


def test_the_headline_names_the_learning_area_not_the_odd_goal_set_title():
    assert cov.area_of("Biologie", ["Biologie", "Mens en natuur", "Natuurkunde"]) == "Mens en natuur"
    assert cov.area_of("Rekenen en wiskunde", ["Rekenen en wiskunde"]) == "Rekenen en wiskunde"
    assert cov.subject_of_set("Kerndoelen rekenen en wiskunde") == "rekenen en wiskunde"
    assert cov.subject_of_set("Functionele kerndoelen Nederlands") == "Nederlands"
    assert cov.subject_of_set("Mens en natuur") == "mens en natuur"
