"""Goal scope of a method: from its links and from the subjects its products declare (pure)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from wijzer.alignment.domain import scope as sc

K06, FO = "kerndoelen-2006", "kerndoelen-fo"
MATHS, BIO = frozenset({"rekenen en wiskunde"}), frozenset({"biologie", "orientatie op jezelf en de wereld"})
GOALS = (
    # 2006 rekenen en wiskunde: two PO goals and one VO goal in one goal set
    sc.ScopeGoal("r1", K06, "rw06", ("po",), MATHS),
    sc.ScopeGoal("r2", K06, "rw06", ("po",), MATHS),
    sc.ScopeGoal("r3", K06, "rw06", ("vo",), MATHS),
    # 2006 "Biologie" goal set: PO natuur en techniek
    sc.ScopeGoal("b1", K06, "bio06", ("po",), BIO),
    sc.ScopeGoal("b2", K06, "bio06", ("po",), BIO),
    # new kerndoelen: the regular set, the functional set (so/vso) and mens en natuur
    sc.ScopeGoal("f1", FO, "rwfo", ("po", "so", "vo"), MATHS),
    sc.ScopeGoal("f2", FO, "rwfo", ("po", "so"), MATHS),
    sc.ScopeGoal("x1", FO, "rwfunc", ("so",), MATHS, functional=True),
    sc.ScopeGoal("n1", FO, "mnfo", ("po", "vo"), frozenset({"mens en natuur"})),
    # a goal without a goal set
    sc.ScopeGoal("los", K06, "", ("po",), frozenset({"los"})),
    sc.ScopeGoal("los2", K06, "", ("po",), frozenset({"los"})),
)


def test_fold_and_supplier_names():
    assert sc.fold("Rekenen/wiskunde") == "rekenen wiskunde"
    assert sc.fold("  Oriëntatie op jezelf en de WERELD ") == "orientatie op jezelf en de wereld"
    assert sc.subject_names("Rekenen/wiskunde") == {"rekenen wiskunde", "rekenen en wiskunde"}
    assert sc.subject_names("Natuurkunde") == {"natuurkunde", "mens en natuur"}
    assert sc.subject_names(" / ") == frozenset()


def test_a_declared_subject_brings_the_regular_goal_sets_of_both_frameworks_in_the_sector():
    # when a method declares the OBK name "Rekenen/wiskunde" for primary education
    result = sc.derive(GOALS, sector="po", subjects=["Rekenen/wiskunde"])
    # then the PO goals of the 2006 set and of the regular new set are in scope, not VO, not the functional set
    assert result.goal_ids == {"r1", "r2", "f1", "f2"}
    assert (result.linked, result.subjects, result.unmatched, result.needs_sector) == (
        False,
        ("Rekenen/wiskunde",),
        (),
        False,
    )


def test_the_functional_set_counts_only_through_a_link():
    declared = sc.derive(GOALS, sector="so", subjects=["Rekenen en wiskunde"])
    linked = sc.derive(GOALS, sector="so", linked=["x1"], subjects=["Rekenen en wiskunde"])
    assert declared.goal_ids == {"f1", "f2"}
    assert linked.goal_ids == {"f1", "f2", "x1"}
    assert linked.linked


def test_a_school_subject_maps_to_its_learning_area_of_the_new_kerndoelen():
    # "Natuur en techniek": the 2006 PO goals sit in the goal set "Biologie"; new kerndoelen: mens en natuur
    result = sc.derive(GOALS, sector="po", subjects=["Natuur en techniek"])
    assert result.goal_ids == {"b1", "b2", "n1"}


def test_without_a_sector_declared_subjects_give_no_scope_and_say_so():
    result = sc.derive(GOALS, sector="", subjects=["Rekenen/wiskunde"])
    assert result.empty
    assert result.needs_sector
    assert result.unmatched == ()


def test_an_unknown_subject_is_reported_and_gives_no_goals():
    result = sc.derive(GOALS, sector="po", subjects=["Latijn", "Wiskunde", "Latijn"])
    assert result.unmatched == ("Latijn",)
    assert result.subjects == ("Wiskunde",)
    assert result.goal_ids == {"r1", "r2", "f1", "f2"}


def test_nothing_known_gives_an_empty_scope():
    result = sc.derive(GOALS, sector="po")
    assert result.empty
    assert (result.linked, result.needs_sector, result.subjects, result.unmatched) == (False, False, (), ())


def test_links_bring_their_whole_goal_set_in_the_sector_and_a_goal_without_a_set_only_itself():
    assert sc.linked_goals(GOALS, ["r3"], "po") == {"r1", "r2"}  # a VO link still names the set
    assert sc.linked_goals(GOALS, ["r3"], "") == {"r1", "r2", "r3"}
    assert sc.linked_goals(GOALS, ["los"], "po") == {"los"}
    assert sc.linked_goals(GOALS, ["onbekend"], "po") == frozenset()


@given(
    sector=st.sampled_from(["", "po", "so", "vo"]),
    linked=st.lists(st.sampled_from([g.goal_id for g in GOALS] + ["onbekend"]), max_size=4),
    subjects=st.lists(
        st.sampled_from(["Rekenen/wiskunde", "Natuurkunde", "Wereldoriëntatie", "Latijn", "", "Biologie"]),
        max_size=3,
    ),
)
def test_scope_is_the_union_of_its_sources_and_stays_in_the_sector(sector, linked, subjects):
    result = sc.derive(GOALS, sector=sector, linked=linked, subjects=subjects)
    by_id = {g.goal_id: g for g in GOALS}
    assert all(not sector or sector in by_id[i].sectors for i in result.goal_ids)
    assert sc.linked_goals(GOALS, linked, sector) <= result.goal_ids
    for subject in subjects:
        assert sc.declared_goals(GOALS, subject, sector) <= result.goal_ids
    # more declared subjects never shrink the scope
    wider = sc.derive(GOALS, sector=sector, linked=linked, subjects=[*subjects, "Rekenen/wiskunde"])
    assert result.goal_ids <= wider.goal_ids
    assert set(result.subjects).isdisjoint(result.unmatched)
