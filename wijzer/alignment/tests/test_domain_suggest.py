"""The pure suggester: Dutch analysis, BM25F ranking, evidence, fusion and evaluation figures."""

from __future__ import annotations

import pytest

from wijzer.alignment.domain.evaluate import figures, first_hit
from wijzer.alignment.domain.suggest import GoalDoc, build_index, fusion_for, rank
from wijzer.alignment.domain.suggest.analysis import analyse, content_words, fold, split_compound, stems


def doc(goal_id: str, code: str, text: str, label: str = "", subjects: tuple[str, ...] = ("rekenen",)) -> GoalDoc:
    return GoalDoc(
        goal_id=goal_id,
        code=code,
        label=label,
        framework="kerndoelen-2006",
        sectors=("po",),
        subjects=subjects,
        fields={"label": label, "text": text, "context": ""},
        subtexts=(("kerndoel", text),),
    )


DOCS = [
    doc("g1", "PO 01", "De leerlingen leren rekenen met breuken, procenten en verhoudingen.", "Breuken"),
    doc("g2", "PO 02", "De leerlingen leren de tafels van vermenigvuldiging uit het hoofd.", "Tafels"),
    doc("g3", "PO 03", "De leerlingen leren omgaan met kaart en atlas.", "Kaart", subjects=("aardrijkskunde",)),
]


def test_fold_and_stems_drop_accents_and_stop_words():
    # given / when / then
    assert fold("Ideeën OVER") == "ideeen over"
    assert stems("De leerlingen leren breuken") == ["breuk"]


def test_verb_particles_are_no_evidence_but_weather_and_even_numbers_are():
    # "trekt … af" must not match a goal on "af"; "het weer" and "even getallen" are content in some goals
    assert stems("De leerling trekt slim af en telt mee") == ["trekt", "slim", "telt"]
    assert stems("Het weer en even getallen") == ["wer", "even", "getall"]


def test_compound_is_split_into_known_parts():
    # given
    vocabulary = frozenset({"getall", "lijn", "breuk"})
    # when
    parts = split_compound("getallenlijn", vocabulary)
    # then
    assert parts == ("getall", "lijn")
    assert ("lijn", "getallenlijn") in analyse("getallenlijn", vocabulary)


def test_rank_puts_the_matching_goal_first_with_its_evidence():
    # given
    index = build_index(DOCS)
    # when
    found = rank(index, "Hoofdstuk breuken en procenten", sector="po", framework="kerndoelen-2006")
    # then
    assert [s.code for s in found] == ["PO 01"]  # goals without a matched word are never suggested
    evidence = found[0].evidence()
    assert [t["term"] for t in evidence["matched_terms"]] == ["breuken", "procenten"] or [
        t["term"] for t in evidence["matched_terms"]
    ] == ["procenten", "breuken"]
    assert evidence["best_match"] == {"kind": "kerndoel", "text": DOCS[0].fields["text"]}


def test_rank_is_deterministic_and_breaks_ties_by_code():
    # given: two identical goals
    twins = [doc("b", "PO 09", "rekenen met geld"), doc("a", "PO 08", "rekenen met geld")]
    index = build_index(twins)
    # when
    first = rank(index, "geld", sector="po", framework="kerndoelen-2006")
    second = rank(build_index(list(reversed(twins))), "geld", sector="po", framework="kerndoelen-2006")
    # then
    assert [s.code for s in first] == ["PO 08", "PO 09"]
    assert first == second


def test_subject_filter_and_unknown_slice():
    index = build_index(DOCS)
    assert (
        rank(index, "kaart breuken", sector="po", framework="kerndoelen-2006", subject="Aardrijkskunde")[0].code
        == "PO 03"
    )
    assert rank(index, "kaart", sector="vo", framework="kerndoelen-2006") == []


def test_fusion_with_vectors_can_reorder_and_reports_the_semantic_share():
    # given: the text matches g1 lexically, but the (fake) embedding says g2 strongly
    index = build_index(DOCS)
    vectors = {"g1": [1.0, 0.0], "g2": [0.0, 1.0], "g3": [1.0, 0.0]}
    # when
    lexical = rank(index, "breuken tafels", sector="po", framework="kerndoelen-2006")
    fused = rank(
        index,
        "breuken tafels",
        sector="po",
        framework="kerndoelen-2006",
        query_vector=[0.0, 1.0],
        goal_vectors=vectors,
        alpha=0.3,
    )
    # then
    assert lexical[0].semantic is None
    assert [s.code for s in fused] == ["PO 02", "PO 01"]  # g3: no word, least similar: left out
    assert fused[0].semantic == pytest.approx(1.0)
    assert fused[1].semantic == pytest.approx(0.0)
    # the evidence carries the weights, and the score follows from them
    for suggestion in fused:
        evidence = suggestion.evidence()
        assert evidence["weights"] == {"lexical": 0.3, "semantic": 0.7}
        assert suggestion.score == pytest.approx(
            0.3 * evidence["lexical_scaled"] + 0.7 * evidence["semantic"], abs=1e-3
        )
    assert lexical[0].evidence()["weights"] is None


def test_evaluation_figures():
    # given: hits at rank 1, 3, none and 5
    ranks = [
        first_hit([("a", "A")], frozenset({"a"})),
        first_hit([("x", "X"), ("y", "Y"), ("b", "B")], frozenset({"B"})),
        first_hit([("x", "X")], frozenset({"c"})),
        first_hit([(str(i), str(i)) for i in range(1, 6)], frozenset({"5"})),
    ]
    # when
    result = figures(ranks)
    # then
    assert ranks == [1, 3, None, 5]
    assert result.recall == {1: 0.25, 3: 0.5, 5: 0.75}
    assert result.mrr == pytest.approx((1 + 1 / 3 + 1 / 5) / 4)


def test_one_line_explanation_follows_the_evidence():
    from wijzer.alignment.domain.explain import explain

    # given: a fused suggestion's evidence and a declared link's evidence
    index = build_index(DOCS)
    (fused,) = rank(
        index,
        "breuken",
        sector="po",
        framework="kerndoelen-2006",
        query_vector=[1.0, 0.0],
        goal_vectors={"g1": [1.0, 0.0], "g2": [0.0, 1.0], "g3": [0.5, 0.5]},
        limit=1,
    )
    evidence = fused.evidence()
    # when
    line = explain(evidence)
    # then: the word with its whole share, and the formula with the weights and both parts
    assert line == "woorden: breuken (100 %); score = 0,50 × woorden (1,00) + 0,50 × betekenis (1,00)"
    assert explain({"declared_id": "x", "resolved_path": []}) == ""
    lexical_only = rank(index, "breuken", sector="po", framework="kerndoelen-2006")[0].evidence()
    assert explain(lexical_only).endswith(
        f"score = woordovereenkomst (woordscore {lexical_only['lexical']:.2f})".replace(".", ",")
    )


def test_content_words_drop_the_frame_of_a_chapter_title_but_keep_its_topics_as_written():
    # given / when / then
    assert content_words("Unit 4 (havo 2) – Keep in touch: de leerlingen schrijven e-mails") == (
        "Keep touch: schrijven e-mails"
    )
    assert content_words("H5 Verbanden en grafieken, groep 7/8") == "Verbanden grafieken,"


def fo_doc(goal_id: str, code: str, area: str, parts: tuple[str, ...] = ()) -> GoalDoc:
    return GoalDoc(
        goal_id=goal_id,
        code=code,
        label="",
        framework="kerndoelen-fo",
        sectors=("po",),
        subjects=(),
        fields={"text": "gedichten schrijven"},
        embed_parts=parts,
        area=area,
    )


def test_the_best_matching_part_lifts_a_goal_whose_passage_alone_fits_less():
    # given: both goals share the word; by its passage g2 fits the query better, but g1 has a part that fits exactly
    index = build_index([fo_doc("g1", "D 1A", "nl", ("x", "y")), fo_doc("g2", "D 1B", "nl")])
    vectors = {"g1": [0.6, 0.8], "g2": [0.8, 0.6]}
    parts = {"g1": [[0.0, 1.0], [1.0, 0.0]]}  # a list of vectors works as well as a numpy matrix
    query = [1.0, 0.0]
    common = {"sector": "po", "framework": "kerndoelen-fo", "query_vector": query, "goal_vectors": vectors}
    # when
    without = rank(index, "gedichten", **common)
    with_parts = rank(index, "gedichten", part_vectors=parts, **common)
    # then: cosine g1 = 0.5 * 0.6 + 0.5 * 1.0 = 0.8, equal to g2 -> the code decides; without parts g2 wins
    assert [s.code for s in without] == ["D 1B", "D 1A"]
    assert with_parts[0].semantic == pytest.approx(with_parts[1].semantic)
    assert [s.code for s in with_parts] == ["D 1A", "D 1B"]


def test_a_goal_whose_whole_area_fits_outranks_an_equal_goal_of_an_area_that_does_not():
    # given: g1 (area a) and g3 (area b) are equally similar; g1's neighbour g2 is similar too, g3's neighbour not
    docs = [fo_doc("g1", "D 1A", "a"), fo_doc("g2", "D 1B", "a"), fo_doc("g3", "D 2A", "b"), fo_doc("g4", "D 2B", "b")]
    index = build_index(docs)
    vectors = {"g1": [1.0, 0.0], "g2": [0.8, 0.6], "g3": [1.0, 0.0], "g4": [0.0, 1.0]}
    # when
    found = rank(
        index,
        "gedichten",
        sector="po",
        framework="kerndoelen-fo",
        query_vector=[1.0, 0.0],
        goal_vectors=vectors,
        limit=4,
    )
    # then: own cosine scaled: g1 = g3 = 1, g2 = 0.8, g4 = 0; area means a = 0.9, b = 0.5 -> a = 1, b = 0;
    # plus AREA_WEIGHT (0.3): g1 1.3, g2 1.1, g3 1.0, g4 0.0 -> rescaled by 1.3
    assert [s.code for s in found] == ["D 1A", "D 1B", "D 2A", "D 2B"]
    assert [round(s.semantic or 0.0, 4) for s in found] == [1.0, round(1.1 / 1.3, 4), round(1.0 / 1.3, 4), 0.0]
    for suggestion in found:  # the score still follows from the two weights in the evidence
        evidence = suggestion.evidence()
        alpha = fusion_for("kerndoelen-fo").alpha
        assert evidence["weights"] == {"lexical": alpha, "semantic": round(1 - alpha, 4)}
        assert suggestion.score == pytest.approx(
            alpha * evidence["lexical_scaled"] + (1 - alpha) * evidence["semantic"], abs=1e-3
        )


def test_the_2006_goals_keep_their_fusion_without_the_area_mean():
    # given: the same goals as above, now as 2006 kerndoelen
    docs = [fo_doc("g1", "D 1A", "a"), fo_doc("g2", "D 1B", "a"), fo_doc("g3", "D 2A", "b"), fo_doc("g4", "D 2B", "b")]
    docs = [GoalDoc(**{**{f: getattr(d, f) for f in GoalDoc.__slots__}, "framework": "kerndoelen-2006"}) for d in docs]
    vectors = {"g1": [1.0, 0.0], "g2": [0.8, 0.6], "g3": [1.0, 0.0], "g4": [0.0, 1.0]}
    # when
    found = rank(
        build_index(docs),
        "gedichten",
        sector="po",
        framework="kerndoelen-2006",
        query_vector=[1.0, 0.0],
        goal_vectors=vectors,
        limit=4,
    )
    # then: plain cosine order (g1 and g3 tie and go by code), and weights 0.5/0.5
    assert [s.code for s in found] == ["D 1A", "D 2A", "D 1B", "D 2B"]
    assert [round(s.semantic or 0.0, 4) for s in found] == [1.0, 1.0, 0.8, 0.0]
    assert found[0].evidence()["weights"] == {"lexical": 0.5, "semantic": 0.5}
