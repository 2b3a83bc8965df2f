"""Curated keywords per 2006 kerndoel: the file is checked, and its words reach a goal's ranking and evidence."""

from __future__ import annotations

import json

import pytest

from wijzer.alignment import fetch
from wijzer.alignment.domain.suggest import GoalDoc, build_index, rank
from wijzer.alignment.domain.suggest.keywords import KeywordFileError, parse_keywords


def goal(goal_id: str, code: str, text: str, keywords: tuple[str, ...] = ()) -> GoalDoc:
    fields = {"label": "", "text": text, "context": ""}
    if keywords:
        fields["keywords"] = ". ".join(keywords)
    return GoalDoc(
        goal_id=goal_id,
        code=code,
        label="",
        framework="kerndoelen-2006",
        sectors=("po",),
        subjects=(),
        fields=fields,
        subtexts=(("kerndoel", text), *(("trefwoord", k) for k in keywords)),
    )


KNOWN = {"u1": "PO Kerndoel 01"}


def test_parse_keeps_order_and_drops_duplicates():
    # given
    data = {"goals": {"u1": {"code": "PO Kerndoel 38", "trefwoorden": ["moskee", "Pasen", " moskee ", "kerk"]}}}
    # when
    parsed = parse_keywords(data, {"u1": "PO Kerndoel 38"})
    # then
    assert parsed.keywords == {"u1": ("moskee", "Pasen", "kerk")}
    assert parsed.problems == ()


def test_codes_are_compared_without_stray_spaces():
    # SLO spells "VSO Kerndoel DB 54.8 " with a trailing space; the curriculum stores it without
    data = {"goals": {"u1": {"code": "VSO Kerndoel DB 54.8 ", "trefwoorden": ["stage"]}}}
    parsed = parse_keywords(data, {"u1": "VSO Kerndoel DB 54.8"})
    assert parsed.keywords == {"u1": ("stage",)}
    assert parsed.problems == ()


def test_a_file_without_goals_is_refused():
    with pytest.raises(KeywordFileError, match="'goals'"):
        parse_keywords({"doelen": {}})


@pytest.mark.parametrize(
    ("data", "known", "fragment"),
    [
        ({"goals": {"u1": {"code": "PO Kerndoel 01", "trefwoorden": "kerk"}}}, None, "moet een lijst"),
        ({"goals": {"u1": {"code": "PO Kerndoel 01", "trefwoorden": [""]}}}, None, "ongeldig trefwoord"),
        ({"goals": {"u9": {"code": "PO Kerndoel 01", "trefwoorden": ["kerk"]}}}, KNOWN, "onbekend"),
        ({"goals": {"u1": {"code": "PO Kerndoel 02", "trefwoorden": ["kerk"]}}}, KNOWN, "hoort niet"),
    ],
)
def test_a_bad_entry_is_left_out_with_its_reason_and_the_rest_is_kept(data, known, fragment):
    # given: the bad entry next to a good one
    good = {"code": "PO Kerndoel 03", "trefwoorden": ["debat"]}
    data = {"goals": {**data["goals"], "u3": good}}
    known = None if known is None else {**known, "u3": "PO Kerndoel 03"}
    # when
    parsed = parse_keywords(data, known)
    # then
    assert parsed.keywords == {"u3": ("debat",)}
    assert len(parsed.problems) == 1
    assert fragment in parsed.problems[0]


def test_a_keyword_brings_a_goal_up_and_is_shown_as_evidence():
    # given: two goals whose statutory texts share no word with the chapter
    religion = "De leerlingen leren hoofdzaken van geestelijke stromingen die in Nederland een belangrijke rol spelen."
    heritage = "De leerlingen leren aandacht te hebben voor cultureel erfgoed."
    without = build_index([goal("g1", "PO 38", religion), goal("g2", "PO 56", heritage)])
    with_keywords = build_index(
        [goal("g1", "PO 38", religion, ("moskee", "synagoge", "kerk")), goal("g2", "PO 56", heritage, ("museum",))]
    )
    chapter = "We bezoeken een moskee en een synagoge in de buurt"
    # when
    before = rank(without, chapter, sector="po", framework="kerndoelen-2006")
    after = rank(with_keywords, chapter, sector="po", framework="kerndoelen-2006")
    # then
    assert before == []
    assert [s.code for s in after] == ["PO 38"]
    evidence = after[0].evidence()
    assert {t["term"] for t in evidence["matched_terms"]} == {"moskee", "synagoge"}
    assert evidence["best_match"]["kind"] == "trefwoord"


@pytest.mark.django_db
def test_the_shipped_file_matches_the_curriculum_and_reaches_the_documents(slo):
    # given: the file in data/alignment (checked against the loaded SLO curriculum)
    shipped = fetch.goal_keywords()
    keywords = shipped.keywords
    # when
    docs = {d.goal_id: d for d in fetch.goal_documents(keywords)}
    # then: nothing left out, every PO and VO 2006 kerndoel has a list, and it is a field of that goal's document
    assert shipped.problems == ()
    codes = {docs[goal_id].code for goal_id in keywords}
    assert len([c for c in codes if c.startswith(("PO Kerndoel ", "VO Kerndoel "))]) == 116
    some_id, words = next(iter(keywords.items()))
    assert docs[some_id].fields["keywords"].split(". ")[0] == words[0]
    assert ("trefwoord", words[-1]) in docs[some_id].subtexts


@pytest.mark.django_db
def test_a_file_with_an_unknown_goal_still_serves_the_others(slo, tmp_path, caplog):
    from wijzer.curriculum.models import Goal

    # given
    goal = Goal.objects.get(code="PO Kerndoel 38")
    path = tmp_path / "trefwoorden.json"
    entries = {
        "not-a-goal": {"code": "X", "trefwoorden": ["a"]},
        str(goal.uuid): {"code": "PO Kerndoel 38", "trefwoorden": ["moskee"]},
    }
    path.write_text(json.dumps({"goals": entries}), encoding="utf-8")
    # when
    result = fetch.goal_keywords(path)
    # then
    assert result.keywords == {str(goal.uuid): ("moskee",)}
    assert "onbekend doel" in caplog.text


@pytest.mark.django_db
def test_a_file_that_is_not_json_is_refused_with_its_reason(slo, tmp_path):
    path = tmp_path / "trefwoorden.json"
    path.write_text("{goals: ", encoding="utf-8")
    with pytest.raises(KeywordFileError, match="geen geldige JSON"):
        fetch.goal_keywords(path)
